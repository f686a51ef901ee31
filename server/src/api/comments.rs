//! A post's comments over HTTP: pages of approved threads, and new
//! comments from readers, received by [`crate::comments::receive`] (as the
//! plain form's are), stored as pending and never shown until approved.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use govblog_shared::api::{CommentPage, CommentPageQuery, CommentReceipt, ErrorBody};
use govblog_shared::validation::CommentInput;

use super::posts::{find_post, PermalinkPath};
use crate::client_ip::ClientIp;
use crate::comments;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;

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
    let post = find_post(&state, &path).await?;
    let page = q.page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::BadRequest("page must be 1 or more".into()));
    }
    let comments = state.blog.store.comments(&post, page).await?;
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
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 429, description = "Too many comments from this address", body = ErrorBody),
    ))]
pub async fn add_comment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(path): ApiPath<PermalinkPath>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<(StatusCode, Json<CommentReceipt>), ApiError> {
    let post = find_post(&state, &path).await?;
    let comment = comments::receive(&state.blog, &post, input, ip).await?;
    Ok((StatusCode::CREATED, Json(CommentReceipt { comment, status: "pending".into() })))
}
