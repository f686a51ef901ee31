//! Signing in and out, and the limits that hold under attack:
//!
//! - each attempt is recorded *before* its password is checked, in one
//!   transaction with the counts it must stay under (see
//!   `storage::attempts`), so attempts sent at once, to one server or
//!   several, never pass the limits: 5 failures per account from one
//!   address, 20 per address, in 15 minutes;
//! - an account failing from many addresses is slowed (each attempt on it
//!   waits 2 seconds) rather than locked, so nobody can lock a moderator
//!   out by knowing their address, and the right password from a new
//!   address still signs in;
//! - at most [`passwords::AT_ONCE`] passwords are hashed at once; an
//!   attempt that cannot start within 5 seconds is answered 429;
//! - the form's token is signed with a key every server shares, so only a
//!   form this blog issued in the last hour is accepted.
//!
//! No answer ever says whether an account exists.

use std::time::Duration;

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
use crate::state::AppState;
use crate::storage::{Limit, StorageError};
use crate::{clock, passwords, tokens};

/// Failed sign-ins allowed per account from one address, and per address,
/// in [`WINDOW_SECS`].
const PER_PAIR: i64 = 5;
const PER_ADDRESS: i64 = 20;
const WINDOW_SECS: u64 = 15 * 60;
/// Failures on one account, from any addresses, past which it is under
/// attack and each attempt on it waits [`SLOWDOWN`].
const UNDER_ATTACK: i64 = 10;
const SLOWDOWN: Duration = Duration::from_secs(2);
/// How long an attempt waits for its turn to hash before it is refused.
const HASH_WAIT: Duration = Duration::from_secs(5);
/// How long a sign-in form stays good.
const FORM_MAX_AGE_SECS: u64 = 60 * 60;
/// What the form's token is signed for, so no other signed token passes.
const TOKEN_PURPOSE: &str = "moderation sign-in";

const WRONG: &str = "The email address or password is not right";
const THROTTLED: &str = "There have been too many attempts to sign in. Wait 15 minutes, then try again.";
const BUSY: &str = "There are too many attempts to sign in at the moment. Wait a minute, then try again.";

pub async fn show(State(state): State<AppState>) -> Response {
    form(&state, StatusCode::OK, SignInPage::default()).await
}

/// The key sign-in tokens are signed with: the same on every server.
async fn signing_key(state: &AppState) -> Result<&String, StorageError> {
    state.sign_in_key.get_or_try_init(|| state.blog.store.server_secret("sign-in form")).await
}

/// The sign-in form with a new signed token, set in its cookie too.
async fn form(state: &AppState, status: StatusCode, mut page: SignInPage) -> Response {
    let key = match signing_key(state).await {
        Ok(key) => key,
        Err(e) => return failed(e),
    };
    page.csrf = tokens::signed(key, TOKEN_PURPOSE, clock::unix_now());
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
    let key = match signing_key(&state).await {
        Ok(key) => key,
        Err(e) => return failed(e),
    };
    let fields = Fields::parse(&body);
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or_default();
    let token = fields.get(CSRF);
    if expected.is_empty()
        || !bool::from(token.as_bytes().ct_eq(expected.as_bytes()))
        || !tokens::verify_signed(key, TOKEN_PURPOSE, token, clock::unix_now(), FORM_MAX_AGE_SECS)
        || !session::same_origin(&headers, &state.blog.base_url)
    {
        tracing::warn!(address = %ip, "sign-in refused: form token or origin not right");
        return session::form_expired(&state, None).await;
    }
    let email = fields.get(EMAIL).trim().to_lowercase();
    let password = fields.get(PASSWORD).to_owned();
    let mut problems = Vec::new();
    if email.is_empty() {
        problems.push(Problem { field_id: EMAIL, message: "Enter your email address".into() });
    } else if email.chars().any(char::is_control) {
        // No account has one, and PostgreSQL takes no NUL in text.
        problems.push(Problem {
            field_id: EMAIL,
            message: "Enter an email address in the correct format".into(),
        });
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
    let (pair, address, account) =
        (format!("pair:{email}|{ip}"), format!("address:{ip}"), format!("account:{email}"));
    let since = clock::seconds_ago(WINDOW_SECS);
    match state.blog.store.failed_attempts(&account, &since).await {
        Ok(n) if n >= UNDER_ATTACK => {
            tracing::warn!(address = %ip, failures = n, "sign-in slowed: an account is failing from many addresses");
            tokio::time::sleep(SLOWDOWN).await;
        }
        Ok(_) => {}
        Err(e) => return failed(e),
    }
    let Ok(Ok(permit)) = tokio::time::timeout(HASH_WAIT, state.hashing.clone().acquire_owned()).await else {
        tracing::warn!(address = %ip, "sign-in refused: too many being checked at once");
        state.blog.metrics.throttled("hashing_busy");
        return again(vec![Problem { field_id: EMAIL, message: BUSY.into() }], StatusCode::TOO_MANY_REQUESTS)
            .await;
    };
    let limits = [Limit { key: &pair, max: PER_PAIR }, Limit { key: &address, max: PER_ADDRESS }];
    let attempt = match state.blog.store.begin_attempt(&limits, &[&account], &since).await {
        Ok(Some(attempt)) => attempt,
        Ok(None) => {
            tracing::warn!(address = %ip, "sign-in refused: too many failed attempts");
            state.blog.metrics.throttled("sign_in_limit");
            return again(
                vec![Problem { field_id: EMAIL, message: THROTTLED.into() }],
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await;
        }
        Err(e) => return failed(e),
    };
    let account = match state.blog.store.moderator_password(&email).await {
        Ok(account) => account,
        Err(e) => return failed(e),
    };
    // Hashing is slow on purpose: off the async threads, holding its permit.
    let stored = account.as_ref().map(|(_, hash)| hash.clone());
    let right = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        passwords::verify(&password, stored.as_deref())
    })
    .await
    .unwrap_or(false);
    let Some((moderator_id, _)) = account.filter(|_| right) else {
        tracing::info!(address = %ip, "sign-in failed");
        state.blog.metrics.sign_in_failed();
        return again(vec![Problem { field_id: EMAIL, message: WRONG.into() }], StatusCode::BAD_REQUEST)
            .await;
    };
    if let Err(e) = state.blog.store.forget_attempt(&attempt).await {
        return failed(e);
    }
    // Always a new session id: one the browser had before is ended, never reused.
    let (id, csrf) = (tokens::new_token(), tokens::new_token());
    let replacing = cookie(&headers, SESSION_COOKIE);
    if let Err(e) = state.blog.store.start_session(moderator_id, &id, &csrf, replacing.as_deref()).await {
        return failed(e);
    }
    tracing::info!(moderator = moderator_id, "moderator signed in");
    // Sessions that have ended are forgotten now and then: at each sign-in.
    let (idle, started) =
        (clock::seconds_ago(session::IDLE_SECS), clock::seconds_ago(session::ABSOLUTE_SECS));
    if let Err(e) = state.blog.store.end_expired_sessions(&idle, &started).await {
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
    if let Err(e) = state.blog.store.end_session(&signed_in.id).await {
        return failed(e);
    }
    let page = SignInPage { notice: Some("You have signed out.".into()), ..Default::default() };
    let mut response = form(&state, StatusCode::OK, page).await;
    response.headers_mut().append(header::SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "/moderate/", None));
    response
}
