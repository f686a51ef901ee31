//! One log line for each request: its method, its route (the template it
//! matched, `/api/v1/posts/{year}/{month}/{day}/{slug}`, or `pages` for
//! every page and file; never the raw path or query, which can carry
//! tokens and readers' words), status, duration, and a request id, also
//! sent back as `X-Request-Id` so a reader's report can be found in the
//! logs. Health checks are logged only at debug level.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::metrics::Metrics;
use crate::tokens;

pub const REQUEST_ID: &str = "x-request-id";

/// The route a request matched, as metrics and logs name it.
pub fn route_of(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        None => "pages".to_owned(),
    }
}

pub async fn log_request(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // A proxy's id is kept if it looks like one; otherwise a new one.
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned)
        .unwrap_or_else(|| tokens::new_token()[..16].to_owned());
    let (method, route) = (req.method().clone(), route_of(&req));
    let mut response = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let (status, seconds) = (response.status().as_u16(), started.elapsed().as_secs_f64());
    metrics.request(&route, method.as_str(), status, seconds);
    let duration_ms = seconds * 1000.0;
    if route == "/healthz" || route == "/readyz" {
        tracing::debug!(method = %method, route, status, duration_ms, request_id = %id, "request");
    } else {
        tracing::info!(method = %method, route, status, duration_ms, request_id = %id, "request");
    }
    response
}
