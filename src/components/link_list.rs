//! Lists of links in running text, as bylines and tags write them.

use govblog_shared::permalink::Route;
use leptos::prelude::*;

use crate::config::href;

/// Links separated by ", ": each separator is written only between two
/// links, so the server's HTML and the app's have the same text.
pub fn comma_separated(links: Vec<(String, Route)>) -> Vec<AnyView> {
    let mut out = Vec::new();
    for (i, (name, route)) in links.into_iter().enumerate() {
        if i > 0 {
            out.push(", ".into_any());
        }
        out.push(view! { <a class="govuk-link" href=href(&route.path())>{name}</a> }.into_any());
    }
    out
}
