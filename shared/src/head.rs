//! A page's title and head tags, worked out once from what the page shows:
//! the server writes them into `<head>`, and the app sets the same title
//! when a reader moves to the page.

use serde_json::json;

use crate::api::{Image, Site};
use crate::page::{Content, Head, NetworkSearchOutcome, Outcome, SearchOutcome, SubscriptionAction};
use crate::permalink::Route;

/// The picture link previews show when a page has none of its own:
/// govuk-frontend's, which every GOV.UK page uses.
pub const DEFAULT_IMAGE_PATH: &str = "/assets/images/govuk-opengraph-image.png";
const DEFAULT_IMAGE_SIZE: (u32, u32) = (1200, 630);

/// Headings the app's pages show and titles name them by: written once.
pub const SEARCH: &str = "Search";
pub const SEARCH_RESULTS_FOR: &str = "Search results for ";
pub const CONFIRM_SUBSCRIPTION: &str = "Confirm your subscription";
pub const UNSUBSCRIBE: &str = "Unsubscribe from email notifications";
pub const PAGE_NOT_FOUND: &str = "Page not found";

/// What the page is called: the `<title>` before the blog's name, and the
/// main heading (or what the heading says, for pages whose heading has
/// more parts, like a list's page number).
pub fn page_name(content: &Content, route: Option<&Route>) -> String {
    let page = match route {
        Some(
            Route::Home { page }
            | Route::Category { page, .. }
            | Route::Author { page, .. }
            | Route::Tag { page, .. }
            | Route::Month { page, .. }
            | Route::Search { page, .. },
        ) => *page,
        _ => 1,
    };
    let paged = |name: String| if page > 1 { format!("{name} (page {page})") } else { name };
    match content {
        Content::Home { .. } | Content::NetworkHome { .. } if page > 1 => format!("Page {page}"),
        Content::Home { .. } | Content::NetworkHome { .. } => String::new(),
        Content::Archive { archive, .. } => paged(archive.name.clone()),
        Content::Post { post, .. } => post.summary.title.clone(),
        Content::Search { outcome: SearchOutcome::Problem(_), .. } => SEARCH.to_owned(),
        Content::Search { query, .. } => paged(format!("{SEARCH_RESULTS_FOR}{query}")),
        Content::NetworkSearch { outcome: NetworkSearchOutcome::Problem(_), .. } => SEARCH.to_owned(),
        Content::NetworkSearch { query, .. } => paged(format!("{SEARCH_RESULTS_FOR}{query}")),
        Content::Subscription {
            outcome: Some(Outcome::Done(message) | Outcome::Failed(message)), ..
        } => message.clone(),
        Content::Subscription { action: SubscriptionAction::Confirm, .. } => CONFIRM_SUBSCRIPTION.to_owned(),
        Content::Subscription { action: SubscriptionAction::Unsubscribe, .. } => UNSUBSCRIBE.to_owned(),
        Content::StaticPage { page } => page.title.clone(),
        Content::Redirect { .. } => "Moved".to_owned(),
        Content::NotFound => PAGE_NOT_FOUND.to_owned(),
    }
}

/// "Name - Blog name", or the blog's name alone for its home page.
pub fn title(name: &str, site: &Site) -> String {
    if name.is_empty() {
        site.name.clone()
    } else if site.name.is_empty() {
        name.to_owned()
    } else {
        format!("{name} - {}", site.name)
    }
}

/// The title of a page whose form shows errors: as GOV.UK pages write it,
/// so screen reader users hear it first.
pub fn with_error(title: &str, has_errors: bool) -> String {
    if has_errors {
        format!("Error: {title}")
    } else {
        title.to_owned()
    }
}

/// Is this an image every link preview can show? SVG is not.
fn is_raster(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"].iter().any(|ext| path.ends_with(ext))
}

/// The head of the page showing `content` at `route` (none for a page
/// that does not exist), on the blog at `site_url`.
pub fn head(content: &Content, route: Option<&Route>, site: &Site, site_url: &str, url: &str) -> Head {
    let name = page_name(content, route);
    // Replying is a state of a post's page, not another page.
    let canonical_path = route.map_or_else(|| url.to_owned(), |r| r.with_reply_to(None).path());
    let mut head = Head {
        title: title(&name, site),
        name: if name.is_empty() { site.name.clone() } else { name },
        site_name: site.name.clone(),
        description: site.description.clone(),
        canonical: format!("{site_url}{canonical_path}"),
        kind: "website".to_owned(),
        image: Image {
            url: format!("{site_url}{DEFAULT_IMAGE_PATH}"),
            width: Some(DEFAULT_IMAGE_SIZE.0),
            height: Some(DEFAULT_IMAGE_SIZE.1),
            alt: "GOV.UK".to_owned(),
        },
        ..Head::default()
    };
    match content {
        Content::Archive { archive, .. } => {
            if !archive.description.is_empty() {
                head.description = archive.description.clone();
            }
            if archive.caption == "Author" {
                head.kind = "profile".to_owned();
            }
        }
        Content::Post { post, .. } => {
            let summary = &post.summary;
            head.kind = "article".to_owned();
            if let Some(description) = post.description.as_ref().filter(|d| !d.is_empty()) {
                head.description = description.clone();
            } else if !summary.summary.is_empty() {
                head.description = summary.summary.clone();
            }
            if let Some(image) = summary.image.as_ref().filter(|i| is_raster(&i.url)) {
                head.image = Image {
                    alt: if image.alt.is_empty() { summary.title.clone() } else { image.alt.clone() },
                    ..image.clone()
                };
            }
            head.published_time = Some(summary.published_at.clone());
            head.modified_time = post.modified_at.clone();
            head.authors = summary.authors.iter().map(|a| a.name.clone()).collect();
            let authors: Vec<_> = summary
                .authors
                .iter()
                .map(|a| {
                    let path = Route::Author { slug: a.slug.clone(), page: 1 }.path();
                    json!({ "@type": "Person", "name": a.name, "url": format!("{site_url}{path}") })
                })
                .collect();
            let publisher = if site.organisation.is_empty() { &site.name } else { &site.organisation };
            let posting = json!({
                "@context": "https://schema.org",
                "@type": "BlogPosting",
                "headline": summary.title,
                "description": head.description,
                "datePublished": summary.published_at,
                "dateModified": post.modified_at.as_deref().unwrap_or(&summary.published_at),
                "author": authors,
                "image": head.image.url,
                "mainEntityOfPage": head.canonical,
                "publisher": { "@type": "Organization", "name": publisher },
            });
            head.json_ld = Some(posting.to_string());
        }
        Content::StaticPage { page } => {
            if !page.summary.is_empty() {
                head.description = page.summary.clone();
            }
            head.modified_time = page.modified_at.clone();
        }
        Content::Home { .. }
        | Content::Search { .. }
        | Content::Subscription { .. }
        | Content::Redirect { .. }
        | Content::NetworkHome { .. }
        | Content::NetworkSearch { .. }
        | Content::NotFound => {}
    }
    head
}
