//! The second reading of an export: posts, pages and comments, converted
//! and written to storage as they come.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use govblog_shared::markdown::truncate_words;
use govblog_shared::permalink::{is_valid_path, is_valid_slug, Route};
use regex::Regex;

use super::body::{self, Sources};
use super::links::Links;
use super::survey::Survey;
use super::wxr::{self, Item, Record, Term, WxrReader};
use super::{decode, ImportError, Report};
use crate::html_body::{self, PART_BREAK};
use crate::storage::{ImportedComment, ImportedPage, ImportedPost, WordPressImport};

/// Longest summary, as for Markdown posts.
const SUMMARY_CHARS: usize = 300;

/// The second reading: posts, pages and comments, written as they come.
pub(super) async fn write(
    import: &mut WordPressImport,
    file: &Path,
    survey: &Survey,
    links: &Links,
    report: &mut Report,
) -> Result<(), ImportError> {
    let channel = &survey.channel;
    import.site(&decode(&channel.title), &decode(&channel.description)).await?;
    let mut ids = write_terms(import, survey, report).await?;
    let mut reader = WxrReader::open(file)?;
    while let Some(record) = reader.next_record()? {
        let Record::Item(item) = record else { continue };
        write_item(import, &item, survey, links, &mut ids, report).await?;
    }
    report.authors = ids.authors.len();
    Ok(())
}

/// govblog's IDs of what posts refer to, by WordPress slug.
#[derive(Default)]
pub(super) struct TermIds {
    pub(super) categories: HashMap<String, i64>,
    pub(super) tags: HashMap<String, i64>,
    pub(super) authors: HashMap<String, i64>,
}

/// Every category (after its parent) and tag of the survey, stored or
/// updated.
pub(super) async fn write_terms(
    import: &mut WordPressImport,
    survey: &Survey,
    report: &mut Report,
) -> Result<TermIds, ImportError> {
    // Categories after their parents.
    let by_slug: HashMap<&str, &Term> = survey.categories.iter().map(|t| (t.slug.as_str(), t)).collect();
    let path_of = |slug: &str| {
        let mut path = vec![slug.to_owned()];
        let mut at = by_slug.get(slug);
        while let Some(parent) = at.map(|t| t.parent.as_str()).filter(|p| !p.is_empty()) {
            if path.len() > 20 {
                break;
            }
            path.push(parent.to_owned());
            at = by_slug.get(parent);
        }
        path.reverse();
        path.join("/")
    };
    let mut categories: Vec<(String, &Term)> =
        survey.categories.iter().map(|t| (path_of(&t.slug), t)).collect();
    categories.sort_by_key(|(path, _)| path.matches('/').count());
    let mut ids = TermIds::default();
    for (path, term) in &categories {
        // A slug is an address: one that is not (`/evil.example`) is left out.
        if !is_valid_path(path) {
            report.skipped_terms.push(term.slug.clone());
            continue;
        }
        let parent = ids.categories.get(&term.parent).copied();
        let id = import
            .category(&term.slug, path, &decode(&term.name), &decode(&term.description), parent)
            .await?;
        ids.categories.insert(term.slug.clone(), id);
    }
    report.categories = ids.categories.len();
    for term in &survey.tags {
        if !is_valid_slug(&term.slug) {
            report.skipped_terms.push(term.slug.clone());
            continue;
        }
        ids.tags.insert(term.slug.clone(), import.tag(&term.slug, &decode(&term.name)).await?);
    }
    report.tags = ids.tags.len();
    Ok(ids)
}

/// What became of one item.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Written {
    /// Stored as a post or page that readers see (at its time, if scheduled).
    Shown,
    /// Not something readers see (a draft, in the bin, an attachment...).
    NotShown,
}

/// One post, page or other item: stored if readers see it, else said why
/// not in the report.
pub(super) async fn write_item(
    import: &mut WordPressImport,
    item: &Item,
    survey: &Survey,
    links: &Links,
    ids: &mut TermIds,
    report: &mut Report,
) -> Result<Written, ImportError> {
    let status = if item.password.is_empty() { item.status.as_str() } else { "password-protected" };
    match (item.post_type.as_str(), status) {
        // Slugs and page paths become addresses and redirects: one that
        // is not an address the blog answers is left out, and said so.
        ("post", "publish" | "future") if !is_valid_slug(&post_slug(item)) => {
            report.skip("post, its slug is not an address", item.id);
            count_skipped_comments(item, report, "comments on a post not imported");
        }
        ("page", "publish") if !is_page_path(&survey.page_path(item.id)) => {
            report.skip("page, its path is not an address", item.id);
        }
        ("post", "publish" | "future") => {
            let post_id = post(import, item, survey, links, ids).await?;
            report.posts += 1;
            if status == "future" {
                report.scheduled.push(item.id);
            }
            comments(import, item, post_id, survey, report).await?;
            return Ok(Written::Shown);
        }
        ("page", "publish") => {
            page(import, item, survey, links).await?;
            report.pages += 1;
            count_skipped_comments(item, report, "comments on a page (pages have none here)");
            return Ok(Written::Shown);
        }
        ("post" | "page", status) => {
            let kind = if item.post_type == "page" { "page" } else { "post" };
            let reason = match status {
                "trash" => "in the bin".to_owned(),
                status => status.to_owned(),
            };
            report.skip(&format!("{kind}, {reason}"), item.id);
            count_skipped_comments(item, report, &format!("comments on a {kind} not imported"));
        }
        ("attachment", _) => {}
        ("wp_block", _) => report.skip("reusable block (shown where posts use it)", item.id),
        (other, _) => report.skip(&format!("{other} (not content a reader sees)"), item.id),
    }
    Ok(Written::NotShown)
}

