//! The one place where failures become HTTP answers. The domain
//! ([`crate::comments`], [`crate::subscriptions`]) and storage return their
//! own errors, which know nothing of HTTP; each becomes an [`ApiError`]
//! here, with its status. Under `/api/` that is JSON,
//! `{"error": {"code", "message"}}`; a page answering a form shows the same
//! status and sentence ([`ApiError::for_page`]), so a refused comment takes
//! one path whether it came from the API or the plain form.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use govblog_shared::api::ErrorBody;
use govblog_shared::validation::{Field, FieldError};

use crate::cache_control;
use crate::comments::CommentError;
use crate::following::CallError;
use crate::storage::{Refusal, StorageError};
use crate::subscriptions::SubscriptionError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The form's fields, each with its problem.
    #[error("There is a problem with the form")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("Sign in with the moderators' token to use this endpoint.")]
    Unauthorized,
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What readers are told while the database cannot be reached.
pub const UNAVAILABLE: &str = "Sorry, the service is unavailable. Try again in a few moments.";

impl ApiError {
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::Validation(_) => (StatusCode::BAD_REQUEST, "validation"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "duplicate"),
            ApiError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Storage(e) if e.is_unavailable() => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Storage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// What readers are told when something of ours failed.
pub const SERVICE_PROBLEM: &str = "Sorry, there is a problem with the service. Try again later.";

impl ApiError {
    /// The sentence the reader is shown: the error's own, except for
    /// storage failures, which are told in general words.
    pub fn reader_message(&self) -> String {
        match self {
            ApiError::Storage(e) if e.is_unavailable() => UNAVAILABLE.to_owned(),
            ApiError::Storage(_) => SERVICE_PROBLEM.to_owned(),
            other => other.to_string(),
        }
    }

    /// Storage failures are ours: logged, with what went wrong.
    fn log(&self) {
        match self {
            ApiError::Storage(e) if e.is_unavailable() => {
                tracing::warn!(error = %e, "the database is unavailable")
            }
            ApiError::Storage(e) => tracing::error!(error = %e, "storage failed"),
            _ => {}
        }
    }

    /// The status and sentence a page answering a form shows for this error.
    pub fn for_page(&self) -> (StatusCode, String) {
        self.log();
        (self.status_and_code().0, self.reader_message())
    }

    /// This error answered outside the API with `body` (a page, or the
    /// sentence): its status, kept by no cache, and `Retry-After` while the
    /// database is away.
    pub fn with_body(&self, body: impl IntoResponse) -> Response {
        self.log();
        let (status, _) = self.status_and_code();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control::PRIVATE));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let (status, code) = self.status_and_code();
        let message = self.reader_message();
        let mut body = ErrorBody::new(code, message);
        if let ApiError::Validation(fields) = self {
            body.error.fields = fields;
        }
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// `Query<T>` whose rejection is a JSON 400 rather than axum's plain text.
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `Path<T>` whose rejection is a JSON 400.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `Json<T>` whose rejections are JSON errors: 413 for a body over the
/// limit, 415 without a JSON content type, 400 for anything malformed.
#[derive(FromRequest)]
#[from_request(via(Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::BadRequest(format!("Invalid query string: {}", e.body_text()))
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        ApiError::BadRequest(format!("Invalid path: {}", e.body_text()))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        match e {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
                "Send the request body as JSON, with Content-Type: application/json.".into(),
            ),
            e if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::PayloadTooLarge("The request is too large.".into())
            }
            e => ApiError::BadRequest(format!("Invalid request body: {}", e.body_text())),
        }
    }
}

impl From<CommentError> for ApiError {
    fn from(e: CommentError) -> Self {
        let message = e.to_string();
        match e {
            CommentError::Invalid(fields) => ApiError::Validation(fields),
            CommentError::Robot => ApiError::BadRequest(message),
            CommentError::Refused(Refusal::Closed, _) => ApiError::Forbidden(message),
            CommentError::Refused(Refusal::NoSuchParent, _) => ApiError::BadRequest(message),
            CommentError::Refused(Refusal::Duplicate, _) => ApiError::Conflict(message),
            CommentError::Refused(Refusal::TooSoon | Refusal::TooMany, _) => {
                ApiError::TooManyRequests(message)
            }
            CommentError::Storage(e) => ApiError::Storage(e),
        }
    }
}

impl From<SubscriptionError> for ApiError {
    fn from(e: SubscriptionError) -> Self {
        let message = e.to_string();
        match e {
            SubscriptionError::Invalid(message) => {
                ApiError::Validation(vec![FieldError { field: Field::Email, message }])
            }
            SubscriptionError::LinkNotValid(_) => ApiError::NotFound(message),
            SubscriptionError::MailFailed => ApiError::Unavailable(message),
            SubscriptionError::Archived => ApiError::Forbidden(message),
            SubscriptionError::Storage(e) => ApiError::Storage(e),
        }
    }
}

impl From<CallError> for ApiError {
    fn from(e: CallError) -> Self {
        let message = e.to_string();
        match e {
            CallError::NoSecret => ApiError::NotFound(message),
            CallError::BadSignature | CallError::OutOfWindow => ApiError::Forbidden(message),
            CallError::Replayed => ApiError::Conflict(message),
        }
    }
}

/// Unknown routes under `/api/`: JSON 404, never the SPA's page.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound("There is no API endpoint at this address.".into())
}

pub async fn api_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed("This endpoint does not accept that method.".into())
}
