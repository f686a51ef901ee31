//! govblog's reference server: the JSON API under `/api/v1/`, the blog's
//! pages rendered with the app's own components, and the app's files, over
//! one database.
//!
//! A request's way: [`app`] → an `api::*` handler, or [`pages`] for a page
//! (with [`spa`] serving built files) → for a reader's action, the domain
//! function ([`comments`], [`subscriptions`]) → [`storage::Store`] → SQL.

pub mod api;
pub mod blog;
pub mod cache_control;
pub mod client_ip;
pub mod clock;
pub mod comments;
pub mod config;
pub mod content;
pub mod cors;
pub mod error;
pub mod feeds;
pub mod following;
pub mod health;
pub mod host_name;
pub mod hosts;
pub mod html_body;
pub mod mail;
pub mod metrics;
pub mod moderation;
pub mod network_pages;
pub mod notify;
pub mod pages;
pub mod passwords;
pub mod request_log;
pub mod security;
pub mod spa;
pub mod state;
pub mod storage;
pub mod subscriptions;
pub mod tokens;
pub mod wordpress;

use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use blog::Blog;
pub use config::Config;
use state::{AppState, IndexPage, Lifecycle};
use std::sync::Arc;

use storage::{BlogEntry, Network, Store};

/// The listener to serve on. Every connection sends as soon as a response
/// is written: without TCP_NODELAY a body streamed after its headers (any
/// file from `dist/`) waits for the reader's delayed ACK, about 40 ms.
pub fn no_delay(
    listener: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, SetNoDelay> {
    use axum::serve::ListenerExt;
    listener.tap_io(set_no_delay)
}

/// What [`no_delay`] does to each connection, named so the listener's type can be.
pub type SetNoDelay = fn(&mut tokio::net::TcpStream);

fn set_no_delay(tcp: &mut tokio::net::TcpStream) {
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!(error = %e, "could not set TCP_NODELAY");
    }
}

/// The whole HTTP application.
pub fn app(config: &Config, network: Network, mailer: mail::Mailer) -> Router {
    app_with(config, network, mailer, Lifecycle::default(), metrics::Metrics::default(), Default::default())
}

/// The whole HTTP application, stopping when `lifecycle` says so and
/// counting into `metrics`: each request goes to the router of the blog
/// its host names ([`hosts`]). `followers` are this server's followings of
/// live WordPress sites, each for a blog.
pub fn app_with(
    config: &Config,
    network: Network,
    mailer: mail::Mailer,
    lifecycle: Lifecycle,
    metrics: metrics::Metrics,
    followers: following::Followers,
) -> Router {
    let index = IndexPage::load(&config.dist);
    // Every blog's kept API answers, bounded together.
    let kept = Arc::new(api::caching::KeptAnswers::default());
    let build = {
        let index = index.clone();
        let (config, lifecycle, metrics) = (config.clone(), lifecycle.clone(), metrics.clone());
        move |entry: &BlogEntry, store: Store| {
            let shared = Shared {
                mailer: mailer.clone(),
                index: index.clone(),
                kept: kept.clone(),
                lifecycle: lifecycle.clone(),
                metrics: metrics.clone(),
                followers: followers.clone(),
            };
            blog_app(&config, entry, store, shared)
        }
    };
    let no_blog = edge_layers(no_blog_app(config, index.clone()), config, &metrics);
    // Checked at start (`serve`): a bad name here means none.
    let network_host = config.network_host().ok().flatten().map(|host| {
        let router = network_pages::router(config, network.clone(), index.clone());
        (host, edge_layers(router, config, &metrics))
    });
    let hosts = Arc::new(hosts::Hosts::new(
        network.clone(),
        config.trust_proxy,
        Box::new(build),
        no_blog,
        network_host,
    ));
    let readiness = health::Readiness { lifecycle: lifecycle.clone(), store: network.first().clone() };
    Router::new()
        // For load balancers, on any host name: whether this server lives,
        // and takes readers.
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz).with_state(readiness))
        .fallback(hosts::dispatch)
        .with_state(hosts)
        // Outermost: every request is counted until it is answered.
        .layer(axum::middleware::from_fn_with_state(lifecycle, count_in_flight))
}

/// What every blog's application shares with the others.
struct Shared {
    mailer: mail::Mailer,
    index: IndexPage,
    kept: Arc<api::caching::KeptAnswers>,
    lifecycle: Lifecycle,
    metrics: metrics::Metrics,
    followers: following::Followers,
}

