//! A post's comments: pages of approved threads, and new comments from
//! readers, which are checked, stored as pending and never shown until a
//! moderator approves them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use govblog_shared::api::{Comment, CommentPage, CommentPageQuery, CommentReceipt, ErrorBody};
use govblog_shared::validation::{validate_comment, CommentInput};

use super::posts::{post_slug, PermalinkPath};
use crate::client_ip::ClientIp;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::storage::{FloodLimits, Refusal};
use crate::AppState;

/// A page of the post's approved comments: 50 threads, oldest first.
#[utoipa::path(get, path = "/api/v1/posts/{year}/{month}/{day}/{slug}/comments", tag = "comments",
    params(
        ("year" = String, Path), ("month" = String, Path), ("day" = String, Path), ("slug" = String, Path),
        CommentPageQuery,
    ),
    responses((status = 200, body = CommentPage), (status = 404, body = ErrorBody)))]
pub async fn list_comments(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<PermalinkPath>,
    ApiQuery(q): ApiQuery<CommentPageQuery>,
) -> Result<Json<CommentPage>, ApiError> {
    let slug = post_slug(&state, path).await?;
    let page = q.page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::BadRequest("page must be 1 or more".into()));
    }
    let comments = state
        .store
        .comments(slug, page)
        .await?
        .ok_or_else(|| ApiError::NotFound("There is no post at this address".into()))?;
    if page > comments.total_pages.max(1) {
        return Err(ApiError::NotFound(format!("There is no page {page} of comments")));
    }
    Ok(Json(comments))
}

/// Leaves a comment. It is stored as pending and appears once approved.
#[utoipa::path(post, path = "/api/v1/posts/{year}/{month}/{day}/{slug}/comments", tag = "comments",
    params(("year" = String, Path), ("month" = String, Path), ("day" = String, Path), ("slug" = String, Path)),
    request_body = CommentInput,
    responses(
        (status = 201, body = CommentReceipt),
        (status = 400, description = "A field is missing or wrong (`fields` says which), or the reply is to no comment", body = ErrorBody),
        (status = 403, description = "Comments are closed on this post", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
        (status = 409, description = "Duplicate comment detected", body = ErrorBody),
        (status = 413, description = "The request is too large", body = ErrorBody),
        (status = 429, description = "Too many comments from this address", body = ErrorBody),
    ))]
pub async fn add_comment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(path): ApiPath<PermalinkPath>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<(StatusCode, Json<CommentReceipt>), ApiError> {
    let slug = post_slug(&state, path).await?;
    let comment = receive(&state, slug, input, ip).await?;
    Ok((StatusCode::CREATED, Json(CommentReceipt { comment, status: "pending".into() })))
}

/// Checks a comment by the shared rules and stores it, pending moderation:
/// for the API, and for the form sent without JavaScript.
pub async fn receive(
    state: &AppState,
    slug: String,
    input: CommentInput,
    ip: String,
) -> Result<Comment, ApiError> {
    // Only robots fill in the hidden field. Refuse without saying why.
    if !input.website.is_empty() {
        return Err(ApiError::BadRequest("Your comment could not be accepted.".into()));
    }
    let errors = validate_comment(&input);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    match state.store.add_comment(slug, input, ip, state.settings.flood).await? {
        Ok(comment) => {
            tracing::info!(comment = comment.id, "comment received, awaiting moderation");
            Ok(comment)
        }
        Err(refusal) => Err(refused(refusal, &state.settings.flood)),
    }
}

/// Why a comment was not stored, as the error the reader is shown.
fn refused(refusal: Refusal, flood: &FloodLimits) -> ApiError {
    match refusal {
        Refusal::NoSuchPost => ApiError::NotFound("There is no post at this address".into()),
        Refusal::Closed => ApiError::Forbidden("Comments are closed".into()),
        Refusal::NoSuchParent => {
            ApiError::BadRequest("The comment you are replying to does not exist".into())
        }
        Refusal::Duplicate => ApiError::Conflict(
            "Duplicate comment detected; it looks as though you've already said that!".into(),
        ),
        Refusal::TooSoon => ApiError::TooManyRequests(format!(
            "You are posting comments too quickly. Wait {} seconds and try again.",
            flood.min_interval_secs
        )),
        Refusal::TooMany => ApiError::TooManyRequests(
            "You have posted too many comments in the last hour. Try again later.".into(),
        ),
    }
}
