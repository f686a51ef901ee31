//! The blog's own settings: name, organisation, description, privacy notice.

use govblog_shared::api::Site;
use sqlx::Row;

use super::{Result, Store};

impl Store {
    pub async fn site(&self) -> Result<Site> {
        let rows = sqlx::query("SELECT key, value FROM site").fetch_all(&self.pool).await?;
        let mut site = Site::default();
        for row in rows {
            let (key, value): (String, String) = (row.try_get(0)?, row.try_get(1)?);
            match key.as_str() {
                "name" => site.name = value,
                "organisation" => site.organisation = value,
                "description" => site.description = value,
                "privacy_notice_url" => site.privacy_notice_url = value,
                "comments_closed" => site.comments_closed = value,
                _ => {}
            }
        }
        // The public address is configuration, not content: handlers fill it in.
        Ok(site)
    }

    /// Sets some of the blog's own settings (`name`, `organisation`,
    /// `description`, `privacy_notice_url`), all or none.
    pub async fn put_site(&self, settings: &[(&str, &str)]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (key, value) in settings {
            sqlx::query(
                "INSERT INTO site (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(*key)
            .bind(*value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
