//! Whole pages as data, for the app's in-app navigation, and the frame
//! around them: the same values the server renders pages from
//! ([`crate::pages::load`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use govblog_shared::page::{Frame, Page};
use serde::Deserialize;

use crate::error::{ApiError, ApiQuery};
use crate::pages::load::{self, Answered};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// The blog address, path and query, e.g. `/category/data/page/2/` or `/?s=open+data`.
    path: String,
    /// Where the app is embedded, e.g. `/blog`: links in post bodies go under it.
    base_path: Option<String>,
}

/// Longest base path accepted, in bytes.
const MAX_BASE_PATH: usize = 200;

/// The page at a blog address: what it shows, its title and head. The
/// answer's status is the page's own (404 for no such page, 400 for one
/// that cannot be shown), and its body is the page either way; a page that
/// moved (an old WordPress address) answers 200 with `content` holding
/// `redirect` and its new address. `content` names what the page is by its
/// one key (`{"post": {...}}`, or `"not_found"`).
#[utoipa::path(get, path = "/api/v1/pages", tag = "pages",
    params(PageQuery),
    responses(
        (status = 200, body = Page),
        (status = 400, description = "The page says why it cannot be shown; or `path` is not a blog address (an error)", body = Page),
        (status = 404, description = "No such page: the \"Page not found\" page", body = Page),
    ))]
pub async fn get_page(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<(StatusCode, Json<Page>), ApiError> {
    let (path, query) = q.path.split_once('?').unwrap_or((&q.path, ""));
    if !path.starts_with('/') {
        return Err(ApiError::BadRequest("path must be a blog address starting with /".into()));
    }
    let base_path = q.base_path.as_deref().unwrap_or("").trim_end_matches('/');
    let well_formed = |p: &str| {
        p.is_empty()
            || (p.len() <= MAX_BASE_PATH
                && p.starts_with('/')
                && !p.contains("//")
                && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.~".contains(&b)))
    };
    if !well_formed(base_path) {
        return Err(ApiError::BadRequest("base_path must be a path like /blog".into()));
    }
    let page = load::page(&state, path, query, base_path, Answered::default()).await?;
    // A page that moved is data here (the app moves there), not an HTTP
    // redirect the browser would follow to HTML.
    let status = match page.status {
        301 => StatusCode::OK,
        status => StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
    };
    Ok((status, Json(page)))
}

/// The blog around every page: its settings, categories and months, as the
/// server's pages embed them. The app fetches it when it starts without a
/// page the server rendered (embedded in another site).
#[utoipa::path(get, path = "/api/v1/frame", tag = "pages",
    responses((status = 200, body = Frame)))]
pub async fn get_frame(State(state): State<AppState>) -> Result<Json<Frame>, ApiError> {
    Ok(Json(load::frame(&state).await?))
}
