//! A post's page, at its permalink `/YYYY/MM/DD/slug/`.

use govblog_shared::dates::Date;
use leptos::prelude::*;

use crate::api;
use crate::components::page_title::PageTitle;
use crate::components::post_body::PostBody;
use crate::routes::loaded;

#[component]
pub fn PostPage(date: Date, slug: String) -> impl IntoView {
    let post = LocalResource::new(move || {
        let slug = slug.clone();
        async move { api::post(date, &slug).await }
    });
    loaded(post, |post| {
        view! {
            <PageTitle text=post.summary.title.clone()/>
            <PostBody post/>
        }
    })
}
