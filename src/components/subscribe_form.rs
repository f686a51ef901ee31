//! "Subscribe to our email notifications of new posts", as on GOV.UK Blogs.
//! The server emails a confirmation link; nothing is sent until it is opened.

use govblog_shared::forms::SUBSCRIBE_EMAIL;
use govblog_shared::page::SubscribeFormState;
use govblog_shared::validation::validate_email;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::error_summary::{ErrorSummary, Problem};
use super::success_banner::SuccessBanner;
use super::text_field::TextField;
use crate::api::{self, ApiError};
use crate::context::TitleError;

#[component]
pub fn SubscribeForm(
    /// The form as the server answered it, when it was sent without
    /// JavaScript: the address and what is wrong, or the notice.
    answered: SubscribeFormState,
) -> impl IntoView {
    let email = RwSignal::new(answered.email);
    let problem = RwSignal::new(answered.error);
    let sending = RwSignal::new(false);
    let done = RwSignal::new(answered.notice);
    let title_error = expect_context::<TitleError>();
    Effect::new(move || {
        if problem.get().is_some() {
            title_error.0.set(true);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let address = email.get_untracked();
        if let Some(message) = validate_email(&address) {
            problem.set(Some(message));
            return;
        }
        sending.set(true);
        spawn_local(async move {
            match api::subscribe(address).await {
                Ok(notice) => {
                    problem.set(None);
                    email.set(String::new());
                    done.set(Some(notice.message));
                }
                Err(ApiError::Invalid(fields)) => {
                    problem.set(fields.into_iter().next().map(|f| f.message));
                }
                Err(ApiError::Rejected(m)) | Err(ApiError::Failed(m)) => problem.set(Some(m)),
            }
            sending.set(false);
        });
    };
    view! {
        <section class="govblog-subscribe-form" aria-labelledby="subscribe-heading">
            <h2 class="govuk-heading-m" id="subscribe-heading">"Subscribe to our email notifications of new posts"</h2>
            {move || done.get().map(|message| view! { <SuccessBanner id="subscribe-banner" message/> })}
            {move || problem.get().map(|message| view! {
                <ErrorSummary problems=vec![Problem { field_id: SUBSCRIBE_EMAIL, message }]/>
            })}
            // `post`: were it sent before the app has started, the address
            // must not end up in the URL, the history and server logs.
            <form method="post" novalidate on:submit=on_submit>
                <TextField id=SUBSCRIBE_EMAIL label="Email address" value=email error=problem.into()
                    input_type="email" autocomplete="email"/>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button"
                    aria-disabled=move || sending.get().then_some("true")>
                    "Subscribe"
                </button>
            </form>
        </section>
    }
}
