//! The content folder: what a blog is made of before it is in the database.
//!
//! ```text
//! content/
//!   blog.toml          site settings: name, organisation, privacy notice
//!   authors.toml       [[author]] slug, name, bio
//!   categories.toml    [[category]] slug, name, description
//!   comments.toml      [[comment]] demo comments, already approved
//!   posts/*.md         one post each: TOML front matter between +++ lines, then Markdown
//! ```
//!
//! Everything is checked before anything is stored: one bad file stops the
//! import with a message naming the file and the problem.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use govblog_shared::api::Site;
use govblog_shared::dates::is_utc_timestamp;
use govblog_shared::markdown::plain_text_excerpt;
use govblog_shared::permalink::{is_valid_slug, slugify};
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct ContentError {
    pub file: PathBuf,
    pub problem: String,
}

#[derive(Debug, Clone)]
pub struct Content {
    pub site: Site,
    pub authors: Vec<AuthorEntry>,
    pub categories: Vec<CategoryEntry>,
    pub posts: Vec<PostEntry>,
    pub comments: Vec<CommentEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorEntry {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub bio: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A post's front matter and body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostEntry {
    pub title: String,
    pub slug: String,
    /// RFC 3339 UTC, e.g. "2024-03-05T09:00:00Z".
    pub date: String,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Defaults to the first paragraph of the body.
    #[serde(default)]
    pub summary: String,
    #[serde(default = "yes")]
    pub comments_open: bool,
    /// Featured image URL, for link previews.
    #[serde(default)]
    pub image: Option<String>,
    /// What the featured image shows, for readers who cannot see it.
    #[serde(default)]
    pub image_alt: String,
    /// The featured image's size in pixels, read from the file when the
    /// blog serves it.
    #[serde(skip)]
    pub image_size: Option<(u32, u32)>,
    #[serde(skip)]
    pub body: String,
}

fn yes() -> bool {
    true
}

/// A demo comment. `key` names it so replies can point at it and a second
/// import does not add it again.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentEntry {
    pub key: String,
    pub post: String,
    #[serde(default)]
    pub reply_to: Option<String>,
    pub name: String,
    pub email: String,
    pub date: String,
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorsFile {
    #[serde(default)]
    author: Vec<AuthorEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    #[serde(default)]
    category: Vec<CategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentsFile {
    #[serde(default)]
    comment: Vec<CommentEntry>,
}

const MAX_TITLE_CHARS: usize = 200;
const SUMMARY_CHARS: usize = 300;

/// Reads and checks the whole content folder.
pub fn load(dir: &Path) -> Result<Content, ContentError> {
    let site: Site = read_toml(&dir.join("blog.toml"))?;
    let authors = read_toml::<AuthorsFile>(&dir.join("authors.toml"))?.author;
    let categories = read_toml::<CategoriesFile>(&dir.join("categories.toml"))?.category;
    let comments_path = dir.join("comments.toml");
    let comments =
        if comments_path.exists() { read_toml::<CommentsFile>(&comments_path)?.comment } else { Vec::new() };

    let posts_dir = dir.join("posts");
    let mut paths: Vec<PathBuf> = fs::read_dir(&posts_dir)
        .map_err(|e| problem(&posts_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    let posts = paths.iter().map(|p| read_post(p)).collect::<Result<Vec<_>, _>>()?;

    let content = Content { site, authors, categories, posts, comments };
    check(&content, dir)?;
    Ok(content)
}

impl Content {
    /// Reads the size of each featured image the blog serves itself from
    /// `dist` (where `/images/a.png` is `dist/images/a.png`); link previews
    /// say how big the picture is.
    pub fn with_image_sizes(mut self, dist: &Path) -> Content {
        for post in &mut self.posts {
            let Some(path) = post.image.as_deref().and_then(|i| i.strip_prefix('/')) else { continue };
            if path.starts_with('/') || path.split('/').any(|part| part == "..") {
                continue;
            }
            post.image_size = image_size(&dist.join(path));
        }
        self
    }
}

/// An image's size in pixels: from its header, or for SVG from the root
/// element's `width` and `height` (where the browser takes it from too),
/// so that the page reserves the image's room before it arrives.
fn image_size(path: &Path) -> Option<(u32, u32)> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return svg_size(path);
    }
    imagesize::size(path).ok().map(|s| (s.width as u32, s.height as u32))
}

fn svg_size(path: &Path) -> Option<(u32, u32)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_file(path).ok()?;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => {
                if e.local_name().as_ref() != b"svg" {
                    return None;
                }
                let pixels = |name: &[u8]| -> Option<u32> {
                    let value = e.try_get_attribute(name).ok()??.unescape_value().ok()?;
                    let number = value.trim().strip_suffix("px").unwrap_or(value.trim());
                    number
                        .parse::<f64>()
                        .ok()
                        .filter(|n| *n >= 1.0 && *n < 100_000.0)
                        .map(|n| n.round() as u32)
                };
                return Some((pixels(b"width")?, pixels(b"height")?));
            }
            Event::Eof => return None,
            _ => buf.clear(),
        }
    }
}

