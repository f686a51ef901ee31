//! Emails waiting to be sent. They are written in the same transaction as
//! what caused them (a comment approved, a reply published), so none is
//! lost if a server stops between the two, and sent by
//! `mail.rs`'s `deliver_queued`: each is claimed in the database before
//! it is sent, so two servers never send the same one, and removed once sent.

use sqlx::{AnyConnection, Row};

use super::{Result, Store};
use crate::clock;

/// One plain-text email.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Added as `List-Unsubscribe` header too, with `List-Unsubscribe-Post`
    /// so mail clients can unsubscribe in one click (RFC 8058): they POST
    /// `List-Unsubscribe=One-Click` to the same address.
    pub unsubscribe_url: Option<String>,
}

/// Tries before an email is given up on (logged, then dropped).
pub const MAX_ATTEMPTS: i64 = 5;

/// Queues `mail` in the caller's transaction.
pub(super) async fn queue(c: &mut AnyConnection, mail: &Mail) -> Result<()> {
    let now = clock::now();
    sqlx::query(
        "INSERT INTO mail_queue (recipient, subject, body, unsubscribe_url, queued_at, send_after)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(mail.unsubscribe_url.as_deref())
    .bind(&now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// A queued email this server has claimed.
pub struct Claimed {
    pub id: i64,
    pub attempts: i64,
    pub mail: Mail,
}

impl Store {
    /// Claims up to `limit` emails due now that no server has claimed.
    pub async fn claim_queued_mail(&self, limit: i64) -> Result<Vec<Claimed>> {
        let now = clock::now();
        let due: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM mail_queue WHERE claimed_at IS NULL AND send_after <= $1 ORDER BY id LIMIT $2",
        )
        .bind(&now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::new();
        for id in due {
            // Only one server's update finds it unclaimed.
            let row = sqlx::query(
                "UPDATE mail_queue SET claimed_at = $2, attempts = attempts + 1
                 WHERE id = $1 AND claimed_at IS NULL
                 RETURNING recipient, subject, body, unsubscribe_url, attempts",
            )
            .bind(id)
            .bind(&now)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(r) = row {
                claimed.push(Claimed {
                    id,
                    attempts: r.try_get(4)?,
                    mail: Mail {
                        to: r.try_get(0)?,
                        subject: r.try_get(1)?,
                        body: r.try_get(2)?,
                        unsubscribe_url: r.try_get(3)?,
                    },
                });
            }
        }
        Ok(claimed)
    }

    /// The email was sent: it is forgotten, address and all.
    pub async fn queued_mail_sent(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM mail_queue WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// The email could not be sent: it is tried again after `retry_in_secs`.
    pub async fn queued_mail_failed(&self, id: i64, retry_in_secs: u64) -> Result<()> {
        sqlx::query("UPDATE mail_queue SET claimed_at = NULL, send_after = $2 WHERE id = $1")
            .bind(id)
            .bind(clock::seconds_from_now(retry_in_secs))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Emails waiting (unclaimed), for tests and the moderation page.
    pub async fn queued_mail_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM mail_queue WHERE claimed_at IS NULL")
            .fetch_one(&self.pool)
            .await?)
    }
}

impl Store {
    /// Emails waiting to be sent, and how long the oldest has waited, in seconds.
    pub async fn mail_queue_stats(&self) -> Result<(i64, i64)> {
        let row =
            sqlx::query("SELECT COUNT(*), MIN(queued_at) FROM mail_queue").fetch_one(&self.pool).await?;
        let (count, oldest): (i64, Option<String>) = (row.try_get(0)?, row.try_get(1)?);
        let age = oldest.map_or(0, |at| clock::seconds_since(&at));
        Ok((count, age))
    }
}
