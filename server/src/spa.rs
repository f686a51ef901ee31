//! The single-page app's built files: Trunk's `dist/`, with cache headers
//! by name. The router sends every other path to the pages.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::ServeDir;

/// Files from `dist/`; the caller gives the fallback for every other path.
pub fn files(dist: &Path) -> ServeDir {
    // `make` writes brotli and gzip copies of the code and styles at the
    // highest settings, smaller than compressing each response on the fly.
    ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        // POSTs go to the fallback too: the comment form sent without JavaScript.
        .call_fallback_on_method_not_allowed(true)
}

/// Trunk puts a content hash in every built file's name, and govuk-frontend
/// in its fonts': those never change, so browsers may keep them for a year.
pub async fn cache_static_files(req: Request, next: Next) -> Response {
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
