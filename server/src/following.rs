//! A blog that follows a live WordPress: the task that keeps it in step
//! ([`wordpress::follow`](crate::wordpress::follow) does the copying), and
//! WordPress's word that something changed (its plugin's signed call).
//!
//! Every server of a deployment runs the task; one at a time polls, the one
//! holding the lease in the database (taken for three poll intervals and
//! renewed at each poll), so the work is never done twice and a stopped
//! server's place is taken. WordPress's call may reach any server: it is
//! written to the database, where the polling one finds it within
//! [`LOOK_FOR_CALLS`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::Notify;

use crate::storage::{BlogEntry, FollowedSite, Network, StorageError, Store};
use crate::wordpress::follow::Follower;
use crate::wordpress::rest::{Settings, Site};

/// How often a server looks in the database for WordPress's calls.
pub const LOOK_FOR_CALLS: Duration = Duration::from_secs(2);
/// How far a signed call's time may be from this server's.
pub const CALL_WINDOW_SECS: u64 = 300;

/// How a blog follows its WordPress.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    /// Between polls for changes (`GOVBLOG_WORDPRESS_POLL`).
    pub poll: Duration,
    /// Between full checks for deletions (`GOVBLOG_WORDPRESS_FULL_CHECK`).
    pub full_check: Duration,
}

/// What a call from WordPress's plugin says changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// A post or page: the next poll finds it by its modified time.
    Post,
    /// A comment, by WordPress ID: approvals leave no modified time.
    Comment(i64),
    /// A category, tag or user: read them all again.
    Term,
    /// A post or page deleted for good: compare every ID.
    Deleted,
    /// A reader commented here: hand it to WordPress.
    ReaderComment,
}

