//! Forms sent as plain HTML forms: without JavaScript, or before the app has
//! started. The app sends the same forms to the JSON API; here they arrive
//! form-encoded at the page's own address and are answered with the page.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use govblog_shared::api::{CommentFormState, SubscribeFormState};
use govblog_shared::permalink::Route;
use govblog_shared::validation::{CommentInput, Field, FieldError};

use crate::client_ip::ClientIp;
use crate::error::ApiError;
use crate::spa::{self, Answered};
use crate::AppState;

/// The form fields as sent.
type Fields = HashMap<String, String>;

/// Answers a form posted to a page: the comment form on a post's page, the
/// subscription form on the home page or a post's page.
pub async fn answer(state: AppState, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let route = Route::parse(parts.uri.path());
    let ip = match ClientIp::from_request_parts(&mut parts, &state).await {
        Ok(ClientIp(ip)) => ip,
        Err(e) => return e.into_response(),
    };
    let path = parts.uri.path().to_owned();
    let Ok(Form(fields)) = Form::<Fields>::from_request(Request::from_parts(parts, body), &state).await
    else {
        return (StatusCode::BAD_REQUEST, "The form could not be read.").into_response();
    };
    match route {
        Some(Route::Post { slug, .. }) if fields.contains_key(Field::Comment.id()) => {
            comment(state, slug, ip, path, fields).await
        }
        Some(Route::Post { .. } | Route::Home { .. }) if fields.contains_key(SUBSCRIBE_FIELD) => {
            subscribe(state, path, fields).await
        }
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

/// The subscription form's one field (its `id` and `name` in the app).
const SUBSCRIBE_FIELD: &str = "subscribe-email";

/// The subscription form: the same request as `POST /api/v1/subscriptions`,
/// then the page again with the notice, or the address and what is wrong.
async fn subscribe(state: AppState, path: String, mut fields: Fields) -> Response {
    let email = fields.remove(SUBSCRIBE_FIELD).unwrap_or_default();
    let (form, status) = match crate::api::request_subscription(&state, &email).await {
        Ok(notice) => {
            (SubscribeFormState { notice: Some(notice.message), ..Default::default() }, StatusCode::OK)
        }
        Err(ApiError::Validation(errors)) => {
            let error = errors.into_iter().next().map(|e| e.message);
            (SubscribeFormState { email, error, notice: None }, StatusCode::BAD_REQUEST)
        }
        Err(e) => {
            let (status, message) = shown(e);
            (SubscribeFormState { email, error: Some(message), notice: None }, status)
        }
    };
    let answered = Answered { subscribe_form: Some(form), ..Default::default() };
    with_status(spa::render(&state, &path, "", answered).await, status)
}

/// The comment form on a post's page, checked and stored by the same rules
/// as `POST .../comments`, then the post page again, showing what is wrong
/// beside what was typed, or thanks.
async fn comment(state: AppState, slug: String, ip: String, path: String, mut fields: Fields) -> Response {
    let mut field = |name: &str| fields.remove(name).unwrap_or_default();
    let input = CommentInput {
        text: field(Field::Comment.id()),
        name: field(Field::Name.id()),
        email: field(Field::Email.id()),
        parent_id: None,
        website: field("website"),
    };
    let (form, status) = match crate::api::receive_comment(&state, slug, input.clone(), ip).await {
        Ok(_) => (CommentFormState { received: true, ..Default::default() }, StatusCode::OK),
        Err(ApiError::Validation(errors)) => {
            (CommentFormState { input, errors, received: false }, StatusCode::BAD_REQUEST)
        }
        Err(e) => {
            let (status, message) = shown(e);
            let errors = vec![FieldError { field: Field::Comment, message }];
            (CommentFormState { input, errors, received: false }, status)
        }
    };
    let answered = Answered { comment_form: Some(form), ..Default::default() };
    with_status(spa::render(&state, &path, "", answered).await, status)
}

/// An error as the reader is shown it on the page, with its status; what
/// went wrong inside the server is logged, not shown.
fn shown(e: ApiError) -> (StatusCode, String) {
    let status = e.status_and_code().0;
    if status.is_server_error() {
        tracing::error!(error = %e, "a form could not be answered");
        (status, "Sorry, there is a problem with the service. Try again later.".to_owned())
    } else {
        (status, e.to_string())
    }
}

/// The rendered page with `status`, unless rendering itself failed.
fn with_status(mut response: Response, status: StatusCode) -> Response {
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}
