//! Who is signed in: a random session id in an `HttpOnly`, `SameSite=Strict`
//! cookie (`Secure` when the blog is served over HTTPS), of which the
//! database keeps only a hash; a new id at every sign-in; an end after an
//! hour unused or twelve hours in all. Every form carries the session's
//! token, checked on every POST, and must come from the blog's own pages.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use govblog::moderation::{Page, SignedInAs};
use govblog_shared::forms::CSRF;
use subtle::ConstantTimeEq;

use super::form::{Fields, MAX_BYTES};
use super::{failed, respond, see_other};
use crate::clock;
use crate::state::AppState;
use crate::storage::Session;

pub const SESSION_COOKIE: &str = "govblog_moderator";
/// The sign-in form's own token, before there is a session.
pub const SIGN_IN_COOKIE: &str = "govblog_sign_in";
/// A session unused this long ends.
pub const IDLE_SECS: u64 = 60 * 60;
/// A session ends this long after sign-in, however much it is used.
pub const ABSOLUTE_SECS: u64 = 12 * 60 * 60;
/// Use is recorded at most this often, to spare the database a write per page.
const TOUCH_SECS: u64 = 60;

/// A request from a signed-in moderator.
pub struct SignedIn {
    pub session: Session,
    /// The cookie's value, to end the session with.
    pub id: String,
}

impl SignedIn {
    /// What the pages show of the moderator, and the token their forms carry.
    pub fn who(&self) -> SignedInAs {
        SignedInAs { email: self.session.email.clone(), csrf: self.session.csrf_token.clone() }
    }
}

/// A form sent by a signed-in moderator, from the blog's own pages, with
/// their session's token: what every moderation POST needs before it may
/// change anything.
pub struct SignedInForm {
    pub signed_in: SignedIn,
    pub fields: Fields,
}

impl FromRequest<AppState> for SignedInForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let signed_in = SignedIn::from_request_parts(&mut parts, state).await?;
        let Ok(body) = axum::body::to_bytes(body, MAX_BYTES).await else {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response());
        };
        let fields = Fields::parse(&body);
        let token = fields.get(CSRF);
        let matches = bool::from(token.as_bytes().ct_eq(signed_in.session.csrf_token.as_bytes()));
        if matches && same_origin(&parts.headers, &state.blog.base_url) {
            Ok(SignedInForm { signed_in, fields })
        } else {
            Err(form_expired(state, Some(signed_in.who())).await)
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(id) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(sign_in_first(state, &parts.method).await);
        };
        let session = match state.blog.store.session(&id).await {
            Ok(Some(session)) => session,
            Ok(None) => return Err(sign_in_first(state, &parts.method).await),
            Err(e) => return Err(failed(e)),
        };
        if session.last_seen_at <= clock::seconds_ago(IDLE_SECS)
            || session.created_at <= clock::seconds_ago(ABSOLUTE_SECS)
        {
            if let Err(e) = state.blog.store.end_session(&id).await {
                return Err(failed(e));
            }
            return Err(sign_in_first(state, &parts.method).await);
        }
        if session.last_seen_at <= clock::seconds_ago(TOUCH_SECS) {
            if let Err(e) = state.blog.store.touch_session(&id).await {
                return Err(failed(e));
            }
        }
        Ok(SignedIn { session, id })
    }
}

/// A page asked for without a session goes to the sign-in page; a form
/// sent without one is refused, and nothing is done.
async fn sign_in_first(state: &AppState, method: &Method) -> Response {
    if method == Method::GET || method == Method::HEAD {
        return see_other("/moderate/sign-in/");
    }
    let page = Page::Problem {
        title: "You need to sign in".into(),
        message: "You have been signed out, so nothing was changed. Sign in, then try again.".into(),
    };
    respond(state, StatusCode::FORBIDDEN, None, page).await
}

/// A form whose token is missing or wrong: nothing is done.
pub async fn form_expired(state: &AppState, who: Option<SignedInAs>) -> Response {
    let page = Page::Problem {
        title: "This form has expired".into(),
        message: "Nothing was changed. Go back, reload the page, then try again.".into(),
    };
    respond(state, StatusCode::FORBIDDEN, who, page).await
}

