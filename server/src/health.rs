//! For load balancers and orchestrators: `GET /healthz` (the process
//! serves; no database call) and `GET /readyz` (ready for readers: the
//! database answers within a second and no stop has begun). Neither is
//! cached; both are answered before anything else is done with a request.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::cache_control;
use crate::state::Lifecycle;
use crate::storage::Store;

/// What `/readyz` asks: whether a stop has begun, and the database.
#[derive(Clone)]
pub struct Readiness {
    pub lifecycle: Lifecycle,
    /// The deployment's first database, which every blog's request reads
    /// (the list of blogs is there).
    pub store: Store,
}

/// How long `/readyz` waits for the database.
const DATABASE_WAIT: Duration = Duration::from_secs(1);

pub async fn healthz() -> Response {
    uncached((StatusCode::OK, "ok").into_response())
}

pub async fn readyz(State(state): State<Readiness>) -> Response {
    let (status, reason) = if state.lifecycle.is_stopping() {
        (StatusCode::SERVICE_UNAVAILABLE, Some("stopping"))
    } else {
        match tokio::time::timeout(DATABASE_WAIT, state.store.ping()).await {
            Ok(Ok(())) => (StatusCode::OK, None),
            Ok(Err(_)) => (StatusCode::SERVICE_UNAVAILABLE, Some("the database does not answer")),
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, Some("the database is too slow to answer")),
        }
    };
    let body = match reason {
        None => json!({"status": "ready"}),
        Some(reason) => json!({"status": "unavailable", "reason": reason}),
    };
    uncached((status, Json(body)).into_response())
}

fn uncached(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control::PRIVATE));
    response
}
