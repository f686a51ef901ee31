//! A post's page, at its permalink `/YYYY/MM/DD/slug/`: the post, then
//! sharing and comments, the comment form and the email subscription.

use govblog_shared::api::{Comment, Post};
use govblog_shared::dates::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::app::BlogData;
use crate::components::comment_form::{CommentForm, ReplyTo};
use crate::components::comments::Comments;
use crate::components::page_title::PageTitle;
use crate::components::post_body::PostBody;
use crate::components::share_links::ShareLinks;
use crate::components::subscribe_form::SubscribeForm;
use crate::pending_comments;
use crate::routes::{preloaded, with_data};
use govblog_shared::permalink::post_path;

#[component]
pub fn PostPage(date: Date, slug: String) -> impl IntoView {
    let query = use_query_map();
    // `?cpage=N` shows another page of comments, as WordPress does.
    let comment_page =
        move || query.read().get("cpage").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p > 1);
    let data =
        if comment_page().is_none() { preloaded(&post_path(date, &slug), |d| d.post.take()) } else { None };
    let s = slug.clone();
    let fetch = move || {
        let slug = s.clone();
        let cpage = comment_page();
        async move {
            let mut post = api::post_by_permalink(date, &slug).await?;
            if let Some(page) = cpage {
                post.comments = api::comments(date, &slug, page).await?;
            }
            Ok(post)
        }
    };
    with_data(data, fetch, move |post| view! { <PostWithConversation post date slug=slug.clone()/> })
}

#[component]
fn PostWithConversation(post: Post, date: Date, slug: String) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let site = blog.site.get_untracked().unwrap_or_default();
    let canonical = format!("{}{}", site.url, post.summary.permalink);
    let pending = RwSignal::new(pending_comments::load(&slug, &post.comments.items));
    let replying_to = RwSignal::new(ReplyTo::None);
    let on_posted = {
        let slug = slug.clone();
        Callback::new(move |comment: Comment| {
            pending_comments::add(&slug, comment.clone());
            pending.update(|p| p.push(comment));
        })
    };
    let title = post.summary.title.clone();
    let permalink = post.summary.permalink.clone();
    let comments = post.comments.clone();
    let open = post.comments_open;
    view! {
        <PageTitle text=title/>
        <PostBody post=post.clone()/>
        <h2 class="govuk-visually-hidden">"Sharing and comments"</h2>
        <ShareLinks title=post.summary.title.clone() url=canonical blog_name=site.name.clone()/>
        <Comments page=comments pending=pending.into() permalink replying_to/>
        {if open {
            view! { <CommentForm date slug privacy_notice_url=site.privacy_notice_url.clone() replying_to on_posted/> }.into_any()
        } else {
            view! { <p class="govuk-body govblog-comments-closed">"Comments are closed"</p> }.into_any()
        }}
        <SubscribeForm/>
    }
}
