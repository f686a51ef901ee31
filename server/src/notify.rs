//! Emailing subscribers about newly published posts: `govblog-server notify`.
//!
//! For each published post not yet announced, each confirmed subscriber who
//! has not had it is first recorded in `notifications`, then emailed. The
//! record comes first, so running `notify` twice, or again after it was
//! interrupted, never sends anyone the same post twice; an email that fails
//! to send has its record removed and is tried on the next run.

use crate::mail::Mailer;
use crate::storage::Mail;
use crate::storage::Store;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct NotifyReport {
    pub posts: usize,
    pub sent: usize,
    pub failed: usize,
}

pub async fn notify(store: &Store, mailer: &Mailer, base_url: &str) -> anyhow::Result<NotifyReport> {
    let site = store.site().await?;
    let mut report = NotifyReport::default();
    for post in store.pending_announcements().await? {
        report.posts += 1;
        let mut failed = false;
        for (subscription, email, unsubscribe_token) in &post.recipients {
            if !store.claim_notification(post.post_id, *subscription).await? {
                continue;
            }
            let unsubscribe = crate::subscriptions::unsubscribe_url(base_url, unsubscribe_token);
            let mail = Mail {
                to: email.clone(),
                subject: format!("{}: {}", site.name, post.title),
                body: format!(
                    "{name} has published a new post.\n\n{title}\n\n{summary}\n\nRead it: {base_url}{link}\n\n\
                     You are getting this email because you subscribed to email notifications of new posts.\n\
                     Unsubscribe: {unsubscribe}\n",
                    name = site.name,
                    title = post.title,
                    summary = post.summary,
                    link = post.permalink,
                ),
                unsubscribe_url: Some(unsubscribe.clone()),
            };
            match mailer.send(mail).await {
                Ok(()) => report.sent += 1,
                Err(e) => {
                    tracing::error!(error = %e, post = post.post_id, "notification not sent; it will be retried");
                    store.release_notification(post.post_id, *subscription).await?;
                    report.failed += 1;
                    failed = true;
                }
            }
        }
        if !failed {
            store.mark_announced(post.post_id).await?;
        }
    }
    Ok(report)
}
