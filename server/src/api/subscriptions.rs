//! Email subscriptions over HTTP: each handler calls the same function in
//! [`crate::subscriptions`] that the plain forms do.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use govblog_shared::api::{ErrorBody, Notice, SubscriptionRequest, TokenRequest};

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use crate::subscriptions;

/// Asks for email notifications of new posts. A confirmation link is emailed.
#[utoipa::path(post, path = "/api/v1/subscriptions", tag = "subscriptions",
    request_body = SubscriptionRequest,
    responses((status = 202, body = Notice), (status = 400, body = ErrorBody)))]
pub async fn subscribe(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SubscriptionRequest>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    let message = subscriptions::request(&state.blog, &req.email).await?;
    Ok((StatusCode::ACCEPTED, Json(Notice { message })))
}

/// Confirms a subscription with the token from the emailed link. Each token works once.
#[utoipa::path(post, path = "/api/v1/subscriptions/confirm", tag = "subscriptions",
    request_body = TokenRequest,
    responses((status = 200, body = Notice), (status = 404, description = "Unknown or used token", body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<Notice>, ApiError> {
    Ok(Json(Notice { message: subscriptions::confirm(&state.blog, &req.token).await? }))
}

/// Ends a subscription with the token from any email's unsubscribe link.
#[utoipa::path(post, path = "/api/v1/subscriptions/unsubscribe", tag = "subscriptions",
    request_body = TokenRequest,
    responses((status = 200, body = Notice), (status = 404, body = ErrorBody)))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<Notice>, ApiError> {
    Ok(Json(Notice { message: subscriptions::unsubscribe(&state.blog, &req.token).await? }))
}
