//! What following a live WordPress keeps besides content: how far each kind
//! of change has been copied, and which of a deployment's servers polls.

use sqlx::Row;

use super::{Result, Store};
use crate::clock;

impl Store {
    /// A mark written by [`super::WordPressImport::set_follow_mark`].
    pub async fn follow_mark(&self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM wordpress_follow WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Takes (or keeps) the right to poll WordPress for `seconds`, for
    /// `holder` (one server): true if it is this holder's now. Every server
    /// asks; while one holds it the others wait, and if it stops asking
    /// (stopped, crashed) another takes over once the time has passed.
    pub async fn take_follow_lease(&self, holder: &str, seconds: i64) -> Result<bool> {
        let mut tx = self.begin_write("wordpress_follow").await?;
        let now = clock::now();
        let current: Option<String> =
            sqlx::query_scalar("SELECT value FROM wordpress_follow WHERE key = 'lease'")
                .fetch_optional(&mut *tx)
                .await?;
        let free = match current.as_deref().and_then(|v| v.split_once(' ')) {
            Some((who, until)) => who == holder || until < now.as_str(),
            None => true,
        };
        if free {
            let until = clock::seconds_from_now(seconds.max(1) as u64);
            sqlx::query(
                "INSERT INTO wordpress_follow (key, value) VALUES ('lease', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(format!("{holder} {until}"))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(free)
    }

    /// Lets go of the lease if `holder` has it (a server stopping), so
    /// another takes over at once.
    pub async fn give_up_follow_lease(&self, holder: &str) -> Result<()> {
        sqlx::query("DELETE FROM wordpress_follow WHERE key = 'lease' AND value LIKE $1")
            .bind(format!("{holder} %"))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Asks whichever server polls to sync now (WordPress said something
    /// changed), with what changed: `post`, `comment:ID`, `term`.
    pub async fn ask_for_sync(&self, what: &str) -> Result<()> {
        let mut tx = self.begin_write("wordpress_follow").await?;
        let asked: Option<String> =
            sqlx::query_scalar("SELECT value FROM wordpress_follow WHERE key = 'asked'")
                .fetch_optional(&mut *tx)
                .await?;
        let mut list: Vec<String> =
            asked.map(|a| a.split(',').map(str::to_owned).collect()).unwrap_or_default();
        if !list.iter().any(|w| w == what) && list.len() < 1000 {
            list.push(what.to_owned());
        }
        sqlx::query(
            "INSERT INTO wordpress_follow (key, value) VALUES ('asked', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(list.join(","))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What was asked for since last time, emptied.
    pub async fn take_asked_syncs(&self) -> Result<Vec<String>> {
        let mut tx = self.begin_write("wordpress_follow").await?;
        let asked: Option<String> =
            sqlx::query_scalar("DELETE FROM wordpress_follow WHERE key = 'asked' RETURNING value")
                .fetch_optional(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(asked
            .map(|a| a.split(',').filter(|w| !w.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default())
    }
}

/// A reader's comment on a followed blog, waiting to be handed to WordPress.
#[derive(Debug, Clone)]
pub struct CommentToHandOver {
    pub id: i64,
    pub posted_at: String,
    pub author_name: String,
    pub author_email: String,
    pub text: String,
    /// The post's WordPress ID.
    pub post_wp_id: i64,
    /// The WordPress ID of the comment it answers, if any.
    pub parent_wp_id: Option<i64>,
}

impl Store {
    /// The oldest reader's comment after `after` (a govblog ID) not yet
    /// handed to WordPress: one not from WordPress, awaiting moderation, on
    /// a post from WordPress.
    pub async fn next_comment_to_hand_over(&self, after: i64) -> Result<Option<CommentToHandOver>> {
        let row = sqlx::query(
            "SELECT c.id, c.posted_at, c.author_name, c.author_email, c.body, p.wp_id, parent.import_key
             FROM comments c JOIN posts p ON p.id = c.post_id
             LEFT JOIN comments parent ON parent.id = c.parent_id
             WHERE c.id > $1 AND c.import_key IS NULL AND c.status = 'pending' AND p.wp_id IS NOT NULL
             ORDER BY c.id LIMIT 1",
        )
        .bind(after)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let parent: Option<String> = row.try_get(6)?;
        Ok(Some(CommentToHandOver {
            id: row.try_get(0)?,
            posted_at: row.try_get(1)?,
            author_name: row.try_get(2)?,
            author_email: row.try_get(3)?,
            text: row.try_get(4)?,
            post_wp_id: row.try_get(5)?,
            parent_wp_id: parent.and_then(|k| k.strip_prefix("wordpress:")?.parse().ok()),
        }))
    }

    /// Records that comment `id` is WordPress's comment `wp_id` now, so
    /// that syncs update it (its approval included) and never copy it as
    /// new. If a sync copied it already (the server stopped between handing
    /// it over and recording it), the copy stays and this one goes.
    pub async fn record_handover(&self, id: i64, wp_id: i64) -> Result<()> {
        let mut tx = self.begin_write("content").await?;
        let key = format!("wordpress:{wp_id}");
        let copy: Option<i64> = sqlx::query_scalar("SELECT id FROM comments WHERE import_key = $1")
            .bind(&key)
            .fetch_optional(&mut *tx)
            .await?;
        match copy {
            Some(copy) if copy != id => {
                for sql in [
                    "UPDATE comments SET parent_id = $2 WHERE parent_id = $1",
                    "UPDATE comment_followers SET comment_id = $2 WHERE comment_id = $1
                     AND NOT EXISTS (SELECT 1 FROM comment_followers WHERE comment_id = $2)",
                ] {
                    sqlx::query(sql).bind(id).bind(copy).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM comment_followers WHERE comment_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM comments WHERE id = $1").bind(id).execute(&mut *tx).await?;
            }
            _ => {
                sqlx::query("UPDATE comments SET import_key = $1 WHERE id = $2")
                    .bind(&key)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
