//! A labelled GOV.UK text input or textarea with its hint and inline error,
//! tied to both by `aria-describedby` and marked `aria-invalid` in error.

use govblog_shared::html::escape;
use leptos::prelude::*;

use super::error_summary::ErrorMessage;

/// A labelled GOV.UK input or textarea with its hint and error message.
#[component]
pub fn TextField(
    /// The control's `id` and `name`; error summaries link to it.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] multiline: bool,
    /// `text` unless given, e.g. `email`.
    #[prop(optional)]
    input_type: Option<&'static str>,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().map(|_| "true");
    let group_class = move || {
        if error.get().is_some() {
            "govuk-form-group govuk-form-group--error"
        } else {
            "govuk-form-group"
        }
    };
    let control = if multiline {
        view! {
            <textarea class=move || if error.get().is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                id=id name=id rows="8" aria-describedby=described_by.clone() aria-invalid=invalid
                // The starting text, also in the server's HTML (a property is
                // not HTML). Escaped here: Leptos writes a textarea's text
                // children into server HTML as they are.
                inner_html=escape(&value.get_untracked())
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input class=move || if error.get().is_some() { "govuk-input govuk-input--error" } else { "govuk-input" }
                id=id name=id type=input_type.unwrap_or("text") spellcheck="false"
                autocomplete=autocomplete aria-describedby=described_by aria-invalid=invalid
                value=value.get_untracked()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class=group_class>
            <label class="govuk-label govuk-label--s" for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <div id=hint_id class="govuk-hint">{hint}</div> })}
            {move || error.get().map(|message| view! { <ErrorMessage id=error_id.clone() message/> })}
            {control}
        </div>
    }
}
