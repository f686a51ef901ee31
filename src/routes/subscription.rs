//! The pages the links in emails open: confirming a subscription, and
//! unsubscribing. Each acts as soon as it opens: one click from the email.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::page_title::PageTitle;
use crate::config::href;
use crate::routes::loaded;

#[component]
pub fn ConfirmSubscriptionPage(token: String) -> impl IntoView {
    let result = LocalResource::new(move || {
        let token = token.clone();
        async move { outcome(api::confirm_subscription(token).await) }
    });
    loaded(result, |message| view! { <Outcome message/> })
}

#[component]
pub fn UnsubscribePage(token: String) -> impl IntoView {
    let result = LocalResource::new(move || {
        let token = token.clone();
        async move { outcome(api::unsubscribe(token).await) }
    });
    loaded(result, |message| view! { <Outcome message/> })
}

/// A confirmation as a page title and panel; a bad link as its own message.
fn outcome(
    result: Result<govblog_shared::api::Notice, ApiError>,
) -> Result<Result<String, String>, ApiError> {
    match result {
        Ok(notice) => Ok(Ok(notice.message)),
        Err(ApiError::NotFound) => Ok(Err("This link has expired or has already been used".into())),
        Err(e) => Err(e),
    }
}

#[component]
fn Outcome(message: Result<String, String>) -> impl IntoView {
    match message {
        Ok(message) => view! {
            <PageTitle text=message.clone()/>
            <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title">{message}</h1>
            </div>
            <p class="govuk-body"><a class="govuk-link" href=href("/")>"Go to the blog's home page"</a></p>
        }
        .into_any(),
        Err(message) => view! {
            <PageTitle text=message.clone()/>
            <h1 class="govuk-heading-l">{message}</h1>
            <p class="govuk-body">"You can ask for a new link by subscribing again."</p>
            <p class="govuk-body"><a class="govuk-link" href=href("/")>"Go to the blog's home page"</a></p>
        }
        .into_any(),
    }
}
