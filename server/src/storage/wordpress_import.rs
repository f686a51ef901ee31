//! Writing a WordPress export into the database, in one transaction that
//! commits only when the whole export has been read: a file that breaks
//! half-way changes nothing. Everything is keyed by its WordPress ID (or
//! slug, for terms), so importing the same export again updates what it
//! imported before and adds nothing twice.

use sqlx::{Any, Row, Transaction};

use super::{Result, StorageError, Store};
use crate::clock;

/// A post ready to store: converted, its body in HTML.
pub struct ImportedPost {
    pub wp_id: i64,
    pub slug: String,
    pub title: String,
    pub published_at: String,
    /// `YYYY-MM-DD`, the site's local date: the permalink's.
    pub path_date: String,
    pub modified_at: Option<String>,
    pub summary: String,
    pub description: String,
    pub body_html: String,
    /// The body's text, for search.
    pub body_text: String,
    pub comments_open: bool,
    pub sticky: bool,
    pub image: Option<(String, Option<u32>, Option<u32>, String)>,
    pub author_ids: Vec<i64>,
    pub category_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub old_slugs: Vec<String>,
}

pub struct ImportedPage {
    pub wp_id: i64,
    pub path: String,
    pub title: String,
    pub published_at: String,
    pub modified_at: Option<String>,
    pub summary: String,
    pub body_html: String,
}

pub struct ImportedComment {
    pub wp_id: i64,
    pub post_id: i64,
    /// The parent's and its thread's govblog IDs, and its depth.
    pub parent: Option<(i64, i64, i64)>,
    pub author_name: String,
    pub author_email: String,
    pub text: String,
    pub posted_at: String,
    pub approved: bool,
    pub by_post_author: bool,
}

/// What WordPress keeps that govblog shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordPressKind {
    Post,
    Page,
    Comment,
}

/// An import under way: nothing is visible to readers until [`commit`](Self::commit).
pub struct WordPressImport {
    tx: Transaction<'static, Any>,
    /// Following a live WordPress, its comment moderation is the only one:
    /// a comment it holds back is held back here too.
    wordpress_moderates: bool,
}

impl Store {
    pub async fn begin_wordpress_import(&self) -> Result<WordPressImport> {
        Ok(WordPressImport { tx: self.begin_write("content").await?, wordpress_moderates: false })
    }

    /// A batch of changes from a WordPress this blog follows.
    pub async fn begin_wordpress_sync(&self) -> Result<WordPressImport> {
        Ok(WordPressImport { tx: self.begin_write("content").await?, wordpress_moderates: true })
    }
}

