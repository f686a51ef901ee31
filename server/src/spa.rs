//! Serving the single-page app: Trunk's `dist/` files, and `index.html` for
//! every page path (history routing) with the status the page deserves, so
//! a permalink that does not exist is a real 404 to browsers and crawlers.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use govblog_shared::api::{CommentFormState, SubscribeFormState};
use govblog_shared::permalink::Route;
use tower_http::services::ServeDir;

use crate::{pages, AppState};

/// The built `index.html`, read once at start-up.
#[derive(Clone)]
pub struct IndexPage(Arc<Option<String>>);

impl IndexPage {
    pub fn load(dist: &Path) -> IndexPage {
        let path = dist.join("index.html");
        let html = std::fs::read_to_string(&path).ok();
        if html.is_none() {
            tracing::warn!(path = %path.display(), "SPA not built: pages will answer 503 (run `make run`)");
        }
        IndexPage(Arc::new(html))
    }
}

/// Files from `dist/`, and the app's page for every other path.
pub fn routes(dist: &Path, state: AppState) -> Router<AppState> {
    // `make` writes brotli and gzip copies of the code and styles at the
    // highest settings, smaller than compressing each response on the fly.
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        // POSTs go to `page` too: the comment form sent without JavaScript.
        .call_fallback_on_method_not_allowed(true)
        .fallback(page.with_state(state));
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_static_files))
}

/// The page for a path: rendered by the app's components, with its data
/// and head tags, status 200, or the "Page not found" page with 404.
async fn page(State(state): State<AppState>, req: Request) -> Response {
    if req.method() == Method::POST {
        return crate::form_posts::answer(state, req).await;
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    render(&state, req.uri().path(), req.uri().query().unwrap_or(""), Answered::default()).await
}

/// The forms just sent without JavaScript, as the server answered them.
#[derive(Default)]
pub struct Answered {
    pub comment_form: Option<CommentFormState>,
    pub subscribe_form: Option<SubscribeFormState>,
}

impl Answered {
    fn has_errors(&self) -> bool {
        self.comment_form.as_ref().is_some_and(|f| !f.errors.is_empty())
            || self.subscribe_form.as_ref().is_some_and(|f| f.error.is_some())
    }
}

/// The page at `path` (with `query`), showing the `answered` forms' state
/// when a form was just sent.
pub async fn render(state: &AppState, path: &str, query: &str, answered: Answered) -> Response {
    let url = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let Some(template) = state.index.0.as_ref().clone() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "The blog's pages are not built yet.").into_response();
    };
    let path = path.to_owned();
    let route = Route::parse_url(&path, query);
    let data = match &route {
        Some(route) => pages::page_data(&state.store, route, &route.path(), &state.base_url).await,
        None => Ok(None),
    };
    let (status, route, data) = match data {
        Ok(Some(data)) => (StatusCode::OK, route, data),
        Ok(None) => match pages::page_data(&state.store, &Route::Home { page: 1 }, "", &state.base_url).await
        {
            // The 404 page carries the blog's settings but no content.
            Ok(Some(mut frame)) => {
                frame.posts = None;
                frame.path = path.clone();
                (StatusCode::NOT_FOUND, None, frame)
            }
            _ => return (StatusCode::INTERNAL_SERVER_ERROR, Html(template)).into_response(),
        },
        Err(e) => {
            // The page still loads; the app shows the API's error itself.
            tracing::error!(error = %e, "loading a page failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, Html(template)).into_response();
        }
    };
    if !state.settings.ssr {
        let mut response = (status, Html(template)).into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return response;
    }
    let mut site = data.site.clone();
    site.url = state.base_url.clone();
    let has_errors = answered.has_errors();
    let data = govblog_shared::api::PageData {
        site,
        comment_form: answered.comment_form,
        subscribe_form: answered.subscribe_form,
        ..data
    };
    let mut head = pages::head_tags(&data, route.as_ref(), &state.base_url);
    if has_errors {
        // As GOV.UK pages do, so screen reader users hear it first.
        head = head.replacen("<title>", "<title>Error: ", 1);
    }
    let json = pages::script_json(&data);
    let template = without_wasm_preload(&template);
    // Rendering is synchronous CPU work: keep it off the async threads.
    // A missing page renders as the app's "Page not found": at a path no
    // route matches, since the real one may look like a page (`/page/99/`).
    let url = if status == StatusCode::NOT_FOUND { "/404/".to_owned() } else { url };
    let body =
        tokio::task::spawn_blocking(move || govblog::render_page(&url, data)).await.unwrap_or_default();
    let html = template.replacen("<title>Blog</title>", &head, 1).replacen(
        MOUNT_POINT,
        &format!(
            "<div id=\"govblog\" class=\"govuk-frontend-supported\">{body}</div>\n    \
             <script type=\"application/json\" id=\"govblog-data\">{json}</script>"
        ),
        1,
    );
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Trunk's page preloads the wasm at high priority. A server-rendered page
/// already carries its text, so there the 200 KB download would only slow
/// the CSS and fonts the text waits for (measured: 0.56 s to text with the
/// preload, 0.49 s without); the app still fetches the wasm once its script
/// runs. Pages that are only the app (`GOVBLOG_SSR=false`) keep the preload.
fn without_wasm_preload(html: &str) -> String {
    let Some(start) = html.find("<link rel=\"preload\"").filter(|&i| {
        let tag_end = html[i..].find('>').map_or(html.len(), |j| i + j);
        html[i..tag_end].contains("application/wasm")
    }) else {
        return html.to_owned();
    };
    let end = html[start..].find('>').map_or(html.len(), |j| start + j + 1);
    format!("{}{}", &html[..start], &html[end..])
}

/// The empty element in Trunk's `index.html` that the app mounts into.
const MOUNT_POINT: &str = "<div id=\"govblog\" class=\"govuk-frontend-supported\"></div>";

/// Trunk puts a content hash in every built file's name, and govuk-frontend
/// in its fonts': those never change, so browsers may keep them for a year.
async fn cache_static_files(req: Request, next: Next) -> Response {
    let hashed = is_hashed_name(req.uri().path());
    let mut response = next.run(req).await;
    if response.status().is_success() && !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // Precompressed copies make the answer depend on Accept-Encoding:
        // shared caches must keep one copy per encoding.
        response.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Does the file name carry a hash: a `-` then 10 or more hex digits?
fn is_hashed_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split(['-', '.', '_'])
        .skip(1)
        .any(|part| part.len() >= 10 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{is_hashed_name, without_wasm_preload};

    #[test]
    fn hashed_names() {
        assert!(is_hashed_name("/govblog-4a2f9e1c3b5d7e8f_bg.wasm"));
        assert!(is_hashed_name("/govblog-4a2f9e1c3b5d7e8f.js"));
        assert!(is_hashed_name("/assets/fonts/bold-b542beb274-v2.woff2"));
        assert!(!is_hashed_name("/assets/images/govuk-crest.svg"));
        assert!(!is_hashed_name("/index.html"));
        assert!(!is_hashed_name("/abcdef1234"));
    }

    #[test]
    fn only_the_wasm_preload_is_dropped() {
        let html =
            "<head><link rel=\"modulepreload\" href=\"/a.js\"><link rel=\"preload\" href=\"/a_bg.wasm\" \
                    as=\"fetch\" type=\"application/wasm\"></head>";
        assert_eq!(without_wasm_preload(html), "<head><link rel=\"modulepreload\" href=\"/a.js\"></head>");
        let font = "<link rel=\"preload\" href=\"/f.woff2\" as=\"font\">";
        assert_eq!(without_wasm_preload(font), font);
    }
}
