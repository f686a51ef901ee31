//! Which blog a request is for: the one at its host name.
//!
//! Each blog is served by a router of its own, built the first time one of
//! its readers arrives, over that blog's [`Store`] alone, with its own
//! caches; a request is handed to exactly one of them, so nothing one blog
//! keeps can answer for another. While a deployment has one blog and no
//! network host, that blog answers every host name, as a one-blog server
//! always did. Otherwise a host that is no blog's is answered by a router
//! that knows no blog: 404, showing nothing of any. The network's own host
//! (`GOVBLOG_NETWORK_HOST`) has a router of its own ([`crate::network_pages`]).
//!
//! Blogs added, renamed or archived by the `blogs` commands (on any
//! server, through the database) are seen within [`LOOK_AGAIN`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::RwLock;
use tower::ServiceExt;

use crate::error::ApiError;
use crate::host_name::HostName;
use crate::storage::{BlogEntry, Network, Store};

/// How often each server reads the list of blogs again.
pub const LOOK_AGAIN: Duration = Duration::from_secs(2);

/// Builds a blog's router over its store.
pub type BuildRouter = Box<dyn Fn(&BlogEntry, Store) -> Router + Send + Sync>;

pub struct Hosts {
    network: Network,
    /// Whether `X-Forwarded-Host` (written by our proxy) names the host.
    trust_proxy: bool,
    build: BuildRouter,
    /// Answers for hosts that are no blog's.
    no_blog: Router,
    /// The network's own host and its router, if it has one.
    network_host: Option<(HostName, Router)>,
    known: RwLock<Known>,
    routers: Mutex<HashMap<i64, (BlogEntry, Router)>>,
}

struct Known {
    blogs: Vec<BlogEntry>,
    read_at: Option<Instant>,
}

impl Hosts {
    pub fn new(
        network: Network,
        trust_proxy: bool,
        build: BuildRouter,
        no_blog: Router,
        network_host: Option<(HostName, Router)>,
    ) -> Hosts {
        Hosts {
            network,
            trust_proxy,
            build,
            no_blog,
            network_host,
            known: RwLock::new(Known { blogs: Vec::new(), read_at: None }),
            routers: Default::default(),
        }
    }

    /// The blogs, as last read (at most [`LOOK_AGAIN`] ago).
    async fn blogs(&self) -> Result<Vec<BlogEntry>, crate::storage::StorageError> {
        {
            let known = self.known.read().await;
            if known.read_at.is_some_and(|at| at.elapsed() < LOOK_AGAIN) {
                return Ok(known.blogs.clone());
            }
        }
        let mut known = self.known.write().await;
        if known.read_at.is_some_and(|at| at.elapsed() < LOOK_AGAIN) {
            return Ok(known.blogs.clone());
        }
        match self.network.blogs().await {
            Ok(blogs) => {
                // Blogs removed since: their routers go, and their stores
                // close (which ends their mail queue's task).
                let gone: Vec<i64> = {
                    let mut routers = self.routers.lock().unwrap_or_else(|e| e.into_inner());
                    let gone =
                        routers.keys().filter(|id| !blogs.iter().any(|b| b.id == **id)).copied().collect();
                    routers.retain(|id, _| blogs.iter().any(|b| b.id == *id));
                    gone
                };
                for id in gone {
                    self.network.forget(id).await;
                }
                *known = Known { blogs: blogs.clone(), read_at: Some(Instant::now()) };
                Ok(blogs)
            }
            // The database is away: the list read before still holds.
            Err(e) if known.read_at.is_some() => {
                tracing::warn!(error = %e, "could not read the list of blogs; using the one read before");
                Ok(known.blogs.clone())
            }
            Err(e) => Err(e),
        }
    }

    /// The router for the blog at `host`, or the one for no blog.
    async fn router_for(&self, host: Option<HostName>) -> Result<Router, ApiError> {
        if let (Some((network_host, router)), Some(host)) = (&self.network_host, &host) {
            if network_host == host {
                return Ok(router.clone());
            }
        }
        let blogs = self.blogs().await?;
        let blog = match blogs.as_slice() {
            [only] if self.network_host.is_none() => Some(only),
            _ => host.and_then(|host| blogs.iter().find(|b| b.host == host)),
        };
        let Some(blog) = blog else { return Ok(self.no_blog.clone()) };
        if let Some((built_for, router)) =
            self.routers.lock().unwrap_or_else(|e| e.into_inner()).get(&blog.id)
        {
            if built_for == blog {
                return Ok(router.clone());
            }
        }
        let store = self.network.store(blog).await?;
        let router = (self.build)(blog, store);
        self.routers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(blog.id, (blog.clone(), router.clone()));
        Ok(router)
    }

    /// The host a request names: `X-Forwarded-Host` behind a trusted proxy,
    /// else the request line's (absolute form) or `Host`. Junk names none.
    fn host_of(&self, req: &Request) -> Option<HostName> {
        let forwarded = self
            .trust_proxy
            .then(|| req.headers().get("x-forwarded-host"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            // A proxy that appends writes the last entry.
            .and_then(|v| v.rsplit(',').next());
        let named = forwarded
            .or_else(|| req.uri().authority().map(|a| a.as_str()))
            .or_else(|| req.headers().get(header::HOST).and_then(|v| v.to_str().ok()))?;
        HostName::parse(named)
    }
}

/// Hands the request to its blog's router.
pub async fn dispatch(State(hosts): State<Arc<Hosts>>, req: Request) -> Response {
    let host = hosts.host_of(&req);
    match hosts.router_for(host).await {
        Ok(router) => match router.oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        Err(e) => e.into_response(),
    }
}

/// The page for a host that is no blog's: GOV.UK's "Page not found", in
/// the Design System's styles and nothing else: no blog's name, no app.
pub async fn no_blog_page(State(index): State<crate::state::IndexPage>) -> Response {
    // The built page's stylesheets (their names carry Trunk's hashes).
    let styles: String = index
        .html()
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<link rel=\"stylesheet\""))
        .collect::<Vec<_>>()
        .join("\n    ");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n  <head>\n    <meta charset=\"utf-8\">\n    \
         <title>Page not found</title>\n    \
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n    \
         <meta name=\"robots\" content=\"noindex\">\n    {styles}\n  </head>\n  \
         <body class=\"govuk-template__body\">\n    <div class=\"govuk-width-container\">\n      \
         <main class=\"govuk-main-wrapper\" id=\"main-content\">\n        \
         <h1 class=\"govuk-heading-l\">Page not found</h1>\n        \
         <p class=\"govuk-body\">There is no blog at this address.</p>\n        \
         <p class=\"govuk-body\">If you typed the web address, check it is correct.</p>\n      \
         </main>\n    </div>\n  </body>\n</html>\n"
    );
    let mut response = (axum::http::StatusCode::NOT_FOUND, axum::response::Html(html)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static(crate::cache_control::PRIVATE));
    response
}
