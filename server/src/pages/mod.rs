//! The blog's pages as the server answers them, for crawlers, readers
//! without JavaScript and every reader's first view.
//!
//! A request's way through: [`answer`] → for GET, [`load::page`] (the one
//! loader, from storage) → [`render::html`]; for POST (a form sent without
//! JavaScript), [`forms::answer`] → the same domain function the JSON API
//! calls → [`load::page`] with what was answered → [`render::html`].

pub mod forms;
pub mod load;
pub mod preview;
pub mod render;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use govblog_shared::permalink::{self, Route};

use crate::error::ApiError;
use crate::feeds;
use crate::state::AppState;
use crate::storage::StorageError;
use load::Answered;
use render::Caching;

/// The page for any path that is not a file: GET shows it, POST is a form
/// sent to it.
pub async fn answer(State(state): State<AppState>, req: Request) -> Response {
    let method = req.method().clone();
    if method == Method::POST {
        return forms::answer(state, req).await;
    }
    if method != Method::GET && method != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
        return response;
    }
    let (path, query) = (req.uri().path(), req.uri().query().unwrap_or(""));
    // A list's feed, at the address WordPress gave it (`/category/data/feed/`).
    if let Some(list) = permalink::feed_of(path) {
        match load::feed(&state, &list).await {
            Ok(Some(feed)) => return feeds::atom(&state.blog.base_url, feed),
            Ok(None) => {}
            Err(e) => return failed(&state, e),
        }
    }
    // An emailed link's page is one reader's own.
    let caching = match Route::parse_url(path, query) {
        Some(Route::ConfirmSubscription { .. } | Route::Unsubscribe { .. }) => Caching::Private,
        _ => Caching::Public,
    };
    match load::page(&state, path, query, "", Answered::default()).await {
        Ok(page) => render::html(&state, page, caching).await,
        Err(e) => failed(&state, e),
    }
}

/// The app's bare page, when the page's data could not be loaded: the app
/// then shows the problem itself, with a button to try again. 503 while
/// the database cannot be reached.
fn failed(state: &AppState, e: StorageError) -> Response {
    let html = state.index.html().unwrap_or(crate::error::UNAVAILABLE).to_owned();
    ApiError::from(e).with_body(Html(html))
}