/// One blog's whole application, over its store alone.
fn blog_app(config: &Config, entry: &BlogEntry, store: Store, shared: Shared) -> Router {
    let Shared { mailer, index, kept, lifecycle, metrics, followers } = shared;
    let blog = Blog {
        store,
        base_url: config.url_for(&entry.host),
        archived: entry.archived,
        flood: config.flood_limits(),
        mailer: mailer.clone(),
        mail_waiting: Default::default(),
        metrics: metrics.clone(),
        id: entry.id,
        followers,
    };
    // A comment's emails go from the queue, whichever server queued them.
    let delivery =
        mail::spawn_delivery(blog.store.clone(), mailer, blog.mail_waiting.clone(), lifecycle.stopping());
    lifecycle.add_delivery(delivery);
    let state = AppState {
        blog,
        index,
        settings: config.settings(),
        hashing: std::sync::Arc::new(tokio::sync::Semaphore::new(passwords::AT_ONCE)),
        sign_in_key: Default::default(),
        lifecycle,
    };
    // Built files from dist/; every other path is a page.
    let files = spa::files(&config.dist).fallback(pages::answer.with_state(state.clone()));
    let files =
        Router::new().fallback_service(files).layer(axum::middleware::from_fn(spa::cache_static_files));
    // Pages and feeds: tagged for revalidation, kept briefly by a CDN.
    let public = Router::new()
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/robots.txt", get(feeds::robots))
        // Files copied in from a WordPress blog, at the addresses they had.
        .nest_service("/wp-content/uploads", tower_http::services::ServeDir::new(config.uploads_for(entry)))
        .merge(files)
        .layer(axum::middleware::from_fn(cache_control::revalidate));
    let router = Router::new()
        .nest("/api", api::routes(api::caching::ResponseCache::new(kept, entry.id, metrics.clone())))
        // Moderators' pages: private, and never rendered from the app's files.
        .merge(moderation::routes())
        // A WordPress draft, for its author (a followed blog's).
        .route("/preview/{id}/", get(pages::preview::show))
        // `nest` leaves the bare prefix with a trailing slash to the SPA.
        .route("/api/", axum::routing::any(error::api_not_found))
        .merge(public)
        .layer(cors::layer(if entry.embed_origins.is_empty() {
            &config.cors_origins
        } else {
            &entry.embed_origins
        }))
        .with_state(state);
    edge_layers(router, config, &metrics)
}

/// What a host that is no blog's is answered: not found, naming no blog.
fn no_blog_app(config: &Config, index: IndexPage) -> Router {
    // The built files are the same for every blog: the page is styled.
    let files = spa::files(&config.dist).fallback(hosts::no_blog_page.with_state(index));
    Router::new()
        .route("/api/{*rest}", axum::routing::any(error::api_not_found))
        .route("/api", axum::routing::any(error::api_not_found))
        .fallback_service(files)
}

/// What every answer passes through, a blog's, the network's or no
/// blog's: security headers, compression, the request log.
fn edge_layers(router: Router, config: &Config, metrics: &metrics::Metrics) -> Router {
    router
        .layer(axum::middleware::from_fn_with_state(security_headers(config), security::add_headers))
        // Brotli or gzip for text, JSON and wasm: the CSS alone shrinks 9 times.
        .layer(tower_http::compression::CompressionLayer::new())
        // Each request logged once, by the route it matched.
        .layer(axum::middleware::from_fn_with_state(metrics.clone(), request_log::log_request))
}

async fn count_in_flight(
    axum::extract::State(lifecycle): axum::extract::State<Lifecycle>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let _counted = lifecycle.request();
    next.run(req).await
}

fn security_headers(config: &Config) -> security::SecurityHeaders {
    let index = std::fs::read_to_string(config.dist.join("index.html")).ok();
    let https = config.public_url().starts_with("https://");
    security::SecurityHeaders::new(index.as_deref(), &config.frame_ancestors, https)
}

/// The metrics, as Prometheus text at `/metrics`: served on its own
/// address (`GOVBLOG_METRICS_ADDR`), never the public one.
pub fn metrics_app(metrics: metrics::Metrics, store: Store) -> Router {
    Router::new().route(
        "/metrics",
        get(move || async move {
            match metrics.scrape(&store).await {
                Ok(text) => {
                    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
                }
                Err(e) => error::ApiError::from(e).into_response(),
            }
        }),
    )
}

/// The deployment's database, with a message that says which when it
/// cannot be opened.
pub async fn open_database(config: &Config) -> anyhow::Result<Network> {
    let database = config.database();
    Network::open(&database, &config.first_host()?)
        .await
        .map_err(|e| anyhow::anyhow!("could not open {}: {e}", database.describe()))
}

/// Opens the database, importing the content folder when its first blog
/// has no posts yet (first start), so a new blog shows its demo content at once.
pub async fn open_store(config: &Config) -> anyhow::Result<Network> {
    let network = open_database(config).await?;
    let store = network.first().clone();
    // A blog that follows WordPress has WordPress's content, not the demo's.
    if store.is_empty().await? && config.wordpress_url.is_none() {
        let content = content::load(&config.content)?.with_image_sizes(&config.dist);
        let report = store.import(content).await?;
        store.mark_all_announced().await?;
        tracing::info!(
            posts = report.posts,
            comments = report.comments_added,
            "seeded the database from {}",
            config.content.display()
        );
    }
    Ok(network)
}
