//! What every handler can reach: the blog (for the domain), the built page
//! pages are rendered into, the settings read on every request, and what
//! sign-in shares between requests.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::blog::Blog;
use crate::config::Settings;

#[derive(Clone)]
pub struct AppState {
    pub blog: Blog,
    pub index: IndexPage,
    pub settings: Settings,
    /// Passwords hashed at once, at most: each Argon2 hash holds 19 MiB.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// The key that signs sign-in forms' tokens, read from the database
    /// (where every server finds the same one) at first use.
    pub sign_in_key: Arc<tokio::sync::OnceCell<String>>,
    /// Whether a stop has begun, and the requests under way.
    pub lifecycle: Lifecycle,
}

/// A server's life: running, then stopping (on SIGTERM or SIGINT), when
/// `/readyz` answers 503, the mail queue takes no new work and the requests
/// already received are answered. Requests under way are counted, so a stop
/// that runs out of time can say what it dropped.
#[derive(Clone)]
pub struct Lifecycle {
    stopping: Arc<watch::Sender<bool>>,
    in_flight: Arc<AtomicUsize>,
    /// The mail queue's delivery task, to let it finish what it claimed.
    deliveries: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Default for Lifecycle {
    fn default() -> Lifecycle {
        Lifecycle {
            stopping: Arc::new(watch::channel(false).0),
            in_flight: Default::default(),
            deliveries: Default::default(),
        }
    }
}

impl Lifecycle {
    /// Begins the stop.
    pub fn begin_stop(&self) {
        self.stopping.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Told when the stop begins.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stopping.subscribe()
    }

    /// Returns once the stop has begun.
    pub async fn stop_begun(&self) {
        let mut stopping = self.stopping();
        let _ = stopping.wait_for(|s| *s).await;
    }

    /// Requests received and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Counts a request until the guard is dropped (answered or abandoned).
    pub fn request(&self) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.in_flight.clone())
    }

    /// Keeps a blog's mail queue task, to wait for at the stop.
    pub fn add_delivery(&self, task: JoinHandle<()>) {
        if let Ok(mut d) = self.deliveries.lock() {
            d.retain(|t| !t.is_finished());
            d.push(task);
        }
    }

    /// Waits up to `limit` for every blog's mail queue to finish what it
    /// claimed; whether they did.
    pub async fn delivery_finished(&self, limit: Duration) -> bool {
        let tasks = self.deliveries.lock().map(|mut d| std::mem::take(&mut *d)).unwrap_or_default();
        tokio::time::timeout(limit, futures_util_join(tasks)).await.is_ok()
    }
}

/// One request under way: counted until dropped.
pub struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The built `index.html`, read once at start-up.
#[derive(Clone)]
pub struct IndexPage(Arc<Option<String>>);

impl IndexPage {
    pub fn load(dist: &Path) -> IndexPage {
        let path = dist.join("index.html");
        let html = std::fs::read_to_string(&path).ok();
        if html.is_none() {
            tracing::warn!(path = %path.display(), "SPA not built: pages will answer 503 (run `make run`)");
        }
        IndexPage(Arc::new(html))
    }

    /// The page pages are rendered into, once the SPA has been built.
    pub fn html(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// Waits for every task.
async fn futures_util_join(tasks: Vec<JoinHandle<()>>) {
    for task in tasks {
        let _ = task.await;
    }
}
