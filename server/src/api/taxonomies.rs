//! Categories, authors and tags: lists with post counts, and one by slug.

use axum::extract::State;
use axum::Json;
use govblog_shared::api::{Author, Category, ErrorBody, Tag};

use govblog_shared::permalink::{encode_slug, is_valid_slug};

use crate::error::{ApiError, ApiPath};
use crate::state::AppState;

/// The 404 for a category, author or tag that does not exist.
pub fn not_found(what: &str, slug: &str) -> ApiError {
    ApiError::NotFound(format!("There is no {what} called {slug}"))
}

/// Every category by name, with its number of published posts.
#[utoipa::path(get, path = "/api/v1/categories", tag = "taxonomies",
    responses((status = 200, body = Vec<Category>)))]
pub async fn list_categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(state.blog.store.categories().await?))
}

#[utoipa::path(get, path = "/api/v1/categories/{slug}", tag = "taxonomies",
    params(("slug" = String, Path)),
    responses((status = 200, body = Category), (status = 404, body = ErrorBody)))]
pub async fn get_category(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Category>, ApiError> {
    let slug = encode_slug(&slug);
    // Not a slug (`%00`, `..`): no such category, and the database is not asked.
    if !is_valid_slug(&slug) {
        return Err(not_found("category", &slug));
    }
    state.blog.store.category(&slug).await?.map(Json).ok_or_else(|| not_found("category", &slug))
}

/// Every author by name, with their number of published posts.
#[utoipa::path(get, path = "/api/v1/authors", tag = "taxonomies",
    responses((status = 200, body = Vec<Author>)))]
pub async fn list_authors(State(state): State<AppState>) -> Result<Json<Vec<Author>>, ApiError> {
    Ok(Json(state.blog.store.authors().await?))
}

#[utoipa::path(get, path = "/api/v1/authors/{slug}", tag = "taxonomies",
    params(("slug" = String, Path)),
    responses((status = 200, body = Author), (status = 404, body = ErrorBody)))]
pub async fn get_author(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Author>, ApiError> {
    let slug = encode_slug(&slug);
    // Not a slug (`%00`, `..`): no such author, and the database is not asked.
    if !is_valid_slug(&slug) {
        return Err(not_found("author", &slug));
    }
    state.blog.store.author(&slug).await?.map(Json).ok_or_else(|| not_found("author", &slug))
}

/// Every tag that has a published post.
#[utoipa::path(get, path = "/api/v1/tags", tag = "taxonomies",
    responses((status = 200, body = Vec<Tag>)))]
pub async fn list_tags(State(state): State<AppState>) -> Result<Json<Vec<Tag>>, ApiError> {
    Ok(Json(state.blog.store.tags().await?))
}

#[utoipa::path(get, path = "/api/v1/tags/{slug}", tag = "taxonomies",
    params(("slug" = String, Path)),
    responses((status = 200, body = Tag), (status = 404, body = ErrorBody)))]
pub async fn get_tag(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Tag>, ApiError> {
    let slug = encode_slug(&slug);
    // Not a slug (`%00`, `..`): no such tag, and the database is not asked.
    if !is_valid_slug(&slug) {
        return Err(not_found("tag", &slug));
    }
    state.blog.store.tag(&slug).await?.map(Json).ok_or_else(|| not_found("tag", &slug))
}
