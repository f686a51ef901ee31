//! Moderation over HTTP, for moderators holding the token set in
//! `GOVBLOG_ADMIN_TOKEN`. With no token set these endpoints are switched off.
//! Wrong tokens are limited per address, counted before the comparison (as
//! sign-in attempts are), so guesses sent at once are limited too.

use axum::extract::{FromRequestParts, State};
use axum::http::{header, request::Parts};
use axum::Json;
use govblog_shared::api::{ErrorBody, ModerationItem, Notice};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::client_ip::ClientIp;
use crate::clock;
use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::state::AppState;
use crate::storage::{CommentStatus, Limit};

/// Wrong tokens allowed from one address in [`WINDOW_SECS`]; past them,
/// even the right one is refused from there until the window passes.
const WRONG_PER_ADDRESS: i64 = 10;
const WINDOW_SECS: u64 = 15 * 60;

/// Who the moderation record says acted, for requests with the token.
const ADMIN_API: &str = "admin API";

/// A request that carried the moderators' token.
pub struct Moderator;

impl FromRequestParts<AppState> for Moderator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(expected) = state.settings.admin_token.as_deref() else {
            return Err(ApiError::Forbidden(
                "The admin API is switched off: no GOVBLOG_ADMIN_TOKEN is set.".into(),
            ));
        };
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        let key = format!("admin-token:{ip}");
        let since = clock::seconds_ago(WINDOW_SECS);
        let limit = [Limit { key: &key, max: WRONG_PER_ADDRESS }];
        let Some(attempt) = state.blog.store.begin_attempt(&limit, &[], &since).await? else {
            tracing::warn!(address = %ip, "admin API refused: too many wrong tokens");
            state.blog.metrics.throttled("admin_token_limit");
            return Err(ApiError::TooManyRequests(
                "Too many wrong tokens from this address. Wait 15 minutes, then try again.".into(),
            ));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        // Compared in constant time, so timing never tells how much of a guess was right.
        if bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
            state.blog.store.forget_attempt(&attempt).await?;
            Ok(Moderator)
        } else {
            tracing::warn!(address = %ip, "admin API refused: wrong token");
            Err(ApiError::Unauthorized)
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    /// `pending` (the default), `approved`, `rejected` or `spam`.
    status: Option<String>,
}

/// Comments awaiting moderation (or with another status), oldest first.
#[utoipa::path(get, path = "/api/v1/admin/comments", tag = "moderation",
    params(QueueQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ModerationItem>), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_comments(
    _: Moderator,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<Vec<ModerationItem>>, ApiError> {
    let status = match q.status.as_deref() {
        None => CommentStatus::Pending,
        Some(s) => CommentStatus::parse(s).ok_or_else(|| {
            ApiError::BadRequest("status must be pending, approved, rejected or spam".into())
        })?,
    };
    Ok(Json(state.blog.store.moderation_queue(status, i64::MAX).await?))
}

/// Approves, rejects or marks a comment as spam: `action` is `approve`, `reject` or `spam`.
#[utoipa::path(post, path = "/api/v1/admin/comments/{id}/{action}", tag = "moderation",
    params(("id" = i64, Path), ("action" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Notice), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn moderate(
    _: Moderator,
    State(state): State<AppState>,
    ApiPath((id, action)): ApiPath<(i64, String)>,
) -> Result<Json<Notice>, ApiError> {
    let status = match action.as_str() {
        "approve" => CommentStatus::Approved,
        "reject" => CommentStatus::Rejected,
        "spam" => CommentStatus::Spam,
        _ => return Err(ApiError::NotFound("The action must be approve, reject or spam".into())),
    };
    if state.blog.store.comment_status(id).await?.is_none() {
        return Err(ApiError::NotFound(format!("There is no comment {id}")));
    }
    crate::comments::decide(&state.blog.store, &state.blog.base_url, &[id], status, ADMIN_API).await?;
    state.blog.mail_queued();
    Ok(Json(Notice { message: format!("Comment {id} is now {}", status.as_str()) }))
}
