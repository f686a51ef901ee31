//! govblog's single-page app: a GOV.UK blog rendered in the browser from the
//! JSON API.
//!
//! - [`api`]: the one client for the server's API; pages fetch only through it.
//! - [`routes`]: one module per page (route), which fetches its data and
//!   hands plain values to components.
//! - [`components`]: presentational parts of the page (header, byline, post
//!   entry, ...), one file each, that take data and never fetch.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod pending_comments;
pub mod routes;

/// Starts the app in the `#govblog` element if the page has one, else in `<body>`.
pub fn mount() {
    use wasm_bindgen::JsCast;

    let config = config::Config::from_page();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("govblog"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let app = move || leptos::prelude::view! { <app::App config=config.clone()/> };
    match root {
        Some(el) => leptos::mount::mount_to(el, app).forget(),
        None => leptos::mount::mount_to_body(app),
    }
}
