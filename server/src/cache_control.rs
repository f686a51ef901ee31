//! Who may keep a copy of an answer, and for how long. GOV.UK's sites sit
//! behind a CDN: public pages, feeds and API reads may be kept there for a
//! minute and served a while longer as it fetches a fresh copy, while
//! readers' browsers check back every time (a 304 when nothing changed).
//! Answers that carry one reader's own state are kept by nobody.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The same for every reader: a shared cache keeps it for 60 s, and may
/// serve it for 5 minutes more while it fetches a fresh copy.
pub const SHARED: &str = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";
/// One reader's own: a page answering their form, an emailed link, moderation.
pub const PRIVATE: &str = "private, no-store";

/// Pages and feeds are small; anything larger is sent without a tag.
const MAX_TAGGED_BYTES: usize = 4 * 1024 * 1024;

/// Tags every shared GET answer with a weak ETag, and answers `304 Not
/// Modified` to a reader who already has it. For pages and feeds; the API's
/// answers get theirs from `api::caching`, which also keeps them in memory.
pub async fn revalidate(request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let shared = response.headers().get(header::CACHE_CONTROL).is_some_and(|v| v == SHARED);
    if response.status() != StatusCode::OK || !shared {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_TAGGED_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    let tag = entity_tag(&body);
    parts.headers.insert(header::ETAG, tag.clone());
    if if_none_match.is_some_and(|given| matches(&given, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(body))
}

/// A weak tag: the same answer may be sent compressed in different ways.
pub fn entity_tag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex is a valid header value")
}

/// Whether `If-None-Match` names `tag` (weak comparison, as RFC 9110 asks
/// for this header), or is `*`.
pub fn matches(given: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(given) = given.to_str() else { return false };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(tag.to_str().unwrap_or_default());
    given.split(',').any(|t| t.trim() == "*" || opaque(t) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        let tag = entity_tag(b"{}");
        let s = tag.to_str().unwrap().to_owned();
        let strong = s.trim_start_matches("W/").to_owned();
        for given in [s.clone(), strong, format!("\"other\", {s}"), "*".into()] {
            assert!(matches(&HeaderValue::from_str(&given).unwrap(), &tag), "{given}");
        }
        for given in ["\"other\"", "", "W/\"\""] {
            assert!(!matches(&HeaderValue::from_str(given).unwrap(), &tag), "{given}");
        }
        assert_ne!(entity_tag(b"{}"), entity_tag(b"[]"));
    }
}
