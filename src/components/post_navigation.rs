//! After a post: the posts before and after it, and related posts.

use govblog_shared::api::PostLink;
use leptos::prelude::*;

use crate::config::href;

#[component]
pub fn PostNavigation(previous: Option<PostLink>, next: Option<PostLink>) -> impl IntoView {
    if previous.is_none() && next.is_none() {
        return ().into_any();
    }
    view! {
        <nav class="govblog-post-navigation" aria-label="Previous and next posts">
            <ul class="govuk-list">
                {previous.map(|p| view! {
                    <li>"Previous post: " <a class="govuk-link" href=href(&p.permalink) rel="prev">{p.title}</a></li>
                })}
                {next.map(|p| view! {
                    <li>"Next post: " <a class="govuk-link" href=href(&p.permalink) rel="next">{p.title}</a></li>
                })}
            </ul>
        </nav>
    }
    .into_any()
}

#[component]
pub fn RelatedPosts(related: Vec<PostLink>) -> impl IntoView {
    if related.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="govblog-related" aria-labelledby="related-heading">
            <h2 class="govuk-heading-m" id="related-heading">"You may also be interested in"</h2>
            <ul class="govuk-list">
                {related
                    .into_iter()
                    .map(|p| view! { <li><a class="govuk-link" href=href(&p.permalink)>{p.title}</a></li> })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
