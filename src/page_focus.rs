//! Where keyboard and screen reader focus goes when the app changes page
//! without a page load: to the new page's `h1`, so it is announced the way a
//! full page load would be, and never left on a link that has just gone.

use std::time::Duration;

use govblog_shared::permalink::Route;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long to wait for a page's heading while its data loads.
const HEADING_WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// On every route change after the first, moves focus to `main` at once and
/// then to the new page's `h1` as soon as it has rendered.
pub fn focus_heading_on_navigation(route: Memo<Option<Route>>) {
    let navigation = StoredValue::new(0u32);
    Effect::new(move |first_page: Option<Option<Route>>| {
        let now = route.get();
        // The page the app started on is a page load: the browser's own
        // focus is right. The router may tell of that address again once it
        // has started (when the app draws the page in steps): no navigation.
        let first_page = first_page.unwrap_or_else(|| {
            let location = window().location();
            let (path, search) =
                (location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
            Route::parse_url(&crate::config::blog_path(&path), search.trim_start_matches('?'))
        });
        if navigation.get_value() == 0 && now == first_page {
            return first_page;
        }
        let this = navigation.get_value().wrapping_add(1);
        navigation.set_value(this);
        focus_selector("#main-content");
        // From the next task, once the page has let go of the last page's
        // heading (the new page, or "Loading", drawn in this one).
        let tries = (HEADING_WAIT.as_millis() / POLL.as_millis()) as u32;
        set_timeout(move || wait_for_heading(navigation, this, tries), Duration::ZERO);
        first_page
    });
}

fn wait_for_heading(navigation: StoredValue<u32>, this: u32, tries_left: u32) {
    // A newer navigation has taken over.
    if navigation.get_value() != this {
        return;
    }
    if !focus_selector("#main-content h1") && tries_left > 0 {
        set_timeout(move || wait_for_heading(navigation, this, tries_left - 1), POLL);
    }
}

/// Focuses the first element matching `selector`, making it focusable by
/// script only (`tabindex="-1"`) if it is not already; false if there is none.
pub fn focus_selector(selector: &str) -> bool {
    let Some(el) = document().query_selector(selector).ok().flatten() else {
        return false;
    };
    let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() else {
        return false;
    };
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    let _ = el.focus();
    true
}
