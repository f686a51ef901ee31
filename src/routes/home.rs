//! The home page: the blog's latest posts, newest first.

use govblog_shared::api::PostPage;
use govblog_shared::page::SubscribeFormState;
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use crate::components::post_list::PostList;
use crate::components::subscribe_form::SubscribeForm;
use crate::context::BlogData;

#[component]
pub fn Home(posts: PostPage, subscribe_form: SubscribeFormState) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let description =
        move || blog.site.with(|s| s.as_ref().map(|s| s.description.clone()).unwrap_or_default());
    let name = move || blog.site.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let page = posts.page;
    // An archived blog takes no subscriptions.
    let archived = blog.site.with_untracked(|s| s.as_ref().is_some_and(|s| s.archived));
    view! {
        <h1 class="govuk-heading-xl">
            {(page > 1).then(|| view! { <span class="govuk-caption-l">"Page " {page}</span> })}
            {name}
        </h1>
        <p class="govuk-body-l">{description}</p>
        <PostList page=posts list=Route::Home { page: 1 } empty_message="There are no posts yet."/>
        {(!archived).then(|| view! { <SubscribeForm answered=subscribe_form/> })}
    }
}
