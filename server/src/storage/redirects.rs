//! Old addresses WordPress answered that lead to a post or page now: old
//! slugs (`_wp_old_slug`) and short links (`/?p=ID`, `/?page_id=ID`). Each
//! is a [`Route`], so a redirect is built by the blog's own grammar.

use govblog_shared::permalink::Route;
use sqlx::Row;

use super::rows::post_route;
use super::{Result, Store};
use crate::clock;

impl Store {
    /// Where a post that was renamed lives now: its permalink, if `slug`
    /// was one of its old slugs (WordPress's `_wp_old_slug`).
    pub async fn renamed_post(&self, slug: &str) -> Result<Option<Route>> {
        let row = sqlx::query(
            "SELECT p.slug, p.path_date FROM post_old_slugs o JOIN posts p ON p.id = o.post_id
             WHERE o.slug = $1 AND p.published_at <= $2",
        )
        .bind(slug)
        .bind(clock::now())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok(post_route(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(1)?))).transpose()
    }

    /// The address of the published post or page with WordPress ID `id`.
    pub async fn wordpress_address(&self, id: i64, page: bool) -> Result<Option<Route>> {
        let now = clock::now();
        if page {
            let path: Option<String> =
                sqlx::query_scalar("SELECT path FROM pages WHERE wp_id = $1 AND published_at <= $2")
                    .bind(id)
                    .bind(&now)
                    .fetch_optional(&self.pool)
                    .await?;
            return Ok(path.map(|path| Route::Page { path }));
        }
        let row = sqlx::query("SELECT slug, path_date FROM posts WHERE wp_id = $1 AND published_at <= $2")
            .bind(id)
            .bind(&now)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(post_route(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(1)?))).transpose()
    }
}
