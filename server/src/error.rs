//! API errors: every failure under `/api/` is JSON, `{"error": {"code", "message"}}`,
//! with a 4xx status for the client's mistakes and 500 for ours.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use govblog_shared::api::{ErrorBody, ErrorDetail};
use serde::de::DeserializeOwned;

use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::Storage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            ApiError::Storage(e) => {
                tracing::error!(error = %e, "storage failed");
                "Sorry, there is a problem with the service. Try again later.".to_owned()
            }
            other => other.to_string(),
        };
        let body = ErrorBody { error: ErrorDetail { code: code.to_owned(), message } };
        (status, Json(body)).into_response()
    }
}

/// `Query<T>` whose rejection is a JSON 400 rather than axum's plain text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state).await.map(|Query(q)| ApiQuery(q)).map_err(
            |e: QueryRejection| ApiError::BadRequest(format!("Invalid query string: {}", e.body_text())),
        )
    }
}

/// `Path<T>` whose rejection is a JSON 400 (or 404 for a path that cannot exist).
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| ApiPath(p))
            .map_err(|e: PathRejection| ApiError::BadRequest(format!("Invalid path: {}", e.body_text())))
    }
}

/// Unknown routes under `/api/`: JSON 404, never the SPA's page.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound("There is no API endpoint at this address.".into())
}

pub async fn api_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed("This endpoint does not accept that method.".into())
}
