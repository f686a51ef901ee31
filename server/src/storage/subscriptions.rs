//! Email subscriptions (double opt-in) and the record of announcements.
//! Tokens arrive already generated; only the confirmation token's hash is
//! kept, so a leaked database cannot confirm anyone's address.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::rows::permalink;
use super::{Result, Store};
use crate::clock;

/// What to email after a subscription request. The reader is told the same
/// thing in every case, so the form never reveals who is subscribed.
#[derive(Debug, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Send a confirmation link with the new token.
    Confirm { unsubscribe_token: String },
    /// Already confirmed: send a note saying so, with the unsubscribe link.
    AlreadySubscribed { unsubscribe_token: String },
}

/// A published post not yet sent to every confirmed subscriber.
#[derive(Debug, Clone)]
pub struct Announcement {
    pub post_id: i64,
    pub title: String,
    pub permalink: String,
    pub summary: String,
    /// (subscription id, email, unsubscribe token) of those not yet sent it.
    pub recipients: Vec<(i64, String, String)>,
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    pub async fn subscribe(
        &self,
        email: String,
        confirm_token: String,
        unsubscribe_token: String,
    ) -> Result<SubscribeOutcome> {
        let mut tx = self.begin_write("subscriptions").await?;
        let existing =
            sqlx::query("SELECT status, unsubscribe_token FROM subscriptions WHERE lower(email) = lower($1)")
                .bind(&email)
                .fetch_optional(&mut *tx)
                .await?;
        let outcome = match existing {
            Some(row) if row.try_get::<String, _>(0)? == "confirmed" => {
                SubscribeOutcome::AlreadySubscribed { unsubscribe_token: row.try_get(1)? }
            }
            Some(row) => {
                sqlx::query(
                    "UPDATE subscriptions SET status = 'pending', confirm_token_hash = $1 WHERE lower(email) = lower($2)",
                )
                .bind(token_hash(&confirm_token))
                .bind(&email)
                .execute(&mut *tx)
                .await?;
                SubscribeOutcome::Confirm { unsubscribe_token: row.try_get(1)? }
            }
            None => {
                sqlx::query(
                    "INSERT INTO subscriptions (email, status, confirm_token_hash, unsubscribe_token, created_at)
                     VALUES ($1, 'pending', $2, $3, $4)",
                )
                .bind(&email)
                .bind(token_hash(&confirm_token))
                .bind(&unsubscribe_token)
                .bind(clock::now())
                .execute(&mut *tx)
                .await?;
                SubscribeOutcome::Confirm { unsubscribe_token }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Confirms the subscription whose link carried `token`; the token then stops working.
    pub async fn confirm_subscription(&self, token: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE subscriptions SET status = 'confirmed', confirm_token_hash = NULL, confirmed_at = $2
             WHERE confirm_token_hash = $1 AND status = 'pending'",
        )
        .bind(token_hash(token))
        .bind(clock::now())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends the subscription whose emails carried `token`. Doing it twice is fine.
    pub async fn unsubscribe(&self, token: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE subscriptions SET status = 'unsubscribed', confirm_token_hash = NULL WHERE unsubscribe_token = $1",
        )
        .bind(token)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Posts published but not yet announced, each with who still needs it.
    pub async fn pending_announcements(&self) -> Result<Vec<Announcement>> {
        let posts = sqlx::query(
            "SELECT id, slug, title, path_date, summary FROM posts
             WHERE announced_at IS NULL AND published_at <= $1 ORDER BY published_at, id",
        )
        .bind(clock::now())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for post in posts {
            let post_id: i64 = post.try_get(0)?;
            let recipients = sqlx::query(
                "SELECT s.id, s.email, s.unsubscribe_token FROM subscriptions s
                 WHERE s.status = 'confirmed' AND NOT EXISTS
                     (SELECT 1 FROM notifications n WHERE n.post_id = $1 AND n.subscription_id = s.id)
                 ORDER BY s.id",
            )
            .bind(post_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<Vec<_>>>()?;
            out.push(Announcement {
                post_id,
                title: post.try_get(2)?,
                permalink: permalink(&post.try_get::<String, _>(1)?, &post.try_get::<String, _>(3)?),
                summary: post.try_get(4)?,
                recipients,
            });
        }
        Ok(out)
    }

    /// Records that `post_id` goes to `subscription_id`. `false` if it
    /// already has (here or by another server): then it must not be sent again.
    pub async fn claim_notification(&self, post_id: i64, subscription_id: i64) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO notifications (post_id, subscription_id, sent_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(post_id)
        .bind(subscription_id)
        .bind(clock::now())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Undoes a claim whose email could not be sent, so the next run retries it.
    pub async fn release_notification(&self, post_id: i64, subscription_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM notifications WHERE post_id = $1 AND subscription_id = $2")
            .bind(post_id)
            .bind(subscription_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn mark_announced(&self, post_id: i64) -> Result<()> {
        sqlx::query("UPDATE posts SET announced_at = $2 WHERE id = $1")
            .bind(post_id)
            .bind(clock::now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Marks every published post as announced: demo content seeded into a
    /// new blog is not news to anyone.
    pub async fn mark_all_announced(&self) -> Result<()> {
        sqlx::query("UPDATE posts SET announced_at = $1 WHERE announced_at IS NULL AND published_at <= $1")
            .bind(clock::now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
