//! The home page: the blog's latest posts, newest first.

use leptos::prelude::*;

use crate::api::{self, PostFilter};
use crate::app::BlogData;
use crate::components::page_title::PageTitle;
use crate::components::post_list::PostList;
use crate::components::subscribe_form::SubscribeForm;
use crate::routes::{preloaded, with_data};
use govblog_shared::permalink::Route;

#[component]
pub fn Home(page: u32) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let path = Route::Home { page }.path();
    let data = preloaded(&path, |d| d.posts.take());
    let description =
        move || blog.site.with(|s| s.as_ref().map(|s| s.description.clone()).unwrap_or_default());
    let title = if page > 1 { format!("Page {page}") } else { String::new() };
    view! {
        <PageTitle text=title/>
        <h1 class="govuk-heading-xl">
            {(page > 1).then(|| view! { <span class="govuk-caption-l">"Page " {page}</span> })}
            {move || blog.site_name()}
        </h1>
        <p class="govuk-body-l">{description}</p>
        {with_data(data, move || api::posts(PostFilter::All, page), |page| view! {
            <PostList page base_path="/".to_owned() empty_message="There are no posts yet."/>
        })}
        <SubscribeForm/>
    }
}
