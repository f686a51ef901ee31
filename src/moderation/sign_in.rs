//! "Sign in": email address and password. A failed attempt is told the same
//! thing whether or not the account exists.

use govblog_shared::forms::CSRF;
use leptos::prelude::*;

use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::text_field::TextField;

pub const EMAIL: &str = "email";
pub const PASSWORD: &str = "password";

#[derive(Clone, Debug, Default)]
pub struct SignInPage {
    /// What was typed, shown again (never the password).
    pub email: String,
    pub problems: Vec<Problem>,
    /// The form's token, also set as a cookie: the two must match.
    pub csrf: String,
    /// Said above the form, e.g. "You have signed out".
    pub notice: Option<String>,
}

#[component]
pub fn SignIn(page: SignInPage) -> impl IntoView {
    let error_for = |id: &str| {
        let message = page.problems.iter().find(|p| p.field_id == id).map(|p| p.message.clone());
        Signal::derive(move || message.clone())
    };
    let email_error = error_for(EMAIL);
    let password_error = error_for(PASSWORD);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {(!page.problems.is_empty()).then(|| view! { <ErrorSummary problems=page.problems.clone()/> })}
                {page.notice.map(|n| view! { <div class="govuk-inset-text">{n}</div> })}
                <h1 class="govuk-heading-l">"Sign in"</h1>
                <p class="govuk-body">"Sign in to moderate this blog's comments."</p>
                <form method="post" action="/moderate/sign-in/" novalidate>
                    <input type="hidden" name=CSRF value=page.csrf/>
                    <TextField id=EMAIL label="Email address" value=RwSignal::new(page.email)
                        error=email_error input_type="email" autocomplete="username"/>
                    <TextField id=PASSWORD label="Password" value=RwSignal::new(String::new())
                        error=password_error input_type="password" autocomplete="current-password"/>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Sign in"</button>
                </form>
            </div>
        </div>
    }
}
