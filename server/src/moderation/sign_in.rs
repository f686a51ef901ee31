//! Signing in and out. Failed attempts are counted per account and per
//! address; past the limit every attempt is refused with the same message,
//! right password or not, and no answer ever says whether an account exists.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use govblog::components::error_summary::Problem;
use govblog::moderation::sign_in::{SignInPage, EMAIL, PASSWORD};
use govblog::moderation::Page;
use govblog_shared::forms::CSRF;
use subtle::ConstantTimeEq;

use super::form::Fields;
use super::session::{self, cookie, set_cookie, SignedInForm, SESSION_COOKIE, SIGN_IN_COOKIE};
use super::{failed, respond, see_other};
use crate::client_ip::ClientIp;
use crate::{clock, passwords, tokens, AppState};

/// Failed sign-ins allowed per account, and per address, in [`WINDOW_SECS`].
const PER_ACCOUNT: i64 = 5;
const PER_ADDRESS: i64 = 20;
const WINDOW_SECS: u64 = 15 * 60;

const WRONG: &str = "The email address or password is not right";
const THROTTLED: &str = "There have been too many attempts to sign in. Wait 15 minutes, then try again.";

pub async fn show(State(state): State<AppState>) -> Response {
    form(&state, StatusCode::OK, SignInPage::default()).await
}

/// The sign-in form with a new token, set in its cookie too.
async fn form(state: &AppState, status: StatusCode, mut page: SignInPage) -> Response {
    page.csrf = tokens::new_token();
    let cookie = set_cookie(state, SIGN_IN_COOKIE, "/moderate/sign-in/", Some(&page.csrf));
    let mut response = respond(state, status, None, Page::SignIn(page)).await;
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = Fields::parse(&body);
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or_default();
    let token = fields.get(CSRF);
    if expected.is_empty()
        || !bool::from(token.as_bytes().ct_eq(expected.as_bytes()))
        || !session::same_origin(&headers)
    {
        return session::form_expired(&state, None).await;
    }
    let email = fields.get(EMAIL).trim().to_lowercase();
    let password = fields.get(PASSWORD).to_owned();
    let mut problems = Vec::new();
    if email.is_empty() {
        problems.push(Problem { field_id: EMAIL, message: "Enter your email address".into() });
    }
    if password.is_empty() {
        problems.push(Problem { field_id: PASSWORD, message: "Enter your password".into() });
    }
    let again = |problems, status| {
        let page = SignInPage { email: email.clone(), problems, ..Default::default() };
        let state = state.clone();
        async move { form(&state, status, page).await }
    };
    if !problems.is_empty() {
        return again(problems, StatusCode::BAD_REQUEST).await;
    }
    let keys = [format!("account:{email}"), format!("address:{ip}")];
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let since = clock::seconds_ago(WINDOW_SECS);
    match state.store.sign_in_failures(&keys, &since).await {
        Ok(counts) if counts[0] >= PER_ACCOUNT || counts[1] >= PER_ADDRESS => {
            tracing::warn!("sign-in refused: too many failed attempts");
            return again(
                vec![Problem { field_id: EMAIL, message: THROTTLED.into() }],
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await;
        }
        Ok(_) => {}
        Err(e) => return failed(e),
    }
    let account = match state.store.moderator_password(&email).await {
        Ok(account) => account,
        Err(e) => return failed(e),
    };
    // Hashing is slow on purpose: off the async threads.
    let stored = account.as_ref().map(|(_, hash)| hash.clone());
    let right = tokio::task::spawn_blocking(move || passwords::verify(&password, stored.as_deref()))
        .await
        .unwrap_or(false);
    let Some((moderator_id, _)) = account.filter(|_| right) else {
        if let Err(e) = state.store.record_sign_in_failure(&keys, &since).await {
            return failed(e);
        }
        tracing::info!("sign-in failed");
        return again(vec![Problem { field_id: EMAIL, message: WRONG.into() }], StatusCode::BAD_REQUEST)
            .await;
    };
    // Always a new session id: one the browser had before is ended, never reused.
    let (id, csrf) = (tokens::new_token(), tokens::new_token());
    let replacing = cookie(&headers, SESSION_COOKIE);
    if let Err(e) = state.store.start_session(moderator_id, &id, &csrf, replacing.as_deref()).await {
        return failed(e);
    }
    tracing::info!(moderator = moderator_id, "moderator signed in");
    // Sessions that have ended are forgotten now and then: at each sign-in.
    let (idle, started) =
        (clock::seconds_ago(session::IDLE_SECS), clock::seconds_ago(session::ABSOLUTE_SECS));
    if let Err(e) = state.store.end_expired_sessions(&idle, &started).await {
        tracing::warn!(error = %e, "ended sessions not removed");
    }
    let mut response = see_other("/moderate/");
    let h = response.headers_mut();
    h.append(header::SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "/moderate/", Some(&id)));
    h.append(header::SET_COOKIE, set_cookie(&state, SIGN_IN_COOKIE, "/moderate/sign-in/", None));
    response
}

pub async fn sign_out(State(state): State<AppState>, sent: SignedInForm) -> Response {
    let signed_in = sent.signed_in;
    if let Err(e) = state.store.end_session(&signed_in.id).await {
        return failed(e);
    }
    let page = SignInPage { notice: Some("You have signed out.".into()), ..Default::default() };
    let mut response = form(&state, StatusCode::OK, page).await;
    response.headers_mut().append(header::SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "/moderate/", None));
    response
}
