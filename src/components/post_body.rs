//! A whole post: title, byline, body and tags, then its comments.

use govblog_shared::api::Post;
use leptos::prelude::*;

use super::entry_meta::EntryMeta;

#[component]
pub fn PostBody(post: Post) -> impl IntoView {
    let summary = post.summary;
    view! {
        <article class="govblog-post">
            <h1 class="govuk-heading-xl">{summary.title}</h1>
            <EntryMeta authors=summary.authors published_at=summary.published_at categories=summary.categories/>
            // Rendered from Markdown by the shared renderer, which emits only
            // the tags and URL schemes it allows: safe to insert as HTML.
            <div class="govblog-post__body" inner_html=post.body_html></div>
        </article>
    }
}
