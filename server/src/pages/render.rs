//! A loaded page as HTML: Trunk's `index.html` with the page rendered inside
//! `#govblog` by the app's own components (the `ssr` build of the SPA
//! crate), the same data as JSON for the app to start from, and the head
//! tags crawlers and link previews read.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use govblog_shared::head;
use govblog_shared::html::escape;
use govblog_shared::page::{Content, Frame, Head, Page, PageData};

use super::load;
use crate::cache_control;
use crate::state::{AppState, IndexPage};

/// Who may keep a copy of the answer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// The same for every reader.
    Public,
    /// Shows one reader's own state (what they sent, a link from their
    /// email): no cache, shared or private, may keep it.
    Private,
}

/// The empty element in Trunk's `index.html` that the app mounts into.
const MOUNT_POINT: &str = "<div id=\"govblog\" class=\"govuk-frontend-supported\"></div>";

/// `page` as the whole HTML document, with the page's status; a page that
/// moved, as a permanent redirect.
pub async fn html(state: &AppState, page: Page, caching: Caching) -> Response {
    let frame = if state.settings.ssr && !matches!(page.content, Content::Redirect { .. }) {
        match load::frame(state).await {
            Ok(frame) => Some(frame),
            Err(e) => {
                tracing::error!(error = %e, "loading a page failed");
                let template = state.index.html().unwrap_or(crate::error::UNAVAILABLE).to_owned();
                return (StatusCode::INTERNAL_SERVER_ERROR, Html(template)).into_response();
            }
        }
    } else {
        None
    };
    document(&state.index, frame, page, caching).await
}

/// `page` in the frame around it as the whole HTML document (or, without
/// a frame, the bare app: only for measuring what server rendering saves).
pub async fn document(index: &IndexPage, frame: Option<Frame>, page: Page, caching: Caching) -> Response {
    if let Content::Redirect { location } = &page.content {
        // 301, as WordPress answers; axum's permanent redirect is a 308.
        let mut response =
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location.as_str())]).into_response();
        let cache = if caching == Caching::Public { cache_control::SHARED } else { cache_control::PRIVATE };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        return response;
    }
    let Some(template) = index.html() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "The blog's pages are not built yet.").into_response();
    };
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK);
    let mut response = match frame {
        Some(frame) => {
            let head = head_tags(&page.head, page.has_form_errors());
            let data = PageData { frame, page };
            let json = script_json(&serde_json::to_string(&data).unwrap_or_default());
            // Rendering is synchronous CPU work: keep it off the async threads.
            let body =
                tokio::task::spawn_blocking(move || govblog::render_page(data)).await.unwrap_or_default();
            let html = template.replacen("<title>Blog</title>", &head, 1).replacen(
                MOUNT_POINT,
                &format!(
                    "<div id=\"govblog\" class=\"govuk-frontend-supported\">{body}</div>\n    \
                     <script type=\"application/json\" id=\"govblog-data\">{json}</script>"
                ),
                1,
            );
            (status, Html(html)).into_response()
        }
        // Only for measuring what server rendering saves: the bare app.
        None => (status, Html(template.to_owned())).into_response(),
    };
    let cache = match caching {
        Caching::Public => cache_control::SHARED,
        Caching::Private => cache_control::PRIVATE,
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The `<head>` tags for a page: title, description, canonical link, Open
/// Graph, Twitter card and a post's JSON-LD. Every value is escaped.
pub fn head_tags(head: &Head, has_errors: bool) -> String {
    let title = head::with_error(&head.title, has_errors);
    let mut tags = vec![
        format!("<title>{}</title>", escape(&title)),
        meta_name("description", &head.description),
        format!("<link rel=\"canonical\" href=\"{}\">", escape(&head.canonical)),
        meta_property("og:title", &head.name),
        meta_property("og:description", &head.description),
        meta_property("og:url", &head.canonical),
        meta_property("og:type", &head.kind),
        meta_property("og:image", &head.image.url),
    ];
    if let (Some(w), Some(h)) = (head.image.width, head.image.height) {
        tags.push(meta_property("og:image:width", &w.to_string()));
        tags.push(meta_property("og:image:height", &h.to_string()));
    }
    tags.push(meta_property("og:image:alt", &head.image.alt));
    tags.push(meta_property("og:site_name", &head.site_name));
    tags.push(meta_name("twitter:card", "summary_large_image"));
    tags.push(meta_name("twitter:image:alt", &head.image.alt));
    if let Some(published) = &head.published_time {
        tags.push(meta_property("article:published_time", published));
    }
    if let Some(modified) = &head.modified_time {
        tags.push(meta_property("article:modified_time", modified));
    }
    for author in &head.authors {
        tags.push(meta_property("article:author", author));
    }
    if let Some(json_ld) = &head.json_ld {
        tags.push(format!("<script type=\"application/ld+json\">{}</script>", script_json(json_ld)));
    }
    tags.join("\n    ")
}

fn meta_name(name: &str, content: &str) -> String {
    format!("<meta name=\"{}\" content=\"{}\">", escape(name), escape(content))
}

fn meta_property(property: &str, content: &str) -> String {
    format!("<meta property=\"{}\" content=\"{}\">", escape(property), escape(content))
}

/// `html` (our own template, or a page rendered from it) without its
/// `<script>` elements: for pages served without the app.
pub fn without_scripts(html: &str) -> String {
    let mut html = html.to_owned();
    while let (Some(start), Some(end)) = (html.find("<script"), html.find("</script>")) {
        if end < start {
            break;
        }
        html.replace_range(start..end + "</script>".len(), "");
    }
    html
}

/// JSON safe inside a `<script>` data block: no `</script>`, no `<!--`,
/// whatever the posts say. The escapes are JSON's own, so it reads the same.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let mut data = PageData::default();
        data.frame.site.name = "</script><script>alert(1)</script><!--".into();
        let json = script_json(&serde_json::to_string(&data).unwrap());
        assert!(!json.contains('<') && !json.contains('>'));
        let back: PageData = serde_json::from_str(&json).unwrap();
        assert_eq!(back.frame.site.name, data.frame.site.name);
    }
}
