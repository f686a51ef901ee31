//! Forms sent as plain HTML forms: without JavaScript, or before the app has
//! started. The app sends the same forms to the JSON API; here they arrive
//! form-encoded at the page's own address and are answered with the page.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use govblog_shared::api::CommentFormState;
use govblog_shared::permalink::Route;
use govblog_shared::validation::{validate_comment, CommentInput, Field, FieldError};

use crate::client_ip::ClientIp;
use crate::{spa, AppState};

/// A post to a post's page: its comment form, checked and stored by the
/// same rules as `POST .../comments`, then the post page again, showing what
/// is wrong beside what was typed, or thanks.
pub async fn comment(state: AppState, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let Some(Route::Post { slug, .. }) = Route::parse(parts.uri.path()) else {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let ip = match ClientIp::from_request_parts(&mut parts, &state).await {
        Ok(ClientIp(ip)) => ip,
        Err(e) => return e.into_response(),
    };
    let path = parts.uri.path().to_owned();
    let Ok(Form(mut fields)) =
        Form::<HashMap<String, String>>::from_request(Request::from_parts(parts, body), &state).await
    else {
        return (StatusCode::BAD_REQUEST, "The form could not be read.").into_response();
    };
    // Only the comment form works without script; the subscription form
    // posts here too (it must not put an address in the URL), and says so.
    if !fields.contains_key(Field::Comment.id()) {
        return (
            StatusCode::BAD_REQUEST,
            "Subscribing needs JavaScript. Go back, turn JavaScript on, and try again. Nothing was saved.",
        )
            .into_response();
    }
    let mut field = |name: &str| fields.remove(name).unwrap_or_default();
    let input = CommentInput {
        text: field(Field::Comment.id()),
        name: field(Field::Name.id()),
        email: field(Field::Email.id()),
        parent_id: None,
        website: field("website"),
    };
    let mut errors = validate_comment(&input);
    if errors.is_empty() && !input.website.is_empty() {
        // Only robots fill in the hidden field. Refuse without saying why.
        errors.push(FieldError {
            field: Field::Comment,
            message: "Your comment could not be accepted.".into(),
        });
    }
    if errors.is_empty() {
        match state.store.add_comment(slug, input.clone(), ip, state.settings.flood).await {
            Ok(Ok(comment)) => {
                tracing::info!(comment = comment.id, "comment received without script, awaiting moderation");
                let received = CommentFormState { received: true, ..Default::default() };
                return spa::render(&state, &path, "", path.clone(), Some(received)).await;
            }
            Ok(Err(refusal)) => errors.push(FieldError {
                field: Field::Comment,
                message: crate::api::refused(refusal, &state.settings.flood).to_string(),
            }),
            Err(e) => {
                tracing::error!(error = %e, "storing a comment failed");
                errors.push(FieldError {
                    field: Field::Comment,
                    message: "Your comment could not be saved. Try again later.".into(),
                });
            }
        }
    }
    let form = CommentFormState { input, errors, received: false };
    let mut response = spa::render(&state, &path, "", path.clone(), Some(form)).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}
