//! "Leave a comment", as on GOV.UK Blogs, with the GOV.UK error summary
//! pattern done fully: the summary takes focus, its links move focus to the
//! fields, every field in error has `aria-invalid` and `aria-describedby`,
//! and the page title starts "Error: ". The rules are the shared crate's,
//! the same the server applies.

use govblog_shared::api::Comment;
use govblog_shared::dates::Date;
use govblog_shared::forms;
use govblog_shared::page::CommentFormState;
use govblog_shared::permalink::Route;
use govblog_shared::validation::{validate_comment, CommentInput, Field, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::error_summary::{ErrorSummary, Problem};
use super::success_banner::SuccessBanner;
use super::text_field::TextField;
use crate::api::{self, ApiError};
use crate::config::href;
use crate::context::TitleError;

/// Whom the reader is replying to: the comment's id and author.
pub type ReplyTo = Option<(i64, String)>;

fn problems_from(fields: Vec<FieldError>) -> Vec<Problem> {
    fields.into_iter().map(|e| Problem { field_id: e.field.id(), message: e.message }).collect()
}

#[component]
pub fn CommentForm(
    date: Date,
    slug: String,
    privacy_notice_url: String,
    replying_to: RwSignal<ReplyTo>,
    /// The form as the server answered it, when it was sent without
    /// JavaScript: what was typed and what is wrong, or that it arrived.
    answered: CommentFormState,
    /// Called with the stored comment, which awaits moderation.
    on_posted: Callback<Comment>,
) -> impl IntoView {
    let text = RwSignal::new(answered.input.text);
    let name = RwSignal::new(answered.input.name);
    let email = RwSignal::new(answered.input.email);
    let website = RwSignal::new(String::new());
    let notify = RwSignal::new(answered.input.notify);
    let problems = RwSignal::new(problems_from(answered.errors));
    let sending = RwSignal::new(false);
    let thanks = RwSignal::new(answered.received);
    let title_error = expect_context::<TitleError>();
    let cancel_href = href(&Route::post(date, &slug).path()) + "#respond";
    Effect::new(move || title_error.0.set(!problems.get().is_empty()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second click while the first is on its way sends nothing.
        if sending.get_untracked() {
            return;
        }
        thanks.set(false);
        let input = CommentInput {
            text: text.get_untracked(),
            name: name.get_untracked(),
            email: email.get_untracked(),
            parent_id: replying_to.get_untracked().map(|(id, _)| id),
            website: website.get_untracked(),
            notify: notify.get_untracked(),
        };
        let errors = validate_comment(&input);
        if !errors.is_empty() {
            problems.set(problems_from(errors));
            return;
        }
        sending.set(true);
        let slug = slug.clone();
        spawn_local(async move {
            match api::add_comment(date, &slug, &input).await {
                Ok(receipt) => {
                    text.set(String::new());
                    name.set(String::new());
                    email.set(String::new());
                    notify.set(false);
                    problems.set(Vec::new());
                    replying_to.set(None);
                    thanks.set(true);
                    on_posted.run(receipt.comment);
                }
                Err(ApiError::Invalid(fields)) => problems.set(problems_from(fields)),
                Err(ApiError::Rejected(message)) => {
                    problems.set(vec![Problem { field_id: Field::Comment.id(), message }])
                }
                // What was typed stays in the form, ready to send again.
                Err(ApiError::Failed(_)) => problems.set(vec![Problem {
                    field_id: Field::Comment.id(),
                    message: "Your comment could not be sent. Check your connection, then select \
                              Submit comment to try again."
                        .into(),
                }]),
            }
            sending.set(false);
        });
    };

    let error_for = move |field: Field| {
        problems.with(|p| p.iter().find(|p| p.field_id == field.id()).map(|p| p.message.clone()))
    };
    let heading = move || match replying_to.get() {
        Some((_, who)) => format!("Leave a reply to {who}"),
        None => "Leave a comment".to_owned(),
    };
    view! {
        <section id="respond" class="govblog-comment-form" aria-labelledby="respond-heading">
            {move || thanks.get().then(|| view! {
                <SuccessBanner id="comment-banner"
                    message="Thank you for your comment. It will appear on this page once it has been approved."/>
            })}
            <h2 class="govuk-heading-m" id="respond-heading">{heading}</h2>
            {move || replying_to.get().map(|_| view! {
                <p class="govuk-body">
                    // Without JavaScript, the post's page without `?replytocom=`.
                    <a class="govuk-link" href=cancel_href.clone() on:click=move |ev| {
                        ev.prevent_default();
                        replying_to.set(None);
                    }>"Cancel reply"</a>
                </p>
            })}
            {move || {
                let p = problems.get();
                (!p.is_empty()).then(|| view! { <ErrorSummary problems=p/> })
            }}
            // `post`: were it sent before the app has started, the address
            // must not end up in the URL, the history and server logs.
            // No `#respond` in the action: a page whose address has a
            // fragment is not allowed `autofocus`, and the answer's error
            // summary or success banner takes focus (and scrolls itself
            // into view) as it loads.
            <form method="post" novalidate on:submit=on_submit>
                {move || replying_to.get().map(|(id, _)| view! {
                    <input type="hidden" name=forms::PARENT value=id.to_string()/>
                })}
                <TextField id=Field::Comment.id() label="Enter your comment" value=text
                    error=Signal::derive(move || error_for(Field::Comment)) multiline=true/>
                <TextField id=Field::Name.id() label="Name" value=name
                    error=Signal::derive(move || error_for(Field::Name)) autocomplete="name"/>
                <TextField id=Field::Email.id() label="Email" value=email
                    error=Signal::derive(move || error_for(Field::Email)) input_type="email" autocomplete="email"
                    hint="We only ask for your email address so we know you're a real person"/>
                <div class="govuk-form-group">
                    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id=forms::NOTIFY name=forms::NOTIFY type="checkbox"
                                value="yes" aria-describedby="notify-hint" checked=notify.get_untracked()
                                prop:checked=move || notify.get()
                                on:change=move |ev| notify.set(event_target_checked(&ev))/>
                            <label class="govuk-label govuk-checkboxes__label" for=forms::NOTIFY>
                                "Email me when my comment is published and when someone replies"
                            </label>
                            <div id="notify-hint" class="govuk-hint govuk-checkboxes__hint">
                                "We will email you a link to confirm this first. Every email has a link to stop them."
                            </div>
                        </div>
                    </div>
                </div>
                // Robots fill in every field; people never see this one.
                <div class="govuk-visually-hidden" aria-hidden="true">
                    <label for=forms::HONEYPOT>"Leave this field empty"</label>
                    <input id=forms::HONEYPOT name=forms::HONEYPOT type="text" tabindex="-1" autocomplete="off"
                        prop:value=move || website.get() on:input=move |ev| website.set(event_target_value(&ev))/>
                </div>
                <div class="govuk-inset-text">
                    "By submitting a comment you understand it may be published on this public website. If you ask to \
                     hear back, your email address is used only to send you those emails. Please read our "
                    <a class="govuk-link" href=privacy_notice_url rel="external">"privacy notice"</a>
                    " to see how the GOV.UK blogging platform handles your information."
                </div>
                <button type="submit" class="govuk-button" data-module="govuk-button"
                    aria-disabled=move || sending.get().then_some("true")>
                    "Submit comment"
                </button>
            </form>
        </section>
    }
}
