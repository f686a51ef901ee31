//! The GOV.UK Blogs URL scheme, so existing links keep working:
//! `/YYYY/MM/DD/slug/` for posts, `/category/slug/`, `/author/slug/`,
//! `/tag/slug/`, `/YYYY/MM/` for a month's posts, `/?s=words` for search,
//! and `/page/N/` after any list. Paths always end in `/`.
//!
//! Every blog address the app, the server, feeds and emails write is made
//! here, by [`Route::path`] (pages) or [`feed_path`] (feeds).

use crate::dates::Date;

/// A page of the blog, as named by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The home page's list of posts.
    Home {
        page: u32,
    },
    /// A post; `?cpage=N` shows another page of its comments, and
    /// `?replytocom=ID` opens its form as a reply, as on WordPress.
    Post {
        date: Date,
        slug: String,
        comment_page: u32,
        reply_to: Option<i64>,
    },
    Category {
        slug: String,
        page: u32,
    },
    Author {
        slug: String,
        page: u32,
    },
    Tag {
        slug: String,
        page: u32,
    },
    /// A month's posts: `/2025/06/`.
    Month {
        year: u16,
        month: u8,
        page: u32,
    },
    /// Search results: `/?s=words`, as WordPress (and so GOV.UK Blogs) has it.
    Search {
        query: String,
        page: u32,
    },
    /// The link in a subscription's confirmation email: `/subscribe/confirm/?token=`.
    ConfirmSubscription {
        token: String,
    },
    /// The link in every email: `/unsubscribe/?token=`.
    Unsubscribe {
        token: String,
    },
}

/// Longest slug we accept, in bytes.
pub const MAX_SLUG_LEN: usize = 200;

/// Slugs are lower-case ASCII letters, digits and single hyphens.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_LEN
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A slug made from a name: "Data & Digital" → "data-digital".
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(MAX_SLUG_LEN);
    slug.trim_end_matches('-').to_owned()
}

/// `/2014/10/17/open-policy-making/` for a post published on that date.
fn post_path(date: Date, slug: &str) -> String {
    format!("/{:04}/{:02}/{:02}/{}/", date.year, date.month, date.day, slug)
}

impl Route {
    /// Reads a site-relative path. The trailing slash is optional; a query
    /// string or fragment must already be removed.
    pub fn parse(path: &str) -> Option<Route> {
        let trimmed = path.strip_prefix('/')?;
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let parts: Vec<&str> = if trimmed.is_empty() { Vec::new() } else { trimmed.split('/').collect() };
        if parts.contains(&"") || (parts.is_empty() && path.len() > 1) {
            return None;
        }
        // A list may end in `/page/N`.
        let (parts, page) = match parts.as_slice() {
            [rest @ .., "page", n] => (rest, Some(page_number(n)?)),
            _ => (parts.as_slice(), None),
        };
        let list_page = page.unwrap_or(1);
        let slug = |s: &str| is_valid_slug(s).then(|| s.to_owned());
        match parts {
            [] => Some(Route::Home { page: list_page }),
            ["category", s] => Some(Route::Category { slug: slug(s)?, page: list_page }),
            ["author", s] => Some(Route::Author { slug: slug(s)?, page: list_page }),
            ["tag", s] => Some(Route::Tag { slug: slug(s)?, page: list_page }),
            ["subscribe", "confirm"] if page.is_none() => {
                Some(Route::ConfirmSubscription { token: String::new() })
            }
            ["unsubscribe"] if page.is_none() => Some(Route::Unsubscribe { token: String::new() }),
            [y, m] if y.len() == 4 && m.len() == 2 => {
                let date = Date::parse(&format!("{y}-{m}-01"))?;
                Some(Route::Month { year: date.year, month: date.month, page: list_page })
            }
            [y, m, d, s] if page.is_none() && y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                let date = Date::parse(&format!("{y}-{m}-{d}"))?;
                Some(Route::Post { date, slug: slug(s)?, comment_page: 1, reply_to: None })
            }
            _ => None,
        }
    }

    /// Reads a path and its query string (without `?`): a list page with an
    /// `s` parameter is a search.
    pub fn parse_url(path: &str, query: &str) -> Option<Route> {
        let route = Route::parse(path)?;
        let param = |name: &str| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| percent_decode(v))
        };
        Some(match route {
            Route::Home { page } => match (param("s"), param("category")) {
                (Some(query), _) => Route::Search { query, page },
                // The sidebar's category filter, submitted without JavaScript.
                (None, Some(slug)) if is_valid_slug(&slug) => Route::Category { slug, page },
                _ => Route::Home { page },
            },
            Route::Post { date, slug, .. } => Route::Post {
                date,
                slug,
                comment_page: param("cpage").and_then(|p| page_number(&p)).unwrap_or(1),
                reply_to: param("replytocom").and_then(|id| id.parse().ok()).filter(|id| *id > 0),
            },
            Route::ConfirmSubscription { .. } => {
                Route::ConfirmSubscription { token: param("token").unwrap_or_default() }
            }
            Route::Unsubscribe { .. } => Route::Unsubscribe { token: param("token").unwrap_or_default() },
            route => route,
        })
    }

    /// The canonical path: page 1 of a list has no `/page/1/`.
    pub fn path(&self) -> String {
        let list = |prefix: String, page: u32| {
            if page > 1 {
                format!("{prefix}page/{page}/")
            } else {
                prefix
            }
        };
        match self {
            Route::Home { page } => list("/".into(), *page),
            Route::Post { date, slug, comment_page, reply_to } => {
                let mut query = Vec::new();
                if *comment_page > 1 {
                    query.push(format!("cpage={comment_page}"));
                }
                if let Some(id) = reply_to {
                    query.push(format!("replytocom={id}"));
                }
                let path = post_path(*date, slug);
                if query.is_empty() {
                    path
                } else {
                    format!("{path}?{}", query.join("&"))
                }
            }
            Route::Category { slug, page } => list(format!("/category/{slug}/"), *page),
            Route::Author { slug, page } => list(format!("/author/{slug}/"), *page),
            Route::Tag { slug, page } => list(format!("/tag/{slug}/"), *page),
            Route::Month { year, month, page } => list(format!("/{year:04}/{month:02}/"), *page),
            Route::Search { query, page } => {
                format!("{}?s={}", list("/".into(), *page), percent_encode(query))
            }
            Route::ConfirmSubscription { token } => {
                format!("/subscribe/confirm/?token={}", percent_encode(token))
            }
            Route::Unsubscribe { token } => format!("/unsubscribe/?token={}", percent_encode(token)),
        }
    }
}

