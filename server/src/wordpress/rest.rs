//! WordPress's JSON REST API (`/wp-json/wp/v2/`), as a blog that follows a
//! live WordPress reads it: signed in with an application password (HTTP
//! Basic, WordPress 5.6+), `context=edit` so bodies come as their authors
//! wrote them (blocks and shortcodes, exactly what an export holds), one
//! page of 100 at a time.
//!
//! Every answer is checked: a status that is not 200, a body that is not the
//! JSON expected or larger than [`MOST_BYTES`] is an error naming the
//! request, never a panic; the application password is never logged or
//! shown.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

/// Largest answer read: a page of 100 posts with long bodies fits many
/// times over; anything larger is not WordPress answering.
const MOST_BYTES: usize = 64 * 1024 * 1024;
/// Items per page: WordPress's most.
pub const PER_PAGE: u32 = 100;

/// How to reach a WordPress site.
#[derive(Clone)]
pub struct Settings {
    /// The site as WordPress knows it, e.g. `https://gds.blog.gov.uk`.
    pub url: Url,
    pub user: String,
    pub app_password: String,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Never the password.
        f.debug_struct("Settings").field("url", &self.url.as_str()).field("user", &self.user).finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RestError {
    #[error("WordPress at {0} cannot be reached: {1}")]
    Unreachable(String, String),
    #[error("{0} is not a WordPress site with its REST API on (no /wp-json/ with wp/v2)")]
    NoRestApi(String),
    #[error("WordPress refused the user name or application password for {0} (HTTP {1})")]
    WrongPassword(String, u16),
    #[error("WordPress's user {0} may not read drafts and settings (needs an editor or administrator)")]
    NotAllowed(String),
    #[error("WordPress answered {0} with HTTP {1}")]
    Status(String, u16),
    #[error("WordPress's answer to {0} is not what its REST API sends: {1}")]
    Unexpected(String, String),
}

/// A WordPress site, signed in.
#[derive(Clone)]
pub struct Site {
    settings: Settings,
    http: reqwest::Client,
    /// `…/wp-json/`, or the site with `?rest_route=` when it has no pretty
    /// permalinks.
    api: Api,
    /// Requests sent, for the log and the benchmark.
    sent: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

#[derive(Clone)]
enum Api {
    Root(Url),
    Query(Url),
}

/// One page of a collection, and how many pages there are.
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_pages: u32,
}

impl Site {
    /// Finds the site's REST API and checks the user may read everything
    /// (drafts included): a clear error naming what is wrong otherwise.
    pub async fn connect(settings: Settings) -> Result<Site, RestError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("govblog/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .map_err(|e| RestError::Unreachable(settings.url.to_string(), e.to_string()))?;
        let base = settings.url.as_str().trim_end_matches('/').to_owned();
        let mut site = None;
        for api in [
            Api::Root(
                Url::parse(&format!("{base}/wp-json/")).map_err(|_| RestError::NoRestApi(base.clone()))?,
            ),
            Api::Query(Url::parse(&format!("{base}/")).map_err(|_| RestError::NoRestApi(base.clone()))?),
        ] {
            let candidate =
                Site { settings: settings.clone(), http: http.clone(), api, sent: Default::default() };
            let index: Result<serde_json::Value, _> = candidate.get_json("/", &[], false).await;
            match index {
                Ok(index) if has_wp_v2(&index) => {
                    site = Some(candidate);
                    break;
                }
                Err(e @ RestError::Unreachable(..)) => return Err(e),
                _ => continue,
            }
        }
        let site = site.ok_or(RestError::NoRestApi(base.clone()))?;
        let me: serde_json::Value = site.get_json("/wp/v2/users/me", &[("context", "edit")], true).await?;
        let can_edit = me
            .get("capabilities")
            .and_then(|c| c.get("edit_others_posts"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        if !can_edit {
            return Err(RestError::NotAllowed(site.settings.user.clone()));
        }
        Ok(site)
    }

    /// A site not asked anything yet, for tests that send it nothing.
    #[cfg(test)]
    pub fn unconnected(settings: Settings) -> Site {
        let api = Api::Root(settings.url.join("wp-json/").expect("a base URL takes a path"));
        Site { settings, http: reqwest::Client::new(), api, sent: Default::default() }
    }

    pub fn url(&self) -> &Url {
        &self.settings.url
    }

    /// Requests sent so far.
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count(&self) {
        self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The URL of `route` (`/wp/v2/posts`) with `query`.
    fn address(&self, route: &str, query: &[(&str, &str)]) -> Url {
        let mut url = match &self.api {
            Api::Root(root) => {
                let mut url = root.clone();
                url.set_path(&format!("{}{}", root.path().trim_end_matches('/'), route));
                url
            }
            Api::Query(site) => {
                let mut url = site.clone();
                url.query_pairs_mut().append_pair("rest_route", route);
                url
            }
        };
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// One page (from 1) of a collection such as `/wp/v2/posts`.
    pub async fn page<T: DeserializeOwned>(
        &self,
        route: &str,
        query: &[(&str, &str)],
        page: u32,
    ) -> Result<Page<T>, RestError> {
        let per_page = PER_PAGE.to_string();
        let page_text = page.to_string();
        let mut query = query.to_vec();
        query.extend([("per_page", per_page.as_str()), ("page", page_text.as_str())]);
        let (body, total_pages) = self.get(route, &query, true).await?;
        let items = serde_json::from_slice(&body)
            .map_err(|e| RestError::Unexpected(route.to_owned(), e.to_string()))?;
        Ok(Page { items, total_pages })
    }

    /// Every item of a collection, a page at a time (for the small ones:
    /// users, terms, media, reusable blocks, lists of IDs).
    pub async fn all<T: DeserializeOwned>(
        &self,
        route: &str,
        query: &[(&str, &str)],
    ) -> Result<Vec<T>, RestError> {
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let answer: Page<T> = self.page(route, query, page).await?;
            let last = answer.items.is_empty() || page >= answer.total_pages;
            items.extend(answer.items);
            if last {
                return Ok(items);
            }
            page += 1;
        }
    }

    /// One item, e.g. `/wp/v2/comments/12`; `None` if WordPress has none
    /// such (deleted).
    pub async fn one<T: DeserializeOwned>(
        &self,
        route: &str,
        query: &[(&str, &str)],
    ) -> Result<Option<T>, RestError> {
        match self.get_json(route, query, true).await {
            Ok(item) => Ok(Some(item)),
            Err(RestError::Status(_, 404 | 410)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sends `body` to a collection (`/wp/v2/comments`) as JSON: the item
    /// WordPress made.
    pub async fn create<T: DeserializeOwned>(
        &self,
        route: &str,
        body: &serde_json::Value,
    ) -> Result<T, RestError> {
        let url = self.address(route, &[]);
        self.count();
        let answer = self
            .http
            .post(url)
            .basic_auth(&self.settings.user, Some(&self.settings.app_password))
            .json(body)
            .send()
            .await
            .map_err(|e| RestError::Unreachable(self.settings.url.to_string(), describe(&e)))?;
        let (body, _) = self.read(route, answer).await?;
        serde_json::from_slice(&body).map_err(|e| RestError::Unexpected(route.to_owned(), e.to_string()))
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        route: &str,
        query: &[(&str, &str)],
        signed_in: bool,
    ) -> Result<T, RestError> {
        let (body, _) = self.get(route, query, signed_in).await?;
        serde_json::from_slice(&body).map_err(|e| RestError::Unexpected(route.to_owned(), e.to_string()))
    }

    /// The body of `route`'s answer and its `X-WP-TotalPages`.
    async fn get(
        &self,
        route: &str,
        query: &[(&str, &str)],
        signed_in: bool,
    ) -> Result<(Vec<u8>, u32), RestError> {
        self.count();
        let mut request = self.http.get(self.address(route, query));
        if signed_in {
            request = request.basic_auth(&self.settings.user, Some(&self.settings.app_password));
        }
        let answer = request
            .send()
            .await
            .map_err(|e| RestError::Unreachable(self.settings.url.to_string(), describe(&e)))?;
        self.read(route, answer).await
    }

    async fn read(&self, route: &str, mut answer: reqwest::Response) -> Result<(Vec<u8>, u32), RestError> {
        let status = answer.status().as_u16();
        if status == 401 || status == 403 {
            return Err(RestError::WrongPassword(self.settings.url.to_string(), status));
        }
        if !(200..300).contains(&status) {
            return Err(RestError::Status(route.to_owned(), status));
        }
        let total_pages = answer
            .headers()
            .get("x-wp-totalpages")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1);
        let mut body = Vec::new();
        while let Some(chunk) = answer
            .chunk()
            .await
            .map_err(|e| RestError::Unreachable(self.settings.url.to_string(), describe(&e)))?
        {
            if body.len() + chunk.len() > MOST_BYTES {
                return Err(RestError::Unexpected(
                    route.to_owned(),
                    format!("larger than {MOST_BYTES} bytes"),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((body, total_pages))
    }
}

/// reqwest's message with its causes (the URL it names carries no
/// password: that goes in a header).
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn has_wp_v2(index: &serde_json::Value) -> bool {
    index
        .get("namespaces")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|n| n.iter().any(|n| n.as_str() == Some("wp/v2")))
}

/// Text WordPress keeps in two forms; with `context=edit`, `raw` is what
/// the author wrote.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Text {
    pub raw: String,
    pub rendered: String,
}

impl Text {
    /// The author's text, else the rendered one.
    pub fn source(&self) -> &str {
        if self.raw.is_empty() {
            &self.rendered
        } else {
            &self.raw
        }
    }
}

/// A post or page (`/wp/v2/posts`, `/wp/v2/pages`, `context=edit`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestPost {
    pub id: i64,
    /// The site's local time, `2026-12-03T17:28:37`: the permalink's date.
    pub date: Option<String>,
    pub date_gmt: Option<String>,
    pub modified: String,
    pub modified_gmt: String,
    pub slug: String,
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub password: String,
    pub title: Text,
    pub content: Text,
    pub excerpt: Text,
    pub author: i64,
    pub comment_status: String,
    pub sticky: bool,
    pub categories: Vec<i64>,
    pub tags: Vec<i64>,
    pub featured_media: i64,
    pub parent: i64,
    pub menu_order: i64,
}

/// `/wp/v2/comments`, `context=edit`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestComment {
    pub id: i64,
    pub post: i64,
    pub parent: i64,
    pub author: i64,
    pub author_name: String,
    pub author_email: String,
    /// The site's local time: what the API's `after` compares.
    pub date: String,
    pub date_gmt: String,
    pub content: Text,
    /// `approved`, `hold`, `spam`, `trash`.
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// `/wp/v2/users`, `context=edit`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestUser {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub slug: String,
}

/// `/wp/v2/categories` and `/wp/v2/tags`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestTerm {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub parent: i64,
}

/// `/wp/v2/media`, `context=edit`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestMedia {
    pub id: i64,
    pub source_url: String,
    pub alt_text: String,
    pub caption: Text,
    pub post: Option<i64>,
    pub media_details: MediaDetails,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MediaDetails {
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// `/wp/v2/blocks` (reusable blocks), `context=edit`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestBlock {
    pub id: i64,
    pub content: Text,
}

/// An item of a list of IDs (`_fields=id`), with its status where asked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RestId {
    pub id: i64,
    pub status: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_in_debug_output() {
        let settings = Settings {
            url: Url::parse("https://blog.example.gov.uk").unwrap(),
            user: "govblog".into(),
            app_password: "abcd efgh ijkl".into(),
        };
        assert!(!format!("{settings:?}").contains("abcd"));
    }

    #[test]
    fn addresses_with_and_without_pretty_permalinks() {
        let site = |api| Site {
            settings: Settings {
                url: Url::parse("https://blog.example.gov.uk").unwrap(),
                user: String::new(),
                app_password: String::new(),
            },
            http: reqwest::Client::new(),
            api,
            sent: Default::default(),
        };
        let root = site(Api::Root(Url::parse("https://blog.example.gov.uk/wp-json/").unwrap()));
        assert_eq!(
            root.address("/wp/v2/posts", &[("page", "2")]).as_str(),
            "https://blog.example.gov.uk/wp-json/wp/v2/posts?page=2"
        );
        let query = site(Api::Query(Url::parse("https://blog.example.gov.uk/").unwrap()));
        assert_eq!(
            query.address("/wp/v2/posts", &[("page", "2")]).as_str(),
            "https://blog.example.gov.uk/?rest_route=%2Fwp%2Fv2%2Fposts&page=2"
        );
    }
}
