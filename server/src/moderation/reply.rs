//! `/moderate/comments/{id}/reply/`: replying to a comment as the blog's team.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use govblog::moderation::reply::{ReplyPage, TEXT};
use govblog::moderation::Page;
use govblog_shared::validation::validate_comment_text;

use super::session::{SignedIn, SignedInForm};
use super::{failed, respond, see_other};
use crate::comments;
use crate::state::AppState;

pub async fn show(State(state): State<AppState>, signed_in: SignedIn, Path(id): Path<String>) -> Response {
    page(&state, &signed_in, &id, StatusCode::OK, String::new(), None).await
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
    status: StatusCode,
    text: String,
    problem: Option<String>,
) -> Response {
    let item = match id.parse::<i64>() {
        Ok(id) => match state.blog.store.moderation_item(id).await {
            Ok(item) => item,
            Err(e) => return failed(e),
        },
        Err(_) => None,
    };
    let page = match item {
        Some(item) if item.status == "pending" || item.status == "approved" => {
            return respond(
                state,
                status,
                Some(signed_in.who()),
                Page::Reply(Box::new(ReplyPage { item, text, problem })),
            )
            .await
        }
        Some(_) => Page::Problem {
            title: "This comment cannot be answered".into(),
            message: "It has been rejected or marked as spam, so it is not on the blog.".into(),
        },
        None => Page::Problem { title: "Page not found".into(), message: "There is no such comment.".into() },
    };
    respond(state, StatusCode::NOT_FOUND, Some(signed_in.who()), page).await
}

pub async fn submit(State(state): State<AppState>, Path(id): Path<String>, form: SignedInForm) -> Response {
    let SignedInForm { signed_in, fields } = form;
    let text = fields.get(TEXT).to_owned();
    if let Some(problem) = validate_comment_text(&text, "your reply") {
        return page(&state, &signed_in, &id, StatusCode::BAD_REQUEST, text, Some(problem)).await;
    }
    let Ok(parent) = id.parse::<i64>() else {
        return page(&state, &signed_in, &id, StatusCode::NOT_FOUND, text, None).await;
    };
    match comments::reply_as_team(&state.blog, parent, &text, &signed_in.session.email).await {
        Ok(Some(_)) => see_other("/moderate/?done=reply"),
        Ok(None) => page(&state, &signed_in, &id, StatusCode::NOT_FOUND, text, None).await,
        Err(e) => failed(e),
    }
}
