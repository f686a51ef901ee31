//! HTTP caching for the API's GET answers.
//!
//! Every answer carries an ETag made from its body, and `304 Not Modified`
//! goes to a reader who already has that body. Browsers revalidate every
//! time and a CDN keeps answers briefly ([`crate::cache_control::SHARED`]).
//!
//! The server also keeps each answer in memory, so a popular post is read
//! from the database once, not once per reader. A kept answer is dropped
//! when anything is written through this server (a comment, a moderation,
//! a subscription) and after at most [`FRESH_FOR`], which bounds how late a
//! change made elsewhere (the `comments approve` command, a scheduled post
//! reaching its time) can show.
//!
//! Moderation answers are never kept, here or by anyone
//! ([`crate::cache_control::PRIVATE`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::cache_control::{entity_tag, matches, PRIVATE, SHARED};
use crate::metrics::Metrics;

/// How long a kept answer may be served without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// Bytes of answers kept at most, for every blog together; past this the
/// store starts again empty, so requests for many different URLs, or many
/// blogs, cannot make the server grow.
const MAX_TOTAL_BYTES: usize = 16 * 1024 * 1024;
/// API answers are small; anything larger is refused rather than buffered.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// One blog's view of the kept answers: its own keys and its own writes.
#[derive(Default)]
pub struct ResponseCache {
    /// Bumped by every write through this blog's API.
    generation: AtomicU64,
    /// Whose answers these are: part of every key.
    blog: i64,
    kept: Arc<KeptAnswers>,
    /// Counts answers kept and answers read.
    metrics: Metrics,
}

/// Every blog's kept answers together, bounded in bytes for the whole
/// server however many blogs it serves.
#[derive(Default)]
pub struct KeptAnswers {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_uri: HashMap<String, Kept>,
    bytes: usize,
}

#[derive(Clone)]
struct Kept {
    generation: u64,
    at: Instant,
    etag: HeaderValue,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

impl ResponseCache {
    /// The blog numbered `blog`'s answers, kept among all of `kept`.
    pub fn new(kept: Arc<KeptAnswers>, blog: i64, metrics: Metrics) -> ResponseCache {
        ResponseCache { kept, blog, metrics, generation: AtomicU64::new(0) }
    }

    fn key(&self, uri: &str) -> String {
        format!("{}:{uri}", self.blog)
    }

    fn get(&self, uri: &str, generation: u64) -> Option<Kept> {
        let entries = self.kept.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .by_uri
            .get(&self.key(uri))
            .filter(|k| k.generation == generation && k.at.elapsed() < FRESH_FOR)
            .cloned()
    }

    fn keep(&self, uri: &str, kept: Kept) {
        let key = self.key(uri);
        let mut entries = self.kept.entries.lock().unwrap_or_else(|e| e.into_inner());
        let size = key.len() + kept.body.len();
        if entries.bytes + size > MAX_TOTAL_BYTES {
            entries.by_uri.clear();
            entries.bytes = 0;
        }
        let key_len = key.len();
        if let Some(old) = entries.by_uri.insert(key, kept) {
            entries.bytes -= key_len + old.body.len();
        }
        entries.bytes += size;
    }
}

pub async fn cache(State(cache): State<Arc<ResponseCache>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if request.uri().path().contains("/admin/") {
        let response = next.run(request).await;
        if method != Method::GET {
            cache.generation.fetch_add(1, Ordering::SeqCst);
        }
        return with_header(response, header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
    }
    if method != Method::GET {
        let response = next.run(request).await;
        if method != Method::HEAD {
            cache.generation.fetch_add(1, Ordering::SeqCst);
        }
        return response;
    }
    let key = request.uri().to_string();
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    // Read before the answer is made: a write that lands meanwhile makes it stale.
    let generation = cache.generation.load(Ordering::SeqCst);
    let kept = match cache.get(&key, generation) {
        Some(kept) => {
            cache.metrics.answer(true);
            kept
        }
        None => {
            let response = next.run(request).await;
            if response.status() != StatusCode::OK {
                return response;
            }
            cache.metrics.answer(false);
            let (parts, body) = response.into_parts();
            let Ok(body) = to_bytes(body, MAX_ANSWER_BYTES).await else {
                return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
            };
            let kept = Kept {
                generation,
                at: Instant::now(),
                etag: entity_tag(&body),
                content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
                body,
            };
            cache.keep(&key, kept.clone());
            kept
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(SHARED));
    headers.insert(header::ETAG, kept.etag.clone());
    if if_none_match.is_some_and(|given| matches(&given, &kept.etag)) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    if let Some(ct) = kept.content_type {
        headers.insert(header::CONTENT_TYPE, ct);
    }
    (StatusCode::OK, headers, Body::from(kept.body)).into_response()
}

fn with_header(mut response: Response, name: header::HeaderName, value: HeaderValue) -> Response {
    response.headers_mut().insert(name, value);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_answers_go_stale_with_a_write_or_with_time() {
        let cache = ResponseCache::default();
        let kept = |generation, at| Kept {
            generation,
            at,
            etag: entity_tag(b"x"),
            content_type: None,
            body: Bytes::from_static(b"x"),
        };
        cache.keep("/a", kept(0, Instant::now()));
        assert!(cache.get("/a", 0).is_some());
        assert!(cache.get("/a", 1).is_none(), "a write happened since");
        cache.keep("/b", kept(0, Instant::now() - FRESH_FOR));
        assert!(cache.get("/b", 0).is_none(), "too old");
    }

    #[test]
    fn one_blogs_answer_is_never_another_blogs() {
        let kept = Arc::new(KeptAnswers::default());
        let (one, two) = (
            ResponseCache::new(kept.clone(), 1, Metrics::default()),
            ResponseCache::new(kept, 2, Metrics::default()),
        );
        let answer = Kept {
            generation: 0,
            at: Instant::now(),
            etag: entity_tag(b"one"),
            content_type: None,
            body: Bytes::from_static(b"one"),
        };
        one.keep("/api/v1/site", answer);
        assert!(one.get("/api/v1/site", 0).is_some());
        assert!(two.get("/api/v1/site", 0).is_none());
    }

    #[test]
    fn what_is_kept_stays_bounded_in_bytes() {
        let cache = ResponseCache::default();
        let body = Bytes::from(vec![b'x'; 100 * 1024]);
        for i in 0..1000 {
            let kept = Kept {
                generation: 0,
                at: Instant::now(),
                etag: entity_tag(b"x"),
                content_type: None,
                body: body.clone(),
            };
            cache.keep(&format!("/posts?n={i}"), kept);
            let entries = cache.kept.entries.lock().unwrap();
            assert!(entries.bytes <= MAX_TOTAL_BYTES);
            let counted: usize = entries.by_uri.iter().map(|(k, v)| k.len() + v.body.len()).sum();
            assert_eq!(counted, entries.bytes);
        }
        assert!(cache.get("/posts?n=999", 0).is_some(), "the newest is kept");
    }
}
