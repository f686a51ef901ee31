//! Secrets every server of the blog shares, kept in the database: made by
//! whichever server needs one first, then read by all.

use super::{Result, Store};
use crate::tokens;

impl Store {
    /// The secret called `name` (64 hex digits), made now if there is none.
    pub async fn server_secret(&self, name: &str) -> Result<String> {
        // Two servers asking at once: the first insert wins, both read it.
        sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(tokens::new_token())
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?)
    }
}
