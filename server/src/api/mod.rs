//! The JSON API, `/api/v1/`: one module per resource, small handlers over
//! [`Store`](crate::storage::Store), and the OpenAPI document that describes them.

mod posts;
mod search;
mod site;
mod taxonomies;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::error::{api_method_not_allowed, api_not_found};
use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "govblog API",
        version = "1",
        description = "Read a GOV.UK-styled blog: posts, categories, authors, tags and comments."
    ),
    paths(
        site::get_site,
        posts::list_posts,
        posts::get_post,
        posts::list_months,
        search::search_posts,
        taxonomies::list_categories,
        taxonomies::get_category,
        taxonomies::list_authors,
        taxonomies::get_author,
        taxonomies::list_tags,
        taxonomies::get_tag,
    ),
    components(schemas(govblog_shared::api::ErrorBody))
)]
struct ApiDoc;

/// Routes under `/api/v1/`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/site", get(site::get_site))
        .route("/posts", get(posts::list_posts))
        .route("/posts/{year}/{month}/{day}/{slug}", get(posts::get_post))
        .route("/archives", get(posts::list_months))
        .route("/search", get(search::search_posts))
        .route("/categories", get(taxonomies::list_categories))
        .route("/categories/{slug}", get(taxonomies::get_category))
        .route("/authors", get(taxonomies::list_authors))
        .route("/authors/{slug}", get(taxonomies::get_author))
        .route("/tags", get(taxonomies::list_tags))
        .route("/tags/{slug}", get(taxonomies::get_tag))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}

/// All of `/api/`: versions nest here, and anything else is a JSON 404.
pub fn routes() -> Router<AppState> {
    Router::new()
        .nest("/v1", router())
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}
