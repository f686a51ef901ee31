//! One module per kind of page. Each takes what its page shows, as the
//! server's loader made it (`govblog_shared::page::Content`), and hands
//! plain values to [`crate::components`]; none fetches.

pub mod archive;
pub mod home;
pub mod network;
pub mod not_found;
pub mod post;
pub mod redirect;
pub mod search;
pub mod static_page;
pub mod subscription;

use govblog_shared::page::{Content, Page};
use leptos::prelude::*;

use crate::components::page_title::PageTitle;
use crate::context::TitleError;

/// A loaded page: its title, then its content.
#[component]
pub fn PageView(page: Page) -> impl IntoView {
    // A page starts with the errors the server found in its forms, if any.
    expect_context::<TitleError>().0.set(page.has_form_errors());
    let content = match page.content {
        Content::Home { posts, subscribe_form } => view! { <home::Home posts subscribe_form/> }.into_any(),
        Content::Archive { archive, posts } => view! { <archive::ArchivePage archive posts/> }.into_any(),
        Content::Post { post, reply_to, comment_form, subscribe_form } => {
            view! { <post::PostPage post=*post reply_to comment_form subscribe_form/> }.into_any()
        }
        Content::Search { query, outcome } => view! { <search::SearchPage query outcome/> }.into_any(),
        Content::Subscription { action, token, outcome } => {
            view! { <subscription::SubscriptionPage action token outcome/> }.into_any()
        }
        Content::StaticPage { page } => view! { <static_page::StaticPageView page/> }.into_any(),
        Content::Redirect { location } => view! { <redirect::Redirect location/> }.into_any(),
        Content::NetworkHome { blogs, posts } => view! { <network::NetworkHome blogs posts/> }.into_any(),
        Content::NetworkSearch { query, outcome } => {
            view! { <network::NetworkSearch query outcome/> }.into_any()
        }
        Content::NotFound => view! { <not_found::NotFound/> }.into_any(),
    };
    view! {
        <PageTitle title=page.head.title/>
        {content}
    }
}
