//! What following a live WordPress keeps besides content: how far each kind
//! of change has been copied, and which of a deployment's servers polls.

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
