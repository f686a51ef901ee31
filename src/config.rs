//! Where the app lives, read from the element it mounts into:
//!
//! ```html
//! <div id="govblog" data-api-base="https://blog.example.gov.uk/api/v1/" data-base-path="/blog/"></div>
//! ```
//!
//! Without those attributes it uses the site it is served from, at `/`.

use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The API's base URL, ending in `/`.
    pub api_base: String,
    /// The path the blog's pages live under, without a trailing slash:
    /// `""` for a whole site, `"/blog"` when embedded under `/blog/`.
    pub base_path: String,
    /// Mounted in another site's page (either attribute given): that page
    /// has its own skip link, GOV.UK header and footer.
    pub embedded: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { api_base: "/api/v1/".into(), base_path: String::new(), embedded: false }
    }
}

/// Set once at start-up; every link the app makes goes through [`href`].
static BASE_PATH: OnceLock<String> = OnceLock::new();
/// Set once at start-up; every request the app makes goes through [`api_url`].
/// A global rather than a context, so requests made outside a component
/// (from event handlers and tasks) reach the same API.
static API_BASE: OnceLock<String> = OnceLock::new();

impl Config {
    pub fn from_page() -> Config {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("govblog"));
        let attr = |name: &str| {
            el.as_ref()
                .and_then(|e| e.get_attribute(name))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut config = Config {
            embedded: attr("data-api-base").is_some() || attr("data-base-path").is_some(),
            ..Config::default()
        };
        if let Some(base) = attr("data-api-base") {
            config.api_base = if base.ends_with('/') { base } else { format!("{base}/") };
        }
        if let Some(path) = attr("data-base-path") {
            let path = path.trim_end_matches('/');
            config.base_path =
                if path.is_empty() || path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        }
        let _ = BASE_PATH.set(config.base_path.clone());
        let _ = API_BASE.set(config.api_base.clone());
        config
    }
}

/// A link to the blog page at `path` (e.g. `/category/data/`), under the base path.
pub fn href(path: &str) -> String {
    format!("{}{path}", base_path())
}

/// The path the blog lives under (`""` unless embedded elsewhere); the
/// server writes links inside post bodies under it.
pub fn base_path() -> &'static str {
    BASE_PATH.get().map_or("", String::as_str)
}

/// The blog path of a location's full path: the base path removed.
pub fn blog_path(pathname: &str) -> String {
    match pathname.strip_prefix(base_path()) {
        Some("") => "/".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => pathname.to_owned(),
    }
}

/// The URL of the API endpoint at `path` (e.g. `posts?page=2`).
pub fn api_url(path: &str) -> String {
    format!("{}{path}", API_BASE.get().map_or("/api/v1/", String::as_str))
}
