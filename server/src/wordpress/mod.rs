//! `govblog-server import-wordpress FILE`: a WordPress blog's export (WXR,
//! Tools → Export → All content) into govblog, at the same addresses.
//!
//! The file is read twice, as a stream each time ([`wxr`]): first for what
//! posts refer to (users, categories, tags, co-authors, images, reusable
//! blocks, the page tree), then for the posts, pages and comments
//! themselves, converted ([`body`]) and written in one transaction
//! ([`crate::storage::WordPressImport`]). A file that is not well-formed,
//! not a WordPress export or cut short stops the import before anything is
//! written, with the line and column.
//!
//! What is carried over, and what is not, is in the README ("Moving a
//! WordPress blog to govblog").

pub mod autop;
pub mod body;
pub mod wxr;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use govblog_shared::markdown::truncate_words;
use govblog_shared::permalink::{is_valid_path, is_valid_slug, Route};
use regex::Regex;

use crate::html_body::{self, PART_BREAK};
use crate::storage::{ImportedComment, ImportedPage, ImportedPost, StorageError, Store, WordPressImport};
use body::{Attachment, Sources};
use wxr::{Item, Record, Term, WxrError, WxrReader};

pub struct Options {
    /// Read and convert everything, then store nothing.
    pub dry_run: bool,
    /// The blog's `wp-content/uploads` folder, to copy in and serve.
    pub uploads_from: Option<PathBuf>,
    /// Where govblog keeps uploads (`GOVBLOG_UPLOADS`).
    pub uploads_to: PathBuf,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    pub posts: usize,
    /// Scheduled posts, imported to be published at their time.
    pub scheduled: Vec<i64>,
    pub pages: usize,
    pub authors: usize,
    pub categories: usize,
    pub tags: usize,
    pub comments: usize,
    pub pending_comments: usize,
    pub uploads_copied: usize,
    /// What was left out, by reason, with WordPress IDs.
    pub skipped: BTreeMap<String, Vec<i64>>,
    /// Categories and tags left out because their slugs are no address.
    pub skipped_terms: Vec<String>,
}

impl Report {
    fn skip(&mut self, reason: &str, id: i64) {
        self.skipped.entry(reason.to_owned()).or_default().push(id);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "{} posts ({} scheduled), {} pages, {} authors, {} categories, {} tags, {} comments ({} awaiting moderation)",
            self.posts,
            self.scheduled.len(),
            self.pages,
            self.authors,
            self.categories,
            self.tags,
            self.comments,
            self.pending_comments
        )?;
        if self.uploads_copied > 0 {
            writeln!(f, "{} uploaded files copied", self.uploads_copied)?;
        }
        if !self.skipped.is_empty() || !self.skipped_terms.is_empty() {
            writeln!(f, "Not imported:")?;
        }
        if !self.skipped_terms.is_empty() {
            let slugs = self.skipped_terms.join(", ");
            writeln!(f, "  categories and tags whose slugs are not addresses: {slugs}")?;
        }
        for (reason, ids) in &self.skipped {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            writeln!(f, "  {reason}: {} (WordPress IDs {})", ids.len(), ids.join(", "))?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] WxrError),
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("the uploads folder {0}")]
    Uploads(String),
}

/// Longest summary, as for Markdown posts.
const SUMMARY_CHARS: usize = 300;

/// Imports the export at `file` into `store`.
pub async fn import(store: &Store, file: &Path, options: &Options) -> Result<Report, ImportError> {
    let survey = Survey::read(file)?;
    let mut report = Report::default();
    let uploads = match &options.uploads_from {
        Some(from) if !options.dry_run => copy_uploads(from, &options.uploads_to)?,
        _ => HashSet::new(),
    };
    report.uploads_copied = uploads.len();
    let links = Links { base: survey.channel.base_url.clone(), uploads };
    let mut import = store.begin_wordpress_import().await?;
    let result = write(&mut import, file, &survey, &links, &mut report).await;
    match result {
        Ok(()) if options.dry_run => import.roll_back().await?,
        Ok(()) => import.commit().await?,
        Err(e) => {
            import.roll_back().await?;
            return Err(e);
        }
    }
    Ok(report)
}

