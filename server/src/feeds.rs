//! What feed readers and crawlers fetch: Atom feeds for the blog and each
//! category, author and tag, the sitemap and robots.txt. Feeds are built with
//! `atom_syndication`, so every value is escaped by the library.

use atom_syndication::{Category as AtomCategory, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use govblog_shared::api::PostSummary;
use govblog_shared::html::escape;
use govblog_shared::permalink::Route;

use crate::cache_control;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::PostFilter;

/// Posts in a feed: enough for a reader that checks daily.
const FEED_POSTS: u32 = 20;

/// The Atom feed of the list at `route`: the blog's, a category's (with
/// the categories under it), an author's or a tag's, at the addresses
/// WordPress gave them (`/feed/`, `/category/data/feed/`, ...). `None` when
/// there is no such list.
pub async fn feed(state: &AppState, route: &Route) -> crate::storage::Result<Option<Response>> {
    let store = &state.blog.store;
    let site = store.site().await?;
    let (name, description, filter) = match route {
        Route::Home { .. } => (None, site.description.clone(), PostFilter::default()),
        Route::Category { path, .. } => {
            let Some(c) = store.category_at(path).await? else { return Ok(None) };
            (Some(c.name), c.description, PostFilter { category: Some(path.clone()), ..Default::default() })
        }
        Route::Author { slug, .. } => {
            let Some(a) = store.author(slug).await? else { return Ok(None) };
            (Some(a.name), a.bio, PostFilter { author: Some(slug.clone()), ..Default::default() })
        }
        Route::Tag { slug, .. } => {
            let Some(t) = store.tag(slug).await? else { return Ok(None) };
            (Some(t.name), String::new(), PostFilter { tag: Some(slug.clone()), ..Default::default() })
        }
        _ => return Ok(None),
    };
    let (posts, _) = store.list_posts(filter, 1, FEED_POSTS).await?;
    let title = match name {
        Some(name) => format!("{name} - {}", site.name),
        None => site.name,
    };
    let page = route.path();
    Ok(Some(atom(&state.blog.base_url, &format!("{page}feed/"), &page, title, description, posts)))
}

fn atom(
    base: &str,
    self_path: &str,
    page_path: &str,
    title: String,
    subtitle: String,
    posts: Vec<PostSummary>,
) -> Response {
    let date = |s: &str| s.parse::<FixedDateTime>().unwrap_or_default();
    let updated = posts.first().map(|p| date(&p.published_at)).unwrap_or_else(|| date(&crate::clock::now()));
    let link = |rel: &str, path: &str, mime: Option<&str>| Link {
        href: format!("{base}{path}"),
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    };
    let entries = posts
        .into_iter()
        .map(|p| Entry {
            id: format!("{base}{}", p.permalink),
            title: Text::plain(p.title),
            updated: date(&p.published_at),
            published: Some(date(&p.published_at)),
            links: vec![link("alternate", &p.permalink, Some("text/html"))],
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
        })
        .collect();
    let feed = Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(title),
        subtitle: (!subtitle.is_empty()).then(|| Text::plain(subtitle)),
        updated,
        links: vec![
            link("self", self_path, Some("application/atom+xml")),
            link("alternate", page_path, Some("text/html")),
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
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, cache_control::SHARED),
        ],
        xml,
    )
        .into_response())
}

pub async fn robots(State(state): State<AppState>) -> Response {
    // Moderation pages are private: not to be fetched, let alone listed.
    let body = format!(
        "User-agent: *\nDisallow: /api/\nDisallow: /moderate/\nSitemap: {}/sitemap.xml\n",
        state.blog.base_url
    );
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, cache_control::SHARED)],
        body,
    )
        .into_response()
}
