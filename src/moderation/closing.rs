//! "Closing comments": on the whole blog with a message for readers (a
//! pre-election period), or on one post; and opening them again.

use govblog_shared::api::PostLink;
use govblog_shared::forms::CSRF;
use leptos::prelude::*;

use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::success_banner::SuccessBanner;
use crate::components::text_field::TextField;

/// Which form was sent: `close-blog`, `open-blog`, `close-post` or `open-post`.
pub const WHAT: &str = "what";
pub const MESSAGE: &str = "closing-message";
pub const ADDRESS: &str = "post-address";

#[derive(Clone, Debug, Default)]
pub struct ClosingPage {
    /// Why comments are closed on every post; empty while they are open.
    pub blog_closed: String,
    /// Posts whose own comments are closed.
    pub closed_posts: Vec<PostLink>,
    /// What was typed, shown again with its problem.
    pub message: String,
    pub address: String,
    pub problems: Vec<Problem>,
    pub done: Option<String>,
}

#[component]
pub fn Closing(page: ClosingPage, csrf: String) -> impl IntoView {
    let error_for = |id: &str| {
        let message = page.problems.iter().find(|p| p.field_id == id).map(|p| p.message.clone());
        Signal::derive(move || message.clone())
    };
    let (message_error, address_error) = (error_for(MESSAGE), error_for(ADDRESS));
    let blog = if page.blog_closed.is_empty() {
        view! {
            <p class="govuk-body">"Comments are open on every post that allows them."</p>
            <form method="post" action="/moderate/closing/" novalidate>
                <input type="hidden" name=CSRF value=csrf.clone()/>
                <input type="hidden" name=WHAT value="close-blog"/>
                <TextField id=MESSAGE label="Message readers will see" value=RwSignal::new(page.message)
                    error=message_error multiline=true
                    hint="For example: Comments are closed during the pre-election period."/>
                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                    "Close comments on every post"
                </button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <p class="govuk-body">"Comments are closed on every post. Readers see:"</p>
            <div class="govuk-inset-text">{page.blog_closed.clone()}</div>
            <form method="post" action="/moderate/closing/" novalidate>
                <input type="hidden" name=CSRF value=csrf.clone()/>
                <input type="hidden" name=WHAT value="open-blog"/>
                <button type="submit" class="govuk-button" data-module="govuk-button">"Open comments again"</button>
            </form>
        }
        .into_any()
    };
    let closed_posts = page.closed_posts.clone();
    view! {
        {page.done.map(|message| view! { <SuccessBanner id="closing-banner" message/> })}
        {(!page.problems.is_empty()).then(|| view! { <ErrorSummary problems=page.problems.clone()/> })}
        <h1 class="govuk-heading-l">"Closing comments"</h1>
        <h2 class="govuk-heading-m">"On the whole blog"</h2>
        {blog}
        <h2 class="govuk-heading-m">"On one post"</h2>
        <form method="post" action="/moderate/closing/" novalidate>
            <input type="hidden" name=CSRF value=csrf.clone()/>
            <input type="hidden" name=WHAT value="close-post"/>
            <TextField id=ADDRESS label="Address of the post" value=RwSignal::new(page.address)
                error=address_error input_type="url"
                hint="Copy it from the post's page, for example https://blog.example.gov.uk/2026/01/15/my-post/"/>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                "Close comments on this post"
            </button>
        </form>
        {(!closed_posts.is_empty()).then(|| view! {
            <h3 class="govuk-heading-s">"Posts with comments closed"</h3>
            <ul class="govuk-list">
                {closed_posts.into_iter().map(|post| view! {
                    <li>
                        <form method="post" action="/moderate/closing/" class="govblog-inline-form">
                            <input type="hidden" name=CSRF value=csrf.clone()/>
                            <input type="hidden" name=WHAT value="open-post"/>
                            <input type="hidden" name=ADDRESS value=post.permalink.clone()/>
                            <a class="govuk-link govuk-!-margin-right-2" href=post.permalink>{post.title.clone()}</a>
                            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                                "Open comments"<span class="govuk-visually-hidden">{format!(" on {}", post.title)}</span>
                            </button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}
