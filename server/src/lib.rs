//! govblog's reference server: the JSON API under `/api/v1/` and the SPA's
//! files and pages, over one SQLite database.
//!
//! A request's path: [`app`] → `api::*` handler (or [`spa`]) → [`storage::Store`] → SQL.

pub mod api;
pub mod clock;
pub mod config;
pub mod content;
pub mod error;
pub mod spa;
pub mod storage;

use axum::Router;
use tower_http::trace::TraceLayer;

pub use config::Config;
use spa::IndexPage;
use storage::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: IndexPage,
}

/// The whole HTTP application.
pub fn app(config: &Config, store: Store) -> Router {
    let state = AppState {
        store,
        index: IndexPage::load(&config.dist),
    };
    Router::new()
        .nest("/api", api::routes())
        // `nest` leaves the bare prefix with a trailing slash to the SPA.
        .route("/api/", axum::routing::any(error::api_not_found))
        .merge(spa::routes(&config.dist, state.clone()))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Opens the database, importing the content folder when it has no posts
/// yet (first start), so a new blog shows its demo content at once.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::open(&config.database)?;
    if store.is_empty().await? {
        let content = content::load(&config.content)?;
        let report = store.import(content).await?;
        tracing::info!(
            posts = report.posts,
            comments = report.comments_added,
            "seeded the database from {}",
            config.content.display()
        );
    }
    Ok(store)
}
