//! Commenters who asked to hear back: when their comment is published and
//! when a reply to it is. Double opt-in like the blog's subscriptions (only
//! the confirmation token's hash is kept), and each email they are sent
//! carries its own unsubscribe link.

use sqlx::{AnyConnection, Row};

use super::rows::permalink;
use super::subscriptions::token_hash;
use super::{Result, Store};

/// A commenter's request to hear back, stored with their comment.
#[derive(Debug, Clone)]
pub struct FollowRequest {
    pub confirm_token: String,
    pub unsubscribe_token: String,
}

/// An email a commenter is owed, worked out when a comment is published.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub to: String,
    pub unsubscribe_token: String,
    pub post_title: String,
    /// The published comment's address on the blog (permalink and `#comment-ID`).
    pub link: String,
    pub kind: FollowUpKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpKind {
    /// Their comment was approved.
    Published,
    /// Someone replied to their comment: the reply's author.
    Replied { by: String },
}

/// Records `request` for the new comment `comment_id`, in its transaction.
pub(super) async fn add(
    c: &mut AnyConnection,
    comment_id: i64,
    email: &str,
    request: &FollowRequest,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO comment_followers (comment_id, email, status, confirm_token_hash, unsubscribe_token)
         VALUES ($1, $2, 'pending', $3, $4)",
    )
    .bind(comment_id)
    .bind(email)
    .bind(token_hash(&request.confirm_token))
    .bind(&request.unsubscribe_token)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Who is owed an email now that `comment_id`, until now pending, is
/// published: its author, if they asked and confirmed, and the author of
/// the comment it answers, unless they wrote both.
pub(super) async fn follow_ups(c: &mut AnyConnection, comment_id: i64) -> Result<Vec<FollowUp>> {
    let rows = sqlx::query(
        "SELECT f.email, f.unsubscribe_token, p.title, p.slug, p.path_date,
                CASE WHEN f.comment_id = r.id THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END, r.author_name
         FROM comments r
         JOIN posts p ON p.id = r.post_id
         JOIN comment_followers f ON f.comment_id = r.id
             OR (f.comment_id = r.parent_id AND lower(f.email) <> lower(r.author_email))
         WHERE r.id = $1 AND f.status = 'confirmed'",
    )
    .bind(comment_id)
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|r| {
            let own = r.try_get::<i64, _>(5)? != 0;
            Ok(FollowUp {
                to: r.try_get(0)?,
                unsubscribe_token: r.try_get(1)?,
                post_title: r.try_get(2)?,
                link: format!(
                    "{}#comment-{comment_id}",
                    permalink(&r.try_get::<String, _>(3)?, &r.try_get::<String, _>(4)?)
                ),
                kind: if own { FollowUpKind::Published } else { FollowUpKind::Replied { by: r.try_get(6)? } },
            })
        })
        .collect()
}

impl Store {
    /// Confirms the follower whose link carried `token`; the token then stops working.
    pub async fn confirm_follower(&self, token: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE comment_followers SET status = 'confirmed', confirm_token_hash = NULL
             WHERE confirm_token_hash = $1 AND status = 'pending'",
        )
        .bind(token_hash(token))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stops the emails whose unsubscribe link carried `token`. Doing it twice is fine.
    pub async fn unfollow(&self, token: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE comment_followers SET status = 'unsubscribed', confirm_token_hash = NULL
             WHERE unsubscribe_token = $1",
        )
        .bind(token)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