impl Route {
    /// A post's first page, as lists and links name it.
    pub fn post(date: Date, slug: &str) -> Route {
        Route::Post { date, slug: slug.to_owned(), comment_page: 1, reply_to: None }
    }

    /// The same list at page `page` (for a post, its comments at page
    /// `page`); other routes are returned as they are.
    pub fn with_page(&self, page: u32) -> Route {
        let mut route = self.clone();
        match &mut route {
            Route::Home { page: p }
            | Route::Category { page: p, .. }
            | Route::Author { page: p, .. }
            | Route::Tag { page: p, .. }
            | Route::Month { page: p, .. }
            | Route::Search { page: p, .. } => *p = page,
            Route::Post { comment_page, .. } => *comment_page = page,
            Route::ConfirmSubscription { .. } | Route::Unsubscribe { .. } => {}
        }
        route
    }
}

impl Route {
    /// A post's page with its form replying to comment `id` (or not);
    /// other routes are returned as they are.
    pub fn with_reply_to(&self, id: Option<i64>) -> Route {
        let mut route = self.clone();
        if let Route::Post { reply_to, .. } = &mut route {
            *reply_to = id;
        }
        route
    }
}

/// The Atom feed of the whole blog, or of one category.
pub fn feed_path(category: Option<&str>) -> String {
    match category {
        Some(slug) => format!("{}feed/", Route::Category { slug: slug.to_owned(), page: 1 }.path()),
        None => "/feed/".to_owned(),
    }
}

/// Decodes a query-string value: `+` is a space, `%XX` a byte; bytes that
/// are not UTF-8 become U+FFFD rather than an error.
pub fn percent_decode(s: &str) -> String {
    let mut bytes = Vec::with_capacity(s.len());
    let mut it = s.bytes();
    while let Some(b) = it.next() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex: Vec<u8> = it.clone().take(2).collect();
                match std::str::from_utf8(&hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) if hex.len() == 2 => {
                        bytes.push(v);
                        it.nth(1);
                    }
                    _ => bytes.push(b'%'),
                }
            }
            _ => bytes.push(b),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Encodes a query-string value: everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A page number in a path: 1 to 100,000, digits only.
