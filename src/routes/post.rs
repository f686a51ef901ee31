//! A post's page, at its permalink `/YYYY/MM/DD/slug/`: the post, then
//! sharing and comments, the comment form and the email subscription.

use govblog_shared::api::{Comment, Post};
use govblog_shared::page::{CommentFormState, SubscribeFormState};
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use crate::components::comment_form::{CommentForm, ReplyTo};
use crate::components::comments::Comments;
use crate::components::post_body::PostBody;
use crate::components::share_links::ShareLinks;
use crate::components::subscribe_form::SubscribeForm;
use crate::context::{BlogData, Drawn, Step};
use crate::pending_comments;

#[component]
pub fn PostPage(
    post: Post,
    /// The comment the form answers, from a `?replytocom=ID` link.
    reply_to: Option<Comment>,
    comment_form: CommentFormState,
    subscribe_form: SubscribeFormState,
) -> impl IntoView {
    let Some(Route::Post { date, slug, .. }) = Route::parse(&post.summary.permalink) else {
        return ().into_any();
    };
    let route = Route::post(date, &slug).with_part(post.part).with_page(post.comments.page);
    let site = expect_context::<BlogData>().site.get_untracked().unwrap_or_default();
    let canonical = format!("{}{}", site.url, post.summary.permalink);
    let pending = RwSignal::new(pending_comments::load(&slug, &post.comments.items));
    let replying_to: RwSignal<ReplyTo> = RwSignal::new(reply_to.map(|c| (c.id, c.author_name)));
    let on_posted = {
        let slug = slug.clone();
        Callback::new(move |comment: Comment| {
            pending_comments::add(&slug, comment.clone());
            pending.update(|p| p.push(comment));
        })
    };
    let comments = post.comments.clone();
    // An archived blog takes no comments, whatever each post allows.
    let open = post.comments_open && !site.archived;
    let archived = site.archived;
    let conversation_drawn = expect_context::<Drawn>().reached(Step::All);
    let share =
        view! { <ShareLinks title=post.summary.title.clone() url=canonical blog_name=site.name.clone()/> };
    // Drawn at the last step, if the page is drawn in steps.
    let conversation = move || {
        if !conversation_drawn.get() {
            return None;
        }
        let form = if open {
            view! {
                <CommentForm date slug=slug.clone() privacy_notice_url=site.privacy_notice_url.clone() replying_to
                    answered=comment_form.clone() on_posted/>
            }
            .into_any()
        } else {
            // Closed on the whole blog, the moderators say why.
            let why = if site.comments_closed.is_empty() {
                "Comments are closed".to_owned()
            } else {
                site.comments_closed.clone()
            };
            view! { <p class="govuk-body govblog-comments-closed">{why}</p> }.into_any()
        };
        let subscribe_form = subscribe_form.clone();
        Some(view! {
            <Comments page=comments.clone() pending=pending.into() post=route.clone() replying_to/>
            {form}
            {(!archived).then(|| view! { <SubscribeForm answered=subscribe_form/> })}
        })
    };
    view! {
        <PostBody post=post.clone()/>
        <h2 class="govuk-visually-hidden">"Sharing and comments"</h2>
        {share}
        {conversation}
    }
    .into_any()
}
