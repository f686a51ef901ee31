//! The single-page app's built files: Trunk's `dist/`, with cache headers
//! by name. Every other path is a page, answered by [`crate::pages`].

use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;

use crate::{pages, AppState};

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

    /// The page pages are rendered into, once the SPA has been built.
    pub fn html(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// Files from `dist/`, and the app's page for every other path.
pub fn routes(dist: &Path, state: AppState) -> Router<AppState> {
    // `make` writes brotli and gzip copies of the code and styles at the
    // highest settings, smaller than compressing each response on the fly.
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        // POSTs go to `page` too: the comment form sent without JavaScript.
        .call_fallback_on_method_not_allowed(true)
        .fallback(pages::answer.with_state(state));
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_static_files))
}

/// Trunk puts a content hash in every built file's name, and govuk-frontend
/// in its fonts': those never change, so browsers may keep them for a year.
async fn cache_static_files(req: Request, next: Next) -> Response {
    let hashed = is_hashed_name(req.uri().path());
    let mut response = next.run(req).await;
    if response.status().is_success() && !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // Precompressed copies make the answer depend on Accept-Encoding:
        // shared caches must keep one copy per encoding.
        response.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
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