fn page_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| (1..=100_000).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn parses_every_route() {
        assert_eq!(Route::parse("/"), Some(Route::Home { page: 1 }));
        assert_eq!(Route::parse("/page/3/"), Some(Route::Home { page: 3 }));
        assert_eq!(
            Route::parse("/2014/10/17/open-policy-making/"),
            Some(Route::post(d(2014, 10, 17), "open-policy-making"))
        );
        assert_eq!(
            Route::parse("/2014/10/17/open-policy-making"),
            Some(Route::post(d(2014, 10, 17), "open-policy-making"))
        );
        assert_eq!(
            Route::parse("/category/data/page/2/"),
            Some(Route::Category { slug: "data".into(), page: 2 })
        );
        assert_eq!(
            Route::parse("/author/sam-jones/"),
            Some(Route::Author { slug: "sam-jones".into(), page: 1 })
        );
        assert_eq!(Route::parse("/tag/ai/"), Some(Route::Tag { slug: "ai".into(), page: 1 }));
        assert_eq!(Route::parse("/2025/06/"), Some(Route::Month { year: 2025, month: 6, page: 1 }));
        assert_eq!(Route::parse("/2025/06/page/2/"), Some(Route::Month { year: 2025, month: 6, page: 2 }));
        assert_eq!(Route::parse("/2025/13/"), None);
    }

    #[test]
    fn search_urls() {
        assert_eq!(
            Route::parse_url("/", "s=open+data%21"),
            Some(Route::Search { query: "open data!".into(), page: 1 })
        );
        assert_eq!(
            Route::parse_url("/page/2/", "x=1&s=a"),
            Some(Route::Search { query: "a".into(), page: 2 })
        );
        assert_eq!(Route::parse_url("/", "s"), Some(Route::Search { query: "".into(), page: 1 }));
        assert_eq!(Route::parse_url("/", "q=a"), Some(Route::Home { page: 1 }));
        // The category filter's own form, without JavaScript.
        assert_eq!(
            Route::parse_url("/", "category=data"),
            Some(Route::Category { slug: "data".into(), page: 1 })
        );
        assert_eq!(Route::parse_url("/", "category=Not+a+slug"), Some(Route::Home { page: 1 }));
        assert_eq!(Route::parse_url("/tag/a/", "s=x"), Some(Route::Tag { slug: "a".into(), page: 1 }));
        let r = Route::Search { query: "a&b #c é".into(), page: 1 };
        assert_eq!(r.path(), "/?s=a%26b%20%23c%20%C3%A9");
        let (path, query) = r.path().split_once('?').map(|(p, q)| (p.to_owned(), q.to_owned())).unwrap();
        assert_eq!(Route::parse_url(&path, &query), Some(r));
        assert_eq!(
            Route::parse_url("/subscribe/confirm/", "token=ab12"),
            Some(Route::ConfirmSubscription { token: "ab12".into() })
        );
        assert_eq!(Route::parse_url("/unsubscribe/", ""), Some(Route::Unsubscribe { token: "".into() }));
        assert_eq!(Route::Unsubscribe { token: "ab".into() }.path(), "/unsubscribe/?token=ab");
        // WordPress's comment pages and reply links.
        let post = Route::parse_url("/2014/10/17/a/", "cpage=2&replytocom=7").unwrap();
        assert_eq!(
            post,
            Route::Post { date: d(2014, 10, 17), slug: "a".into(), comment_page: 2, reply_to: Some(7) }
        );
        assert_eq!(post.path(), "/2014/10/17/a/?cpage=2&replytocom=7");
        assert_eq!(
            Route::parse_url("/2014/10/17/a/", "cpage=x&replytocom=-1"),
            Some(Route::post(d(2014, 10, 17), "a"))
        );
        assert_eq!(feed_path(Some("data")), "/category/data/feed/");
        assert_eq!(feed_path(None), "/feed/");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }

    #[test]
    fn rejects_what_is_not_a_route() {
        for bad in [
            "",
            "nope",
            "/about/",
            "/2014/13/17/post/",
            "/2014/02/30/post/",
            "/14/10/17/post/",
            "/2014/10/17/Post/",
            "/2014/10/17/po st/",
            "/2014/10/17/post/page/2/",
            "/page/0/",
            "/page/-1/",
            "/page/x/",
            "/page/99999999999/",
            "/category/",
            "/category/a/b/",
            "/category/../",
            "//",
            "/tag/a--b/",
            "/author/%2e%2e/",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_canonical_paths_that_parse_back() {
        let routes = [
            Route::Home { page: 1 },
            Route::Home { page: 2 },
            Route::post(d(2024, 3, 5), "a-post"),
            Route::Category { slug: "data".into(), page: 1 },
            Route::Category { slug: "data".into(), page: 4 },
            Route::Author { slug: "sam".into(), page: 1 },
            Route::Tag { slug: "ai".into(), page: 2 },
            Route::Month { year: 2025, month: 6, page: 1 },
            Route::Month { year: 2025, month: 6, page: 3 },
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.path()), Some(r.clone()), "{}", r.path());
        }
        assert_eq!(Route::Home { page: 1 }.path(), "/");
        assert_eq!(Route::Category { slug: "data".into(), page: 3 }.path(), "/category/data/page/3/");
        assert_eq!(post_path(d(2014, 10, 7), "x"), "/2014/10/07/x/");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Data & Digital"), "data-digital");
        assert_eq!(slugify("  Policy Lab!  "), "policy-lab");
        assert_eq!(slugify("Café"), "caf");
        assert!(is_valid_slug("open-policy-2"));
        assert!(!is_valid_slug("-a"));
        assert!(!is_valid_slug(&"a".repeat(201)));
    }
}
