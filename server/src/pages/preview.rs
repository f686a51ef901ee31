//! `GET /preview/{id}/?expires=…&signature=…`: a WordPress draft as govblog
//! will show it, for the author who followed the link from WordPress
//! (the plugin signs it, only for users who may edit that post). The
//! draft is read from WordPress at that moment into a throwaway database
//! and rendered by the same loader and components as every page; nothing
//! unpublished is stored in the blog's. The page is the author's alone:
//! `private, no-store`, `noindex`, and without the app (which would look
//! for the draft in the blog).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use govblog::moderation::Page as Problem;

use super::load::{self, Answered};
use super::render::{self, Caching};
use crate::cache_control;
use crate::following::CallError;
use crate::moderation;
use crate::state::AppState;

/// The largest rendered preview read back to take the app out.
const MOST_BYTES: usize = 16 * 1024 * 1024;

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let refuse = |status: StatusCode, title: &str, message: &str| {
        let page = Problem::Problem { title: title.into(), message: message.into() };
        let state = state.clone();
        async move { private(moderation::respond(&state, status, None, page).await) }
    };
    let not_found = "There is no preview at this address.";
    let (Some(following), Ok(id)) = (state.blog.following(), id.parse::<i64>()) else {
        return refuse(StatusCode::NOT_FOUND, "Page not found", not_found).await;
    };
    let field = |name: &str| query.get(name).map(String::as_str).unwrap_or("");
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
    match following.check_preview(id, field("expires"), field("signature"), now) {
        Ok(()) => {}
        Err(CallError::NoSecret) => return refuse(StatusCode::NOT_FOUND, "Page not found", not_found).await,
        Err(CallError::OutOfWindow) => {
            let message = "This preview link has expired. Open the preview again from WordPress.";
            return refuse(StatusCode::FORBIDDEN, "This preview link has expired", message).await;
        }
        Err(CallError::BadSignature | CallError::Replayed) => {
            let message = "This preview link is not valid. Open the preview again from WordPress.";
            return refuse(StatusCode::FORBIDDEN, "This preview link is not valid", message).await;
        }
    }
    // On a blocking thread of its own: opening a database's futures cannot
    // be proven `Send` inside a handler's (rust-lang/rust#96865).
    let made = tokio::task::spawn_blocking(move || {
        tokio::runtime::Handle::current().block_on(async move { following.preview(id).await })
    })
    .await;
    let preview =
        match made.unwrap_or_else(|e| Err(crate::storage::StorageError::Invalid(e.to_string()).into())) {
            Ok(Some(preview)) => preview,
            Ok(None) => {
                let message =
                    "WordPress has no post or page to preview at this address: it may have been deleted.";
                return refuse(StatusCode::NOT_FOUND, "Page not found", message).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, post = id, "WordPress: a preview could not be made");
                let message = "The draft could not be read from WordPress. Try again in a few minutes.";
                return refuse(StatusCode::BAD_GATEWAY, "Sorry, there is a problem", message).await;
            }
        };
    let mut preview_state = state.clone();
    preview_state.blog.store = preview.store.clone();
    let page = load::page(&preview_state, &preview.path, "", "", Answered::default()).await;
    let response = match page {
        Ok(mut page) => {
            page.head.title = format!("Preview: {}", page.head.title);
            without_app(render::html(&preview_state, page, Caching::Private).await).await
        }
        Err(e) => moderation::failed(e),
    };
    preview.store.close().await;
    private(response)
}

/// The page as the server rendered it, without its scripts.
async fn without_app(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MOST_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = render::without_scripts(&String::from_utf8_lossy(&bytes));
    let mut response = Response::from_parts(parts, axum::body::Body::from(html));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// Kept by no cache, listed by no search engine.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control::PRIVATE));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    response
}
