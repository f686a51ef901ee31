//! Sending email: through SMTP when `SMTP_URL` is set, otherwise written
//! as `.eml` files to an outbox folder (the default for `make run`), so a
//! developer can read what would have been sent.

use std::path::PathBuf;

use lettre::message::{header::ContentType, Mailbox};
use lettre::{FileTransport, Message, SmtpTransport, Transport};

use crate::storage::Mail;

#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: SmtpTransport, from: Mailbox },
    Outbox { dir: PathBuf, from: Mailbox },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("could not build the email: {0}")]
    Build(String),
    #[error("could not send the email: {0}")]
    Send(String),
}

impl Mailer {
    /// SMTP from a URL like `smtps://user:password@smtp.example.com:465`,
    /// or the outbox folder when there is none.
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf, from: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("GOVBLOG_MAIL_FROM {from:?}: {e}"))?;
        match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                let transport = SmtpTransport::from_url(url)
                    .map_err(|e| anyhow::anyhow!("SMTP_URL is not a usable SMTP address: {e}"))?
                    .build();
                tracing::info!("emails are sent through SMTP");
                Ok(Mailer::Smtp { transport, from })
            }
            None => {
                std::fs::create_dir_all(&outbox)?;
                tracing::info!(outbox = %outbox.display(), "no SMTP_URL: emails are written to the outbox folder");
                Ok(Mailer::Outbox { dir: outbox, from })
            }
        }
    }

    /// Sends on a blocking thread; SMTP can be slow.
    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        let mailer = self.clone();
        tokio::task::spawn_blocking(move || mailer.send_now(mail))
            .await
            .map_err(|e| MailError::Send(e.to_string()))?
    }

    fn send_now(&self, mail: Mail) -> Result<(), MailError> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        let to: Mailbox = mail.to.parse().map_err(|e| MailError::Build(format!("{e}")))?;
        let mut builder =
            Message::builder().from(from).to(to).subject(mail.subject).header(ContentType::TEXT_PLAIN);
        if let Some(url) = &mail.unsubscribe_url {
            builder = builder.header(ListUnsubscribe(format!("<{url}>"))).header(ListUnsubscribePost);
        }
        let message = builder.body(mail.body).map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(&message).map_err(|e| MailError::Send(e.to_string()))?;
            }
            Mailer::Outbox { dir, .. } => {
                let id =
                    FileTransport::new(dir).send(&message).map_err(|e| MailError::Send(e.to_string()))?;
                // The file name, never the address: logs carry no personal data.
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "email written to the outbox");
            }
        }
        Ok(())
    }
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// How often queued email is looked for when nothing says it is waiting:
/// what another server queued, or what failed and is due again.
const QUEUE_POLL: std::time::Duration = std::time::Duration::from_secs(10);

/// Sends the queued emails that are due, each once: claimed in the
/// database first (so no other server sends it), forgotten once sent, tried
/// again later if sending fails. The number sent.
pub async fn deliver_queued(store: &crate::storage::Store, mailer: &Mailer) -> crate::storage::Result<usize> {
    let mut sent = 0;
    loop {
        let batch = store.claim_queued_mail(20).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for claimed in batch {
            match mailer.send(claimed.mail).await {
                Ok(()) => {
                    store.queued_mail_sent(claimed.id).await?;
                    sent += 1;
                }
                Err(e) if claimed.attempts >= crate::storage::MAX_ATTEMPTS => {
                    tracing::error!(error = %e, mail = claimed.id, "email given up after {} tries", claimed.attempts);
                    store.queued_mail_sent(claimed.id).await?;
                }
                Err(e) => {
                    tracing::warn!(error = %e, mail = claimed.id, "email not sent; it will be tried again");
                    // 1, 4, 9, 16 minutes.
                    store
                        .queued_mail_failed(claimed.id, 60 * (claimed.attempts * claimed.attempts) as u64)
                        .await?;
                }
            }
        }
    }
}

/// Runs [`deliver_queued`] in the background until `stopping` turns true:
/// when `waiting` is notified, and every few seconds.
pub fn spawn_delivery(
    store: crate::storage::Store,
    mailer: Mailer,
    waiting: std::sync::Arc<tokio::sync::Notify>,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        // A stop lets the round under way finish (what it claimed is sent)
        // and starts no other.
        while !*stopping.borrow() {
            match deliver_queued(&store, &mailer).await {
                Ok(_) => {}
                // The blog was removed: nothing more will be queued.
                Err(e) if e.is_closed() => break,
                Err(e) => tracing::warn!(error = %e, "queued email not delivered; trying again shortly"),
            }
            tokio::select! {
                _ = tokio::time::timeout(QUEUE_POLL, waiting.notified()) => {}
                _ = stopping.changed() => {}
            }
        }
    })
}
