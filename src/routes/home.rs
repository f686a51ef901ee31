//! The home page: the blog's latest posts, newest first.

use leptos::prelude::*;

use crate::api::{self, PostFilter};
use crate::app::SiteResource;
use crate::components::page_title::PageTitle;
use crate::components::post_list::PostList;
use crate::routes::loaded;

#[component]
pub fn Home(page: u32) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let posts = LocalResource::new(move || api::posts(PostFilter::All, page));
    let description = move || {
        site.0
            .get()
            .and_then(|r| r.ok())
            .map(|s| s.description)
            .unwrap_or_default()
    };
    let title = if page > 1 {
        format!("Page {page}")
    } else {
        String::new()
    };
    view! {
        <PageTitle text=title/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">
                    {move || site.name()}
                    {(page > 1).then(|| view! { <span class="govuk-caption-m">"Page " {page}</span> })}
                </h1>
                <p class="govuk-body-l">{description}</p>
                {loaded(posts, |page| view! {
                    <PostList page base_path="/".to_owned() empty_message="There are no posts yet."/>
                })}
            </div>
        </div>
    }
}
