//! The GOV.UK Blogs (WordPress) URL scheme, so existing links keep working:
//! `/YYYY/MM/DD/slug/` for posts (`/YYYY/MM/DD/slug/2/` for a post's second
//! page), `/category/slug/` (`/category/parent/child/` in a hierarchy),
//! `/author/slug/`, `/tag/slug/`, `/YYYY/MM/` for a month's posts,
//! `/?s=words` for search, `/page/N/` after any list, `/?p=ID` for a post by
//! its WordPress ID, and any other path of slugs for a page (`/about/`).
//! Paths always end in `/`. Slugs are WordPress's: lower-case letters,
//! digits, `-`, `_`, and other characters percent-encoded (`%e4%b8%ad`).
//!
//! Every blog address the app, the server, feeds and emails write is made
//! here, by [`Route::path`] (pages) or [`Route::feed_path`] (feeds).

use crate::dates::Date;

/// A page of the blog, as named by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The home page's list of posts.
    Home {
        page: u32,
    },
    /// A post; `?cpage=N` shows another page of its comments, and
    /// `?replytocom=ID` opens its form as a reply, as on WordPress. A post
    /// written in parts (WordPress's `<!--nextpage-->`) shows `part`.
    Post {
        date: Date,
        slug: String,
        comment_page: u32,
        reply_to: Option<i64>,
        part: u32,
    },
    /// A category's posts; `path` is its slug after its parents':
    /// `"data"`, or `"open-data/publishing"` for a child category.
    Category {
        path: String,
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
    /// A page (not a post), at its path of slugs: `"about"`,
    /// `"about/comments-policy"`.
    Page {
        path: String,
    },
    /// WordPress's short links, `/?p=ID` and `/?page_id=ID`: redirected to
    /// the post's or page's address.
    Shortlink {
        id: i64,
        page: bool,
    },
}

/// First segments that are never a page's.
const RESERVED: [&str; 10] = [
    "category",
    "author",
    "tag",
    "page",
    "feed",
    "subscribe",
    "unsubscribe",
    "api",
    "wp-content",
    "moderate",
];

/// Longest slug we accept, in bytes.
pub const MAX_SLUG_LEN: usize = 200;

