//! The pages the links in emails open: confirming a subscription, and
//! unsubscribing. Opening the link changes nothing (mail scanners open
//! links too): the reader presses the button, which posts the form to the
//! same address, or, with the app running, calls the API.

use govblog_shared::forms;
use govblog_shared::head;
use govblog_shared::page::{Outcome, SubscriptionAction};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::config::href;

#[component]
pub fn SubscriptionPage(
    action: SubscriptionAction,
    token: String,
    outcome: Option<Outcome>,
) -> impl IntoView {
    let outcome = RwSignal::new(outcome);
    let sending = RwSignal::new(false);
    let (heading, explanation, button) = match action {
        SubscriptionAction::Confirm => (
            head::CONFIRM_SUBSCRIPTION,
            // One link for both kinds: new posts, or a reader's own comment.
            "Confirm that you want the emails you asked for: about each new post, or about your comment.",
            "Confirm subscription",
        ),
        SubscriptionAction::Unsubscribe => {
            (head::UNSUBSCRIBE, "You will get no more of the emails this link came with.", "Unsubscribe")
        }
    };
    let form_token = token.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let token = token.clone();
        spawn_local(async move {
            let result = match action {
                SubscriptionAction::Confirm => api::confirm_subscription(token).await,
                SubscriptionAction::Unsubscribe => api::unsubscribe(token).await,
            };
            outcome.set(Some(match result {
                Ok(notice) => Outcome::Done(notice.message),
                Err(e) => Outcome::Failed(e.message()),
            }));
            sending.set(false);
        });
    };
    move || match outcome.get() {
        Some(Outcome::Done(message)) => view! {
            <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title">{message}</h1>
            </div>
            <p class="govuk-body"><a class="govuk-link" href=href("/")>"Go to the blog's home page"</a></p>
        }
        .into_any(),
        Some(Outcome::Failed(message)) => view! {
            <h1 class="govuk-heading-l">{message}</h1>
            <p class="govuk-body">"You can ask for a new link by subscribing again."</p>
            <p class="govuk-body"><a class="govuk-link" href=href("/")>"Go to the blog's home page"</a></p>
        }
        .into_any(),
        None => view! {
            <h1 class="govuk-heading-l">{heading}</h1>
            <p class="govuk-body">{explanation}</p>
            <form method="post" novalidate on:submit=on_submit.clone()>
                <input type="hidden" name=forms::TOKEN value=form_token.clone()/>
                <button type="submit" class="govuk-button" data-module="govuk-button"
                    aria-disabled=move || sending.get().then_some("true")>
                    {button}
                </button>
            </form>
        }
        .into_any(),
    }
}
