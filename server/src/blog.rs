//! What the blog's domain functions ([`crate::comments`],
//! [`crate::subscriptions`]) act on: its storage, its public address (for
//! links in emails), the rules for comments, and the mail queue. Nothing
//! here knows of HTTP: the API, the plain forms and the commands all call
//! the domain with a [`Blog`].

use std::sync::Arc;

use tokio::sync::Notify;

use crate::mail::Mailer;
use crate::metrics::Metrics;
use crate::storage::{FloodLimits, Store};

#[derive(Clone)]
pub struct Blog {
    pub store: Store,
    /// The blog's public address without a trailing slash, for absolute URLs.
    pub base_url: String,
    /// Readable, but taking no more comments or subscriptions.
    pub archived: bool,
    /// How often one address may comment.
    pub flood: FloodLimits,
    pub mailer: Mailer,
    /// Woken when an email has been queued, so it goes at once.
    pub mail_waiting: Arc<Notify>,
    /// What the blog counts, for operators.
    pub metrics: Metrics,
    /// The blog's number in the deployment.
    pub id: i64,
    /// This server's followings of live WordPress sites, one of which may
    /// be this blog's.
    pub followers: crate::following::Followers,
}

impl Blog {
    /// The live WordPress this blog follows, if any: its system of record,
    /// where readers' comments are handed to be moderated.
    pub fn following(&self) -> Option<crate::following::Following> {
        self.followers.of(self.id)
    }

    /// Has an email just queued sent at once rather than at the next look.
    pub fn mail_queued(&self) {
        self.mail_waiting.notify_one();
    }
}