/// Slugs are lower-case ASCII letters, digits, `-` and `_`, with characters
/// beyond ASCII percent-encoded in lower case, as WordPress writes them.
pub fn is_valid_slug(s: &str) -> bool {
    let b = s.as_bytes();
    if s.is_empty() || s.len() > MAX_SLUG_LEN || s.starts_with('-') || s.ends_with('-') {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => i += 1,
            // Only bytes of UTF-8 beyond ASCII: `%2e` (".") is no slug.
            b'%' if b.len() > i + 2
                && matches!(b[i + 1], b'8'..=b'9' | b'a'..=b'f')
                && is_lower_hex(b[i + 2]) =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

/// A slug as WordPress stores it, from its decoded form (as a framework
/// hands over a path or query parameter): characters beyond ASCII
/// percent-encoded in lower case. `统计` → `%e7%bb%9f%e8%ae%a1`.
pub fn encode_slug(decoded: &str) -> String {
    let mut out = String::with_capacity(decoded.len());
    for b in decoded.bytes() {
        if b.is_ascii() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

/// A path of slugs, `a/b/c`, as categories and pages have.
pub fn is_valid_path(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_SLUG_LEN * 4 && s.split('/').all(is_valid_slug)
}

/// A path segment as WordPress stores it: percent-escapes in lower case
/// (browsers send them in upper case).
fn normal_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    let mut escape = 0;
    for c in segment.chars() {
        if c == '%' {
            escape = 2;
            out.push(c);
        } else if escape > 0 {
            escape -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
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
        let segments: Vec<String> =
            if trimmed.is_empty() { Vec::new() } else { trimmed.split('/').map(normal_segment).collect() };
        let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
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
        let is_date =
            |y: &str, m: &str| y.len() == 4 && m.len() == 2 && y.bytes().all(|b| b.is_ascii_digit());
        match parts {
            [] => Some(Route::Home { page: list_page }),
            ["category", rest @ ..] if !rest.is_empty() => {
                let path = rest.join("/");
                is_valid_path(&path).then_some(Route::Category { path, page: list_page })
            }
            ["author", s] => Some(Route::Author { slug: slug(s)?, page: list_page }),
            ["tag", s] => Some(Route::Tag { slug: slug(s)?, page: list_page }),
            ["subscribe", "confirm"] if page.is_none() => {
                Some(Route::ConfirmSubscription { token: String::new() })
            }
            ["unsubscribe"] if page.is_none() => Some(Route::Unsubscribe { token: String::new() }),
            [y, m] if is_date(y, m) => {
                let date = Date::parse(&format!("{y}-{m}-01"))?;
                Some(Route::Month { year: date.year, month: date.month, page: list_page })
            }
            [y, m, d, s, part @ ..] if page.is_none() && is_date(y, m) && d.len() == 2 && part.len() <= 1 => {
                let date = Date::parse(&format!("{y}-{m}-{d}"))?;
                let part = match part {
                    [n] => page_number(n)?,
                    _ => 1,
                };
                Some(Route::Post { date, slug: slug(s)?, comment_page: 1, reply_to: None, part })
            }
            // Anything else made of slugs may be a page, except what looks
            // like a date or belongs to one of the blog's own addresses.
            parts
                if page.is_none()
                    && !parts[0].bytes().all(|b| b.is_ascii_digit())
                    && !RESERVED.contains(&parts[0]) =>
            {
                let path = parts.join("/");
                is_valid_path(&path).then_some(Route::Page { path })
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
            Route::Home { page } => {
                let id = |name: &str| param(name).and_then(|id| id.parse::<i64>().ok()).filter(|id| *id > 0);
                // The sidebar's archive filter, submitted without JavaScript: `YYYY-MM`.
                let month = param("archive").and_then(|v| {
                    let (year, month) = v.split_once('-')?;
                    let (year, month) = (year.parse::<u16>().ok()?, month.parse::<u8>().ok()?);
                    ((1..=9999).contains(&year) && (1..=12).contains(&month)).then_some((year, month))
                });
                match (param("s"), param("category"), month, id("p"), id("page_id")) {
                    (Some(query), ..) => Route::Search { query, page },
                    // The sidebar's category filter, submitted without JavaScript.
                    (None, Some(path), ..) if is_valid_path(&path) => Route::Category { path, page },
                    (None, _, Some((year, month)), ..) => Route::Month { year, month, page },
                    (None, _, None, Some(id), _) => Route::Shortlink { id, page: false },
                    (None, _, None, None, Some(id)) => Route::Shortlink { id, page: true },
                    _ => Route::Home { page },
                }
            }
            Route::Post { date, slug, part, .. } => Route::Post {
                date,
                slug,
                comment_page: param("cpage").and_then(|p| page_number(&p)).unwrap_or(1),
                reply_to: param("replytocom").and_then(|id| id.parse().ok()).filter(|id| *id > 0),
                part,
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
            Route::Post { date, slug, comment_page, reply_to, part } => {
                let mut query = Vec::new();
                if *comment_page > 1 {
                    query.push(format!("cpage={comment_page}"));
                }
                if let Some(id) = reply_to {
                    query.push(format!("replytocom={id}"));
                }
                let mut path = post_path(*date, slug);
                if *part > 1 {
                    path.push_str(&format!("{part}/"));
                }
                if query.is_empty() {
                    path
                } else {
                    format!("{path}?{}", query.join("&"))
                }
            }
            Route::Category { path, page } => list(format!("/category/{path}/"), *page),
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
            Route::Page { path } => format!("/{path}/"),
            Route::Shortlink { id, page: false } => format!("/?p={id}"),
            Route::Shortlink { id, page: true } => format!("/?page_id={id}"),
        }
    }
}

impl Route {
    /// Where a redirect to this route may go: its path, only when the
    /// grammar reads that path back as the same route. Slugs and paths
    /// come from content (an import, WordPress), and a path such as
    /// `//evil.example/` would send readers to another site; a route that
    /// does not read back has no location, so every redirect stays on the
    /// blog, at an address the blog itself answers.
    pub fn location(&self) -> Option<String> {
        let path = self.path();
        let (bare, query) = path.split_once('?').unwrap_or((&path, ""));
        (Route::parse_url(bare, query).as_ref() == Some(self)).then_some(path)
    }

    /// The Atom feed of this list of posts, at the address WordPress gave
    /// it (`/feed/`, `/category/data/feed/`, `/author/x/feed/`,
    /// `/tag/x/feed/`); `None` for a page that is not such a list.
    /// [`feed_of`] reads it back.
    pub fn feed_path(&self) -> Option<String> {
        match self {
            Route::Home { .. } | Route::Category { .. } | Route::Author { .. } | Route::Tag { .. } => {
                Some(format!("{}feed/", self.with_page(1).path()))
            }
            _ => None,
        }
    }

    /// A post's first page, as lists and links name it.
    pub fn post(date: Date, slug: &str) -> Route {
        Route::Post { date, slug: slug.to_owned(), comment_page: 1, reply_to: None, part: 1 }
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
            Route::ConfirmSubscription { .. }
            | Route::Unsubscribe { .. }
            | Route::Page { .. }
            | Route::Shortlink { .. } => {}
        }
        route
    }
}

impl Route {
    /// A post's part `part` (WordPress's `<!--nextpage-->`), from its first
    /// page of comments; other routes are returned as they are.
    pub fn with_part(&self, part: u32) -> Route {
        match self {
            Route::Post { date, slug, .. } => {
                Route::Post { date: *date, slug: slug.clone(), comment_page: 1, reply_to: None, part }
            }
            route => route.clone(),
        }
    }

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

/// The list route whose feed `path` is (`/category/data/feed/` → the
/// category's posts, `/feed/` → the blog's), if it is a feed's address.
pub fn feed_of(path: &str) -> Option<Route> {
    let list = path.strip_suffix("feed/").or_else(|| path.strip_suffix("feed"))?;
    match Route::parse(list)? {
        route @ (Route::Home { page: 1 }
        | Route::Category { page: 1, .. }
        | Route::Author { page: 1, .. }
        | Route::Tag { page: 1, .. }) => Some(route),
        _ => None,
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
            Some(Route::Category { path: "data".into(), page: 2 })
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
            Some(Route::Category { path: "data".into(), page: 1 })
        );
        assert_eq!(Route::parse_url("/", "category=Not+a+slug"), Some(Route::Home { page: 1 }));
        // The archive filter's.
        assert_eq!(
            Route::parse_url("/", "archive=2014-10"),
            Some(Route::Month { year: 2014, month: 10, page: 1 })
        );
        assert_eq!(Route::parse_url("/", "archive=2014-13"), Some(Route::Home { page: 1 }));
        assert_eq!(Route::parse_url("/", "archive="), Some(Route::Home { page: 1 }));
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
            Route::Post {
                date: d(2014, 10, 17),
                slug: "a".into(),
                comment_page: 2,
                reply_to: Some(7),
                part: 1
            }
        );
        assert_eq!(post.path(), "/2014/10/17/a/?cpage=2&replytocom=7");
        assert_eq!(
            Route::parse_url("/2014/10/17/a/", "cpage=x&replytocom=-1"),
            Some(Route::post(d(2014, 10, 17), "a"))
        );
        let category = Route::Category { path: "data".into(), page: 3 };
        assert_eq!(category.feed_path().as_deref(), Some("/category/data/feed/"));
        assert_eq!(Route::Home { page: 2 }.feed_path().as_deref(), Some("/feed/"));
        let tag = Route::Tag { slug: "csv".into(), page: 1 };
        assert_eq!(tag.feed_path().as_deref(), Some("/tag/csv/feed/"));
        assert_eq!(Route::Month { year: 2024, month: 1, page: 1 }.feed_path(), None);
        // Every feed address reads back as its list.
        for list in [category, tag, Route::Author { slug: "hpatel".into(), page: 1 }] {
            assert_eq!(feed_of(&list.feed_path().unwrap()), Some(list.with_page(1)));
        }
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }

    #[test]
    fn rejects_what_is_not_a_route() {
        for bad in [
            "",
            "nope",
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
            "/category/A/",
            "/2014/02/11/post/2/3/",
            "/wp-content/uploads/",
            "/category/../",
            "//",
            "/tag/a b/",
            "/author/%2e%2e/",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn wordpress_addresses() {
        // Percent-encoded slugs, whichever case the browser sends.
        assert_eq!(
            Route::parse("/2022/03/14/ten-years-%F0%9F%8E%89/"),
            Some(Route::post(d(2022, 3, 14), "ten-years-%f0%9f%8e%89"))
        );
        assert_eq!(
            Route::parse("/tag/%E7%BB%9F%E8%AE%A1/"),
            Some(Route::Tag { slug: "%e7%bb%9f%e8%ae%a1".into(), page: 1 })
        );
        assert_eq!(
            Route::parse("/2014/02/11/data-standards/2/"),
            Some(Route::post(d(2014, 2, 11), "data-standards").with_part(2))
        );
        assert_eq!(
            Route::parse("/category/open-data/publishing/page/2/"),
            Some(Route::Category { path: "open-data/publishing".into(), page: 2 })
        );
        assert_eq!(Route::parse("/about/"), Some(Route::Page { path: "about".into() }));
        assert_eq!(
            Route::parse("/about/comments-policy/"),
            Some(Route::Page { path: "about/comments-policy".into() })
        );
        assert_eq!(Route::parse_url("/", "p=36"), Some(Route::Shortlink { id: 36, page: false }));
        assert_eq!(Route::parse_url("/", "page_id=4"), Some(Route::Shortlink { id: 4, page: true }));
        assert_eq!(Route::parse_url("/", "p=x"), Some(Route::Home { page: 1 }));
        assert_eq!(feed_of("/feed/"), Some(Route::Home { page: 1 }));
        assert_eq!(
            feed_of("/category/open-data/publishing/feed/"),
            Some(Route::Category { path: "open-data/publishing".into(), page: 1 })
        );
        assert_eq!(feed_of("/tag/csv/feed/"), Some(Route::Tag { slug: "csv".into(), page: 1 }));
        assert_eq!(feed_of("/author/hpatel/feed/"), Some(Route::Author { slug: "hpatel".into(), page: 1 }));
        assert_eq!(feed_of("/2014/02/11/data-standards/feed/"), None);
        assert!(!is_valid_slug("%2e%2e"), "encoded ASCII is no slug");
        assert_eq!(encode_slug("统计"), "%e7%bb%9f%e8%ae%a1");
        assert_eq!(encode_slug("plain-slug"), "plain-slug");
    }

    #[test]
    fn formats_canonical_paths_that_parse_back() {
        let routes = [
            Route::Home { page: 1 },
            Route::Home { page: 2 },
            Route::post(d(2024, 3, 5), "a-post"),
            Route::Category { path: "data".into(), page: 1 },
            Route::Category { path: "data".into(), page: 4 },
            Route::Category { path: "open-data/publishing".into(), page: 2 },
            Route::post(d(2014, 2, 11), "data-standards").with_part(3),
            Route::post(d(2022, 3, 14), "ten-years-%f0%9f%8e%89"),
            Route::Page { path: "about/comments-policy".into() },
            Route::Tag { slug: "%e7%bb%9f%e8%ae%a1".into(), page: 1 },
            Route::Author { slug: "sam".into(), page: 1 },
            Route::Tag { slug: "ai".into(), page: 2 },
            Route::Month { year: 2025, month: 6, page: 1 },
            Route::Month { year: 2025, month: 6, page: 3 },
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.path()), Some(r.clone()), "{}", r.path());
        }
        assert_eq!(Route::Home { page: 1 }.path(), "/");
        assert_eq!(Route::Category { path: "data".into(), page: 3 }.path(), "/category/data/page/3/");
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
