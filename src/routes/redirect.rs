//! An old address (a WordPress short link or old slug) reached by in-app
//! navigation: the app moves to where the page lives now, as the server's
//! 301 does for a page load.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::config::href;

#[component]
pub fn Redirect(location: String) -> impl IntoView {
    let navigate = use_navigate();
    let target = href(&location);
    let to = target.clone();
    Effect::new(move || navigate(&to, NavigateOptions { replace: true, ..Default::default() }));
    view! {
        <h1 class="govuk-heading-l">"This page has moved"</h1>
        <p class="govuk-body"><a class="govuk-link" href=target>"Go to its new address"</a></p>
    }
}