fn problem(file: &Path, problem: impl ToString) -> ContentError {
    ContentError { file: file.to_owned(), problem: problem.to_string() }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ContentError> {
    let text = fs::read_to_string(path).map_err(|e| problem(path, e))?;
    toml::from_str(&text).map_err(|e| problem(path, e.message()))
}

/// Splits `+++\nfront matter\n+++\nbody` and reads the front matter.
pub fn parse_post(text: &str) -> Result<PostEntry, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    let rest =
        text.strip_prefix("+++\n").ok_or("the file must start with a +++ line, then the front matter")?;
    let (front, body) = rest
        .split_once("\n+++\n")
        .or_else(|| rest.strip_suffix("\n+++").map(|f| (f, "")))
        .ok_or("the front matter must end with a +++ line")?;
    let mut post: PostEntry = toml::from_str(front).map_err(|e| e.message().to_owned())?;
    post.body = body.trim().to_owned();
    if post.summary.trim().is_empty() {
        post.summary = plain_text_excerpt(&post.body, SUMMARY_CHARS);
    }
    Ok(post)
}

fn read_post(path: &Path) -> Result<PostEntry, ContentError> {
    let text = fs::read_to_string(path).map_err(|e| problem(path, e))?;
    let post = parse_post(&text).map_err(|e| problem(path, e))?;
    check_post(&post).map_err(|e| problem(path, e))?;
    Ok(post)
}

fn check_post(post: &PostEntry) -> Result<(), String> {
    let title = post.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(format!("title must be 1 to {MAX_TITLE_CHARS} characters"));
    }
    if !is_valid_slug(&post.slug) {
        return Err(format!("slug {:?} must be lower-case letters, digits and hyphens", post.slug));
    }
    if !is_utc_timestamp(&post.date) {
        return Err(format!("date {:?} must look like 2024-03-05T09:00:00Z", post.date));
    }
    if post.authors.is_empty() {
        return Err("a post needs at least one author".into());
    }
    if post.categories.is_empty() {
        return Err("a post needs at least one category".into());
    }
    for tag in &post.tags {
        if slugify(tag).is_empty() {
            return Err(format!("tag {tag:?} needs at least one letter or digit"));
        }
    }
    Ok(())
}

