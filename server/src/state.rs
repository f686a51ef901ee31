//! What every handler can reach: the blog (for the domain), the built page
//! pages are rendered into, the settings read on every request, and what
//! sign-in shares between requests.

use std::path::Path;
use std::sync::Arc;

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
