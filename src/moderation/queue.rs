//! "Comments to moderate": the oldest waiting first (the promise to
//! commenters is about waiting time), each with its post, author, time,
//! text and the comment it answers; approve, reject or mark as spam any
//! number at once.

use govblog_shared::api::ModerationItem;
use govblog_shared::forms::CSRF;
use leptos::prelude::*;

use super::{long_time, OnPost};
use crate::components::comments::paragraphs;
use crate::components::error_summary::{ErrorMessage, ErrorSummary, Problem};
use crate::components::success_banner::SuccessBanner;

/// The checkboxes' name; each one's value is a comment's id.
pub const COMMENT: &str = "comment";
/// The button pressed: `approve`, `reject` or `spam`.
pub const ACTION: &str = "action";
/// The first checkbox's `id`, where the error summary leads.
const FIRST: &str = "comments";

#[derive(Clone, Debug, Default)]
pub struct QueuePage {
    /// The oldest waiting comments, as many as one page holds.
    pub items: Vec<ModerationItem>,
    /// Every comment waiting.
    pub waiting: i64,
    /// What the last action did, e.g. "3 comments approved".
    pub done: Option<String>,
    pub problem: Option<String>,
    /// The WordPress this blog follows, where its comments are moderated
    /// instead (its address).
    pub moderated_in: Option<String>,
}

#[component]
pub fn Queue(page: QueuePage, csrf: String) -> impl IntoView {
    let shown = page.items.len() as i64;
    let heading = match page.waiting {
        0 => "No comments are waiting".to_owned(),
        1 => "1 comment is waiting".to_owned(),
        n => format!("{n} comments are waiting"),
    };
    let error_id = format!("{FIRST}-error");
    let group_class =
        if page.problem.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" };
    let described_by = page.problem.is_some().then(|| error_id.clone());
    view! {
        {page.done.map(|message| view! { <SuccessBanner id="moderation-banner" message/> })}
        {page.problem.clone().map(|message| view! {
            <ErrorSummary problems=vec![Problem { field_id: FIRST, message }]/>
        })}
        <h1 class="govuk-heading-l">"Comments to moderate"</h1>
        {page.moderated_in.clone().map(|site| view! {
            <div class="govuk-inset-text">
                <p class="govuk-body">"This blog follows WordPress, and its comments are moderated there: "
                    <a class="govuk-link" href=format!("{}/wp-admin/edit-comments.php", site.trim_end_matches('/'))>
                        "moderate comments in WordPress"</a>
                    ". Readers' comments made here are handed to WordPress, held for moderation, and appear here once approved there."
                </p>
            </div>
        })}
        <p class="govuk-body">{heading}
            {(page.waiting > shown).then(|| format!(". The oldest {shown} are shown."))}
        </p>
        {(!page.items.is_empty() && page.moderated_in.is_none()).then(|| view! {
            <form method="post" action="/moderate/" novalidate>
                <input type="hidden" name=CSRF value=csrf/>
                <div class=group_class>
                    <fieldset class="govuk-fieldset" aria-describedby=described_by>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                            <h2 class="govuk-fieldset__heading">"Select the comments to approve, reject or mark as spam"</h2>
                        </legend>
                        {page.problem.map(|message| view! { <ErrorMessage id=error_id.clone() message/> })}
                        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                            {page.items.into_iter().enumerate().map(|(i, item)| view! { <QueueItem item first=i == 0/> }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <div class="govuk-button-group">
                    <button type="submit" name=ACTION value="approve" class="govuk-button" data-module="govuk-button">"Approve"</button>
                    <button type="submit" name=ACTION value="reject" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Reject"</button>
                    <button type="submit" name=ACTION value="spam" class="govuk-button govuk-button--warning" data-module="govuk-button">"Mark as spam"</button>
                </div>
            </form>
        })}
    }
}

#[component]
fn QueueItem(item: ModerationItem, first: bool) -> impl IntoView {
    let id = item.comment.id;
    let input_id = if first { FIRST.to_owned() } else { format!("comment-{id}") };
    let details_id = format!("comment-{id}-details");
    let in_reply_to = item.in_reply_to.clone().map(|parent| {
        view! {
            <div class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-2">
                <p class="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                    {format!("In reply to {}:", parent.author_name)}
                </p>
                {paragraphs(&parent.text)}
            </div>
        }
    });
    view! {
        <div class="govuk-checkboxes__item govblog-queue-item">
            <input class="govuk-checkboxes__input" id=input_id.clone() name=COMMENT type="checkbox"
                value=id.to_string() aria-describedby=details_id.clone()/>
            <label class="govuk-label govuk-checkboxes__label govuk-!-font-weight-bold" for=input_id>
                {format!("{} ({})", item.comment.author_name, item.author_email)}
            </label>
            <div id=details_id class="govuk-hint govuk-checkboxes__hint">
                "On " <OnPost item=item.clone()/> ", " {long_time(&item.comment.posted_at)}
                {in_reply_to}
                <div class="govblog-queue-item__text">{paragraphs(&item.comment.text)}</div>
                <p class="govuk-body-s">
                    <a class="govuk-link" href=format!("/moderate/comments/{id}/reply/")>
                        "Reply as the blog team"
                        <span class="govuk-visually-hidden">{format!(" to {}", item.comment.author_name)}</span>
                    </a>
                </p>
            </div>
        </div>
    }
}
