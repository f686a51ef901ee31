//! What a page shows while its data loads, and when loading fails.

use leptos::prelude::*;

/// A GOV.UK-styled loading message, announced to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="govuk-body govuk-hint" role="status" aria-live="polite">"Loading…"</p>
    }
}

/// The API failed: say so plainly and offer to try again.
#[component]
pub fn LoadError(message: String, retry: Callback<()>) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Sorry, there is a problem with the service"</h1>
        <p class="govuk-body">{message}</p>
        <button type="button" class="govuk-button" data-module="govuk-button" on:click=move |_| retry.run(())>
            "Try again"
        </button>
    }
}
