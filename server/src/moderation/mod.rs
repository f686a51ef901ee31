//! The moderation area at `/moderate/`: plain HTML forms drawn on the
//! server by the app's `moderation` module, with no script at all, so
//! readers never pay for them. Every answer is private, never cached or
//! indexed, and framed by nobody.
//!
//! A request's way: [`routes`] → the page's module ([`sign_in`], [`queue`],
//! [`reply`], [`closing`], [`record`]), which checks the [`session`] and,
//! for a form, its token → the domain function in [`crate::comments`] →
//! storage → [`respond`] draws the page or redirects.

mod closing;
mod form;
mod queue;
mod record;
mod reply;
pub mod session;
mod sign_in;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use axum::Router;
use govblog::moderation::{Page, SignedInAs};

use crate::cache_control;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::StorageError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/moderate", get(|| async { Redirect::permanent("/moderate/") }))
        .route("/moderate/", get(queue::show).post(queue::decide))
        .route("/moderate/sign-in/", get(sign_in::show).post(sign_in::submit))
        .route("/moderate/sign-out/", post(sign_in::sign_out))
        .route("/moderate/comments/{id}/reply/", get(reply::show).post(reply::submit))
        .route("/moderate/closing/", get(closing::show).post(closing::submit))
        .route("/moderate/record/", get(record::show))
        .route("/moderate/{*rest}", any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(form::MAX_BYTES))
        .layer(middleware::from_fn(private))
}

/// No script may run, nothing is kept, no search engine lists it, no site frames it.
async fn private(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control::PRIVATE));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
             form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

async fn not_found(state: axum::extract::State<AppState>) -> Response {
    let page = Page::Problem {
        title: "Page not found".into(),
        message: "There is no moderation page at this address.".into(),
    };
    respond(&state, StatusCode::NOT_FOUND, None, page).await
}

/// The whole HTML document for `page`, with `status`.
pub async fn respond(
    state: &AppState,
    status: StatusCode,
    signed_in: Option<SignedInAs>,
    page: Page,
) -> Response {
    let Some(template) = state.index.html() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "The blog's pages are not built yet.").into_response();
    };
    let blog = match state.blog.store.site().await {
        Ok(site) => site.name,
        Err(e) => return failed(e),
    };
    let title = format!("{} - Moderate comments - {blog}", page.title());
    let body = tokio::task::spawn_blocking(move || govblog::moderation::render(blog, signed_in, page))
        .await
        .unwrap_or_default();
    let html = document(template, &title, &body);
    (status, Html(html)).into_response()
}

/// Trunk's page, with the app's loader taken out (moderation pages have no
/// script), the title set, and `body` in place of the app's mount point.
fn document(template: &str, title: &str, body: &str) -> String {
    let html = crate::pages::render::without_scripts(template);
    let head = format!(
        "<title>{}</title>\n    <meta name=\"robots\" content=\"noindex, nofollow\">",
        govblog_shared::html::escape(title)
    );
    let html = html.replacen("<title>Blog</title>", &head, 1);
    match (html.find("<div id=\"govblog\""), html.find("</body>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{body}\n  {}", &html[..start], &html[end..])
        }
        _ => html,
    }
}

/// The database could not answer: say so, and to try again.
pub fn failed(e: StorageError) -> Response {
    let error = ApiError::from(e);
    error.with_body(error.reader_message())
}

/// After a form: to `location`, as a GET (so reloading sends nothing twice).
pub fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn documents_have_no_script() {
        let template = "<html><head><title>Blog</title><script type=\"module\">load()</script></head>\
                        <body class=\"x\"><div id=\"govblog\" class=\"y\"></div></body></html>";
        let html = super::document(template, "Sign in <&>", "<main>hi</main>");
        assert!(!html.contains("<script"));
        assert!(html.contains("<title>Sign in &lt;&amp;&gt;</title>"));
        assert!(html.contains("<body class=\"x\"><main>hi</main>"));
        assert!(html.contains("noindex"));
    }
}
