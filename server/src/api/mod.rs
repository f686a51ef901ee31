//! The JSON API, `/api/v1/`: one module per resource, small handlers over
//! [`Store`](crate::storage::Store), and the OpenAPI document that describes them.

use std::sync::Arc;

mod admin;
pub mod caching;
mod comments;
mod pages;
mod posts;
mod search;
mod site;
mod subscriptions;
mod taxonomies;
mod wordpress;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::error::{api_method_not_allowed, api_not_found};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "govblog API",
        version = "1",
        description = "Read a GOV.UK-styled blog: posts, categories, authors, tags and comments."
    ),
    paths(
        site::get_site,
        pages::get_page,
        pages::get_frame,
        posts::list_posts,
        posts::get_post,
        posts::list_months,
        comments::list_comments,
        comments::add_comment,
        subscriptions::subscribe,
        subscriptions::confirm,
        subscriptions::unsubscribe,
        admin::list_comments,
        admin::moderate,
        search::search_posts,
        taxonomies::list_categories,
        taxonomies::get_category,
        taxonomies::list_authors,
        taxonomies::get_author,
        taxonomies::list_tags,
        taxonomies::get_tag,
        wordpress::changed,
    ),
    components(schemas(govblog_shared::api::ErrorBody)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the moderators' bearer token scheme used by the admin endpoints.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Largest request body accepted: the same as a plain form's.
const MAX_BODY_BYTES: usize = crate::pages::forms::MAX_FORM_BYTES;

/// Routes under `/api/v1/`.
pub fn router(cache: caching::ResponseCache) -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/site", get(site::get_site))
        .route("/pages", get(pages::get_page))
        .route("/frame", get(pages::get_frame))
        .route("/posts", get(posts::list_posts))
        .route("/posts/{year}/{month}/{day}/{slug}", get(posts::get_post))
        .route(
            "/posts/{year}/{month}/{day}/{slug}/comments",
            get(comments::list_comments).post(comments::add_comment),
        )
        .route("/subscriptions", post(subscriptions::subscribe))
        .route("/subscriptions/confirm", post(subscriptions::confirm))
        .route("/subscriptions/unsubscribe", post(subscriptions::unsubscribe))
        .route("/admin/comments", get(admin::list_comments))
        .route("/admin/comments/{id}/{action}", post(admin::moderate))
        .route("/archives", get(posts::list_months))
        .route("/wordpress/changed", post(wordpress::changed))
        .route("/search", get(search::search_posts))
        .route("/categories", get(taxonomies::list_categories))
        .route("/categories/{slug}", get(taxonomies::get_category))
        .route("/authors", get(taxonomies::list_authors))
        .route("/authors/{slug}", get(taxonomies::get_author))
        .route("/tags", get(taxonomies::list_tags))
        .route("/tags/{slug}", get(taxonomies::get_tag))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(Arc::new(cache), caching::cache))
}

/// All of `/api/`: versions nest here, and anything else is a JSON 404.
pub fn routes(cache: caching::ResponseCache) -> Router<AppState> {
    Router::new()
        .nest("/v1", router(cache))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}