impl Changed {
    fn key(&self) -> String {
        match self {
            Changed::Post => "post".into(),
            Changed::Comment(id) => format!("comment:{id}"),
            Changed::Term => "term".into(),
            Changed::Deleted => "deleted".into(),
            Changed::ReaderComment => "handover".into(),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CallError {
    #[error("this blog takes no calls from WordPress (GOVBLOG_WORDPRESS_SECRET is not set)")]
    NoSecret,
    #[error("the call's signature is missing or wrong")]
    BadSignature,
    #[error("the call's time is missing or more than {CALL_WINDOW_SECS} seconds from now")]
    OutOfWindow,
    #[error("the same call was made before")]
    Replayed,
}

/// How long a preview link may last, at most.
pub const PREVIEW_LIFE_SECS: u64 = 3600;

/// A draft copied for one look: its store holds it alone (with the site's
/// terms), at `path`; the store's files go when this is dropped.
pub struct Preview {
    pub store: Store,
    pub path: String,
    _folder: tempfile::TempDir,
}

/// The handle to a blog's following: for WordPress's calls.
#[derive(Clone)]
pub struct Following {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    /// For previews, which any server makes.
    site: Site,
    /// The WordPress site followed, as its settings name it.
    site_url: String,
    secret: Option<Vec<u8>>,
    wake: Notify,
    /// Signatures of calls taken within the window, so none is taken twice.
    seen: Mutex<HashMap<String, u64>>,
    /// Ends the task (the blog no longer follows this site, or the server stops).
    stop: Notify,
}

impl Following {
    /// Starts following `site` into `store`, until [`Following::stop`].
    pub fn spawn(site: Site, store: Store, schedule: Schedule, secret: Option<String>) -> Following {
        let following = Following {
            inner: Arc::new(Inner {
                site_url: site.url().as_str().trim_end_matches('/').to_owned(),
                site: site.clone(),
                store: store.clone(),
                secret: secret.filter(|s| !s.is_empty()).map(String::into_bytes),
                wake: Notify::new(),
                seen: Mutex::new(HashMap::new()),
                stop: Notify::new(),
            }),
        };
        let handle = following.clone();
        let lease = lease_secs(&schedule);
        tokio::spawn(async move {
            let follower = Follower::new(site, store).holding(holder(), lease);
            tokio::select! {
                () = handle.run(follower, schedule) => {}
                () = handle.inner.stop.notified() => {}
            }
        });
        following
    }

    /// The WordPress site followed, e.g. `https://gds.blog.gov.uk`.
    pub fn site_url(&self) -> &str {
        &self.inner.site_url
    }

    /// Stops following, and lets another server poll at once rather than
    /// when the lease ends.
    pub async fn stop(&self) {
        // A permit is kept if the task is not waiting yet.
        self.inner.stop.notify_one();
        self.give_up().await;
    }

    async fn give_up(&self) {
        if let Err(e) = self.inner.store.give_up_follow_lease(&holder()).await {
            tracing::debug!(error = %e, "could not give up the WordPress lease");
        }
    }

    /// Checks a call from WordPress's plugin: `signature` is the hex
    /// HMAC-SHA256 of `{timestamp}.{body}` with the shared secret, compared
    /// in constant time; `timestamp` (Unix seconds) within
    /// [`CALL_WINDOW_SECS`] of `now`; the same call is taken once.
    pub fn check_call(
        &self,
        timestamp: &str,
        signature: &str,
        body: &[u8],
        now: u64,
    ) -> Result<(), CallError> {
        let secret = self.inner.secret.as_ref().ok_or(CallError::NoSecret)?;
        let sent: u64 = timestamp.trim().parse().map_err(|_| CallError::OutOfWindow)?;
        if sent.abs_diff(now) > CALL_WINDOW_SECS {
            return Err(CallError::OutOfWindow);
        }
        let signature = signature.trim().strip_prefix("sha256=").unwrap_or(signature.trim());
        let given = hex::decode(signature).map_err(|_| CallError::BadSignature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
        mac.update(timestamp.trim().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.verify_slice(&given).map_err(|_| CallError::BadSignature)?;
        let mut seen = self.inner.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.retain(|_, at| now.saturating_sub(*at) <= 2 * CALL_WINDOW_SECS);
        if seen.insert(signature.to_ascii_lowercase(), now).is_some() {
            return Err(CallError::Replayed);
        }
        Ok(())
    }

    /// Checks a preview link from WordPress's plugin: `signature` is the
    /// hex HMAC-SHA256 of `{expires}.preview:{wp_id}` with the shared
    /// secret (made only for users who may edit that post), `expires`
    /// (Unix seconds) not past and at most [`PREVIEW_LIFE_SECS`] ahead.
    /// A link may be opened again until it expires (a reload).
    pub fn check_preview(
        &self,
        wp_id: i64,
        expires: &str,
        signature: &str,
        now: u64,
    ) -> Result<(), CallError> {
        let secret = self.inner.secret.as_ref().ok_or(CallError::NoSecret)?;
        let until: u64 = expires.trim().parse().map_err(|_| CallError::OutOfWindow)?;
        if until < now || until > now + PREVIEW_LIFE_SECS {
            return Err(CallError::OutOfWindow);
        }
        let given = hex::decode(signature.trim()).map_err(|_| CallError::BadSignature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
        mac.update(format!("{until}.preview:{wp_id}").as_bytes());
        mac.verify_slice(&given).map_err(|_| CallError::BadSignature)
    }

    /// WordPress's post or page `wp_id` as it is now, whatever its status,
    /// copied into a throwaway database of its own (nothing unpublished
    /// goes into the blog's): `None` if WordPress has no such item.
    pub async fn preview(
        &self,
        wp_id: i64,
    ) -> Result<Option<Preview>, crate::wordpress::follow::FollowError> {
        let folder = tempfile::tempdir()
            .map_err(|e| StorageError::Invalid(format!("cannot make a folder for a preview: {e}")))?;
        let store = Store::open(&crate::storage::Database::Sqlite(folder.path().join("preview.db"))).await?;
        let path = Follower::new(self.inner.site.clone(), store.clone()).preview(wp_id).await;
        match path {
            Ok(Some(path)) => Ok(Some(Preview { store, path, _folder: folder })),
            Ok(None) => {
                store.close().await;
                Ok(None)
            }
            Err(e) => {
                store.close().await;
                Err(e)
            }
        }
    }

    /// Asks for a sync of what changed, by whichever server polls.
    pub async fn ask(&self, changed: &Changed) -> Result<(), StorageError> {
        self.inner.store.ask_for_sync(&changed.key()).await?;
        self.inner.wake.notify_one();
        Ok(())
    }

    async fn run(&self, mut follower: Follower, schedule: Schedule) {
        let store = &self.inner.store;
        let lease = lease_secs(&schedule);
        let mut next_poll = Instant::now();
        let mut next_full = Instant::now() + schedule.full_check;
        loop {
            let asked = store.follow_mark("asked").await.ok().flatten().is_some();
            if asked || Instant::now() >= next_poll {
                match store.take_follow_lease(&holder(), lease).await {
                    Ok(true) => {
                        let full = Instant::now() >= next_full;
                        if self.poll(&mut follower, full).await && full {
                            next_full = Instant::now() + schedule.full_check;
                        }
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "WordPress: could not take the lease"),
                }
                next_poll = Instant::now() + schedule.poll;
            }
            tokio::select! {
                () = tokio::time::sleep(LOOK_FOR_CALLS.min(schedule.poll)) => {}
                () = self.inner.wake.notified() => {}
            }
        }
    }

    /// One poll: what WordPress called about, then what changed. Whether it
    /// went through (an outage is logged and tried again next time).
    async fn poll(&self, follower: &mut Follower, full: bool) -> bool {
        let started = Instant::now();
        let sent_before = follower.requests_sent();
        let done = self.poll_once(follower, full).await;
        tracing::debug!(
            requests = follower.requests_sent() - sent_before,
            micros = started.elapsed().as_micros() as u64,
            full,
            "WordPress: polled"
        );
        done
    }

    async fn poll_once(&self, follower: &mut Follower, full: bool) -> bool {
        let started = Instant::now();
        let asked = match self.inner.store.take_asked_syncs().await {
            Ok(asked) => asked,
            Err(e) => {
                tracing::warn!(error = %e, "WordPress: could not read the calls");
                Vec::new()
            }
        };
        let full = full || asked.iter().any(|a| a == "term" || a == "deleted");
        // Readers' comments first, so that the sync after finds them
        // handed over rather than copies them as new.
        match follower.hand_over_comments().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(comments = n, "WordPress: handed readers' comments over for moderation"),
            Err(e) => {
                tracing::warn!(error = %e, "WordPress: could not hand comments over; they are kept and tried again")
            }
        }
        for id in asked.iter().filter_map(|a| a.strip_prefix("comment:")).filter_map(|id| id.parse().ok()) {
            if let Err(e) = follower.comment_changed(id).await {
                tracing::warn!(error = %e, comment = id, "WordPress: could not copy a changed comment");
            }
        }
        match follower.sync(full).await {
            Ok(changes) => {
                if !changes.is_empty() {
                    tracing::info!(
                        written = changes.written,
                        removed = changes.removed,
                        comments = changes.comments,
                        full,
                        millis = started.elapsed().as_millis() as u64,
                        "WordPress: copied its changes"
                    );
                }
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "WordPress: sync failed, trying again at the next poll");
                false
            }
        }
    }
}

/// Every blog's following on this server, kept to what each blog is set to
/// follow (`blogs set --wordpress-url`, read from the database every
/// [`LOOK_AGAIN`], or the first blog's `GOVBLOG_WORDPRESS_*` settings).
#[derive(Clone, Default)]
pub struct Followers {
    running: Arc<Mutex<HashMap<i64, (FollowedSite, Following)>>>,
    /// Set as the server stops: nothing more is started.
    stopped: Arc<std::sync::atomic::AtomicBool>,
}

/// How often each server reads again which blogs follow which site.
pub const LOOK_AGAIN: Duration = Duration::from_secs(5);
/// How long a site that could not be reached or refused govblog is left
/// before it is tried again.
const RETRY: Duration = Duration::from_secs(60);

impl Followers {
    /// The following of blog `blog_id`, if it follows a WordPress.
    pub fn of(&self, blog_id: i64) -> Option<Following> {
        self.lock().get(&blog_id).map(|(_, following)| following.clone())
    }

    fn is_stopped(&self) -> bool {
        self.stopped.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, (FollowedSite, Following)>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Follows what each blog of `network` is set to follow, and `first`
    /// (the settings' site for the first blog, before any stored for it),
    /// until [`Followers::stop`].
    pub fn spawn(&self, network: Network, schedule: Schedule, first: Option<FollowedSite>) {
        let followers = self.clone();
        tokio::spawn(async move {
            let mut failed: HashMap<i64, (FollowedSite, Instant)> = HashMap::new();
            while !followers.is_stopped() {
                match network.followed_sites().await {
                    Ok(mut wanted) => {
                        if let Some(first) = &first {
                            wanted.retain(|s| s.blog_id != first.blog_id);
                            wanted.push(first.clone());
                        }
                        followers.follow(&network, schedule, wanted, &mut failed).await;
                    }
                    Err(e) => tracing::warn!(error = %e, "could not read which blogs follow a WordPress"),
                }
                tokio::time::sleep(LOOK_AGAIN).await;
            }
        });
    }

    /// Stops what no blog wants any more and starts what is new.
    async fn follow(
        &self,
        network: &Network,
        schedule: Schedule,
        wanted: Vec<FollowedSite>,
        failed: &mut HashMap<i64, (FollowedSite, Instant)>,
    ) {
        let stale: Vec<Following> = {
            let mut running = self.lock();
            let stale = running
                .iter()
                .filter(|(id, (site, _))| !wanted.iter().any(|w| w.blog_id == **id && w == site))
                .map(|(id, _)| *id)
                .collect::<Vec<_>>();
            stale.iter().filter_map(|id| running.remove(id)).map(|(_, f)| f).collect()
        };
        for following in stale {
            tracing::info!(site = following.site_url(), "no longer following WordPress");
            following.stop().await;
        }
        failed.retain(|id, (site, at)| wanted.contains(site) && *id == site.blog_id && at.elapsed() < RETRY);
        let new: Vec<FollowedSite> = {
            let running = self.lock();
            wanted
                .into_iter()
                .filter(|w| !running.contains_key(&w.blog_id) && !failed.contains_key(&w.blog_id))
                .collect()
        };
        if new.is_empty() {
            return;
        }
        let Ok(blogs) = network.blogs().await else { return };
        for wanted in new {
            let Some(blog) = blogs.iter().find(|b| b.id == wanted.blog_id) else { continue };
            match start(network, blog, &wanted, schedule).await {
                Ok(following) if self.is_stopped() => following.stop().await,
                Ok(following) => {
                    tracing::info!(blog = %blog.host, site = following.site_url(), "following WordPress");
                    self.lock().insert(wanted.blog_id, (wanted, following));
                }
                Err(e) => {
                    tracing::error!(blog = %blog.host, error = %e, "cannot follow WordPress; trying again in a minute");
                    failed.insert(wanted.blog_id, (wanted, Instant::now()));
                }
            }
        }
    }

    /// Stops every blog's following, as the server stops: another server
    /// takes over at once.
    pub async fn stop(&self) {
        self.stopped.store(true, std::sync::atomic::Ordering::SeqCst);
        let all: Vec<Following> = self.lock().drain().map(|(_, (_, f))| f).collect();
        for following in all {
            following.stop().await;
        }
    }
}

/// Connects to a blog's WordPress and starts following it.
async fn start(
    network: &Network,
    blog: &BlogEntry,
    wanted: &FollowedSite,
    schedule: Schedule,
) -> anyhow::Result<Following> {
    let site = Site::connect(wanted.settings()?).await?;
    let store = network.store(blog).await?;
    Ok(Following::spawn(site, store, schedule, wanted.secret.clone()))
}

impl FollowedSite {
    /// How to reach the site, its address checked.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let url = url::Url::parse(&self.url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| {
                anyhow::anyhow!("the WordPress address {:?} is not an http or https address", self.url)
            })?;
        Ok(Settings { url, user: self.user.clone(), app_password: self.app_password.clone() })
    }
}

/// How long the lease lasts, renewed at each poll and each batch copied:
/// a server that stopped without giving it up is replaced after this.
fn lease_secs(schedule: &Schedule) -> i64 {
    (schedule.poll.as_secs() * 3 + 30) as i64
}

/// This server's name for the lease: random, made once.
fn holder() -> String {
    static HOLDER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOLDER
        .get_or_init(|| {
            let mut bytes = [0_u8; 8];
            getrandom::fill(&mut bytes).expect("the system's random numbers");
            hex::encode(bytes)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    async fn following(secret: Option<&str>) -> Following {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&crate::storage::Database::Sqlite(dir.path().join("t.db"))).await.unwrap();
        std::mem::forget(dir);
        Following {
            inner: Arc::new(Inner {
                store,
                site: Site::unconnected(Settings {
                    url: url::Url::parse("https://blog.example.gov.uk/").unwrap(),
                    user: "govblog".into(),
                    app_password: "not used".into(),
                }),
                site_url: "https://blog.example.gov.uk".into(),
                secret: secret.map(|s| s.as_bytes().to_vec()),
                wake: Notify::new(),
                seen: Mutex::new(HashMap::new()),
                stop: Notify::new(),
            }),
        }
    }

    #[tokio::test]
    async fn calls_are_taken_signed_in_time_and_once() {
        let f = following(Some("shared secret")).await;
        let body = br#"{"changed":"post"}"#;
        let now = 1_800_000_000;
        let good = sign("shared secret", "1800000000", body);
        assert_eq!(f.check_call("1800000000", &good, body, now), Ok(()));
        assert_eq!(f.check_call("1800000000", &good, body, now), Err(CallError::Replayed));
        let later = sign("shared secret", "1800000100", body);
        assert_eq!(f.check_call("1800000100", &later, b"{}", now), Err(CallError::BadSignature));
        assert_eq!(
            f.check_call("1800000100", &sign("other", "1800000100", body), body, now),
            Err(CallError::BadSignature)
        );
        assert_eq!(f.check_call("1800000100", "sha256=zz", body, now), Err(CallError::BadSignature));
        assert_eq!(
            f.check_call("1799999000", &sign("shared secret", "1799999000", body), body, now),
            Err(CallError::OutOfWindow)
        );
        assert_eq!(f.check_call("soon", &later, body, now), Err(CallError::OutOfWindow));
        assert_eq!(f.check_call("1800000100", &later, body, now), Ok(()));
        let none = following(None).await;
        assert_eq!(none.check_call("1800000000", &good, body, now), Err(CallError::NoSecret));
    }

    #[tokio::test]
    async fn preview_links_are_taken_signed_for_their_post_until_they_expire() {
        let f = following(Some("shared secret")).await;
        let now = 1_800_000_000;
        let link = |secret: &str, expires: u64, id: i64| {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
            mac.update(format!("{expires}.preview:{id}").as_bytes());
            hex::encode(mac.finalize().into_bytes())
        };
        let good = link("shared secret", now + 600, 12);
        assert_eq!(f.check_preview(12, "1800000600", &good, now), Ok(()));
        assert_eq!(f.check_preview(12, "1800000600", &good, now), Ok(()), "opened again");
        assert_eq!(f.check_preview(13, "1800000600", &good, now), Err(CallError::BadSignature));
        assert_eq!(f.check_preview(12, "1800000601", &good, now), Err(CallError::BadSignature));
        let other = link("other", now + 600, 12);
        assert_eq!(f.check_preview(12, "1800000600", &other, now), Err(CallError::BadSignature));
        assert_eq!(f.check_preview(12, "1800000600", &good, now + 601), Err(CallError::OutOfWindow));
        let far = link("shared secret", now + PREVIEW_LIFE_SECS + 1, 12);
        let far_at = (now + PREVIEW_LIFE_SECS + 1).to_string();
        assert_eq!(f.check_preview(12, &far_at, &far, now), Err(CallError::OutOfWindow));
        assert_eq!(f.check_preview(12, "", &good, now), Err(CallError::OutOfWindow));
        assert_eq!(f.check_preview(12, "1800000600", "zz", now), Err(CallError::BadSignature));
        let none = following(None).await;
        assert_eq!(none.check_preview(12, "1800000600", &good, now), Err(CallError::NoSecret));
    }
}