async fn post(
    import: &mut WordPressImport,
    item: &Item,
    survey: &Survey,
    links: &Links,
    ids: &mut TermIds,
) -> Result<i64, ImportError> {
    let (html, before_more) = convert(item, survey, links);
    let body_text = html_body::text(&html.replace(PART_BREAK, " "));
    // The byline: Co-Authors Plus's authors in order, else the post's author.
    let mut logins: Vec<&str> = item
        .terms
        .iter()
        .filter(|(domain, _, _)| domain == "author")
        .map(|(_, _, login)| login.as_str())
        .collect();
    if logins.is_empty() {
        logins.push(&item.creator);
    }
    let mut authors = Vec::new();
    for login in logins {
        let (slug, name, _) = survey.author(login);
        let id = match ids.authors.get(&slug) {
            Some(id) => *id,
            None => {
                let id = import.author(&slug, &name).await?;
                ids.authors.insert(slug, id);
                id
            }
        };
        authors.push(id);
    }
    let terms = |domain: &str, ids: &HashMap<String, i64>| -> Vec<i64> {
        item.terms
            .iter()
            .filter(|(d, _, _)| d == domain)
            .filter_map(|(_, slug, _)| ids.get(slug).copied())
            .collect()
    };
    let image = item.meta("_thumbnail_id").and_then(|id| id.trim().parse::<i64>().ok()).and_then(|id| {
        let a = survey.attachments.get(&id)?;
        Some((links.url(&a.url), a.width, a.height, a.alt.clone()))
    });
    let post = ImportedPost {
        wp_id: item.id,
        slug: post_slug(item),
        title: decode(&item.title).trim().to_owned(),
        published_at: timestamp(&item.date_gmt).or_else(|| timestamp(&item.date)).unwrap_or_default(),
        path_date: item.date.get(..10).unwrap_or_default().to_owned(),
        modified_at: timestamp(&item.modified_gmt),
        summary: summary(&item.excerpt, before_more.as_deref(), &html, &body_text),
        description: decode(item.meta("_yoast_wpseo_metadesc").unwrap_or("")).trim().to_owned(),
        body_html: html,
        body_text,
        comments_open: item.comment_status == "open",
        sticky: item.sticky,
        image,
        author_ids: authors,
        category_ids: terms("category", &ids.categories),
        tag_ids: terms("post_tag", &ids.tags),
        old_slugs: item
            .meta
            .iter()
            .filter(|(k, v)| k == "_wp_old_slug" && is_valid_slug(v))
            .map(|(_, v)| v.clone())
            .collect(),
    };
    Ok(import.post(&post).await?)
}

/// A post's slug: WordPress's, or its ID when it has none.
fn post_slug(item: &Item) -> String {
    if item.name.is_empty() {
        item.id.to_string()
    } else {
        item.name.clone()
    }
}

/// Whether `path` is where the blog answers with a page: slugs, and not
/// one of the blog's own addresses (`/category/...`, a date).
fn is_page_path(path: &str) -> bool {
    matches!(Route::parse(&format!("/{path}/")), Some(Route::Page { path: p }) if p == path)
}

async fn page(
    import: &mut WordPressImport,
    item: &Item,
    survey: &Survey,
    links: &Links,
) -> Result<(), ImportError> {
    let (html, before_more) = convert(item, survey, links);
    let text = html_body::text(&html);
    let page = ImportedPage {
        wp_id: item.id,
        path: survey.page_path(item.id),
        title: decode(&item.title).trim().to_owned(),
        published_at: timestamp(&item.date_gmt).or_else(|| timestamp(&item.date)).unwrap_or_default(),
        modified_at: timestamp(&item.modified_gmt),
        summary: summary(&item.excerpt, before_more.as_deref(), &html, &text),
        body_html: html,
    };
    Ok(import.page(&page).await?)
}

