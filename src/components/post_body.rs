//! A whole post: title, byline, body and tags, then the way to other posts.

use govblog_shared::api::Post;
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use super::entry_meta::EntryMeta;
use super::link_list::comma_separated;
use super::post_navigation::{PostNavigation, RelatedPosts};
use crate::config::href;

#[component]
pub fn PostBody(post: Post) -> impl IntoView {
    let summary = post.summary;
    // A post written in parts links to each of them, as WordPress's do.
    let parts = Route::parse(&summary.permalink).filter(|_| post.parts > 1).map(|route| {
        let (part, count) = (post.part, post.parts);
        view! {
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages of this post">
                <ul class="govuk-pagination__list">
                    {(1..=count)
                        .map(|n| {
                            let current = n == part;
                            view! {
                                <li class=if current { "govuk-pagination__item govuk-pagination__item--current" } else { "govuk-pagination__item" }>
                                    <a class="govuk-link govuk-pagination__link" href=href(&route.with_part(n).path())
                                        aria-label=format!("Page {n} of this post") aria-current=current.then_some("page")>{n}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    });
    // Videos are links until the reader asks to play one (the app only).
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        if let Some(_element) = body.get() {
            #[cfg(feature = "csr")]
            crate::video::offer_to_play(&_element);
        }
    });
    let tags: Vec<(String, Route)> =
        summary.tags.into_iter().map(|t| (t.name, Route::Tag { slug: t.slug, page: 1 })).collect();
    view! {
        <article class="govblog-post">
            <h1 class="govuk-heading-xl">{summary.title}</h1>
            <EntryMeta authors=summary.authors published_at=summary.published_at categories=summary.categories/>
            // Rendered by the server's renderer, which emits only the tags
            // and URL schemes it allows, its links already under the base
            // path: safe to insert as HTML.
            <div class="govblog-post__body" inner_html=post.body_html node_ref=body></div>
            {parts}
            {(!tags.is_empty()).then(|| view! {
                <p class="govuk-body-s govblog-post__tags">"Tags: " {comma_separated(tags)}</p>
            })}
        </article>
        <PostNavigation previous=post.previous next=post.next/>
        <RelatedPosts related=post.related/>
    }
}
