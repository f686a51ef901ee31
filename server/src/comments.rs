//! Receiving a reader's comment, whichever way it came (the JSON API or the
//! plain HTML form): the honeypot, the shared rules, then storage with its
//! flood and duplicate checks. One function, one error type, so the two
//! ways can never treat a comment differently.

use axum::http::StatusCode;
use govblog_shared::api::Comment;
use govblog_shared::validation::{validate_comment, CommentInput, FieldError};

use crate::storage::{FloodLimits, NewComment, PostRef, Refusal, StorageError, Store};

/// Why a comment was not stored. Nothing is stored in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    /// The fields, each with its problem, in form order.
    #[error("There is a problem with the comment")]
    Invalid(Vec<FieldError>),
    /// Only robots fill in the hidden field; they are not told why.
    #[error("Your comment could not be accepted.")]
    Robot,
    #[error("{}", refusal_message(*.0, .1))]
    Refused(Refusal, FloodLimits),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl CommentError {
    /// How the refusal is answered over HTTP, by the API and the plain form alike.
    pub fn status(&self) -> StatusCode {
        match self {
            CommentError::Invalid(_) | CommentError::Robot => StatusCode::BAD_REQUEST,
            CommentError::Refused(refusal, _) => match refusal {
                Refusal::Closed => StatusCode::FORBIDDEN,
                Refusal::NoSuchParent => StatusCode::BAD_REQUEST,
                Refusal::Duplicate => StatusCode::CONFLICT,
                Refusal::TooSoon | Refusal::TooMany => StatusCode::TOO_MANY_REQUESTS,
            },
            CommentError::Storage(e) => e.status(),
        }
    }
}

/// Checks a comment on `post` by the shared rules and stores it, pending moderation.
pub async fn receive(
    store: &Store,
    post: &PostRef,
    input: CommentInput,
    client_ip: String,
    limits: FloodLimits,
) -> Result<Comment, CommentError> {
    if !input.website.is_empty() {
        return Err(CommentError::Robot);
    }
    let errors = validate_comment(&input);
    if !errors.is_empty() {
        return Err(CommentError::Invalid(errors));
    }
    let new = NewComment {
        name: input.name,
        email: input.email,
        text: input.text,
        parent_id: input.parent_id,
        client_ip,
    };
    match store.add_comment(post, new, limits).await? {
        Ok(comment) => {
            tracing::info!(comment = comment.id, "comment received, awaiting moderation");
            Ok(comment)
        }
        Err(refusal) => Err(CommentError::Refused(refusal, limits)),
    }
}

/// What the reader is told when a comment is refused.
fn refusal_message(refusal: Refusal, limits: &FloodLimits) -> String {
    match refusal {
        Refusal::Closed => "Comments are closed".into(),
        Refusal::NoSuchParent => "The comment you are replying to does not exist".into(),
        Refusal::Duplicate => {
            "Duplicate comment detected; it looks as though you've already said that!".into()
        }
        Refusal::TooSoon => format!(
            "You are posting comments too quickly. Wait {} seconds and try again.",
            limits.min_interval_secs
        ),
        Refusal::TooMany => "You have posted too many comments in the last hour. Try again later.".into(),
    }
}
