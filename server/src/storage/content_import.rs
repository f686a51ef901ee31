//! Writes a checked content folder into the database in one transaction:
//! either all of it lands or none of it does.

use std::collections::HashMap;

use govblog_shared::api::MAX_COMMENT_DEPTH;
use govblog_shared::permalink::slugify;
use r2d2_sqlite::rusqlite::{params, OptionalExtension, Transaction};

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
        self.run(|c| Ok(c.query_row("SELECT NOT EXISTS (SELECT 1 FROM posts)", [], |r| r.get(0))?)).await
    }

    /// Adds or updates everything in `content`, keyed by slug. Posts missing
    /// from the folder stay, since readers may have commented on them.
    pub async fn import(&self, content: Content) -> Result<ImportReport> {
        self.run(move |conn| {
            let tx = conn.transaction()?;
            let report = import_into(&tx, &content)?;
            tx.commit()?;
            Ok(report)
        })
        .await
    }
}

fn import_into(tx: &Transaction, content: &Content) -> Result<ImportReport> {
    let site = &content.site;
    for (key, value) in [
        ("name", &site.name),
        ("organisation", &site.organisation),
        ("description", &site.description),
        ("privacy_notice_url", &site.privacy_notice_url),
    ] {
        tx.execute(
            "INSERT INTO site (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }

    let mut author_ids = HashMap::new();
    for a in &content.authors {
        let id: i64 = tx.query_row(
            "INSERT INTO authors (slug, name, bio) VALUES (?1, ?2, ?3)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = excluded.bio
             RETURNING id",
            params![a.slug, a.name, a.bio],
            |r| r.get(0),
        )?;
        author_ids.insert(a.slug.as_str(), id);
    }

    let mut category_ids = HashMap::new();
    for c in &content.categories {
        let id: i64 = tx.query_row(
            "INSERT INTO categories (slug, name, description) VALUES (?1, ?2, ?3)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description
             RETURNING id",
            params![c.slug, c.name, c.description],
            |r| r.get(0),
        )?;
        category_ids.insert(c.slug.as_str(), id);
    }

    let mut post_ids = HashMap::new();
    for p in &content.posts {
        let id: i64 = tx.query_row(
            "INSERT INTO posts (slug, title, published_at, summary, body_markdown, comments_open, image)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (slug) DO UPDATE SET title = excluded.title,
                 published_at = excluded.published_at, summary = excluded.summary,
                 body_markdown = excluded.body_markdown, comments_open = excluded.comments_open,
                 image = excluded.image
             RETURNING id",
            params![p.slug, p.title.trim(), p.date, p.summary.trim(), p.body, p.comments_open, p.image],
            |r| r.get(0),
        )?;
        post_ids.insert(p.slug.as_str(), id);
        for table in ["post_authors", "post_categories", "post_tags"] {
            tx.execute(&format!("DELETE FROM {table} WHERE post_id = ?1"), [id])?;
        }
        for (i, a) in (0_i64..).zip(&p.authors) {
            tx.execute(
                "INSERT INTO post_authors (post_id, author_id, position) VALUES (?1, ?2, ?3)",
                params![id, author_ids[a.as_str()], i],
            )?;
        }
        for (i, c) in (0_i64..).zip(&p.categories) {
            tx.execute(
                "INSERT INTO post_categories (post_id, category_id, position, published_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, category_ids[c.as_str()], i, p.date],
            )?;
        }
        for (i, name) in (0_i64..).zip(&p.tags) {
            let tag_id: i64 = tx.query_row(
                "INSERT INTO tags (slug, name) VALUES (?1, ?2)
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name
                 RETURNING id",
                params![slugify(name), name.trim()],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO post_tags (post_id, tag_id, position, published_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, tag_id, i, p.date],
            )?;
        }
    }

    let mut comments_added = 0;
    // key → (id, thread, depth), so replies can find their parent.
    let mut comment_ids: HashMap<&str, (i64, i64, u8)> = HashMap::new();
    for c in &content.comments {
        let existing: Option<(i64, i64, u8)> = tx
            .query_row("SELECT id, thread_id, depth FROM comments WHERE import_key = ?1", [&c.key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let entry = match existing {
            Some(found) => found,
            None => {
                let parent = c.reply_to.as_deref().map(|k| comment_ids[k]);
                let depth = parent.map_or(1, |(_, _, d)| (d + 1).min(MAX_COMMENT_DEPTH));
                comments_added += 1;
                let id: i64 = tx.query_row(
                    "INSERT INTO comments (post_id, parent_id, thread_id, depth, author_name, author_email,
                                           body, posted_at, status, import_key)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'approved', ?9) RETURNING id",
                    params![
                        post_ids[c.post.as_str()],
                        parent.map(|(id, _, _)| id),
                        parent.map(|(_, thread, _)| thread),
                        depth,
                        c.name.trim(),
                        c.email.trim(),
                        c.text.trim(),
                        c.date,
                        c.key
                    ],
                    |r| r.get(0),
                )?;
                if parent.is_none() {
                    tx.execute("UPDATE comments SET thread_id = id WHERE id = ?1", [id])?;
                }
                (id, parent.map_or(id, |(_, thread, _)| thread), depth)
            }
        };
        comment_ids.insert(c.key.as_str(), entry);
    }

    Ok(ImportReport { posts: content.posts.len(), comments_added })
}