/// What the first reading finds: everything posts refer to.
#[derive(Default)]
struct Survey {
    channel: wxr::Channel,
    /// login → (user ID, display name)
    users: HashMap<String, (i64, String)>,
    categories: Vec<Term>,
    tags: Vec<Term>,
    /// Co-Authors Plus terms by slug (`cap-nicename`): (login, display name, user ID).
    coauthors: HashMap<String, (String, String, i64)>,
    attachments: HashMap<i64, Attachment>,
    blocks: HashMap<i64, String>,
    /// Pages by ID: (slug, parent ID), for their paths.
    pages: HashMap<i64, (String, i64)>,
}

static ATTACHMENT_SIZE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"s:5:"width";i:(\d+);s:6:"height";i:(\d+);"#).expect("a valid pattern"));

impl Survey {
    fn read(file: &Path) -> Result<Survey, WxrError> {
        let mut reader = WxrReader::open(file)?;
        let mut survey = Survey::default();
        while let Some(record) = reader.next_record()? {
            match record {
                Record::Author(a) => {
                    survey.users.insert(a.login, (a.id, a.display_name));
                }
                Record::Term(t) => match t.taxonomy.as_str() {
                    "category" => survey.categories.push(t),
                    "post_tag" => survey.tags.push(t),
                    "author" => {
                        let (display, id) = coauthor_display(&t.description, &t.name);
                        survey.coauthors.insert(t.slug, (t.name, display, id));
                    }
                    _ => {}
                },
                Record::Item(item) => match item.post_type.as_str() {
                    "attachment" => {
                        // WordPress keeps an image's size in PHP-serialised
                        // metadata; only its first width and height are read.
                        let size =
                            item.meta("_wp_attachment_metadata").and_then(|m| ATTACHMENT_SIZE.captures(m));
                        let size = |i: usize| size.as_ref().and_then(|c| c[i].parse().ok());
                        let attachment = Attachment {
                            url: if item.attachment_url.is_empty() {
                                item.title.clone()
                            } else {
                                item.attachment_url.clone()
                            },
                            alt: decode(item.meta("_wp_attachment_image_alt").unwrap_or("")),
                            caption: decode(&item.excerpt),
                            parent: item.parent,
                            menu_order: item.menu_order,
                            width: size(1),
                            height: size(2),
                        };
                        survey.attachments.insert(item.id, attachment);
                    }
                    "wp_block" => {
                        survey.blocks.insert(item.id, item.content);
                    }
                    "page" => {
                        survey.pages.insert(item.id, (item.name, item.parent));
                    }
                    _ => {}
                },
            }
        }
        survey.channel = reader.channel.clone();
        Ok(survey)
    }

    /// A page's path: its slug after its ancestors'.
    fn page_path(&self, id: i64) -> String {
        let mut slugs = Vec::new();
        let mut at = id;
        while let Some((slug, parent)) = self.pages.get(&at) {
            slugs.push(slug.clone());
            // A loop in the tree (never written by WordPress) ends here.
            if slugs.len() > 20 {
                break;
            }
            at = *parent;
        }
        slugs.reverse();
        slugs.join("/")
    }

    /// An author's slug (their `user_nicename`) and display name, from
    /// their login.
    fn author(&self, login: &str) -> (String, String, i64) {
        if let Some((slug, (_, display, id))) = self.coauthors.iter().find(|(_, (l, _, _))| l == login) {
            return (slug.trim_start_matches("cap-").to_owned(), display.clone(), *id);
        }
        let (id, display) = self.users.get(login).cloned().unwrap_or((0, login.to_owned()));
        (nicename(login), display, id)
    }
}

/// How an old address is written now: the old site's own links made
/// relative to the blog, and uploaded files that were copied in served here.
struct Links {
    /// The old site, e.g. `https://blog.example.gov.uk`.
    base: String,
    /// Paths under `wp-content/uploads/` that were copied in.
    uploads: HashSet<String>,
}

impl Links {
    fn url(&self, url: &str) -> String {
        if self.base.is_empty() {
            return url.to_owned();
        }
        let Some(rest) = url.strip_prefix(&self.base) else { return url.to_owned() };
        match rest.strip_prefix("/wp-content/uploads/") {
            Some(file) if self.uploads.contains(file.split(['?', '#']).next().unwrap_or("")) => {
                rest.to_owned()
            }
            Some(_) => url.to_owned(),
            None if rest.starts_with('/') || rest.is_empty() => {
                if rest.is_empty() {
                    "/".to_owned()
                } else {
                    rest.to_owned()
                }
            }
            None => url.to_owned(),
        }
    }