/// Cross-file checks: unique slugs, and every reference names something real.
fn check(content: &Content, dir: &Path) -> Result<(), ContentError> {
    let site_file = dir.join("blog.toml");
    if content.site.name.trim().is_empty() {
        return Err(problem(&site_file, "name must not be empty"));
    }
    let authors_file = dir.join("authors.toml");
    let authors = unique_slugs(content.authors.iter().map(|a| a.slug.as_str()), &authors_file)?;
    let categories_file = dir.join("categories.toml");
    let categories = unique_slugs(content.categories.iter().map(|c| c.slug.as_str()), &categories_file)?;
    let posts_dir = dir.join("posts");
    let posts = unique_slugs(content.posts.iter().map(|p| p.slug.as_str()), &posts_dir)?;
    for post in &content.posts {
        let file = posts_dir.join(format!("{}.md", post.slug));
        if let Some(a) = post.authors.iter().find(|a| !authors.contains(a.as_str())) {
            return Err(problem(&file, format!("author {a:?} is not in authors.toml")));
        }
        if let Some(c) = post.categories.iter().find(|c| !categories.contains(c.as_str())) {
            return Err(problem(&file, format!("category {c:?} is not in categories.toml")));
        }
    }
    let comments_file = dir.join("comments.toml");
    let mut keys = HashSet::new();
    for c in &content.comments {
        let fail = |p: String| Err(problem(&comments_file, format!("comment {:?}: {p}", c.key)));
        if !posts.contains(c.post.as_str()) {
            return fail(format!("post {:?} does not exist", c.post));
        }
        if let Some(parent) = &c.reply_to {
            // Parents come first, so a reply never points forward.
            if !keys.contains(parent.as_str()) {
                return fail(format!("reply_to {parent:?} must name an earlier comment"));
            }
        }
        if !is_utc_timestamp(&c.date) {
            return fail("date must look like 2024-03-05T09:00:00Z".into());
        }
        let input = govblog_shared::validation::CommentInput {
            text: c.text.clone(),
            name: c.name.clone(),
            email: c.email.clone(),
            ..Default::default()
        };
        if let Some(e) = govblog_shared::validation::validate_comment(&input).first() {
            return fail(e.message.clone());
        }
        if !keys.insert(c.key.as_str()) {
            return fail("key is used twice".into());
        }
    }
    Ok(())
}

fn unique_slugs<'a>(
    slugs: impl Iterator<Item = &'a str>,
    file: &Path,
) -> Result<HashSet<&'a str>, ContentError> {
    let mut seen = HashSet::new();
    for slug in slugs {
        if !is_valid_slug(slug) {
            return Err(problem(
                file,
                format!("slug {slug:?} must be lower-case letters, digits and hyphens"),
            ));
        }
        if !seen.insert(slug) {
            return Err(problem(file, format!("slug {slug:?} is used twice")));
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "+++\ntitle = \"Hello\"\nslug = \"hello\"\ndate = \"2024-03-05T09:00:00Z\"\nauthors = [\"sam\"]\ncategories = [\"data\"]\n+++\n\nFirst paragraph.\n\nSecond.\n";

    #[test]
    fn reads_front_matter_and_body() {
        let post = parse_post(POST).unwrap();
        assert_eq!(post.title, "Hello");
        assert_eq!(post.summary, "First paragraph.");
        assert!(post.comments_open);
        assert_eq!(post.body, "First paragraph.\n\nSecond.");
        assert!(check_post(&post).is_ok());
    }

    #[test]
    fn rejects_bad_front_matter() {
        assert!(parse_post("title = \"x\"").is_err());
        assert!(parse_post("+++\ntitle = \"x\"\n").is_err());
        assert!(parse_post(&POST.replace("slug", "slugg")).is_err());
        let bad_date = parse_post(&POST.replace("2024-03-05T09:00:00Z", "5 March")).unwrap();
        assert!(check_post(&bad_date).unwrap_err().contains("date"));
        let bad_slug = parse_post(&POST.replace("\"hello\"", "\"Hello World\"")).unwrap();
        assert!(check_post(&bad_slug).unwrap_err().contains("slug"));
    }

    #[test]
    fn demo_content_loads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = load(&dir).unwrap();
        assert!(content.posts.len() >= 12);
        assert!(content.categories.len() >= 4);
        assert!(content.authors.len() >= 3);
        assert!(content.comments.iter().any(|c| c.reply_to.is_some()));
    }

    #[test]
    fn featured_images_have_their_size_svg_too() {
        let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
        assert_eq!(image_size(&public.join("images/workshop-journey.svg")), Some((640, 240)));
        let dir = std::env::temp_dir().join(format!("govblog-svg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let svg = |name: &str, text: &str| {
            std::fs::write(dir.join(name), text).unwrap();
            image_size(&dir.join(name))
        };
        assert_eq!(svg("px.svg", "<?xml version='1.0'?><svg width='12.4px' height=\"30\"/>"), Some((12, 30)));
        assert_eq!(svg("percent.svg", "<svg width='100%' height='20'></svg>"), None);
        assert_eq!(svg("none.svg", "<svg viewBox='0 0 1 1'></svg>"), None);
        assert_eq!(svg("not.svg", "<html width='1' height='1'/>"), None);
        assert_eq!(svg("broken.svg", "<svg width="), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
