//! Email subscriptions (double opt-in) and the record of announcements.
//! Tokens arrive already generated; only the confirmation token's hash is
//! kept, so a leaked database cannot confirm anyone's address.

use r2d2_sqlite::rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

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
        self.run(move |c| {
            let tx = c.transaction()?;
            let existing: Option<(String, String)> = tx
                .query_row(
                    "SELECT status, unsubscribe_token FROM subscriptions WHERE email = ?1",
                    [&email],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let outcome = match existing {
                Some((status, unsubscribe)) if status == "confirmed" => {
                    SubscribeOutcome::AlreadySubscribed { unsubscribe_token: unsubscribe }
                }
                Some((_, unsubscribe)) => {
                    tx.execute(
                        "UPDATE subscriptions SET status = 'pending', confirm_token_hash = ?1 WHERE email = ?2",
                        params![token_hash(&confirm_token), email],
                    )?;
                    SubscribeOutcome::Confirm { unsubscribe_token: unsubscribe }
                }
                None => {
                    tx.execute(
                        "INSERT INTO subscriptions (email, status, confirm_token_hash, unsubscribe_token, created_at)
                         VALUES (?1, 'pending', ?2, ?3, ?4)",
                        params![email, token_hash(&confirm_token), unsubscribe_token, clock::now()],
                    )?;
                    SubscribeOutcome::Confirm { unsubscribe_token }
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// Confirms the subscription whose link carried `token`; the token then stops working.
    pub async fn confirm_subscription(&self, token: String) -> Result<bool> {
        self.run(move |c| {
            let changed = c.execute(
                "UPDATE subscriptions SET status = 'confirmed', confirm_token_hash = NULL, confirmed_at = ?2
                 WHERE confirm_token_hash = ?1 AND status = 'pending'",
                params![token_hash(&token), clock::now()],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    /// Ends the subscription whose emails carried `token`. Doing it twice is fine.
    pub async fn unsubscribe(&self, token: String) -> Result<bool> {
        self.run(move |c| {
            let changed = c.execute(
                "UPDATE subscriptions SET status = 'unsubscribed', confirm_token_hash = NULL
                 WHERE unsubscribe_token = ?1",
                [token],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    /// Posts published but not yet announced, each with who still needs it.
    pub async fn pending_announcements(&self) -> Result<Vec<Announcement>> {
        self.run(|c| {
            let now = clock::now();
            let mut posts = c.prepare_cached(
                "SELECT id, slug, title, published_at, summary FROM posts
                 WHERE announced_at IS NULL AND published_at <= ?1 ORDER BY published_at, id",
            )?;
            let mut recipients = c.prepare_cached(
                "SELECT s.id, s.email, s.unsubscribe_token FROM subscriptions s
                 WHERE s.status = 'confirmed' AND NOT EXISTS
                     (SELECT 1 FROM notifications n WHERE n.post_id = ?1 AND n.subscription_id = s.id)
                 ORDER BY s.id",
            )?;
            let rows: Vec<(i64, String, String, String, String)> = posts
                .query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<std::result::Result<_, _>>()?;
            let mut out = Vec::new();
            for (post_id, slug, title, published_at, summary) in rows {
                let date = govblog_shared::dates::Date::parse(&published_at)
                    .unwrap_or(govblog_shared::dates::Date { year: 1970, month: 1, day: 1 });
                let recipients = recipients
                    .query_map([post_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<std::result::Result<_, _>>()?;
                out.push(Announcement {
                    post_id,
                    title,
                    permalink: govblog_shared::permalink::post_path(date, &slug),
                    summary,
                    recipients,
                });
            }
            Ok(out)
        })
        .await
    }

    /// Records that `post_id` goes to `subscription_id`. `false` if it
    /// already has: then it must not be sent again.
    pub async fn claim_notification(&self, post_id: i64, subscription_id: i64) -> Result<bool> {
        self.run(move |c| {
            let n = c.execute(
                "INSERT OR IGNORE INTO notifications (post_id, subscription_id, sent_at) VALUES (?1, ?2, ?3)",
                params![post_id, subscription_id, clock::now()],
            )?;
            Ok(n == 1)
        })
        .await
    }

    /// Undoes a claim whose email could not be sent, so the next run retries it.
    pub async fn release_notification(&self, post_id: i64, subscription_id: i64) -> Result<()> {
        self.run(move |c| {
            c.execute(
                "DELETE FROM notifications WHERE post_id = ?1 AND subscription_id = ?2",
                params![post_id, subscription_id],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn mark_announced(&self, post_id: i64) -> Result<()> {
        self.run(move |c| {
            c.execute("UPDATE posts SET announced_at = ?2 WHERE id = ?1", params![post_id, clock::now()])?;
            Ok(())
        })
        .await
    }

    /// Marks every published post as announced: demo content seeded into a
    /// new blog is not news to anyone.
    pub async fn mark_all_announced(&self) -> Result<()> {
        self.run(|c| {
            let now = clock::now();
            c.execute(
                "UPDATE posts SET announced_at = ?1 WHERE announced_at IS NULL AND published_at <= ?1",
                [now],
            )?;
            Ok(())
        })
        .await
    }
}
