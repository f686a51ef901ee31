//! A page of posts with pagination, or a message when there are none.

use govblog_shared::api::PostPage;
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use super::pagination::Pagination;
use super::post_entry::PostEntry;

#[component]
pub fn PostList(
    page: PostPage,
    /// The list, e.g. a category's, for links to its other pages.
    list: Route,
    #[prop(into)] empty_message: String,
    /// Words to highlight in summaries (search results).
    #[prop(optional)]
    highlight: Vec<String>,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="govuk-body">{empty_message}</p> }.into_any();
    }
    view! {
        <div class="govblog-post-list">
            {page.items.into_iter().map(|post| view! { <PostEntry post highlight=highlight.clone()/> }).collect_view()}
        </div>
        <Pagination current=page.page total_pages=page.total_pages list/>
    }
    .into_any()
}
