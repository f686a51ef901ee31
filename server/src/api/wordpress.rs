//! WordPress's plugin saying something changed on the site this blog
//! follows: checked ([`Following::check_call`]), then a sync is asked for.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use govblog_shared::api::{ErrorBody, Notice, WordPressChange};

use crate::clock;
use crate::error::ApiError;
use crate::following::Changed;
use crate::state::AppState;

/// Says a post, page, comment or term changed on the WordPress this blog
/// follows, so it is copied at once rather than at the next poll. Signed:
/// `X-Govblog-Timestamp` (Unix seconds, within 5 minutes) and
/// `X-Govblog-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`
/// with `GOVBLOG_WORDPRESS_SECRET`; each call is taken once.
#[utoipa::path(post, path = "/api/v1/wordpress/changed", tag = "wordpress",
    request_body = WordPressChange,
    responses((status = 202, body = Notice), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "This blog follows no WordPress", body = ErrorBody),
        (status = 409, description = "The same call again", body = ErrorBody)))]
pub async fn changed(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    let Some(following) = state.blog.following() else {
        return Err(ApiError::NotFound("This blog follows no WordPress.".into()));
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    following.check_call(
        header("x-govblog-timestamp"),
        header("x-govblog-signature"),
        &body,
        clock::unix_now(),
    )?;
    let change: WordPressChange = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("Invalid request body: {e}")))?;
    let changed = match (change.changed.as_str(), change.id) {
        ("post", _) => Changed::Post,
        ("term", _) => Changed::Term,
        ("deleted", _) => Changed::Deleted,
        ("comment", Some(id)) if id > 0 => Changed::Comment(id),
        ("comment", _) => return Err(ApiError::BadRequest("A changed comment needs its id.".into())),
        _ => return Err(ApiError::BadRequest("changed must be post, comment, term or deleted.".into())),
    };
    following.ask(&changed).await?;
    Ok((StatusCode::ACCEPTED, Json(Notice { message: "The blog will copy the change now.".into() })))
}
