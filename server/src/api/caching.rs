//! HTTP caching for the API's GET answers: an ETag made from the body, and
//! `304 Not Modified` when the reader already has that body. Answers are
//! revalidated every time (`no-cache`) because a comment approved a second
//! ago must show at once; what is saved is the bytes, not the round trip.
//! Moderation answers are never stored anywhere (`no-store`).

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// API answers are small; anything larger than this passes through untagged.
const MAX_TAGGED_BYTES: usize = 4 * 1024 * 1024;

pub async fn etag(request: Request, next: Next) -> Response {
    let is_get = matches!(*request.method(), Method::GET | Method::HEAD);
    let private = request.uri().path().contains("/admin/");
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if private {
        return with_cache_control(response, "no-store");
    }
    if !is_get || response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_TAGGED_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large to tag").into_response();
    };
    let tag = entity_tag(&bytes);
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    parts.headers.insert(header::ETAG, tag.clone());
    if if_none_match.is_some_and(|given| matches(&given, &tag)) {
        let mut headers = HeaderMap::new();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = parts.headers.get(&name) {
                headers.insert(name, v.clone());
            }
        }
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn with_cache_control(mut response: Response, value: &'static str) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// A weak tag: the same JSON may be sent compressed in different ways.
fn entity_tag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex is a valid header value")
}

/// Whether `If-None-Match` names `tag` (weak comparison, as RFC 9110 asks
/// for this header), or is `*`.
fn matches(given: &HeaderValue, tag: &HeaderValue) -> bool {
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
