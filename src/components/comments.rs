//! A post's comments as GOV.UK Blogs shows them: "N comments", then
//! threads of replies, each comment with its author, date, text, a link to
//! itself and a "Reply to" link. The reader's own comments awaiting
//! moderation are shown in place, marked as such, to them alone.

use govblog_shared::api::{Comment, CommentPage, CommentRole};
use govblog_shared::dates::Date;
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::comment_form::ReplyTo;
use crate::config::href;

/// "1 comment", "2 comments", "No comments".
pub fn count_heading(n: u32) -> String {
    match n {
        0 => "No comments".into(),
        1 => "1 comment".into(),
        n => format!("{n} comments"),
    }
}

#[component]
pub fn Comments(
    page: CommentPage,
    /// The reader's own comments awaiting moderation.
    pending: Signal<Vec<Comment>>,
    /// The post's page, for links to other pages of comments and to reply.
    post: Route,
    replying_to: RwSignal<ReplyTo>,
) -> impl IntoView {
    let approved = page.items.clone();
    let reply_post = post.clone();
    let threads = move || {
        let mut all: Vec<(Comment, bool)> = approved.iter().cloned().map(|c| (c, false)).collect();
        all.extend(pending.get().into_iter().map(|c| (c, true)));
        view! { <CommentThread parent=None all=std::sync::Arc::new(all) post=reply_post.clone() replying_to/> }
    };
    // Opening `#comment-ID` brings that comment into view and focuses it.
    Effect::new(move || {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(id) = hash.strip_prefix('#').filter(|h| h.starts_with("comment-")) {
            if let Some(el) =
                document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                el.scroll_into_view();
                let _ = el.focus();
            }
        }
    });
    let pager = (page.total_pages > 1).then(|| {
        let link = |n: u32| href(&format!("{}#comments", post.with_page(n).path()));
        view! {
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Comments pages">
                {(page.page > 1).then(|| view! {
                    <div class="govuk-pagination__prev">
                        <a class="govuk-link govuk-pagination__link" href=link(page.page - 1) rel="prev">
                            <span class="govuk-pagination__link-title">"Older comments"</span>
                        </a>
                    </div>
                })}
                {(page.page < page.total_pages).then(|| view! {
                    <div class="govuk-pagination__next">
                        <a class="govuk-link govuk-pagination__link" href=link(page.page + 1) rel="next">
                            <span class="govuk-pagination__link-title">"Newer comments"</span>
                        </a>
                    </div>
                })}
            </nav>
        }
    });
    view! {
        <section class="govblog-comments" aria-labelledby="comments">
            <h2 class="govuk-heading-m" id="comments" tabindex="-1">{count_heading(page.total)}</h2>
            {threads}
            {pager}
        </section>
    }
}

/// The comments whose parent is `parent`, each followed by its replies.
#[component]
fn CommentThread(
    parent: Option<i64>,
    all: std::sync::Arc<Vec<(Comment, bool)>>,
    post: Route,
    replying_to: RwSignal<ReplyTo>,
) -> impl IntoView {
    let here: Vec<(Comment, bool)> = all.iter().filter(|(c, _)| c.parent_id == parent).cloned().collect();
    if here.is_empty() {
        return ().into_any();
    }
    let class = if parent.is_none() {
        "govuk-list govblog-comment-list"
    } else {
        "govuk-list govblog-comment-replies"
    };
    view! {
        <ol class=class>
            {here
                .into_iter()
                .map(|(comment, pending)| {
                    let id = comment.id;
                    view! {
                        <li class="govblog-comment" id=format!("comment-{id}") tabindex="-1">
                            <CommentBody comment pending post=post.clone() replying_to/>
                            <CommentThread parent=Some(id) all=all.clone() post=post.clone() replying_to/>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn CommentBody(
    comment: Comment,
    pending: bool,
    post: Route,
    replying_to: RwSignal<ReplyTo>,
) -> impl IntoView {
    let date = Date::parse(&comment.posted_at);
    let (id, name) = (comment.id, comment.author_name.clone());
    let reply_href = href(&format!("{}#respond", post.with_reply_to(Some(id)).path()));
    let paragraphs = paragraphs(&comment.text);
    view! {
        <article class="govblog-comment__body">
            <p class="govuk-body govuk-!-margin-bottom-1">
                <span class="govuk-visually-hidden">"Comment by "</span>
                <strong>{comment.author_name.clone()}</strong>
                {comment.role.map(|role| view! {
                    " "
                    <strong class="govuk-tag govuk-tag--blue">
                        {match role {
                            CommentRole::PostAuthor => "Author",
                            CommentRole::BlogTeam => "Blog team",
                        }}
                    </strong>
                })}
                <span class="govuk-visually-hidden">" posted on"</span>
                " "
                <time class="govuk-body-s" datetime=date.map(|d| d.iso()).unwrap_or_default()>
                    {date.map(|d| d.long()).unwrap_or_default()}
                </time>
            </p>
            {pending.then(|| view! {
                <p class="govuk-body"><strong class="govuk-tag govuk-tag--yellow">"Your comment is awaiting moderation"</strong></p>
            })}
            {paragraphs}
            {(!pending).then(|| view! {
                <p class="govuk-body-s">
                    <a class="govuk-link" href=format!("#comment-{id}")>"Link to this comment"</a>
                    " "
                    // Without JavaScript, the page again with the form as a reply.
                    <a class="govuk-link" href=reply_href on:click=move |ev| {
                        ev.prevent_default();
                        replying_to.set(Some((id, name.clone())));
                        if let Some(el) = document().get_element_by_id("respond-heading")
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            el.scroll_into_view();
                        }
                        if let Some(el) = document().get_element_by_id("comment")
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            let _ = el.focus();
                        }
                    }>"Reply to " {comment.author_name}</a>
                </p>
            })}
        </article>
    }
}

/// A comment's text as the reader wrote it: plain text, in which blank lines
/// make paragraphs and nothing is markup.
pub fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(str::to_owned).collect();
            let last = lines.len().saturating_sub(1);
            view! {
                <p class="govuk-body">
                    {lines.into_iter().enumerate().map(|(i, l)| view! { {l} {(i < last).then(|| view! { <br/> })} }).collect_view()}
                </p>
            }
        })
        .collect_view()
}
