//! `/moderate/closing/`: closing comments on the whole blog (with a message
//! readers see) or on one post, and opening them again.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use govblog::components::error_summary::Problem;
use govblog::moderation::closing::{ClosingPage, ADDRESS, MESSAGE, WHAT};
use govblog::moderation::Page;
use serde::Deserialize;

use super::session::{SignedIn, SignedInForm};
use super::{failed, respond, see_other};
use crate::comments;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// The banner after each action; nothing from the address is shown as it is.
fn done_message(what: &str) -> Option<String> {
    Some(
        match what {
            "close-blog" => "Comments are closed on every post",
            "open-blog" => "Comments are open again",
            "close-post" => "Comments are closed on the post",
            "open-post" => "Comments are open again on the post",
            _ => return None,
        }
        .to_owned(),
    )
}

pub async fn show(State(state): State<AppState>, signed_in: SignedIn, Query(done): Query<Done>) -> Response {
    let done = done.done.and_then(|d| done_message(&d));
    page(&state, &signed_in, StatusCode::OK, ClosingPage { done, ..Default::default() }).await
}

async fn page(state: &AppState, signed_in: &SignedIn, status: StatusCode, mut page: ClosingPage) -> Response {
    match tokio::try_join!(state.blog.store.site(), state.blog.store.posts_with_comments_closed()) {
        Ok((site, closed)) => {
            page.blog_closed = site.comments_closed;
            page.closed_posts = closed;
        }
        Err(e) => return failed(e),
    }
    respond(state, status, Some(signed_in.who()), Page::Closing(page)).await
}

pub async fn submit(State(state): State<AppState>, form: SignedInForm) -> Response {
    let SignedInForm { signed_in, fields } = form;
    let by = signed_in.session.email.as_str();
    let what = fields.get(WHAT);
    let problem = |field_id, message: &str, page: ClosingPage| {
        let page = ClosingPage { problems: vec![Problem { field_id, message: message.to_owned() }], ..page };
        let (state, signed_in) = (&state, &signed_in);
        async move { self::page(state, signed_in, StatusCode::BAD_REQUEST, page).await }
    };
    let done = match what {
        "close-blog" => {
            let message = fields.get(MESSAGE);
            if let Some(p) = comments::closing_message_problem(message) {
                return problem(
                    MESSAGE,
                    &p,
                    ClosingPage { message: message.to_owned(), ..Default::default() },
                )
                .await;
            }
            state.blog.store.set_blog_comments_closed(Some(message.trim()), by).await
        }
        "open-blog" => state.blog.store.set_blog_comments_closed(None, by).await,
        "close-post" | "open-post" => {
            let address = fields.get(ADDRESS);
            let post = match comments::post_at_address(&state.blog.store, address).await {
                Ok(post) => post,
                Err(e) => return failed(e),
            };
            let Some(post) = post else {
                let message = if address.trim().is_empty() {
                    "Enter the address of the post"
                } else {
                    "Enter the address of a published post on this blog"
                };
                return problem(
                    ADDRESS,
                    message,
                    ClosingPage { address: address.to_owned(), ..Default::default() },
                )
                .await;
            };
            state.blog.store.set_post_comments_open(post.id, what == "open-post", by).await.map(|_| ())
        }
        _ => return problem(MESSAGE, "Choose what to close or open", ClosingPage::default()).await,
    };
    match done {
        Ok(()) => see_other(&format!("/moderate/closing/?done={what}")),
        Err(e) => failed(e),
    }
}
