//! Writes a checked content folder into the database in one transaction:
//! either all of it lands or none of it does.

use std::collections::HashMap;

use govblog_shared::api::MAX_COMMENT_DEPTH;
use govblog_shared::permalink::slugify;
use sqlx::{Any, Row, Transaction};

use super::{Result, Store};
use crate::content::Content;

/// What an import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub posts: usize,
    pub comments_added: usize,
}

impl Store {
    /// Is there no post at all yet? Then the server seeds the demo content.
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM posts LIMIT 1) p")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Adds or updates everything in `content`, keyed by slug. Posts missing
    /// from the folder stay, since readers may have commented on them.
    pub async fn import(&self, content: Content) -> Result<ImportReport> {
        let mut tx = self.begin_write("content").await?;
        let report = import_into(&mut tx, &content).await?;
        tx.commit().await?;
        Ok(report)
    }
}

async fn import_into(tx: &mut Transaction<'static, Any>, content: &Content) -> Result<ImportReport> {
    let site = &content.site;
    for (key, value) in [
        ("name", &site.name),
        ("organisation", &site.organisation),
        ("description", &site.description),
        ("privacy_notice_url", &site.privacy_notice_url),
    ] {
        sqlx::query(
            "INSERT INTO site (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    }

    let mut author_ids = HashMap::new();
    for a in &content.authors {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO authors (slug, name, bio) VALUES ($1, $2, $3)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = excluded.bio
             RETURNING id",
        )
        .bind(&a.slug)
        .bind(&a.name)
        .bind(&a.bio)
        .fetch_one(&mut **tx)
        .await?;
        author_ids.insert(a.slug.as_str(), id);
    }

    let mut category_ids = HashMap::new();
    for c in &content.categories {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (slug, path, name, description) VALUES ($1, $1, $2, $3)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description
             RETURNING id",
        )
        .bind(&c.slug)
        .bind(&c.name)
        .bind(&c.description)
        .fetch_one(&mut **tx)
        .await?;
        category_ids.insert(c.slug.as_str(), id);
    }

    let mut post_ids = HashMap::new();
    for p in &content.posts {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (slug, title, published_at, path_date, summary, body_markdown, comments_open,
                                image, image_width, image_height, image_alt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (slug) DO UPDATE SET title = excluded.title,
                 published_at = excluded.published_at, path_date = excluded.path_date,
                 summary = excluded.summary, body_markdown = excluded.body_markdown,
                 comments_open = excluded.comments_open, image = excluded.image,
                 image_width = excluded.image_width, image_height = excluded.image_height,
                 image_alt = excluded.image_alt
             RETURNING id",
        )
        .bind(&p.slug)
        .bind(p.title.trim())
        .bind(&p.date)
        // Markdown posts' dates are UTC, and so are their permalinks.
        .bind(&p.date[..10])
        .bind(p.summary.trim())
        .bind(&p.body)
        .bind(i64::from(p.comments_open))
        .bind(&p.image)
        .bind(p.image_size.map(|(w, _)| i64::from(w)))
        .bind(p.image_size.map(|(_, h)| i64::from(h)))
        .bind(p.image_alt.trim())
        .fetch_one(&mut **tx)
        .await?;
        post_ids.insert(p.slug.as_str(), id);
        for table in ["post_authors", "post_categories", "post_tags"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE post_id = $1"))
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        for (i, a) in (0_i64..).zip(&p.authors) {
            sqlx::query("INSERT INTO post_authors (post_id, author_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(author_ids[a.as_str()])
                .bind(i)
                .execute(&mut **tx)
                .await?;
        }
        for (i, c) in (0_i64..).zip(&p.categories) {
            sqlx::query(
                "INSERT INTO post_categories (post_id, category_id, position, published_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(category_ids[c.as_str()])
            .bind(i)
            .bind(&p.date)
            .execute(&mut **tx)
            .await?;
        }
        for (i, name) in (0_i64..).zip(&p.tags) {
            let tag_id: i64 = sqlx::query_scalar(
                "INSERT INTO tags (slug, name) VALUES ($1, $2)
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name
                 RETURNING id",
            )
            .bind(slugify(name))
            .bind(name.trim())
            .fetch_one(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO post_tags (post_id, tag_id, position, published_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(tag_id)
            .bind(i)
            .bind(&p.date)
            .execute(&mut **tx)
            .await?;
        }
    }

    let mut comments_added = 0;
    // key → (id, thread, depth), so replies can find their parent.
    let mut comment_ids: HashMap<&str, (i64, i64, u8)> = HashMap::new();
    for c in &content.comments {
        let existing = sqlx::query("SELECT id, thread_id, depth FROM comments WHERE import_key = $1")
            .bind(&c.key)
            .fetch_optional(&mut **tx)
            .await?;
        let entry = match existing {
            Some(r) => (r.try_get(0)?, r.try_get(1)?, r.try_get::<i64, _>(2)? as u8),
            None => {
                let parent = c.reply_to.as_deref().map(|k| comment_ids[k]);
                let depth = parent.map_or(1, |(_, _, d)| (d + 1).min(MAX_COMMENT_DEPTH));
                comments_added += 1;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO comments (post_id, parent_id, thread_id, depth, author_name, author_email,
                                           body, posted_at, status, import_key)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'approved', $9) RETURNING id",
                )
                .bind(post_ids[c.post.as_str()])
                .bind(parent.map(|(id, _, _)| id))
                .bind(parent.map(|(_, thread, _)| thread))
                .bind(i64::from(depth))
                .bind(c.name.trim())
                .bind(c.email.trim())
                .bind(c.text.trim())
                .bind(&c.date)
                .bind(&c.key)
                .fetch_one(&mut **tx)
                .await?;
                if parent.is_none() {
                    sqlx::query("UPDATE comments SET thread_id = id WHERE id = $1")
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                }
                (id, parent.map_or(id, |(_, thread, _)| thread), depth)
            }
        };
        comment_ids.insert(c.key.as_str(), entry);
    }

    Ok(ImportReport { posts: content.posts.len(), comments_added })
}
