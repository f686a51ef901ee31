//! Search results, at `/?s=words` as on GOV.UK Blogs.

use govblog_shared::head;
use govblog_shared::page::SearchOutcome;
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use crate::components::post_list::PostList;
use crate::context::BlogData;

#[component]
pub fn SearchPage(query: String, outcome: SearchOutcome) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    match outcome {
        // No words to look for, or too many characters: say what to change.
        SearchOutcome::Problem(message) => view! {
            <h1 class="govuk-heading-xl">{head::SEARCH}</h1>
            <p class="govuk-body">{message}</p>
        }
        .into_any(),
        SearchOutcome::Results(page) => {
            let terms = govblog_shared::search::terms(&query).unwrap_or_default();
            let site_name =
                blog.site.with_untracked(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
            let empty = format!("No results found on {site_name}.");
            view! {
                <h1 class="govuk-heading-xl">{format!("{}{query}", head::SEARCH_RESULTS_FOR)}</h1>
                <PostList page list=Route::Search { query, page: 1 } empty_message=empty highlight=terms/>
            }
            .into_any()
        }
    }
}
