//! Moderator accounts, their sessions, and failed sign-ins. Passwords arrive
//! already hashed ([`crate::passwords`]); of a session only the hash of its
//! cookie's value is kept.

use sqlx::Row;

use super::subscriptions::token_hash;
use super::{Result, Store};
use crate::clock;

/// A signed-in moderator, as a session finds them.
#[derive(Debug, Clone)]
pub struct Session {
    pub moderator_id: i64,
    pub email: String,
    /// Sent with every form, checked on every POST.
    pub csrf_token: String,
    pub created_at: String,
    pub last_seen_at: String,
}

impl Store {
    /// Adds a moderator, or sets a new password for one. `true` if added.
    pub async fn put_moderator(&self, email: &str, password_hash: &str) -> Result<bool> {
        let email = email.trim().to_lowercase();
        let mut tx = self.begin_write("moderators").await?;
        let changed = sqlx::query("UPDATE moderators SET password_hash = $2 WHERE email = $1")
            .bind(&email)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            sqlx::query("INSERT INTO moderators (email, password_hash, created_at) VALUES ($1, $2, $3)")
                .bind(&email)
                .bind(password_hash)
                .bind(clock::now())
                .execute(&mut *tx)
                .await?;
        } else {
            // A new password ends every session started with the old one.
            sqlx::query(
                "DELETE FROM moderator_sessions WHERE moderator_id = (SELECT id FROM moderators WHERE email = $1)",
            )
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(changed == 0)
    }

    /// Removes a moderator and ends their sessions. `false` if there was none.
    pub async fn remove_moderator(&self, email: &str) -> Result<bool> {
        let email = email.trim().to_lowercase();
        let mut tx = self.begin_write("moderators").await?;
        sqlx::query(
            "DELETE FROM moderator_sessions WHERE moderator_id = (SELECT id FROM moderators WHERE email = $1)",
        )
        .bind(&email)
        .execute(&mut *tx)
        .await?;
        let done =
            sqlx::query("DELETE FROM moderators WHERE email = $1").bind(&email).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every moderator's email and when they were added.
    pub async fn moderators(&self) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT email, created_at FROM moderators ORDER BY email")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }

    /// The moderator's id and password hash, if there is such a moderator.
    pub async fn moderator_password(&self, email: &str) -> Result<Option<(i64, String)>> {
        let row = sqlx::query("SELECT id, password_hash FROM moderators WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
    }

    /// Starts a session for `moderator_id` under the cookie value `id`,
    /// ending the session `replacing` (the cookie the browser had) if any.
    pub async fn start_session(
        &self,
        moderator_id: i64,
        id: &str,
        csrf_token: &str,
        replacing: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        if let Some(old) = replacing {
            sqlx::query("DELETE FROM moderator_sessions WHERE id_hash = $1")
                .bind(token_hash(old))
                .execute(&mut *tx)
                .await?;
        }
        let now = clock::now();
        sqlx::query(
            "INSERT INTO moderator_sessions (id_hash, moderator_id, csrf_token, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash(id))
        .bind(moderator_id)
        .bind(csrf_token)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session under the cookie value `id`, if it exists.
    pub async fn session(&self, id: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT s.moderator_id, m.email, s.csrf_token, s.created_at, s.last_seen_at
             FROM moderator_sessions s JOIN moderators m ON m.id = s.moderator_id WHERE s.id_hash = $1",
        )
        .bind(token_hash(id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Session {
                moderator_id: r.try_get(0)?,
                email: r.try_get(1)?,
                csrf_token: r.try_get(2)?,
                created_at: r.try_get(3)?,
                last_seen_at: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Records that the session was used now.
    pub async fn touch_session(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE moderator_sessions SET last_seen_at = $2 WHERE id_hash = $1")
            .bind(token_hash(id))
            .bind(clock::now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session unused since `idle_before` or started before `started_before`.
    pub async fn end_expired_sessions(&self, idle_before: &str, started_before: &str) -> Result<()> {
        sqlx::query("DELETE FROM moderator_sessions WHERE last_seen_at <= $1 OR created_at <= $2")
            .bind(idle_before)
            .bind(started_before)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn end_session(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM moderator_sessions WHERE id_hash = $1")
            .bind(token_hash(id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
