use axum::extract::State;
use axum::Json;
use govblog_shared::api::{ErrorBody, PostPage, SearchQuery};
use govblog_shared::search;

use super::posts::{page_of, page_params};
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;

/// Published posts containing every word of `q`, best match first. Quotes,
/// operators and other symbols in `q` are treated as spaces.
#[utoipa::path(get, path = "/api/v1/search", tag = "posts",
    params(SearchQuery),
    responses(
        (status = 200, body = PostPage),
        (status = 400, description = "No words to search for, or the query is too long", body = ErrorBody),
        (status = 404, description = "The page is past the end", body = ErrorBody),
    ))]
pub async fn search_posts(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<PostPage>, ApiError> {
    let (page, per_page) = page_params(q.page, q.per_page)?;
    let terms = search::terms(q.q.as_deref().unwrap_or("")).map_err(ApiError::BadRequest)?;
    let (items, total) = state.blog.store.search(terms, page, per_page).await?;
    page_of(items, page, per_page, total)
}
