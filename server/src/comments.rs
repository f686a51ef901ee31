//! Receiving a reader's comment, whichever way it came (the JSON API or the
//! plain HTML form): the honeypot, the shared rules, then storage with its
//! flood and duplicate checks. One function, one error type, so the two
//! ways can never treat a comment differently.

use govblog_shared::api::Comment;
use govblog_shared::permalink::Route;
use govblog_shared::validation::{validate_comment, CommentInput, FieldError};

use crate::blog::Blog;

use crate::storage::{
    CommentStatus, FloodLimits, FollowRequest, FollowUp, FollowUpKind, Mail, NewComment, PostRef, Refusal,
    StorageError, Store,
};
use crate::subscriptions::unsubscribe_url;
use crate::tokens;

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

/// Checks a comment on `post` by the shared rules and stores it, pending
/// moderation; if the commenter asked to hear back, with the email that
/// asks them to confirm it.
pub async fn receive(
    blog: &Blog,
    post: &PostRef,
    input: CommentInput,
    client_ip: String,
) -> Result<Comment, CommentError> {
    let limits = blog.flood;
    if blog.archived {
        blog.metrics.comment_refused("closed");
        return Err(CommentError::Refused(Refusal::Closed, limits));
    }
    if !input.website.is_empty() {
        blog.metrics.comment_refused("robot");
        return Err(CommentError::Robot);
    }
    let errors = validate_comment(&input);
    if !errors.is_empty() {
        blog.metrics.comment_refused("invalid");
        return Err(CommentError::Invalid(errors));
    }
    let follow = if input.notify {
        let name = blog.store.site().await?.name;
        let request =
            FollowRequest { confirm_token: tokens::new_token(), unsubscribe_token: tokens::new_token() };
        let mail = confirmation_mail(&blog.base_url, &name, input.email.trim(), &request);
        Some((request, mail))
    } else {
        None
    };
    let new = NewComment {
        name: input.name,
        email: input.email,
        text: input.text,
        parent_id: input.parent_id,
        client_ip,
        follow,
    };
    match blog.store.add_comment(post, new, limits).await? {
        Ok(comment) => {
            blog.metrics.comment_received();
            blog.mail_queued();
            tracing::info!(comment = comment.id, "comment received, awaiting moderation");
            // A followed blog's comments are moderated in WordPress: handed
            // over at once (or, if that fails, at a later poll: it is kept).
            if let Some(following) = blog.following() {
                if let Err(e) = following.ask(&crate::following::Changed::ReaderComment).await {
                    tracing::warn!(error = %e, "could not ask for the comment to be handed to WordPress");
                }
            }
            Ok(comment)
        }
        Err(refusal) => {
            blog.metrics.comment_refused(match refusal {
                Refusal::Closed => "closed",
                Refusal::NoSuchParent => "no_such_parent",
                Refusal::Duplicate => "duplicate",
                Refusal::TooSoon => "too_soon",
                Refusal::TooMany => "too_many",
            });
            Err(CommentError::Refused(refusal, limits))
        }
    }
}

/// Approves, rejects or marks as spam each of `ids` for moderator `by`,
/// owing commenters who asked the emails that publishing brings. The number changed.
/// The emails are queued; the caller has them delivered.
pub async fn decide(
    store: &Store,
    base_url: &str,
    ids: &[i64],
    status: CommentStatus,
    by: &str,
) -> Result<usize, StorageError> {
    let blog = store.site().await?.name;
    let compose = |f: &FollowUp| follow_up_mail(base_url, &blog, f);
    let changed = store.decide(ids, status, by, &compose).await?;
    tracing::info!(comments = changed, status = status.as_str(), "comments moderated");
    Ok(changed)
}

/// Publishes `text` as the blog team's reply to comment `parent` (approving
/// it if it waited). The reply's address, or `None` if there is no such
/// comment to answer.
pub async fn reply_as_team(
    blog: &Blog,
    parent: i64,
    text: &str,
    by: &str,
) -> Result<Option<String>, StorageError> {
    let name = blog.store.site().await?.name;
    let compose = |f: &FollowUp| follow_up_mail(&blog.base_url, &name, f);
    let link = blog.store.reply_as_team(parent, &name, text, by, &compose).await?;
    blog.mail_queued();
    Ok(link)
}

/// The published post at `address`: its permalink, as a path or a whole URL.
pub async fn post_at_address(store: &Store, address: &str) -> Result<Option<PostRef>, StorageError> {
    let address = address.trim();
    // Only the path matters: the blog may be known by more than one host name.
    let path = match url::Url::parse(address) {
        Ok(url) => url.path().to_owned(),
        Err(_) => address.split(['?', '#']).next().unwrap_or("").to_owned(),
    };
    match Route::parse(&path) {
        Some(Route::Post { date, slug, .. }) => store.post_at(date, &slug).await,
        _ => Ok(None),
    }
}

/// What is wrong with the message shown while comments are closed on the whole blog.
pub fn closing_message_problem(message: &str) -> Option<String> {
    let message = message.trim();
    if message.is_empty() {
        Some("Enter the message readers will see".into())
    } else if message.chars().count() > 500 {
        Some("The message must be 500 characters or less".into())
    } else if message.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        Some("The message must only include letters, numbers, spaces and punctuation".into())
    } else {
        None
    }
}

/// "Confirm that you want to hear back": nothing else is sent until the link is used.
fn confirmation_mail(base_url: &str, blog: &str, to: &str, request: &FollowRequest) -> Mail {
    let confirm = Route::ConfirmSubscription { token: request.confirm_token.clone() }.path();
    let unsubscribe = unsubscribe_url(base_url, &request.unsubscribe_token);
    Mail {
        to: to.to_owned(),
        subject: format!("Confirm you want emails about your comment on {blog}"),
        body: format!(
            "You asked for an email when your comment on {blog} is published and when someone replies to it.\n\n\
             Confirm that you want these emails:\n\n{base_url}{confirm}\n\n\
             If you did not ask for this, you do not need to do anything: without confirmation you will get no emails.\n\n\
             Unsubscribe: {unsubscribe}\n"
        ),
        unsubscribe_url: Some(unsubscribe),
    }
}

/// The email a commenter who asked to hear back is owed.
pub fn follow_up_mail(base_url: &str, blog: &str, f: &FollowUp) -> Mail {
    let unsubscribe = unsubscribe_url(base_url, &f.unsubscribe_token);
    let (subject, opening) = match &f.kind {
        FollowUpKind::Published => (
            format!("Your comment on {blog} has been published"),
            format!("Your comment on \"{}\" has been approved and is now on {blog}.", f.post_title),
        ),
        FollowUpKind::Replied { by } => (
            format!("{by} replied to your comment on {blog}"),
            format!("{by} has replied to your comment on \"{}\".", f.post_title),
        ),
    };
    Mail {
        to: f.to.clone(),
        subject,
        body: format!(
            "{opening}\n\nRead it: {base_url}{link}\n\n\
             You are getting this email because you asked to hear when your comment is published and when someone replies.\n\
             Unsubscribe: {unsubscribe}\n",
            link = f.link,
        ),
        unsubscribe_url: Some(unsubscribe),
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