impl WordPressImport {
    /// The blog's name and description; its organisation and privacy
    /// notice stay as they are (a WordPress export has neither).
    pub async fn site(&mut self, name: &str, description: &str) -> Result<()> {
        for (key, value) in [("name", name), ("description", description)] {
            sqlx::query(
                "INSERT INTO site (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *self.tx)
            .await?;
        }
        for key in ["organisation", "privacy_notice_url"] {
            sqlx::query("INSERT INTO site (key, value) VALUES ($1, '') ON CONFLICT (key) DO NOTHING")
                .bind(key)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    pub async fn author(&mut self, slug: &str, name: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO authors (slug, name) VALUES ($1, $2)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    /// A category, after its parent (`parent` is the parent's ID here).
    pub async fn category(
        &mut self,
        slug: &str,
        path: &str,
        name: &str,
        description: &str,
        parent: Option<i64>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO categories (slug, path, name, description, parent_id) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (slug) DO UPDATE SET path = excluded.path, name = excluded.name,
                 description = excluded.description, parent_id = excluded.parent_id
             RETURNING id",
        )
        .bind(slug)
        .bind(path)
        .bind(name)
        .bind(description)
        .bind(parent)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    pub async fn tag(&mut self, slug: &str, name: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO tags (slug, name) VALUES ($1, $2)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .fetch_one(&mut *self.tx)
        .await?)
    }

    /// Stores or updates a post; its ID in govblog.
    pub async fn post(&mut self, post: &ImportedPost) -> Result<i64> {
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1 AND (wp_id IS NULL OR wp_id != $2)")
                .bind(&post.slug)
                .bind(post.wp_id)
                .fetch_optional(&mut *self.tx)
                .await?;
        if taken.is_some() {
            return Err(StorageError::Invalid(format!(
                "post {} has the slug {}, which another post on this blog already has",
                post.wp_id, post.slug
            )));
        }
        // A changed slug leaves its old address answering with a redirect,
        // as WordPress's `_wp_old_slug` does.
        let before: Option<String> = sqlx::query_scalar("SELECT slug FROM posts WHERE wp_id = $1")
            .bind(post.wp_id)
            .fetch_optional(&mut *self.tx)
            .await?;
        let mut old_slugs = post.old_slugs.clone();
        old_slugs.extend(before.filter(|b| *b != post.slug));
        let (image, width, height, alt) = match &post.image {
            Some((url, w, h, alt)) => (Some(url.clone()), w.map(i64::from), h.map(i64::from), alt.clone()),
            None => (None, None, None, String::new()),
        };
        // Old posts are not news: only scheduled ones are announced to
        // subscribers, when they are published.
        let now = clock::now();
        let announced = (post.published_at <= now).then_some(now);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (wp_id, slug, title, published_at, path_date, modified_at, summary, description,
                                body_markdown, body_html, comments_open, sticky, image, image_width,
                                image_height, image_alt, announced_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             ON CONFLICT (wp_id) DO UPDATE SET slug = excluded.slug, title = excluded.title,
                 published_at = excluded.published_at, path_date = excluded.path_date,
                 modified_at = excluded.modified_at, summary = excluded.summary,
                 description = excluded.description, body_markdown = excluded.body_markdown,
                 body_html = excluded.body_html, comments_open = excluded.comments_open,
                 sticky = excluded.sticky, image = excluded.image, image_width = excluded.image_width,
                 image_height = excluded.image_height, image_alt = excluded.image_alt
             RETURNING id",
        )
        .bind(post.wp_id)
        .bind(&post.slug)
        .bind(&post.title)
        .bind(&post.published_at)
        .bind(&post.path_date)
        .bind(&post.modified_at)
        .bind(&post.summary)
        .bind(&post.description)
        .bind(&post.body_text)
        .bind(&post.body_html)
        .bind(i64::from(post.comments_open))
        .bind(i64::from(post.sticky))
        .bind(image)
        .bind(width)
        .bind(height)
        .bind(alt)
        .bind(announced)
        .fetch_one(&mut *self.tx)
        .await?;
        for table in ["post_authors", "post_categories", "post_tags"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE post_id = $1"))
                .bind(id)
                .execute(&mut *self.tx)
                .await?;
        }
        for (i, author) in (0_i64..).zip(&post.author_ids) {
            sqlx::query(
                "INSERT INTO post_authors (post_id, author_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(author)
            .bind(i)
            .execute(&mut *self.tx)
            .await?;
        }
        for (table, column, ids) in
            [("post_categories", "category_id", &post.category_ids), ("post_tags", "tag_id", &post.tag_ids)]
        {
            for (i, term) in (0_i64..).zip(ids) {
                sqlx::query(&format!(
                    "INSERT INTO {table} (post_id, {column}, position, published_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING"
                ))
                .bind(id)
                .bind(term)
                .bind(i)
                .bind(&post.published_at)
                .execute(&mut *self.tx)
                .await?;
            }
        }
        sqlx::query("DELETE FROM post_old_slugs WHERE slug = $1")
            .bind(&post.slug)
            .execute(&mut *self.tx)
            .await?;
        for slug in old_slugs.iter().filter(|s| **s != post.slug) {
            sqlx::query(
                "INSERT INTO post_old_slugs (slug, post_id) VALUES ($1, $2)
                 ON CONFLICT (slug) DO UPDATE SET post_id = excluded.post_id",
            )
            .bind(slug)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(id)
    }

    pub async fn page(&mut self, page: &ImportedPage) -> Result<()> {
        sqlx::query(
            "INSERT INTO pages (wp_id, path, title, body_html, summary, published_at, modified_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (wp_id) DO UPDATE SET path = excluded.path, title = excluded.title,
                 body_html = excluded.body_html, summary = excluded.summary,
                 published_at = excluded.published_at, modified_at = excluded.modified_at",
        )
        .bind(page.wp_id)
        .bind(&page.path)
        .bind(&page.title)
        .bind(&page.body_html)
        .bind(&page.summary)
        .bind(&page.published_at)
        .bind(&page.modified_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Stores or updates a comment; its ID and thread's in govblog. A
    /// comment a moderator has decided on here keeps that decision when the
    /// export still has it pending.
    pub async fn comment(&mut self, comment: &ImportedComment) -> Result<(i64, i64)> {
        let status = if comment.approved { "approved" } else { "pending" };
        let depth = comment.parent.map_or(1, |(_, _, d)| d + 1);
        let role = comment.by_post_author.then_some("post_author");
        let row = sqlx::query(
            "INSERT INTO comments (post_id, parent_id, thread_id, depth, author_name, author_email, body,
                                   posted_at, status, import_key, author_role)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (import_key) DO UPDATE SET post_id = excluded.post_id, parent_id = excluded.parent_id,
                 thread_id = excluded.thread_id, depth = excluded.depth, author_name = excluded.author_name,
                 author_email = excluded.author_email, body = excluded.body, posted_at = excluded.posted_at,
                 author_role = excluded.author_role,
                 status = CASE WHEN excluded.status = 'pending' AND $12 = 0 THEN comments.status
                               ELSE excluded.status END
             RETURNING id, thread_id",
        )
        .bind(comment.post_id)
        .bind(comment.parent.map(|(id, _, _)| id))
        .bind(comment.parent.map(|(_, thread, _)| thread))
        .bind(depth)
        .bind(&comment.author_name)
        .bind(&comment.author_email)
        .bind(&comment.text)
        .bind(&comment.posted_at)
        .bind(status)
        .bind(format!("wordpress:{}", comment.wp_id))
        .bind(role)
        .bind(i64::from(self.wordpress_moderates))
        .fetch_one(&mut *self.tx)
        .await?;
        let (id, thread): (i64, Option<i64>) = (row.try_get(0)?, row.try_get(1)?);
        let thread = match thread {
            Some(thread) => thread,
            None => {
                sqlx::query("UPDATE comments SET thread_id = id WHERE id = $1")
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await?;
                id
            }
        };
        Ok((id, thread))
    }

    /// govblog's ID of the post WordPress knows as `wp_id`.
    pub async fn post_of(&mut self, wp_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM posts WHERE wp_id = $1")
            .bind(wp_id)
            .fetch_optional(&mut *self.tx)
            .await?)
    }

    /// The comment WordPress knows as `wp_id`: its ID, thread and depth here.
    pub async fn comment_of(&mut self, wp_id: i64) -> Result<Option<(i64, i64, i64)>> {
        let row = sqlx::query("SELECT id, thread_id, depth FROM comments WHERE import_key = $1")
            .bind(format!("wordpress:{wp_id}"))
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(match row {
            Some(row) => {
                Some((row.try_get(0)?, row.try_get::<Option<i64>, _>(1)?.unwrap_or(0), row.try_get(2)?))
            }
            None => None,
        })
    }

    /// Takes away a post WordPress no longer shows (unpublished, in the
    /// bin, deleted) with its comments; its address then answers 404.
    /// Whether there was one.
    pub async fn remove_post(&mut self, wp_id: i64) -> Result<bool> {
        let Some(id) = self.post_of(wp_id).await? else { return Ok(false) };
        sqlx::query(
            "DELETE FROM comment_followers WHERE comment_id IN (SELECT id FROM comments WHERE post_id = $1)",
        )
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("UPDATE comments SET parent_id = NULL WHERE post_id = $1")
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("DELETE FROM comments WHERE post_id = $1").bind(id).execute(&mut *self.tx).await?;
        sqlx::query("DELETE FROM posts WHERE id = $1").bind(id).execute(&mut *self.tx).await?;
        Ok(true)
    }

    /// Takes away a page WordPress no longer shows. Whether there was one.
    pub async fn remove_page(&mut self, wp_id: i64) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM pages WHERE wp_id = $1").bind(wp_id).execute(&mut *self.tx).await?;
        Ok(done.rows_affected() > 0)
    }

    /// Hides a comment WordPress no longer shows (spam, in the bin,
    /// deleted); replies to it keep their place in the thread.
    pub async fn remove_comment(&mut self, wp_id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE comments SET status = 'rejected' WHERE import_key = $1 AND status != 'rejected'",
        )
        .bind(format!("wordpress:{wp_id}"))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// WordPress IDs of every post, page or shown comment (`kind`) here.
    pub async fn wordpress_ids(&mut self, kind: WordPressKind) -> Result<Vec<i64>> {
        let sql = match kind {
            WordPressKind::Post => "SELECT wp_id FROM posts WHERE wp_id IS NOT NULL",
            WordPressKind::Page => "SELECT wp_id FROM pages WHERE wp_id IS NOT NULL",
            WordPressKind::Comment => {
                "SELECT CAST(substr(import_key, 11) AS BIGINT) FROM comments
                 WHERE import_key LIKE 'wordpress:%' AND status != 'rejected'"
            }
        };
        Ok(sqlx::query_scalar(sql).fetch_all(&mut *self.tx).await?)
    }

    /// Every comment from WordPress shown or held here: its WordPress ID
    /// and whether it is approved.
    pub async fn wordpress_comment_statuses(&mut self) -> Result<Vec<(i64, bool)>> {
        let rows = sqlx::query(
            "SELECT CAST(substr(import_key, 11) AS BIGINT), CASE WHEN status = 'approved' THEN 1 ELSE 0 END
             FROM comments WHERE import_key LIKE 'wordpress:%' AND status IN ('approved', 'pending')",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)? == 1))).collect()
    }

    /// The slugs of a post's authors.
    pub async fn post_author_slugs(&mut self, post_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT a.slug FROM post_authors pa JOIN authors a ON a.id = pa.author_id WHERE pa.post_id = $1",
        )
        .bind(post_id)
        .fetch_all(&mut *self.tx)
        .await?)
    }

    /// A mark of how far following WordPress has got (`key`), written with
    /// what it marks so that an interrupted copy resumes where it stopped.
    pub async fn set_follow_mark(&mut self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO wordpress_follow (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        Ok(self.tx.commit().await?)
    }

    /// Undoes everything: for `--dry-run`.
    pub async fn roll_back(self) -> Result<()> {
        Ok(self.tx.rollback().await?)
    }
}
