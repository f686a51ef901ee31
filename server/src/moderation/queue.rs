//! `/moderate/`: the comments waiting, oldest first, and deciding on any
//! number of them at once.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use govblog::moderation::queue::{QueuePage, ACTION, COMMENT};
use govblog::moderation::Page;
use serde::Deserialize;

use super::session::{SignedIn, SignedInForm};
use super::{failed, respond, see_other};
use crate::comments;
use crate::state::AppState;
use crate::storage::CommentStatus;

/// Comments one page of the queue holds.
const PAGE_SIZE: i64 = 50;

/// What the last action did, carried by the redirect after it.
#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
    count: Option<usize>,
}

impl Done {
    /// The banner's words. Only known actions make one: nothing from the
    /// address is shown as it is.
    fn message(&self) -> Option<String> {
        let n = self.count.unwrap_or(0);
        let comments = if n == 1 { "1 comment".to_owned() } else { format!("{n} comments") };
        match self.done.as_deref()? {
            "approve" => Some(format!("{comments} approved")),
            "reject" => Some(format!("{comments} rejected")),
            "spam" => Some(format!("{comments} marked as spam")),
            "reply" => Some("Your reply has been published".into()),
            _ => None,
        }
    }
}

pub async fn show(State(state): State<AppState>, signed_in: SignedIn, Query(done): Query<Done>) -> Response {
    let done = done.message();
    page(&state, &signed_in, StatusCode::OK, done, None).await
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    status: StatusCode,
    done: Option<String>,
    problem: Option<String>,
) -> Response {
    let (items, waiting) = match tokio::try_join!(
        state.blog.store.moderation_queue(CommentStatus::Pending, PAGE_SIZE),
        state.blog.store.comment_count(CommentStatus::Pending)
    ) {
        Ok(found) => found,
        Err(e) => return failed(e),
    };
    let moderated_in = state.blog.following().map(|f| f.site_url().to_owned());
    let page = QueuePage { items, waiting, done, problem, moderated_in };
    respond(state, status, Some(signed_in.who()), Page::Queue(page)).await
}

pub async fn decide(State(state): State<AppState>, form: SignedInForm) -> Response {
    let SignedInForm { signed_in, fields } = form;
    if state.blog.following().is_some() {
        let problem = "Comments on this blog are moderated in WordPress".to_owned();
        return page(&state, &signed_in, StatusCode::FORBIDDEN, None, Some(problem)).await;
    }
    let action = fields.get(ACTION);
    let status = match action {
        "approve" => CommentStatus::Approved,
        "reject" => CommentStatus::Rejected,
        "spam" => CommentStatus::Spam,
        _ => {
            let problem = "Select Approve, Reject or Mark as spam".to_owned();
            return page(&state, &signed_in, StatusCode::BAD_REQUEST, None, Some(problem)).await;
        }
    };
    let ids: Vec<i64> = fields.all(COMMENT).filter_map(|v| v.trim().parse().ok()).collect();
    if ids.is_empty() {
        let problem =
            format!("Select the comments to {}", if action == "spam" { "mark as spam" } else { action });
        return page(&state, &signed_in, StatusCode::BAD_REQUEST, None, Some(problem)).await;
    }
    match comments::decide(&state.blog.store, &state.blog.base_url, &ids, status, &signed_in.session.email)
        .await
    {
        Ok(changed) => {
            state.blog.mail_queued();
            see_other(&format!("/moderate/?done={action}&count={changed}"))
        }
        Err(e) => failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::Done;

    #[test]
    fn only_known_actions_make_a_banner() {
        let done = |d: &str, n| Done { done: Some(d.into()), count: Some(n) }.message();
        assert_eq!(done("approve", 3).as_deref(), Some("3 comments approved"));
        assert_eq!(done("spam", 1).as_deref(), Some("1 comment marked as spam"));
        assert_eq!(done("<script>", 1), None);
    }
}