/// The value of the cookie `name` in the request, if it is there.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| crate::tokens::is_well_formed(v))
}

/// A `Set-Cookie` value for `name`, ending with the browser session (`value`
/// set) or at once (`None`).
pub fn set_cookie(state: &AppState, name: &str, path: &str, value: Option<&str>) -> HeaderValue {
    let secure = if state.blog.base_url.starts_with("https://") { "; Secure" } else { "" };
    let cookie = match value {
        Some(v) => format!("{name}={v}; Path={path}; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{name}=; Path={path}; HttpOnly; SameSite=Strict{secure}; Max-Age=0"),
    };
    HeaderValue::from_str(&cookie).expect("cookie values are hex digits")
}

/// Whether a POST came from a page of this blog: a browser says where a
/// form came from in `Origin` (or, in older browsers and some privacy
/// settings, only in `Referer`), and its scheme, host and port must be the
/// blog's public address. A request that says neither is refused: every
/// browser sends one of them with a form. The `Host` and `X-Forwarded-*`
/// headers play no part, so behind a TLS-terminating proxy (the public
/// address `https://`, the server reached over plain HTTP) forms still
/// pass, and no header a client sets can widen the check.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Ok(public) = url::Url::parse(public_url) else { return false };
    let sent = match headers.get(header::ORIGIN) {
        Some(origin) => origin.to_str().ok(),
        None => headers.get(header::REFERER).and_then(|v| v.to_str().ok()),
    };
    // `Origin: null` (a sandboxed frame, a file) parses as no origin at all.
    let from = sent.and_then(|s| url::Url::parse(s).ok()).map(|u| u.origin());
    from.is_some_and(|from| from.is_tuple() && from == public.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn reads_only_well_formed_cookies() {
        let token = crate::tokens::new_token();
        let h = headers(&[("cookie", &format!("a=b; {SESSION_COOKIE}={token}; c=d"))]);
        assert_eq!(cookie(&h, SESSION_COOKIE), Some(token));
        let h = headers(&[("cookie", &format!("{SESSION_COOKIE}=guess"))]);
        assert_eq!(cookie(&h, SESSION_COOKIE), None);
    }

    #[test]
    fn forms_must_come_from_the_blogs_public_address() {
        let public = "https://blog.gov.uk";
        let from = |pairs: &[(&'static str, &str)]| same_origin(&headers(pairs), public);
        assert!(from(&[("origin", "https://blog.gov.uk")]));
        assert!(from(&[("origin", "https://blog.gov.uk:443")]), "the default port is the same origin");
        assert!(from(&[("referer", "https://blog.gov.uk/moderate/?done=approve")]));
        assert!(same_origin(&headers(&[("origin", "http://127.0.0.1:3000")]), "http://127.0.0.1:3000"));
        // Behind a TLS-terminating proxy the server sees plain HTTP; the browser's origin is https.
        assert!(from(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-proto", "http"),
            ("origin", "https://blog.gov.uk")
        ]));

        assert!(!from(&[]), "neither Origin nor Referer");
        assert!(!from(&[("host", "blog.gov.uk")]));
        assert!(!from(&[("origin", "https://evil.example")]));
        assert!(!from(&[("origin", "null")]));
        assert!(!from(&[("origin", "http://blog.gov.uk")]), "another scheme");
        assert!(!from(&[("origin", "https://blog.gov.uk:8443")]), "another port");
        assert!(!from(&[("origin", "https://blog.gov.uk.evil.example")]));
        assert!(!from(&[("referer", "https://evil.example/https://blog.gov.uk/")]));
        // A forwarded host is never believed: it is only a header.
        assert!(!from(&[
            ("host", "evil.example"),
            ("x-forwarded-host", "evil.example"),
            ("origin", "https://evil.example")
        ]));
        // Origin decides when both are sent.
        assert!(!from(&[("origin", "https://evil.example"), ("referer", "https://blog.gov.uk/")]));
    }
}
