//! A post in a list: title link, byline, summary and "Read more".

use govblog_shared::api::PostSummary;
use govblog_shared::search;
use leptos::prelude::*;

use super::entry_meta::EntryMeta;
use crate::config::href;
use crate::context::BlogData;

#[component]
pub fn PostEntry(
    post: PostSummary,
    /// Words to highlight in the summary, for search results.
    #[prop(optional)]
    highlight: Vec<String>,
) -> impl IntoView {
    // Highlights are text nodes inside <mark>, never HTML built from the summary.
    let summary = search::highlight(&post.summary, &highlight)
        .into_iter()
        .map(|(text, hit)| if hit { view! { <mark>{text}</mark> }.into_any() } else { text.into_any() })
        .collect_view();
    let comments = match post.comment_count {
        0 => None,
        1 => Some("1 comment".to_owned()),
        n => Some(format!("{n} comments")),
    };
    let permalink = post.permalink.clone();
    // Images load from the blog itself, wherever the app is embedded. A
    // path is the blog's, so it waits for the blog's address (which an
    // embedded app asks for beside the page): without `src` the browser asks
    // nothing, where a bare path would be asked of the embedding site.
    let blog = use_context::<BlogData>();
    let image = post.image.map(|image| {
        let url = image.url;
        let src = move || {
            if !url.starts_with('/') {
                return Some(url.clone());
            }
            let site_url = blog?.site.with(|s| s.as_ref().map(|s| s.url.clone()))?;
            Some(format!("{site_url}{url}"))
        };
        view! {
            <img class="govblog-entry__image" src=src alt=image.alt loading="lazy"
                width=image.width.map(|w| w.to_string()) height=image.height.map(|h| h.to_string())/>
        }
    });
    view! {
        <article class="govblog-entry">
            <h2 class="govuk-heading-m">
                <a class="govuk-link" href=href(&post.permalink)>{post.title.clone()}</a>
            </h2>
            <EntryMeta authors=post.authors published_at=post.published_at categories=post.categories/>
            {image}
            <p class="govuk-body">{summary}</p>
            <p class="govuk-body">
                <a class="govuk-link" href=href(&post.permalink)>
                    "Read more"
                    <span class="govuk-visually-hidden">" of " {post.title}</span>
                </a>
                {comments.map(|text| view! {
                    " | " <a class="govuk-link" href=href(&format!("{permalink}#comments"))>{text}</a>
                })}
            </p>
            <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible"/>
        </article>
    }
}
