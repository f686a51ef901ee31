//! Serving the single-page app: Trunk's `dist/` files, and `index.html` for
//! every page path (history routing) with the status the page deserves, so
//! a permalink that does not exist is a real 404 to browsers and crawlers.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use govblog_shared::dates::Date;
use govblog_shared::permalink::Route;
use tower_http::services::ServeDir;

use crate::storage::{PostFilter, Store};
use crate::AppState;

/// The built `index.html`, read once at start-up.
#[derive(Clone)]
pub struct IndexPage(Arc<Option<String>>);

impl IndexPage {
    pub fn load(dist: &Path) -> IndexPage {
        let path = dist.join("index.html");
        let html = std::fs::read_to_string(&path).ok();
        if html.is_none() {
            tracing::warn!(path = %path.display(), "SPA not built: pages will answer 503 (run `make run`)");
        }
        IndexPage(Arc::new(html))
    }
}

/// Files from `dist/`, and the app's page for every other path.
pub fn routes(dist: &Path, state: AppState) -> Router<AppState> {
    let files = ServeDir::new(dist).append_index_html_on_directories(false).fallback(page.with_state(state));
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_static_files))
}

/// `index.html` with 200 for a page that exists and 404 for one that does not.
async fn page(State(state): State<AppState>, req: Request) -> Response {
    let Some(html) = state.index.0.as_ref().clone() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "The blog's pages are not built yet.").into_response();
    };
    let status = match Route::parse_url(req.uri().path(), req.uri().query().unwrap_or("")) {
        None => StatusCode::NOT_FOUND,
        Some(route) => match route_exists(&state.store, route).await {
            Ok(true) => StatusCode::OK,
            Ok(false) => StatusCode::NOT_FOUND,
            Err(e) => {
                // The page still loads; the app shows the API's error itself.
                tracing::error!(error = %e, "checking a page failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        },
    };
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Does `route` name something published: a post on that date, a taxonomy
/// term, a month with posts, a list page within range?
async fn route_exists(store: &Store, route: Route) -> crate::storage::Result<bool> {
    let (filter, page) = match route {
        Route::Post { date, slug } => {
            let post = store.post(slug).await?;
            return Ok(post.is_some_and(|p| Date::parse(&p.summary.published_at) == Some(date)));
        }
        // Results or "No results found", a confirmation or "this link has
        // expired": each is a page either way.
        Route::Search { .. } | Route::ConfirmSubscription { .. } | Route::Unsubscribe { .. } => {
            return Ok(true)
        }
        Route::Home { page } => (PostFilter::default(), page),
        Route::Category { slug, page } => {
            if store.category(&slug).await?.is_none() {
                return Ok(false);
            }
            (PostFilter { category: Some(slug), ..Default::default() }, page)
        }
        Route::Author { slug, page } => {
            if store.author(&slug).await?.is_none() {
                return Ok(false);
            }
            (PostFilter { author: Some(slug), ..Default::default() }, page)
        }
        Route::Tag { slug, page } => {
            if store.tag(&slug).await?.is_none() {
                return Ok(false);
            }
            (PostFilter { tag: Some(slug), ..Default::default() }, page)
        }
        Route::Month { year, month, page } => {
            let filter = PostFilter { period: Some((year, Some(month))), ..Default::default() };
            // A month without posts is not an archive page.
            if store.list_posts(filter.clone(), 1, 1).await?.1 == 0 {
                return Ok(false);
            }
            (filter, page)
        }
    };
    // Page 1 of a list always exists, even when it is empty.
    if page == 1 {
        return Ok(true);
    }
    let (_, total) = store.list_posts(filter, 1, 1).await?;
    Ok(page <= total.div_ceil(govblog_shared::api::DEFAULT_PER_PAGE))
}

/// Trunk puts a content hash in every built file's name, and govuk-frontend
/// in its fonts': those never change, so browsers may keep them for a year.
async fn cache_static_files(req: Request, next: Next) -> Response {
    let hashed = is_hashed_name(req.uri().path());
    let mut response = next.run(req).await;
    if response.status().is_success() && !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Does the file name carry a hash: a `-` then 10 or more hex digits?
fn is_hashed_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split(['-', '.', '_'])
        .skip(1)
        .any(|part| part.len() >= 10 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_name;

    #[test]
    fn hashed_names() {
        assert!(is_hashed_name("/govblog-4a2f9e1c3b5d7e8f_bg.wasm"));
        assert!(is_hashed_name("/govblog-4a2f9e1c3b5d7e8f.js"));
        assert!(is_hashed_name("/assets/fonts/bold-b542beb274-v2.woff2"));
        assert!(!is_hashed_name("/assets/images/govuk-crest.svg"));
        assert!(!is_hashed_name("/index.html"));
        assert!(!is_hashed_name("/abcdef1234"));
    }
}
