//! "Subscribe to our email notifications of new posts": double opt-in, for
//! the JSON API and the plain HTML forms alike. A request gets the same
//! answer whether or not the address is subscribed, so the form never tells
//! anyone who is.

use govblog_shared::permalink::Route;
use govblog_shared::validation::validate_email;

use crate::blog::Blog;
use crate::mail::Mailer;
use crate::storage::Mail;
use crate::storage::{StorageError, SubscribeOutcome};
use crate::tokens;

#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    /// What is wrong with the address.
    #[error("{0}")]
    Invalid(String),
    /// The emailed link is unknown, used or malformed.
    #[error("{0}")]
    LinkNotValid(&'static str),
    #[error("We could not send the confirmation email. Try again later.")]
    MailFailed,
    /// The blog is archived: there will be no new posts to hear of.
    #[error("This blog is no longer updated, so it takes no new subscriptions.")]
    Archived,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

pub const CONFIRMED: &str = "You have subscribed";
pub const FOLLOWING: &str =
    "You will get an email when your comment is published and when someone replies to it";
pub const UNSUBSCRIBED: &str = "You have unsubscribed";
const CONFIRM_LINK_USED: &str = "This link has expired or has already been used";
const UNSUBSCRIBE_LINK_BAD: &str = "This unsubscribe link is not valid";

/// The link in every email that ends the subscription.
pub fn unsubscribe_url(base_url: &str, token: &str) -> String {
    format!("{base_url}{}", Route::Unsubscribe { token: token.to_owned() }.path())
}

/// Checks `email`, records the request and emails the confirmation link.
pub async fn request(blog: &Blog, email: &str) -> Result<String, SubscriptionError> {
    if blog.archived {
        return Err(SubscriptionError::Archived);
    }
    if let Some(message) = validate_email(email) {
        return Err(SubscriptionError::Invalid(message));
    }
    let email = email.trim().to_owned();
    let confirm = tokens::new_token();
    let outcome = blog.store.subscribe(email.clone(), confirm.clone(), tokens::new_token()).await?;
    let site = blog.store.site().await?;
    let base = &blog.base_url;
    let mail = match outcome {
        SubscribeOutcome::Confirm { unsubscribe_token } => Mail {
            to: email,
            subject: format!("Confirm your subscription to {}", site.name),
            body: format!(
                "Confirm that you want an email when {name} publishes a new post:\n\n\
                 {base}{confirm_path}\n\n\
                 If you did not ask for this, you do not need to do anything: without confirmation you will get no emails.\n\n\
                 Unsubscribe: {unsubscribe}\n",
                name = site.name,
                confirm_path = Route::ConfirmSubscription { token: confirm }.path(),
                unsubscribe = unsubscribe_url(base, &unsubscribe_token),
            ),
            unsubscribe_url: Some(unsubscribe_url(base, &unsubscribe_token)),
        },
        SubscribeOutcome::AlreadySubscribed { unsubscribe_token } => Mail {
            to: email,
            subject: format!("You are already subscribed to {}", site.name),
            body: format!(
                "Someone, probably you, asked to subscribe this address to {name}. It is already subscribed, so nothing has changed.\n\n\
                 Unsubscribe: {unsubscribe}\n",
                name = site.name,
                unsubscribe = unsubscribe_url(base, &unsubscribe_token),
            ),
            unsubscribe_url: Some(unsubscribe_url(base, &unsubscribe_token)),
        },
    };
    send(&blog.mailer, mail).await?;
    Ok("Check your email: we have sent you a link to confirm your subscription.".into())
}

async fn send(mailer: &Mailer, mail: Mail) -> Result<(), SubscriptionError> {
    mailer.send(mail).await.map_err(|e| {
        tracing::error!(error = %e, "subscription email not sent");
        SubscriptionError::MailFailed
    })
}

/// Confirms a subscription, or a commenter's wish to hear back, with the
/// token from the emailed link. Each token works once.
pub async fn confirm(blog: &Blog, token: &str) -> Result<String, SubscriptionError> {
    // The same link confirms a blog subscription or a commenter's wish to hear back.
    if !tokens::is_well_formed(token) {
        Err(SubscriptionError::LinkNotValid(CONFIRM_LINK_USED))
    } else if blog.store.confirm_subscription(token).await? {
        Ok(CONFIRMED.into())
    } else if blog.store.confirm_follower(token).await? {
        Ok(FOLLOWING.into())
    } else {
        Err(SubscriptionError::LinkNotValid(CONFIRM_LINK_USED))
    }
}

/// Ends a subscription, or a commenter's emails, with the token from any
/// email's unsubscribe link.
pub async fn unsubscribe(blog: &Blog, token: &str) -> Result<String, SubscriptionError> {
    if tokens::is_well_formed(token)
        && (blog.store.unsubscribe(token).await? || blog.store.unfollow(token).await?)
    {
        Ok(UNSUBSCRIBED.into())
    } else {
        Err(SubscriptionError::LinkNotValid(UNSUBSCRIBE_LINK_BAD))
    }
}
