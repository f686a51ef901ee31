//! The GOV.UK success notification banner. It takes focus when it appears
//! (as the page loads, with `autofocus`, or when the app shows it), so
//! keyboard and screen reader users land on the confirmation.

use leptos::prelude::*;

#[component]
pub fn SuccessBanner(
    /// Unique on the page: the banner's title is labelled by it.
    id: &'static str,
    #[prop(into)] message: String,
) -> impl IntoView {
    let banner = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        if let Some(el) = banner.get() {
            let _ = el.focus();
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
            aria-labelledby=labelled_by data-module="govuk-notification-banner" tabindex="-1" autofocus
            node_ref=banner>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id=title_id>"Success"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{message}</p>
            </div>
        </div>
    }
}
