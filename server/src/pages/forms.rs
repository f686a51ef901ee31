//! Forms sent as plain HTML forms: without JavaScript, or before the app has
//! started. The app sends the same forms to the JSON API; here they arrive
//! form-encoded at the page's own address, go through the same domain
//! function, and are answered with the page showing what happened.
//!
//! The buttons on the pages emailed links open post here too, as does a
//! mail client's one-click unsubscribe (RFC 8058), which sends
//! `List-Unsubscribe=One-Click` to the link itself.

use std::collections::HashMap;

use axum::body::to_bytes;
use axum::extract::{FromRequestParts, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use govblog_shared::forms;
use govblog_shared::page::{CommentFormState, Outcome, SubscribeFormState};
use govblog_shared::permalink::Route;
use govblog_shared::validation::{thousands, CommentInput, Field, FieldError, MAX_COMMENT_CHARS};

use super::load::{self, Answered};
use super::render::{self, Caching};
use crate::client_ip::ClientIp;
use crate::comments::{self, CommentError};
use crate::error::ApiError;
use crate::state::AppState;
use crate::subscriptions::{self, SubscriptionError};

/// The form fields as sent.
type Fields = HashMap<String, String>;

/// Largest form accepted: a 5,000-character comment in any script fits.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// Answers a form posted to a page.
pub async fn answer(state: AppState, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let route = Route::parse_url(&path, &query);
    let ClientIp(ip) = match ClientIp::from_request_parts(&mut parts, &state).await {
        Ok(ip) => ip,
        Err(e) => return e.into_response(),
    };
    let page = Sent { state: &state, path: &path, query: &query };
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return page.too_large(route).await;
    };
    let fields: Option<Fields> = serde_urlencoded::from_bytes(&bytes).ok();
    match (route, fields) {
        // The token is in the link; a one-click unsubscribe may send any body.
        (Some(Route::ConfirmSubscription { token }), _) => page.subscription(token, true).await,
        (Some(Route::Unsubscribe { token }), _) => page.subscription(token, false).await,
        (Some(route @ Route::Post { .. }), Some(fields)) if fields.contains_key(forms::COMMENT) => {
            page.comment(route, ip, fields).await
        }
        (Some(Route::Post { .. } | Route::Home { .. }), Some(mut fields))
            if fields.contains_key(forms::SUBSCRIBE_EMAIL) =>
        {
            let email = fields.remove(forms::SUBSCRIBE_EMAIL).unwrap_or_default();
            page.subscribe(email).await
        }
        (Some(Route::Post { .. } | Route::Home { .. }), None) => {
            page.answered(Answered::default(), StatusCode::BAD_REQUEST).await
        }
        _ => {
            let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            response
        }
    }
}

/// The page a form was sent to.
struct Sent<'a> {
    state: &'a AppState,
    path: &'a str,
    query: &'a str,
}

impl Sent<'_> {
    /// The page again, showing `answered`, with `status` unless the page
    /// itself has a worse one (no such post: 404, nothing stored).
    async fn answered(&self, answered: Answered, status: StatusCode) -> Response {
        match load::page(self.state, self.path, self.query, "", answered).await {
            Ok(mut page) => {
                if page.status == 200 {
                    page.status = status.as_u16();
                }
                render::html(self.state, page, Caching::Private).await
            }
            Err(e) => super::failed(self.state, e),
        }
    }

    /// The comment form: checked and stored by the same rules as
    /// `POST .../comments`, then the post page again, showing what is wrong
    /// beside what was typed, or thanks.
    async fn comment(&self, route: Route, ip: String, mut fields: Fields) -> Response {
        let Route::Post { date, slug, .. } = route else { unreachable!("only posts take comments") };
        let mut field = |name: &str| fields.remove(name).unwrap_or_default();
        let parent = field(forms::PARENT);
        let input = CommentInput {
            text: field(forms::COMMENT),
            name: field(forms::NAME),
            email: field(forms::EMAIL),
            parent_id: parent.trim().parse().ok(),
            website: field(forms::HONEYPOT),
            notify: !field(forms::NOTIFY).is_empty(),
        };
        let post = match self.state.blog.store.post_at(date, &slug).await {
            Ok(Some(post)) => post,
            // No such post: its page says so, and nothing is stored.
            Ok(None) => return self.answered(Answered::default(), StatusCode::NOT_FOUND).await,
            Err(e) => return super::failed(self.state, e),
        };
        let received = comments::receive(&self.state.blog, &post, input.clone(), ip).await;
        let (form, status) = match received {
            Ok(_) => (CommentFormState { received: true, ..Default::default() }, StatusCode::OK),
            Err(CommentError::Invalid(errors)) => {
                (CommentFormState { input, errors, received: false }, StatusCode::BAD_REQUEST)
            }
            Err(e) => {
                let (status, message) = ApiError::from(e).for_page();
                let errors = vec![FieldError { field: Field::Comment, message }];
                (CommentFormState { input, errors, received: false }, status)
            }
        };
        self.answered(Answered { comment_form: Some(form), ..Default::default() }, status).await
    }

    /// The subscription form: the same request as `POST /api/v1/subscriptions`,
    /// then the page again with the notice, or the address and what is wrong.
    async fn subscribe(&self, email: String) -> Response {
        let (form, status) = match subscriptions::request(&self.state.blog, &email).await {
            Ok(notice) => (SubscribeFormState { notice: Some(notice), ..Default::default() }, StatusCode::OK),
            Err(SubscriptionError::Invalid(message)) => {
                (SubscribeFormState { email, error: Some(message), notice: None }, StatusCode::BAD_REQUEST)
            }
            Err(e) => {
                let (status, message) = ApiError::from(e).for_page();
                (SubscribeFormState { email, error: Some(message), notice: None }, status)
            }
        };
        self.answered(Answered { subscribe_form: Some(form), ..Default::default() }, status).await
    }

    /// The button on an emailed link's page (or a mail client's one-click
    /// unsubscribe): confirms or ends the subscription.
    async fn subscription(&self, token: String, confirm: bool) -> Response {
        let result = if confirm {
            subscriptions::confirm(&self.state.blog, &token).await
        } else {
            subscriptions::unsubscribe(&self.state.blog, &token).await
        };
        let (outcome, status) = match result {
            Ok(message) => (Outcome::Done(message), StatusCode::OK),
            Err(e) => {
                let (status, message) = ApiError::from(e).for_page();
                (Outcome::Failed(message), status)
            }
        };
        self.answered(Answered { subscription: Some(outcome), ..Default::default() }, status).await
    }

    /// A form too large to read: its page says so, with 413.
    async fn too_large(&self, route: Option<Route>) -> Response {
        let answered = match route {
            Some(Route::Post { .. }) => Answered {
                comment_form: Some(CommentFormState {
                    errors: vec![FieldError {
                        field: Field::Comment,
                        message: format!(
                            "Comment must be {} characters or less",
                            thousands(MAX_COMMENT_CHARS)
                        ),
                    }],
                    ..Default::default()
                }),
                ..Default::default()
            },
            Some(Route::Home { .. }) => Answered {
                subscribe_form: Some(SubscribeFormState {
                    error: Some("Enter an email address in the correct format, like name@example.com".into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
            _ => return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response(),
        };
        self.answered(answered, StatusCode::PAYLOAD_TOO_LARGE).await
    }
}
