//! The blog's pages as the server sends them: `index.html` with the page
//! already rendered inside `#govblog` by the app's own components (the
//! `ssr` build of the SPA crate), the same data as JSON for the app to
//! start from, and the title, description and link-preview tags crawlers
//! read. A page that does not exist is sent with status 404.

use govblog_shared::api::{PageData, DEFAULT_PER_PAGE};
use govblog_shared::dates::Date;
use govblog_shared::markdown::escape;
use govblog_shared::permalink::Route;
use govblog_shared::search;

use crate::storage::{PostFilter, Result, Store};

/// What a page needs, or `None` when there is no such page.
pub async fn page_data(store: &Store, route: &Route, path: &str, base_url: &str) -> Result<Option<PageData>> {
    let mut data = PageData {
        path: path.to_owned(),
        site: store.site().await?,
        categories: store.categories().await?,
        months: store.months().await?,
        ..Default::default()
    };
    let (filter, page) = match route {
        Route::Post { date, slug } => {
            let post = store.post(slug.clone()).await?;
            let Some(mut post) = post.filter(|p| Date::parse(&p.summary.published_at) == Some(*date)) else {
                return Ok(None);
            };
            post.body_html = govblog_shared::markdown::absolute_image_urls(&post.body_html, base_url);
            data.post = Some(post);
            return Ok(Some(data));
        }
        Route::Search { query, page } => {
            // A query without words gets its message from the app.
            if let Ok(terms) = search::terms(query) {
                let (items, total) = store.search(terms, *page, DEFAULT_PER_PAGE).await?;
                data.posts = Some(page_of(items, *page, total));
            }
            return Ok(Some(data));
        }
        Route::ConfirmSubscription { .. } | Route::Unsubscribe { .. } => return Ok(Some(data)),
        Route::Home { page } => (PostFilter::default(), *page),
        Route::Category { slug, page } => {
            if !data.categories.iter().any(|c| &c.slug == slug) {
                return Ok(None);
            }
            (PostFilter { category: Some(slug.clone()), ..Default::default() }, *page)
        }
        Route::Author { slug, page } => {
            let Some(author) = store.author(slug).await? else { return Ok(None) };
            data.author = Some(author);
            (PostFilter { author: Some(slug.clone()), ..Default::default() }, *page)
        }
        Route::Tag { slug, page } => {
            let Some(tag) = store.tag(slug).await? else { return Ok(None) };
            data.tag = Some(tag);
            (PostFilter { tag: Some(slug.clone()), ..Default::default() }, *page)
        }
        Route::Month { year, month, page } => {
            (PostFilter { period: Some((*year, Some(*month))), ..Default::default() }, *page)
        }
    };
    let (items, total) = store.list_posts(filter, page, DEFAULT_PER_PAGE).await?;
    let is_month = matches!(route, Route::Month { .. });
    // Page 1 of a list always exists, even empty; a month without posts does not.
    if (page > 1 && items.is_empty()) || (is_month && total == 0) {
        return Ok(None);
    }
    data.posts = Some(page_of(items, page, total));
    Ok(Some(data))
}

fn page_of(
    items: Vec<govblog_shared::api::PostSummary>,
    page: u32,
    total: u32,
) -> govblog_shared::api::PostPage {
    govblog_shared::api::PostPage {
        items,
        page,
        per_page: DEFAULT_PER_PAGE,
        total,
        total_pages: total.div_ceil(DEFAULT_PER_PAGE),
    }
}

/// The `<head>` tags for a page: title, description, canonical link, Open
/// Graph and Twitter card. Every value is escaped.
pub fn head_tags(data: &PageData, route: Option<&Route>, base_url: &str) -> String {
    let site = &data.site;
    let (title, description, kind) = match (route, &data.post) {
        (_, Some(post)) => (post.summary.title.clone(), post.summary.summary.clone(), "article"),
        (None, _) => ("Page not found".to_owned(), site.description.clone(), "website"),
        (Some(Route::Home { .. }), _) => (String::new(), site.description.clone(), "website"),
        (Some(Route::Category { slug, .. }), _) => {
            let c = data.categories.iter().find(|c| &c.slug == slug);
            (
                c.map(|c| c.name.clone()).unwrap_or_default(),
                c.map(|c| c.description.clone()).unwrap_or_default(),
                "website",
            )
        }
        (Some(Route::Author { .. }), _) => {
            let a = data.author.as_ref();
            (
                a.map(|a| a.name.clone()).unwrap_or_default(),
                a.map(|a| a.bio.clone()).unwrap_or_default(),
                "profile",
            )
        }
        (Some(Route::Tag { .. }), _) => (
            data.tag.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
            site.description.clone(),
            "website",
        ),
        (Some(Route::Month { year, month, .. }), _) => (
            govblog_shared::dates::month_year(*year, *month).unwrap_or_default(),
            site.description.clone(),
            "website",
        ),
        (Some(Route::Search { query, .. }), _) => {
            (format!("Search results for {query}"), site.description.clone(), "website")
        }
        (Some(_), _) => (String::new(), site.description.clone(), "website"),
    };
    let full_title = if title.is_empty() { site.name.clone() } else { format!("{title} - {}", site.name) };
    let description = if description.is_empty() { site.description.clone() } else { description };
    let canonical = format!("{base_url}{}", route.map(Route::path).unwrap_or_else(|| data.path.clone()));
    let image = data
        .post
        .as_ref()
        .and_then(|p| p.image.clone())
        .map(|i| if i.starts_with("http") { i } else { format!("{base_url}{i}") })
        .unwrap_or_else(|| format!("{base_url}/assets/images/govuk-opengraph-image.png"));
    let mut tags = vec![
        format!("<title>{}</title>", escape(&full_title)),
        meta_name("description", &description),
        format!("<link rel=\"canonical\" href=\"{}\">", escape(&canonical)),
        meta_property("og:title", if title.is_empty() { &site.name } else { &title }),
        meta_property("og:description", &description),
        meta_property("og:url", &canonical),
        meta_property("og:type", kind),
        meta_property("og:image", &image),
        meta_property("og:site_name", &site.name),
        meta_name("twitter:card", "summary_large_image"),
    ];
    if let Some(post) = &data.post {
        tags.push(meta_property("article:published_time", &post.summary.published_at));
        for a in &post.summary.authors {
            tags.push(meta_property("article:author", &a.name));
        }
    }
    tags.join("\n    ")
}

fn meta_name(name: &str, content: &str) -> String {
    format!("<meta name=\"{}\" content=\"{}\">", escape(name), escape(content))
}

fn meta_property(property: &str, content: &str) -> String {
    format!("<meta property=\"{}\" content=\"{}\">", escape(property), escape(content))
}

/// JSON safe inside `<script type="application/json">`: no `</script>`,
/// no `<!--`, whatever the posts say.
pub fn script_json(data: &PageData) -> String {
    serde_json::to_string(data)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_end_a_value() {
        assert_eq!(
            escape("\"><script>alert('x')</script>&"),
            "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
    }

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let mut data = PageData::default();
        data.site.name = "</script><script>alert(1)</script><!--".into();
        let json = script_json(&data);
        assert!(!json.contains('<') && !json.contains('>'));
        let back: PageData = serde_json::from_str(&json).unwrap();
        assert_eq!(back.site.name, data.site.name);
    }
}
