//! Attempts that are limited: signing in, and using the admin API's token.
//! Each is recorded under its keys (`pair:<email>|<ip>`, `address:<ip>`,
//! ...) *before* the password or token is checked, in one transaction
//! with the count it must stay under, so attempts sent at the same moment,
//! to one server or several, are all counted. A right one is forgotten.

use super::{Result, Store};
use crate::{clock, tokens};

/// At most `max` attempts under `key` in the window.
#[derive(Debug, Clone, Copy)]
pub struct Limit<'a> {
    pub key: &'a str,
    pub max: i64,
}

impl Store {
    /// Records one attempt under every key of `limits` and of `counted`
    /// (keys that are counted but not limited here), unless a limit has
    /// been reached since `since`; then nothing is recorded and the answer
    /// is `None`. The attempt's id, to forget it by if it turns out right.
    /// Attempts older than `since` are forgotten.
    pub async fn begin_attempt(
        &self,
        limits: &[Limit<'_>],
        counted: &[&str],
        since: &str,
    ) -> Result<Option<String>> {
        let mut tx = self.begin_write("attempts").await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
            .bind(since)
            .execute(&mut *tx)
            .await?;
        for limit in limits {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE key = $1")
                .bind(limit.key)
                .fetch_one(&mut *tx)
                .await?;
            if n >= limit.max {
                tx.rollback().await?;
                return Ok(None);
            }
        }
        let (attempt, now) = (tokens::new_token(), clock::now());
        for key in limits.iter().map(|l| l.key).chain(counted.iter().copied()) {
            sqlx::query("INSERT INTO sign_in_failures (key, failed_at, attempt) VALUES ($1, $2, $3)")
                .bind(key)
                .bind(&now)
                .bind(&attempt)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(attempt))
    }

    /// An attempt that was right: it no longer counts against anyone.
    pub async fn forget_attempt(&self, attempt: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE attempt = $1")
            .bind(attempt)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Attempts under `key` since `since` that were not right (or not yet judged).
    pub async fn failed_attempts(&self, key: &str, since: &str) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND failed_at > $2")
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await?)
    }
}
