//! Archive pages: a category's, an author's, a tag's or a month's posts,
//! with a heading that says whose they are.

use govblog_shared::api::PostPage;
use govblog_shared::page::Archive;
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_meta::Link;

use crate::components::post_list::PostList;
use crate::context::BlogData;

#[component]
pub fn ArchivePage(archive: Archive, posts: PostPage) -> impl IntoView {
    // Feeds are served by the blog itself, wherever the app is embedded.
    let site_url = expect_context::<BlogData>().site.with_untracked(|s| s.as_ref().map(|s| s.url.clone()));
    let feed = archive.feed.map(|path| {
        let href = format!("{}{path}", site_url.unwrap_or_default());
        view! { <Link rel="alternate" type_="application/atom+xml" href title="This category's posts"/> }
    });
    let empty = format!("There are no posts in {} yet.", archive.name);
    let list = Route::parse(&archive.path).unwrap_or(Route::Home { page: 1 });
    view! {
        {feed}
        <h1 class="govuk-heading-xl">
            <span class="govuk-caption-l">{archive.caption}</span>
            {archive.name}
        </h1>
        {(!archive.description.is_empty()).then(|| view! { <p class="govuk-body-l">{archive.description}</p> })}
        <PostList page=posts list empty_message=empty/>
    }
}
