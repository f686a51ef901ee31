//! The network's own host (`GOVBLOG_NETWORK_HOST`, e.g. `www.blog.gov.uk`):
//! the index of every blog by organisation, the latest posts across them,
//! one search over all, an Atom feed of all and a sitemap index. Pages are
//! rendered with the app's components, as every blog page is, and served
//! to the app as data (`/api/v1/pages`, `/api/v1/frame`) for in-app
//! navigation.
//!
//! Everything here asks each blog's own store, several at once (no query spans
//! blogs), so a page is kept for [`FRESH_FOR`] rather than asked again for
//! every reader.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use govblog_shared::api::{NetworkBlog, NetworkPost, NetworkPostPage, PostLink, PostSummary, Site};
use govblog_shared::head;
use govblog_shared::page::{Content, Frame, NetworkSearchOutcome, Page};
use govblog_shared::permalink::Route;
use govblog_shared::search;

use crate::config::Config;
use crate::error::{ApiError, ApiQuery};
use crate::pages::render::{self, Caching};
use crate::state::IndexPage;
use crate::storage::{Network, PostFilter, StorageError, Store};
use crate::{feeds, spa};

/// How long an assembled page is kept.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// Posts to a page, as on each blog.
const PER_PAGE: u32 = 10;
/// Pages of posts across the network offered at most (each page asks
/// every blog for that many posts).
const MAX_PAGE: u32 = 50;
/// Blogs asked at once.
const AT_ONCE: usize = 16;
/// Pages kept at most; past this the store starts again empty.
const MAX_KEPT: usize = 500;

#[derive(Clone)]
pub struct NetworkSite {
    network: Network,
    config: Arc<Config>,
    index: IndexPage,
    kept: Arc<Mutex<HashMap<String, (Instant, Page)>>>,
}

/// The network host's router.
pub fn router(config: &Config, network: Network, index: IndexPage) -> Router {
    let site = NetworkSite { network, config: Arc::new(config.clone()), index, kept: Default::default() };
    let pages = spa::files(&config.dist).fallback(page.with_state(site.clone()));
    Router::new()
        .route("/api/v1/pages", get(api_page))
        .route("/api/v1/frame", get(api_frame))
        .route("/api/{*rest}", axum::routing::any(crate::error::api_not_found))
        .route("/feed/", get(feed))
        .route("/sitemap.xml", get(sitemap_index))
        .route("/robots.txt", get(robots))
        .with_state(site)
        .fallback_service(pages)
        .layer(axum::middleware::from_fn(crate::cache_control::revalidate))
}

impl NetworkSite {
    fn url(&self) -> String {
        match self.config.network_host() {
            Ok(Some(host)) => self.config.url_for(&host),
            _ => self.config.public_url(),
        }
    }

    fn frame(&self) -> Frame {
        Frame {
            site: Site {
                name: self.config.network_name.clone(),
                description:
                    "Blogs from across government: what teams are working on, and what they have learned."
                        .into(),
                url: self.url(),
                network: true,
                ..Site::default()
            },
            categories: Vec::new(),
            months: Vec::new(),
        }
    }

    /// Every blog with its store, settings and public address.
    async fn blogs(&self) -> Result<Vec<(Store, Site)>, StorageError> {
        let entries = self.network.blogs().await?;
        stream::iter(entries)
            .map(|entry| {
                let (network, url) = (self.network.clone(), self.config.url_for(&entry.host));
                async move {
                    let store = network.store(&entry).await?;
                    let mut site = store.site().await?;
                    site.url = url;
                    site.archived = entry.archived;
                    Ok((store, site))
                }
            })
            .buffered(AT_ONCE)
            .try_collect()
            .await
    }

    /// The page at `path?query`, kept for a few seconds.
    async fn page(&self, path: &str, query: &str) -> Result<Page, StorageError> {
        let url = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
        if let Some((at, page)) = self.kept.lock().unwrap_or_else(|e| e.into_inner()).get(&url) {
            if at.elapsed() < FRESH_FOR {
                return Ok(page.clone());
            }
        }
        let page = self.load(&url, path, query).await?;
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(url, (Instant::now(), page.clone()));
        Ok(page)
    }

