//! "Reply as the blog team": the comment answered, and the reply, which is
//! published at once (approving the comment if it was waiting) and marked
//! on the blog as the blog team's.

use govblog_shared::api::ModerationItem;
use govblog_shared::forms::CSRF;
use leptos::prelude::*;

use super::{long_time, OnPost};
use crate::components::comments::paragraphs;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::text_field::TextField;

pub const TEXT: &str = "reply";

#[derive(Clone, Debug)]
pub struct ReplyPage {
    /// The comment answered.
    pub item: ModerationItem,
    /// What was typed, shown again with the problem.
    pub text: String,
    pub problem: Option<String>,
}

#[component]
pub fn Reply(page: ReplyPage, csrf: String) -> impl IntoView {
    let comment = page.item.comment.clone();
    let waiting = page.item.status == "pending";
    let problem = page.problem.clone();
    view! {
        {page.problem.clone().map(|message| view! { <ErrorSummary problems=vec![Problem { field_id: TEXT, message }]/> })}
        <h1 class="govuk-heading-l">"Reply as the blog team"</h1>
        <p class="govuk-body">
            {format!("{} ({}) commented on ", comment.author_name, page.item.author_email)}
            <OnPost item=page.item.clone()/> ", " {long_time(&comment.posted_at)} ":"
        </p>
        <div class="govuk-inset-text">{paragraphs(&comment.text)}</div>
        {waiting.then(|| view! {
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    "This comment is waiting for moderation. Replying approves it: both are published at once."
                </strong>
            </div>
        })}
        <form method="post" action=format!("/moderate/comments/{}/reply/", comment.id) novalidate>
            <input type="hidden" name=CSRF value=csrf/>
            <TextField id=TEXT label="Your reply" value=RwSignal::new(page.text)
                error=Signal::derive(move || problem.clone()) multiline=true
                hint="Published at once, under the blog's name, marked as the blog team's"/>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-module="govuk-button">"Publish reply"</button>
                <a class="govuk-link" href="/moderate/">"Cancel"</a>
            </div>
        </form>
    }
}
