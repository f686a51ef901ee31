//! The GOV.UK error summary: "There is a problem", each error a link that
//! moves focus to its field. It takes focus itself when it appears, so
//! screen readers announce it: as the page loads (`autofocus`, with or
//! without the app) and when the app shows it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One problem: the message, and the `id` of the field it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field_id: &'static str,
    pub message: String,
}

#[component]
pub fn ErrorSummary(problems: Vec<Problem>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    // Focus after it is in the page, so the move is announced.
    Effect::new(move || {
        if let Some(el) = summary.get() {
            let _ = el.focus();
        }
    });
    view! {
        // `autofocus`: a page the server answered with errors puts focus
        // here as it loads, before the app runs or without JavaScript.
        <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1" autofocus
            node_ref=summary>
            <div role="alert">
                <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">
                        {problems
                            .into_iter()
                            .map(|p| {
                                let id = p.field_id;
                                view! {
                                    <li>
                                        <a href=format!("#{id}") on:click=move |ev| focus_field(ev, id)>{p.message}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
}

/// Moves focus to the field and brings its label into view, as
/// govuk-frontend's error summary does; the router would otherwise treat
/// the `#id` link as a navigation.
fn focus_field(ev: leptos::ev::MouseEvent, id: &str) {
    ev.prevent_default();
    let Some(field) = document().get_element_by_id(id) else { return };
    let label = document().query_selector(&format!("label[for='{id}']")).ok().flatten();
    if let Some(target) = label.as_ref().or(Some(&field)) {
        target.scroll_into_view();
    }
    if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
        let _ = field.focus();
    }
}

/// The inline message above a field in error.
#[component]
pub fn ErrorMessage(id: String, message: String) -> impl IntoView {
    view! {
        <p id=id class="govuk-error-message">
            <span class="govuk-visually-hidden">"Error: "</span>
            {message}
        </p>
    }
}