    async fn load(&self, url: &str, path: &str, query: &str) -> Result<Page, StorageError> {
        let route = Route::parse_url(path, query);
        let not_found = (404, Content::NotFound);
        let (status, content) = match &route {
            Some(Route::Home { page }) if *page <= MAX_PAGE => {
                let blogs = self.blogs().await?;
                let wanted = page * PER_PAGE;
                let lists = each(&blogs, move |store| async move {
                    store.list_posts(PostFilter::default(), 1, wanted).await
                })
                .await?;
                let posts = merged(lists, *page);
                if posts.is_past_end() {
                    not_found
                } else {
                    let index = if *page == 1 { index(&blogs).await? } else { Vec::new() };
                    (200, Content::NetworkHome { blogs: index, posts })
                }
            }
            Some(Route::Search { query, page }) if *page <= MAX_PAGE => match search::terms(query) {
                Ok(terms) => {
                    let blogs = self.blogs().await?;
                    let wanted = page * PER_PAGE;
                    let lists = each(&blogs, |store| {
                        let terms = terms.clone();
                        async move { store.search(terms, 1, wanted).await }
                    })
                    .await?;
                    let posts = merged(lists, *page);
                    if posts.is_past_end() {
                        not_found
                    } else {
                        (
                            200,
                            Content::NetworkSearch {
                                query: query.clone(),
                                outcome: NetworkSearchOutcome::Results(posts),
                            },
                        )
                    }
                }
                Err(problem) => {
                    let status = if query.trim().is_empty() { 200 } else { 400 };
                    (
                        status,
                        Content::NetworkSearch {
                            query: query.clone(),
                            outcome: NetworkSearchOutcome::Problem(problem),
                        },
                    )
                }
            },
            _ => not_found,
        };
        let frame = self.frame();
        let route = route.filter(|_| status != 404);
        let head = head::head(&content, route.as_ref(), &frame.site, &frame.site.url, url);
        Ok(Page { url: url.to_owned(), status, head, content })
    }
}

/// `ask` of every blog's store, several at once, in the blogs' order.
async fn each<T, F, Fut>(blogs: &[(Store, Site)], ask: F) -> Result<Vec<(Site, T)>, StorageError>
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = Result<T, StorageError>> + Send + 'static,
    T: Send + 'static,
{
    stream::iter(blogs.to_vec())
        .map(|(store, site)| {
            let asked = ask(store);
            async move { Ok((site, asked.await?)) }
        })
        .buffered(AT_ONCE)
        .try_collect()
        .await
}

/// Each blog's index entry: settings and newest post.
async fn index(blogs: &[(Store, Site)]) -> Result<Vec<NetworkBlog>, StorageError> {
    let latest =
        each(blogs, |store| async move { store.list_posts(PostFilter::default(), 1, 1).await }).await?;
    let mut index = Vec::new();
    for (site, (latest, _)) in latest {
        index.push(NetworkBlog {
            name: site.name.clone(),
            organisation: site.organisation.clone(),
            description: site.description.clone(),
            url: site.url.clone(),
            latest: latest.into_iter().next().map(|p| PostLink { title: p.title, permalink: p.permalink }),
            archived: site.archived,
        });
    }
    Ok(index)
}

/// Page `page` of every blog's list (each holding its first `page` pages),
/// newest first.
fn merged(lists: Vec<(Site, (Vec<PostSummary>, u32))>, page: u32) -> NetworkPostPage {
    let total = lists.iter().map(|(_, (_, total))| *total).sum();
    let mut items: Vec<NetworkPost> = lists
        .into_iter()
        .flat_map(|(site, (posts, _))| {
            posts.into_iter().map(move |post| NetworkPost {
                blog_name: site.name.clone(),
                blog_url: site.url.clone(),
                post,
            })
        })
        .collect();
    // RFC 3339 in UTC: the strings sort as the times do.
    items.sort_by(|a, b| b.post.published_at.cmp(&a.post.published_at));
    let items = items.into_iter().skip(((page - 1) * PER_PAGE) as usize).take(PER_PAGE as usize).collect();
    NetworkPostPage::new(items, page, PER_PAGE, total)
}

/// Any page: rendered into the app's page, as every blog page is.
async fn page(State(site): State<NetworkSite>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let (path, query) = (req.uri().path(), req.uri().query().unwrap_or(""));
    match site.page(path, query).await {
        Ok(page) => {
            let frame = site.config.ssr.then(|| site.frame());
            render::document(&site.index, frame, page, Caching::Public).await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct PageQuery {
    path: String,
}

async fn api_page(
    State(site): State<NetworkSite>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<(StatusCode, Json<Page>), ApiError> {
    let (path, query) = q.path.split_once('?').unwrap_or((&q.path, ""));
    if !path.starts_with('/') {
        return Err(ApiError::BadRequest("path must be an address starting with /".into()));
    }
    let page = site.page(path, query).await?;
    Ok((StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK), Json(page)))
}

async fn api_frame(State(site): State<NetworkSite>) -> Json<Frame> {
    Json(site.frame())
}

/// The latest posts of every blog, as Atom.
async fn feed(State(site): State<NetworkSite>) -> Result<Response, ApiError> {
    let page = site.page("/", "").await?;
    let Content::NetworkHome { posts, .. } = page.content else {
        return Err(ApiError::NotFound("There is no feed here.".into()));
    };
    let frame = site.frame();
    Ok(feeds::network_atom(&frame.site.url, frame.site.name, frame.site.description, posts.items))
}

/// Each blog's own sitemap.
async fn sitemap_index(State(site): State<NetworkSite>) -> Result<Response, ApiError> {
    let sitemaps: Vec<String> = site
        .network
        .blogs()
        .await?
        .iter()
        .map(|b| format!("{}/sitemap.xml", site.config.url_for(&b.host)))
        .collect();
    Ok(feeds::sitemap_index(&sitemaps))
}

async fn robots(State(site): State<NetworkSite>) -> Response {
    feeds::robots_for(&site.url())
}
