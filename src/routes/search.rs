//! Search results, at `/?s=words` as on GOV.UK Blogs.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::app::BlogData;
use crate::components::page_title::PageTitle;
use crate::components::post_list::PostList;
use crate::routes::{preloaded, with_data};
use govblog_shared::permalink::Route;

#[component]
pub fn SearchPage(query: String, page: u32) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let path = Route::Search { query: query.clone(), page }.path();
    let data = preloaded(&path, |d| d.posts.take()).map(Ok);
    let q = query.clone();
    let fetch = move || {
        let q = q.clone();
        async move {
            match api::search(&q, page).await {
                // A query with no words, or too long: say so on the page.
                Err(ApiError::Rejected(message)) => Ok(Err(message)),
                other => other.map(Ok),
            }
        }
    };
    let terms = govblog_shared::search::terms(&query).unwrap_or_default();
    let link_query = format!("?s={}", govblog_shared::permalink::percent_encode(&query));
    let heading = format!("Search results for {query}");
    view! {
        <PageTitle text=heading.clone()/>
        <h1 class="govuk-heading-xl">{heading}</h1>
        {with_data(data, fetch, move |results| match results {
            Err(message) => view! { <p class="govuk-body">{message}</p> }.into_any(),
            Ok(page) => {
                let empty = format!("No results found on {}.", blog.site_name());
                view! {
                    <PostList page base_path="/".to_owned() empty_message=empty
                        query=link_query.clone() highlight=terms.clone()/>
                }
                .into_any()
            }
        })}
    }
}
