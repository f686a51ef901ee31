//! Pages (not posts): `/about/`, `/about/comments-policy/`.

use govblog_shared::markdown::RenderContext;
use govblog_shared::page::StaticPage;
use sqlx::Row;

use super::{Result, Store};
use crate::{clock, html_body};

impl Store {
    /// The paths of every published page, for the sitemap.
    pub async fn page_paths(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT path FROM pages WHERE published_at <= $1 ORDER BY path")
            .bind(clock::now())
            .fetch_all(&self.pool)
            .await?)
    }

    /// The published page at `path` ("about/comments-policy"), its body
    /// rendered for `render`.
    pub async fn page_at(&self, path: &str, render: &RenderContext<'_>) -> Result<Option<StaticPage>> {
        let row = sqlx::query(
            "SELECT title, body_html, summary, modified_at, published_at FROM pages
             WHERE path = $1 AND published_at <= $2",
        )
        .bind(path)
        .bind(clock::now())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let (published_at, modified_at): (String, Option<String>) = (row.try_get(4)?, row.try_get(3)?);
        Ok(Some(StaticPage {
            title: row.try_get(0)?,
            body_html: html_body::render(&row.try_get::<String, _>(1)?, 1, render).unwrap_or_default(),
            summary: row.try_get(2)?,
            modified_at: modified_at.filter(|m| *m > published_at),
        }))
    }
}
