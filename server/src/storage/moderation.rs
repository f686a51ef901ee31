//! What moderators do: decide on comments, reply as the blog's team, close
//! comments on a post or on the whole blog; and the record of each action.
//! A decision, the emails it owes commenters and its record are written in
//! one transaction: all of them or none.

use govblog_shared::api::{CommentRole, ModerationAction, PostLink};
use sqlx::{AnyConnection, Row};

use super::comment_followers::{self, FollowUp};
use super::comments::{self, CommentStatus};
use super::rows::permalink;
use super::Mail;
use super::{mail_queue, Result, StorageError, Store};
use crate::clock;

/// Writes the email a [`FollowUp`] owes.
pub type Compose<'a> = &'a (dyn Fn(&FollowUp) -> Mail + Sync);

/// The site setting that closes comments on every post, holding the
/// message readers are shown.
const BLOG_CLOSED_KEY: &str = "comments_closed";

async fn log(
    c: &mut AnyConnection,
    by: &str,
    action: &str,
    comment_id: Option<i64>,
    post_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO moderation_log (at, moderator, action, comment_id, post_id, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(clock::now())
    .bind(by)
    .bind(action)
    .bind(comment_id)
    .bind(post_id)
    .bind(detail)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Sets one comment's status, with its record and the emails publishing
/// it owes; `false` if there is no such comment or it already had `status`.
async fn decide_one(
    c: &mut AnyConnection,
    id: i64,
    status: CommentStatus,
    by: &str,
    compose: Compose<'_>,
) -> Result<bool> {
    let row = sqlx::query("SELECT status, post_id FROM comments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(false) };
    let (was, post_id): (String, i64) = (row.try_get(0)?, row.try_get(1)?);
    if was == status.as_str() {
        return Ok(false);
    }
    sqlx::query("UPDATE comments SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(&mut *c)
        .await?;
    log(c, by, status.as_str(), Some(id), Some(post_id), "").await?;
    // Published for the first time: its author and the one it answers hear so.
    if status == CommentStatus::Approved && was == CommentStatus::Pending.as_str() {
        for follow_up in comment_followers::follow_ups(c, id).await? {
            mail_queue::queue(c, &compose(&follow_up)).await?;
        }
    }
    Ok(true)
}

impl Store {
    /// Approves, rejects or marks as spam each of `ids`; the number changed.
    pub async fn decide(
        &self,
        ids: &[i64],
        status: CommentStatus,
        by: &str,
        compose: Compose<'_>,
    ) -> Result<usize> {
        if status == CommentStatus::Pending {
            return Err(StorageError::Invalid("a comment cannot be returned to pending".into()));
        }
        let mut tx = self.begin_write("comments").await?;
        let mut changed = 0;
        for id in ids {
            if decide_one(&mut tx, *id, status, by, compose).await? {
                changed += 1;
            }
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Publishes a reply to comment `parent` as the blog's team, approving
    /// `parent` first if it was waiting. The reply's address, or `None` if
    /// there is no such comment (or it was rejected).
    pub async fn reply_as_team(
        &self,
        parent: i64,
        name: &str,
        text: &str,
        by: &str,
        compose: Compose<'_>,
    ) -> Result<Option<String>> {
        let mut tx = self.begin_write("comments").await?;
        let row = sqlx::query(
            "SELECT c.status, c.post_id, p.slug, p.path_date FROM comments c JOIN posts p ON p.id = c.post_id
             WHERE c.id = $1",
        )
        .bind(parent)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let (status, post_id): (String, i64) = (row.try_get(0)?, row.try_get(1)?);
        match CommentStatus::parse(&status) {
            Some(CommentStatus::Pending) => {
                decide_one(&mut tx, parent, CommentStatus::Approved, by, compose).await?;
            }
            Some(CommentStatus::Approved) => {}
            _ => return Ok(None),
        }
        let Some(place) = comments::place(&mut tx, post_id, Some(parent)).await? else { return Ok(None) };
        let id = comments::insert(
            &mut tx,
            post_id,
            place,
            name,
            "",
            text.trim(),
            &clock::now(),
            "approved",
            Some(CommentRole::BlogTeam),
            "",
        )
        .await?;
        log(&mut tx, by, "reply", Some(id), Some(post_id), &format!("in reply to comment {parent}")).await?;
        for follow_up in comment_followers::follow_ups(&mut tx, id).await? {
            mail_queue::queue(&mut tx, &compose(&follow_up)).await?;
        }
        tx.commit().await?;
        let link = permalink(&row.try_get::<String, _>(2)?, &row.try_get::<String, _>(3)?);
        Ok(Some(format!("{link}#comment-{id}")))
    }

    /// Opens or closes comments on one post. `false` if there is no such post.
    pub async fn set_post_comments_open(&self, post_id: i64, open: bool, by: &str) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE posts SET comments_open = $2 WHERE id = $1")
            .bind(post_id)
            .bind(i64::from(open))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let action = if open { "opened comments" } else { "closed comments" };
        log(&mut tx, by, action, None, Some(post_id), "").await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Posts whose comments are closed, newest first.
    pub async fn posts_with_comments_closed(&self) -> Result<Vec<PostLink>> {
        let rows = sqlx::query(
            "SELECT title, slug, path_date FROM posts WHERE comments_open = 0 ORDER BY published_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PostLink {
                    title: r.try_get(0)?,
                    permalink: permalink(&r.try_get::<String, _>(1)?, &r.try_get::<String, _>(2)?),
                })
            })
            .collect()
    }

    /// Closes comments on every post, with `message` telling readers why,
    /// or (with `None`) opens them again where each post allows.
    pub async fn set_blog_comments_closed(&self, message: Option<&str>, by: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM site WHERE key = $1").bind(BLOG_CLOSED_KEY).execute(&mut *tx).await?;
        match message {
            Some(message) => {
                sqlx::query("INSERT INTO site (key, value) VALUES ($1, $2)")
                    .bind(BLOG_CLOSED_KEY)
                    .bind(message)
                    .execute(&mut *tx)
                    .await?;
                log(&mut tx, by, "closed comments on the blog", None, None, message).await?;
            }
            None => log(&mut tx, by, "opened comments on the blog", None, None, "").await?,
        }
        tx.commit().await?;
        Ok(())
    }

    /// The newest `limit` entries of the moderation record.
    pub async fn moderation_log(&self, limit: i64) -> Result<Vec<ModerationAction>> {
        let rows = sqlx::query(
            "SELECT l.at, l.moderator, l.action, l.comment_id, l.detail, p.title, p.slug, p.path_date
             FROM moderation_log l LEFT JOIN posts p ON p.id = l.post_id ORDER BY l.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let title: Option<String> = r.try_get(5)?;
                let post = match title {
                    Some(title) => Some(PostLink {
                        title,
                        permalink: permalink(&r.try_get::<String, _>(6)?, &r.try_get::<String, _>(7)?),
                    }),
                    None => None,
                };
                Ok(ModerationAction {
                    at: r.try_get(0)?,
                    moderator: r.try_get(1)?,
                    action: r.try_get(2)?,
                    comment_id: r.try_get(3)?,
                    post,
                    detail: r.try_get(4)?,
                })
            })
            .collect()
    }
}