/// An item's body, converted, with its links written for the blog.
fn convert(item: &Item, survey: &Survey, links: &Links) -> (String, Option<String>) {
    let titles = body::video_titles(item.meta.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let sources = Sources {
        attachments: &survey.attachments,
        blocks: &survey.blocks,
        video_titles: &titles,
        post_id: item.id,
    };
    let converted = body::convert(&item.content, &sources);
    (links.rewrite(&converted.html), converted.before_more)
}

/// A post's comments: approved ones shown, pending ones awaiting moderation,
/// threads as WordPress had them. A reply whose parent was left out hangs
/// from its nearest imported ancestor.
async fn comments(
    import: &mut WordPressImport,
    item: &Item,
    post_id: i64,
    survey: &Survey,
    report: &mut Report,
) -> Result<(), ImportError> {
    let parents: HashMap<i64, i64> = item.comments.iter().map(|c| (c.id, c.parent)).collect();
    // The post's authors, as users, to mark their replies.
    let mut authors: HashSet<i64> = item
        .terms
        .iter()
        .filter(|(domain, _, _)| domain == "author")
        .map(|(_, _, login)| survey.author(login).2)
        .collect();
    authors.insert(survey.author(&item.creator).2);
    authors.remove(&0);
    let mut ordered: Vec<&wxr::Comment> = item.comments.iter().collect();
    ordered.sort_by(|a, b| (a.date_gmt.as_str(), a.id).cmp(&(b.date_gmt.as_str(), b.id)));
    // WordPress comment ID → (govblog ID, thread, depth)
    let mut imported: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    let mut depths: HashMap<i64, i64> = HashMap::new();
    for c in ordered {
        let reason = match (c.kind.as_str(), c.approved.as_str()) {
            ("pingback", _) => Some("pingback (a link from another site, not a reader's comment)"),
            ("trackback", _) => Some("trackback (a link from another site, not a reader's comment)"),
            (_, "spam") => Some("comment marked as spam"),
            (_, "1" | "0") => None,
            _ => Some("comment in the bin"),
        };
        if let Some(reason) = reason {
            report.skip(reason, c.id);
            continue;
        }
        let text = comment_text(&c.content);
        if text.is_empty() {
            report.skip("comment with no text", c.id);
            continue;
        }
        let mut ancestor = c.parent;
        while ancestor != 0 && !imported.contains_key(&ancestor) {
            ancestor = parents.get(&ancestor).copied().unwrap_or(0);
        }
        let parent = imported.get(&ancestor).map(|&(id, thread, _)| (id, thread, depths[&ancestor]));
        let comment = ImportedComment {
            wp_id: c.id,
            post_id,
            parent,
            author_name: decode(&c.author).trim().to_owned(),
            author_email: c.author_email.trim().to_owned(),
            text,
            posted_at: timestamp(&c.date_gmt).unwrap_or_default(),
            approved: c.approved == "1",
            by_post_author: c.user_id != 0 && authors.contains(&c.user_id),
        };
        let (id, thread) = import.comment(&comment).await?;
        let depth = parent.map_or(1, |(_, _, d)| d + 1);
        depths.insert(c.id, depth);
        imported.insert(c.id, (id, thread, depth));
        report.comments += 1;
        if !comment.approved {
            report.pending_comments += 1;
        }
    }
    Ok(())
}

fn count_skipped_comments(item: &Item, report: &mut Report, reason: &str) {
    for c in &item.comments {
        report.skip(reason, c.id);
    }
}

/// A comment as plain text: govblog shows comments literally. WordPress
/// stored them as HTML (links, emphasis); the words are kept, the markup
/// (and any script) is not.
pub(super) fn comment_text(html: &str) -> String {
    let text =
        ammonia::Builder::empty().clean(&html.replace("<br />", "\n").replace("<br>", "\n")).to_string();
    html_escape::decode_html_entities(&text).trim().to_owned()
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) as govblog stores times; `None` for
/// WordPress's empty `0000-00-00 00:00:00`.
pub(super) fn timestamp(wordpress: &str) -> Option<String> {
    let t = wordpress.trim();
    (t.len() == 19 && !t.starts_with("0000")).then(|| format!("{}T{}Z", &t[..10], &t[11..]))
}

/// What lists show of a post: its excerpt, else what comes before its
/// "more" marker, else its first paragraph.
fn summary(excerpt: &str, before_more: Option<&str>, html: &str, text: &str) -> String {
    let excerpt = html_body::text(excerpt);
    if !excerpt.is_empty() {
        return truncate_words(&excerpt, SUMMARY_CHARS);
    }
    if let Some(before) = before_more.map(html_body::text).filter(|t| !t.is_empty()) {
        return truncate_words(&before, SUMMARY_CHARS);
    }
    let first = FIRST_PARAGRAPH.captures(html).map(|c| html_body::text(&c[1])).filter(|t| !t.is_empty());
    truncate_words(first.as_deref().unwrap_or(text), SUMMARY_CHARS)
}

static FIRST_PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<p[^>]*>(.*?)</p>").expect("a valid pattern"));

#[cfg(test)]
mod tests {
    #[test]
    fn times() {
        assert_eq!(super::timestamp("2014-02-11 10:00:00").as_deref(), Some("2014-02-11T10:00:00Z"));
        assert_eq!(super::timestamp("0000-00-00 00:00:00"), None);
    }
}
