//! "Subscribe to our email notifications of new posts": double opt-in.
//! Every request gets the same answer, so the form never tells anyone
//! whether an address is already subscribed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use govblog_shared::api::{ErrorBody, Notice, SubscriptionRequest, TokenRequest};
use govblog_shared::validation::{validate_email, Field, FieldError};

use crate::error::{ApiError, ApiJson};
use crate::mail::Mail;
use crate::storage::SubscribeOutcome;
use crate::{tokens, AppState};

/// Asks for email notifications of new posts. A confirmation link is emailed.
#[utoipa::path(post, path = "/api/v1/subscriptions", tag = "subscriptions",
    request_body = SubscriptionRequest,
    responses((status = 202, body = Notice), (status = 400, body = ErrorBody)))]
pub async fn subscribe(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SubscriptionRequest>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(request(&state, &req.email).await?)))
}

/// Checks `email`, records the request and emails the confirmation link:
/// for the API, and for the form sent without JavaScript.
pub async fn request(state: &AppState, email: &str) -> Result<Notice, ApiError> {
    if let Some(message) = validate_email(email) {
        return Err(ApiError::Validation(vec![FieldError { field: Field::Email, message }]));
    }
    let email = email.trim().to_owned();
    let confirm = tokens::new_token();
    let outcome = state.store.subscribe(email.clone(), confirm.clone(), tokens::new_token()).await?;
    let site = state.store.site().await?;
    let base = &state.base_url;
    let mail = match outcome {
        SubscribeOutcome::Confirm { unsubscribe_token } => Mail {
            to: email,
            subject: format!("Confirm your subscription to {}", site.name),
            body: format!(
                "Confirm that you want an email when {name} publishes a new post:\n\n\
                 {base}/subscribe/confirm/?token={confirm}\n\n\
                 If you did not ask for this, you do not need to do anything: without confirmation you will get no emails.\n\n\
                 Unsubscribe: {base}/unsubscribe/?token={unsubscribe_token}\n",
                name = site.name,
            ),
            unsubscribe_url: Some(format!("{base}/unsubscribe/?token={unsubscribe_token}")),
        },
        SubscribeOutcome::AlreadySubscribed { unsubscribe_token } => Mail {
            to: email,
            subject: format!("You are already subscribed to {}", site.name),
            body: format!(
                "Someone, probably you, asked to subscribe this address to {name}. It is already subscribed, so nothing has changed.\n\n\
                 Unsubscribe: {base}/unsubscribe/?token={unsubscribe_token}\n",
                name = site.name,
            ),
            unsubscribe_url: Some(format!("{base}/unsubscribe/?token={unsubscribe_token}")),
        },
    };
    if let Err(e) = state.mailer.send(mail).await {
        tracing::error!(error = %e, "subscription email not sent");
        return Err(ApiError::Unavailable(
            "We could not send the confirmation email. Try again later.".into(),
        ));
    }
    Ok(Notice { message: "Check your email: we have sent you a link to confirm your subscription.".into() })
}

/// Confirms a subscription with the token from the emailed link. Each token works once.
#[utoipa::path(post, path = "/api/v1/subscriptions/confirm", tag = "subscriptions",
    request_body = TokenRequest,
    responses((status = 200, body = Notice), (status = 404, description = "Unknown or used token", body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<Notice>, ApiError> {
    if tokens::is_well_formed(&req.token) && state.store.confirm_subscription(req.token).await? {
        Ok(Json(Notice { message: "You have subscribed".into() }))
    } else {
        Err(ApiError::NotFound("This link has expired or has already been used".into()))
    }
}

/// Ends a subscription with the token from any email's unsubscribe link.
#[utoipa::path(post, path = "/api/v1/subscriptions/unsubscribe", tag = "subscriptions",
    request_body = TokenRequest,
    responses((status = 200, body = Notice), (status = 404, body = ErrorBody)))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<Notice>, ApiError> {
    if tokens::is_well_formed(&req.token) && state.store.unsubscribe(req.token).await? {
        Ok(Json(Notice { message: "You have unsubscribed".into() }))
    } else {
        Err(ApiError::NotFound("This unsubscribe link is not valid".into()))
    }
}
