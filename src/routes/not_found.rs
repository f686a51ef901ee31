//! The GOV.UK "Page not found" page. The server sends it with status 404.

use govblog_shared::head;
use leptos::prelude::*;

use crate::config::href;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">{head::PAGE_NOT_FOUND}</h1>
        <p class="govuk-body">"If you typed the web address, check it is correct."</p>
        <p class="govuk-body">"If you pasted the web address, check you copied the entire address."</p>
        <p class="govuk-body">
            "You can " <a class="govuk-link" href=href("/")>"go to the blog's home page"</a> " to find what you need."
        </p>
    }
}
