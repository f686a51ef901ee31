#![recursion_limit = "256"]
//! govblog's single-page app: a GOV.UK blog rendered in the browser from the
//! JSON API.
//!
//! - [`app`]: the router; the page at each address comes from the server's
//!   embedded data or, after in-app navigation, from [`api::page`].
//! - [`api`]: the one client for the server's API.
//! - [`routes`]: one module per kind of page, taking what the server's
//!   loader made for it.
//! - [`components`]: parts of the page (header, byline, post entry, ...),
//!   one file each, that take data and never fetch.
//! - [`context`]: what the parts share: the blog's frame, the first page's
//!   data, whether the title shows an error.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod context;
#[cfg(feature = "ssr")]
pub mod moderation;
pub mod page_focus;
pub mod pending_comments;
pub mod routes;
#[cfg(feature = "csr")]
pub mod takeover;
#[cfg(feature = "csr")]
pub mod video;

/// Starts the app in the `#govblog` element if the page has one, else in
/// `<body>`. When the server rendered the page, the element holds that HTML
/// and the page's data as JSON: the app starts from the same data and
/// replaces the HTML with its own identical rendering in one step, so
/// nothing moves and nothing is fetched twice; what the reader did before
/// it started (scrolling, typing) is carried across ([`takeover`]).
///
/// No step is one long task of the browser's, which a reader's click or key
/// would wait for (issue 24): the data is read in one task; the page is
/// drawn out of the document in four more (the router, the page's frame,
/// its content, the parts below it: [`context::Drawn`]), calling most of
/// the app's code for the first time, which the browser compiles then; and
/// it is put in place in a last one.
#[cfg(feature = "csr")]
pub fn mount() {
    use wasm_bindgen::JsCast;

    let config = config::Config::from_page();
    let document = web_sys::window().and_then(|w| w.document());
    let preloaded: Option<govblog_shared::page::PageData> = document
        .as_ref()
        .and_then(|d| d.get_element_by_id("govblog-data"))
        .and_then(|e| e.text_content())
        .and_then(|json| serde_json::from_str(&json).ok());
    let root = document
        .and_then(|d| d.get_element_by_id("govblog"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(el) => wasm_bindgen_futures::spawn_local(async move {
            use leptos::prelude::Set;

            use context::Step;
            let drawn = leptos::prelude::RwSignal::new(Step::Router);
            let app = move || leptos::prelude::view! { <app::App config preloaded drawn/> };
            next_task().await;
            // Drawn out of sight: the reader goes on using the server's page.
            let Some(draft) = el.owner_document().and_then(|d| d.create_element("div").ok()) else { return };
            leptos::mount::mount_to(draft.clone().unchecked_into(), app).forget();
            // Each step is drawn in the microtasks after its signal is set,
            // within that task.
            for step in [Step::Frame, Step::Content, Step::All] {
                next_task().await;
                drawn.set(step);
            }
            next_task().await;
            // Swapped in one step, before the browser paints.
            let reader = takeover::ReaderState::read(&el);
            el.set_inner_html("");
            while let Some(node) = draft.first_child() {
                let _ = el.append_child(&node);
            }
            reader.restore(&el);
            // Says the app has taken over, for tests and the host page.
            let _ = el.set_attribute("data-app", "running");
        }),
        None => {
            let app = move || {
                leptos::prelude::view! { <app::App config=config.clone() preloaded=preloaded.clone()/> }
            };
            leptos::mount::mount_to_body(app)
        }
    }
}

/// Resolves in a new task of the browser's (a zero timeout), so that what
/// follows does not lengthen the task that awaited it.
#[cfg(feature = "csr")]
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Renders a page from `data` to HTML, with the app's own components: what
/// crawlers and readers without JavaScript get.
#[cfg(feature = "ssr")]
pub fn render_page(data: govblog_shared::page::PageData) -> String {
    use leptos::prelude::*;

    let owner = Owner::new();
    owner.with(|| {
        provide_context(leptos_router::location::RequestUrl::new(&data.page.url));
        // The title and head tags are the server's own (with link previews);
        // this context just gives leptos_meta's components somewhere to write.
        let (meta, _) = leptos_meta::ServerMetaContext::new();
        provide_context(meta);
        let config = config::Config::default();
        view! { <app::App config preloaded=Some(data)/> }.to_html()
    })
}