    /// Every `href` and `src` in `html` written by [`Links::url`].
    fn rewrite(&self, html: &str) -> String {
        if self.base.is_empty() {
            return html.to_owned();
        }
        ATTRIBUTE_URL
            .replace_all(html, |c: &regex::Captures| {
                format!("{}={}{}{}", &c[1], &c[2], self.url(&c[3]), &c[2])
            })
            .into_owned()
    }
}

static ATTRIBUTE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(href|src)=(["'])([^"']*)["']"#).expect("a valid pattern"));

/// The second reading: posts, pages and comments, written as they come.
async fn write(
    import: &mut WordPressImport,
    file: &Path,
    survey: &Survey,
    links: &Links,
    report: &mut Report,
) -> Result<(), ImportError> {
    let channel = &survey.channel;
    import.site(&decode(&channel.title), &decode(&channel.description)).await?;

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
    let mut category_ids: HashMap<String, i64> = HashMap::new();
    for (path, term) in &categories {
        // A slug is an address: one that is not (`/evil.example`) is left out.
        if !is_valid_path(path) {
            report.skipped_terms.push(term.slug.clone());
            continue;
        }
        let parent = category_ids.get(&term.parent).copied();
        let id = import
            .category(&term.slug, path, &decode(&term.name), &decode(&term.description), parent)
            .await?;
        category_ids.insert(term.slug.clone(), id);
    }
    report.categories = category_ids.len();
    let mut tag_ids: HashMap<String, i64> = HashMap::new();
    for term in &survey.tags {
        if !is_valid_slug(&term.slug) {
            report.skipped_terms.push(term.slug.clone());
            continue;
        }
        tag_ids.insert(term.slug.clone(), import.tag(&term.slug, &decode(&term.name)).await?);
    }
    report.tags = tag_ids.len();

    let mut author_ids: HashMap<String, i64> = HashMap::new();
    let mut reader = WxrReader::open(file)?;
    while let Some(record) = reader.next_record()? {
        let Record::Item(item) = record else { continue };
        let status = if item.password.is_empty() { item.status.as_str() } else { "password-protected" };
        match (item.post_type.as_str(), status) {
            // Slugs and page paths become addresses and redirects: one that
            // is not an address the blog answers is left out, and said so.
            ("post", "publish" | "future") if !is_valid_slug(&post_slug(&item)) => {
                report.skip("post, its slug is not an address", item.id);
                count_skipped_comments(&item, report, "comments on a post not imported");
            }
            ("page", "publish") if !is_page_path(&survey.page_path(item.id)) => {
                report.skip("page, its path is not an address", item.id);
            }
            ("post", "publish" | "future") => {
                let post_id =
                    post(import, &item, survey, links, &category_ids, &tag_ids, &mut author_ids).await?;
                report.posts += 1;
                if status == "future" {
                    report.scheduled.push(item.id);
                }
                comments(import, &item, post_id, survey, report).await?;
            }
            ("page", "publish") => {
                page(import, &item, survey, links).await?;
                report.pages += 1;
                count_skipped_comments(&item, report, "comments on a page (pages have none here)");
            }
            ("post" | "page", status) => {
                let kind = if item.post_type == "page" { "page" } else { "post" };
                let reason = match status {
                    "trash" => "in the bin".to_owned(),
                    status => status.to_owned(),
                };
                report.skip(&format!("{kind}, {reason}"), item.id);
                count_skipped_comments(&item, report, &format!("comments on a {kind} not imported"));
            }
            ("attachment", _) => {}
            ("wp_block", _) => report.skip("reusable block (shown where posts use it)", item.id),
            (other, _) => report.skip(&format!("{other} (not content a reader sees)"), item.id),
        }
    }
    report.authors = author_ids.len();
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn post(
    import: &mut WordPressImport,
    item: &Item,
    survey: &Survey,
    links: &Links,
    category_ids: &HashMap<String, i64>,
    tag_ids: &HashMap<String, i64>,
    author_ids: &mut HashMap<String, i64>,
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
        let id = match author_ids.get(&slug) {
            Some(id) => *id,
            None => {
                let id = import.author(&slug, &name).await?;
                author_ids.insert(slug, id);
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
        category_ids: terms("category", category_ids),
        tag_ids: terms("post_tag", tag_ids),
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
fn comment_text(html: &str) -> String {
    let text =
        ammonia::Builder::empty().clean(&html.replace("<br />", "\n").replace("<br>", "\n")).to_string();
    html_escape::decode_html_entities(&text).trim().to_owned()
}

/// Text WordPress stored with HTML entities (`&amp;` from its filters),
/// decoded once.
fn decode(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) as govblog stores times; `None` for
/// WordPress's empty `0000-00-00 00:00:00`.
fn timestamp(wordpress: &str) -> Option<String> {
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

/// WordPress's `user_nicename` for a login: `sian.llewelyn` → `sian-llewelyn`.
fn nicename(login: &str) -> String {
    let mut out = String::new();
    for c in login.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// A co-author's display name and user ID from the term description
/// Co-Authors Plus writes: `display first last login ID email`.
fn coauthor_display(description: &str, login: &str) -> (String, i64) {
    let words: Vec<&str> = description.split(' ').collect();
    let Some(at) = words.iter().rposition(|w| *w == login) else { return (login.to_owned(), 0) };
    let id = words.get(at + 1).and_then(|w| w.parse().ok()).unwrap_or(0);
    // Before the login: the display name, then the first and last names,
    // which the display name usually ends with.
    let names: Vec<&str> = words[..at].iter().copied().filter(|w| !w.is_empty()).collect();
    let n = names.len();
    for tail in (1..=n / 2).rev() {
        if names[n - tail..] == names[n - 2 * tail..n - tail] {
            return (names[..n - tail].join(" "), id);
        }
    }
    (names.join(" "), id)
}

/// Copies an uploads folder into `to`, keeping its layout; the relative
/// paths copied.
fn copy_uploads(from: &Path, to: &Path) -> Result<HashSet<String>, ImportError> {
    let fail = |e: std::io::Error| ImportError::Uploads(format!("{}: {e}", from.display()));
    let mut copied = HashSet::new();
    let mut folders = vec![from.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(fail)? {
            let entry = entry.map_err(fail)?;
            let path = entry.path();
            if entry.file_type().map_err(fail)?.is_dir() {
                folders.push(path);
                continue;
            }
            let relative = path.strip_prefix(from).expect("inside the folder");
            let target = to.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(fail)?;
            }
            std::fs::copy(&path, &target).map_err(fail)?;
            copied.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co_author_names_come_from_the_term_description() {
        assert_eq!(
            coauthor_display("Aoife O'Brien Aoife O'Brien aobrien 6 a@example.com", "aobrien"),
            ("Aoife O'Brien".into(), 6)
        );
        assert_eq!(
            coauthor_display("Dr Kai Chen Kai Chen kchen 7 k@example.com", "kchen"),
            ("Dr Kai Chen".into(), 7)
        );
        assert_eq!(
            coauthor_display("Public Data Studio team   datateam 3 s@example.com", "datateam"),
            ("Public Data Studio team".into(), 3)
        );
    }

    #[test]
    fn nicenames_and_times() {
        assert_eq!(nicename("sian.llewelyn"), "sian-llewelyn");
        assert_eq!(timestamp("2014-02-11 10:00:00").as_deref(), Some("2014-02-11T10:00:00Z"));
        assert_eq!(timestamp("0000-00-00 00:00:00"), None);
    }

    #[test]
    fn the_old_sites_links_become_the_blogs() {
        let links =
            Links { base: "http://old.example".into(), uploads: HashSet::from(["2014/02/a.png".to_owned()]) };
        let html = links.rewrite(
            "<a href=\"http://old.example/about/\">a</a><img src=\"http://old.example/wp-content/uploads/2014/02/a.png\">\
             <img src='http://old.example/wp-content/uploads/2014/02/b.png'><a href=\"https://gov.uk/\">g</a>",
        );
        assert!(html.contains("href=\"/about/\""), "{html}");
        assert!(html.contains("src=\"/wp-content/uploads/2014/02/a.png\""), "{html}");
        assert!(html.contains("src='http://old.example/wp-content/uploads/2014/02/b.png'"), "{html}");
        assert!(html.contains("href=\"https://gov.uk/\""), "{html}");
    }
}
