//! A post in a list: title link, byline, summary and "Read more".

use govblog_shared::api::PostSummary;
use leptos::prelude::*;

use super::entry_meta::EntryMeta;

#[component]
pub fn PostEntry(post: PostSummary) -> impl IntoView {
    let comments = match post.comment_count {
        0 => None,
        1 => Some("1 comment".to_owned()),
        n => Some(format!("{n} comments")),
    };
    let permalink = post.permalink.clone();
    view! {
        <article class="govblog-entry">
            <h2 class="govuk-heading-m">
                <a class="govuk-link" href=post.permalink.clone()>{post.title.clone()}</a>
            </h2>
            <EntryMeta authors=post.authors published_at=post.published_at categories=post.categories/>
            <p class="govuk-body">{post.summary}</p>
            <p class="govuk-body">
                <a class="govuk-link" href=post.permalink.clone()>
                    "Read more"
                    <span class="govuk-visually-hidden">" of " {post.title}</span>
                </a>
                {comments.map(|text| view! {
                    " | " <a class="govuk-link" href=format!("{permalink}#comments")>{text}</a>
                })}
            </p>
            <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible"/>
        </article>
    }
}
