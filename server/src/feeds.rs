//! What feed readers and crawlers fetch: Atom feeds for the blog and each
//! category, author and tag (their data from the loader, [`load::feed`]),
//! the sitemap and robots.txt. Feeds are built with `atom_syndication`, so
//! every value is escaped by the library.

use atom_syndication::{Category as AtomCategory, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use govblog_shared::api::{NetworkPost, PostSummary};
use govblog_shared::html::escape;
use govblog_shared::permalink::Route;

use crate::cache_control;
use crate::error::ApiError;
use crate::pages::load;
use crate::state::AppState;
use crate::storage::PostFilter;

/// The Atom document of `feed` (from the loader, [`load::feed`]), with
/// absolute links on the blog's public address `base`.
pub fn atom(base: &str, feed: load::Feed) -> Response {
    let load::Feed { title, description, page_path, feed_path, posts } = feed;
    let updated = posts.first().map(|p| p.published_at.clone());
    let entries = posts.into_iter().map(|p| entry(base, p)).collect();
    document(base, (title, description), (&page_path, &feed_path), updated, entries)
}

/// The network's feed: every blog's posts, newest first, each linking to
/// its own blog (`base` is the network's address).
pub fn network_atom(base: &str, title: String, description: String, posts: Vec<NetworkPost>) -> Response {
    let updated = posts.first().map(|p| p.post.published_at.clone());
    let entries = posts.into_iter().map(|p| entry(&p.blog_url, p.post)).collect();
    document(base, (title, description), ("/", "/feed/"), updated, entries)
}

fn date(s: &str) -> FixedDateTime {
    s.parse::<FixedDateTime>().unwrap_or_default()
}

fn link(base: &str, rel: &str, path: &str, mime: Option<&str>) -> Link {
    Link {
        href: format!("{base}{path}"),
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    }
}

/// One post, its links on the blog at `base`.
fn entry(base: &str, p: PostSummary) -> Entry {
    Entry {
        id: format!("{base}{}", p.permalink),
        title: Text::plain(p.title),
        updated: date(&p.published_at),
        published: Some(date(&p.published_at)),
        links: vec![link(base, "alternate", &p.permalink, Some("text/html"))],
        authors: p
            .authors
            .into_iter()
            .map(|a| Person {
                name: a.name,
                uri: Some(format!("{base}{}", Route::Author { slug: a.slug, page: 1 }.path())),
                email: None,
                ..Default::default()
            })
            .collect(),
        categories: p
            .categories
            .into_iter()
            .map(|c| AtomCategory {
                scheme: Some(format!("{base}{}", Route::Category { path: c.path, page: 1 }.path())),
                term: c.slug,
                label: Some(c.name),
            })
            .collect(),
        summary: Some(Text::plain(p.summary)),
        ..Default::default()
    }
}

/// The feed around `entries`: its own address and its page's on `base`.
fn document(
    base: &str,
    (title, subtitle): (String, String),
    (page_path, self_path): (&str, &str),
    updated: Option<String>,
    entries: Vec<Entry>,
) -> Response {
    let feed = Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(title),
        subtitle: (!subtitle.is_empty()).then(|| Text::plain(subtitle)),
        updated: date(&updated.unwrap_or_else(crate::clock::now)),
        links: vec![
            link(base, "self", self_path, Some("application/atom+xml")),
            link(base, "alternate", page_path, Some("text/html")),
        ],
        entries,
        ..Default::default()
    };
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, cache_control::SHARED),
        ],
        feed.to_string(),
    )
        .into_response()
}

/// A sitemap index: each blog's own sitemap, for the network's host.
pub fn sitemap_index(sitemaps: &[String]) -> Response {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in sitemaps {
        xml.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", escape(url)));
    }
    xml.push_str("</sitemapindex>\n");
    xml_answer(xml)
}

fn xml_answer(xml: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, cache_control::SHARED),
        ],
        xml,
    )
        .into_response()
}

/// robots.txt for the site at `base`: everything but the API and moderation.
pub fn robots_for(base: &str) -> Response {
    // Moderation pages are private: not to be fetched, let alone listed.
    let body = format!("User-agent: *\nDisallow: /api/\nDisallow: /moderate/\nSitemap: {base}/sitemap.xml\n");
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, cache_control::SHARED)],
        body,
    )
        .into_response()
}

/// Every page worth indexing: home, posts, categories, authors, tags, months.
pub async fn sitemap(State(state): State<AppState>) -> Result<Response, ApiError> {
    let store = &state.blog.store;
    let mut urls: Vec<(String, Option<String>)> = vec![("/".into(), None)];
    let mut page = 1;
    loop {
        let (posts, total) = store.list_posts(PostFilter::default(), page, 50).await?;
        urls.extend(posts.into_iter().map(|p| (p.permalink, Some(p.published_at))));
        if page * 50 >= total {
            break;
        }
        page += 1;
    }
    let route = |r: Route| (r.path(), None);
    urls.extend(
        store.categories().await?.into_iter().map(|c| route(Route::Category { path: c.path, page: 1 })),
    );
    urls.extend(store.authors().await?.into_iter().map(|a| route(Route::Author { slug: a.slug, page: 1 })));
    urls.extend(store.tags().await?.into_iter().map(|t| route(Route::Tag { slug: t.slug, page: 1 })));
    urls.extend(store.page_paths().await?.into_iter().map(|path| route(Route::Page { path })));
    urls.extend(
        store
            .months()
            .await?
            .into_iter()
            .map(|m| route(Route::Month { year: m.year, month: m.month, page: 1 })),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, modified) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape(&format!("{}{path}", state.blog.base_url))));
        if let Some(m) = modified {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(&m)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok(xml_answer(xml))
}

pub async fn robots(State(state): State<AppState>) -> Response {
    robots_for(&state.blog.base_url)
}
