//! A whole post: title, byline, body and tags, then the way to other posts.

use govblog_shared::api::Post;
use leptos::prelude::*;

use super::entry_meta::EntryMeta;
use super::post_navigation::{PostNavigation, RelatedPosts};
use crate::config::{body_links, href};

#[component]
pub fn PostBody(post: Post) -> impl IntoView {
    let summary = post.summary;
    let tag_count = summary.tags.len();
    view! {
        <article class="govblog-post">
            <h1 class="govuk-heading-xl">{summary.title}</h1>
            <EntryMeta authors=summary.authors published_at=summary.published_at categories=summary.categories/>
            // Rendered from Markdown by the shared renderer, which emits only
            // the tags and URL schemes it allows: safe to insert as HTML.
            <div class="govblog-post__body" inner_html=body_links(&post.body_html)></div>
            {(tag_count > 0).then(|| view! {
                <p class="govuk-body-s govblog-post__tags">
                    "Tags: "
                    {summary
                        .tags
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| view! {
                            <a class="govuk-link" href=href(&format!("/tag/{}/", t.slug))>{t.name}</a>
                            {if i + 1 < tag_count { ", " } else { "" }}
                        })
                        .collect_view()}
                </p>
            })}
        </article>
        <PostNavigation previous=post.previous next=post.next/>
        <RelatedPosts related=post.related/>
    }
}
