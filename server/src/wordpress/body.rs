//! A WordPress post's stored content made into the HTML WordPress would have
//! shown for it, in govblog's terms: block comments resolved (reusable
//! blocks, the theme's details and inset text, embeds, more and next-page
//! markers), classic-editor shortcodes (`[caption]`, `[gallery]`, `[embed]`,
//! bare video links) and paragraphs (`wpautop`). The result is stored as it
//! is and sanitised each time it is shown (`crate::html_body`), so nothing
//! here needs to be safe, only faithful.
//!
//! Video embeds become a link to the video with its title: readers' browsers
//! load nothing from the video site (no cookies, no third-party script), and
//! the Content-Security-Policy allows no frames.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::autop::autop;
use crate::html_body::PART_BREAK;

/// What the export says about an image.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    pub url: String,
    pub alt: String,
    pub caption: String,
    pub parent: i64,
    pub menu_order: i64,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What a body may refer to elsewhere in the export.
pub struct Sources<'a> {
    pub attachments: &'a HashMap<i64, Attachment>,
    /// Reusable blocks (`wp_block` items) by ID.
    pub blocks: &'a HashMap<i64, String>,
    /// The video titles WordPress cached for this post, by video ID.
    pub video_titles: &'a HashMap<String, String>,
    /// The post's WordPress ID, for its gallery's images.
    pub post_id: i64,
}

/// A body in WordPress's form, converted.
pub struct Converted {
    /// Parts separated by [`PART_BREAK`].
    pub html: String,
    /// The part before `<!--more-->`, when the author marked one.
    pub before_more: Option<String>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

static BLOCK_REF: LazyLock<Regex> = LazyLock::new(|| re(r#"<!-- wp:block \{"ref":(\d+)\} /-->"#));
static EMBED_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?s)<!-- wp:(embed|core-embed/[a-z-]+)(?: (\{.*?\}))? -->(.*?)<!-- /wp:(?:embed|core-embed/[a-z-]+) -->",
    )
});
static DETAILS_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?s)<!-- wp:details(?: \{.*?\})? -->\s*<details[^>]*>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>\s*<!-- /wp:details -->",
    )
});
static MORE_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)<!-- wp:more(?: \{.*?\})? -->.*?<!-- /wp:more -->"));
static NEXTPAGE_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)<!-- wp:nextpage(?: \{.*?\})? -->.*?<!-- /wp:nextpage -->"));
static BLOCK_COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)<!-- /?wp:[a-z0-9/-]+(?: \{.*?\})? /?-->"));
static FIGCAPTION: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)<figcaption[^>]*>(.*?)</figcaption>"));
static EMBED_SHORTCODE: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\[embed[^\]]*\](.*?)\[/embed\]"));
static BARE_VIDEO_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)^[ \t]*(https?://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/)[^\s<]+)[ \t]*$")
});
static CAPTION: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)\[caption[^\]]*\](.*?)\[/caption\]"));
static CAPTION_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)^\s*((?:<a [^>]*>\s*)?<img [^>]*>(?:\s*</a>)?)(.*)$"));
static GALLERY: LazyLock<Regex> = LazyLock::new(|| re(r"\[gallery([^\]]*)\]"));
static GALLERY_IDS: LazyLock<Regex> = LazyLock::new(|| re(r#"ids="([0-9, ]+)""#));
static NOSCRIPT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<(/?)noscript\b"));
static VIDEO_ID: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:youtube(?:-nocookie)?\.com/(?:watch\?v=|embed/)|youtu\.be/)([A-Za-z0-9_-]{6,})")
});
static IFRAME_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r#"<iframe[^>]*\btitle="([^"]*)""#));

/// The video IDs and titles in a post's oEmbed caches (`_oembed_<hash>`
/// post meta, the iframe WordPress stored for each video it embedded).
pub fn video_titles<'a>(meta: impl Iterator<Item = (&'a str, &'a str)>) -> HashMap<String, String> {
    let mut titles = HashMap::new();
    for (key, html) in meta {
        if !key.starts_with("_oembed_") || key.starts_with("_oembed_time_") {
            continue;
        }
        let (Some(id), Some(title)) = (VIDEO_ID.captures(html), IFRAME_TITLE.captures(html)) else {
            continue;
        };
        titles.insert(id[1].to_owned(), html_escape::decode_html_entities(&title[1]).into_owned());
    }
    titles
}

/// Converts `content`, a post's or page's stored body.
pub fn convert(content: &str, sources: &Sources) -> Converted {
    let content = content.replace("\r\n", "\n");
    // Storify and other embeds' fallback, for readers without the embed:
    // it is what they will see here.
    let content = NOSCRIPT.replace_all(&content, "<${1}div").into_owned();
    let html =
        if content.contains("<!-- wp:") { blocks(&content, sources, 0) } else { classic(&content, sources) };
    let html = headings_under_the_title(&html.replace("<!--nextpage-->", PART_BREAK));
    let before_more = html.split_once("<!--more-->").map(|(before, _)| before.to_owned());
    Converted { html, before_more }
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<(/?)h([1-6])\b"));

/// Headings moved so the body's highest is an `h2`, under the page's `h1`
/// (the post's title), keeping their order: a body that starts at `h3`
/// would skip a level for screen reader users, one with an `h1` would have
/// two.
fn headings_under_the_title(html: &str) -> String {
    let Some(top) = HEADING.captures_iter(html).filter_map(|c| c[2].parse::<i32>().ok()).min() else {
        return html.to_owned();
    };
    let shift = 2 - top;
    if shift == 0 {
        return html.to_owned();
    }
    HEADING
        .replace_all(html, |c: &Captures| {
            let level = (c[2].parse::<i32>().unwrap_or(2) + shift).clamp(2, 6);
            format!("<{}h{level}", &c[1])
        })
        .into_owned()
}

/// A block-editor body: WordPress shows the blocks' saved HTML (no `wpautop`).
fn blocks(content: &str, sources: &Sources, depth: u8) -> String {
    // A reusable block: its own content, once (it cannot include itself).
    let html = BLOCK_REF.replace_all(content, |c: &Captures| {
        let id: i64 = c[1].parse().unwrap_or(0);
        match sources.blocks.get(&id) {
            Some(block) if depth < 3 => blocks(block, sources, depth + 1),
            _ => String::new(),
        }
    });
    let html = EMBED_BLOCK.replace_all(&html, |c: &Captures| {
        let attrs: serde_json::Value =
            c.get(2).and_then(|a| serde_json::from_str(a.as_str()).ok()).unwrap_or_default();
        let inner = &c[3];
        let url =
            attrs["url"].as_str().map(str::to_owned).unwrap_or_else(|| strip_tags(inner).trim().to_owned());
        let caption = FIGCAPTION.captures(inner).map(|f| f[1].to_owned());
        embed(&url, caption.as_deref(), sources)
    });
    // WordPress 6.3's details block, as the GOV.UK Details component.
    let html = DETAILS_BLOCK.replace_all(&html, |c: &Captures| details(&c[1], &c[2]));
    let html = MORE_BLOCK.replace_all(&html, "<!--more-->");
    let html = NEXTPAGE_BLOCK.replace_all(&html, "<!--nextpage-->");
    BLOCK_COMMENT.replace_all(&html, "").into_owned()
}

/// A classic-editor body: shortcodes and bare video links, then `wpautop`.
fn classic(content: &str, sources: &Sources) -> String {
    let html = EMBED_SHORTCODE.replace_all(content, |c: &Captures| embed(c[1].trim(), None, sources));
    let html = BARE_VIDEO_LINE.replace_all(&html, |c: &Captures| embed(&c[1], None, sources));
    let html = CAPTION.replace_all(&html, |c: &Captures| match CAPTION_IMAGE.captures(&c[1]) {
        Some(parts) => figure(&parts[1], parts[2].trim()),
        None => c[1].to_owned(),
    });
    let html = GALLERY.replace_all(&html, |c: &Captures| gallery(&c[1], sources));
    autop(&html)
}

/// An image with its caption.
fn figure(image: &str, caption: &str) -> String {
    if caption.is_empty() {
        return format!("<figure>{image}</figure>");
    }
    format!("<figure>{image}<figcaption class=\"govuk-body-s\">{caption}</figcaption></figure>")
}

/// `[gallery]`: the images given by `ids`, or else those attached to the
/// post, in order, each with its caption.
fn gallery(attributes: &str, sources: &Sources) -> String {
    let mut images: Vec<&Attachment> = match GALLERY_IDS.captures(attributes) {
        Some(ids) => ids[1]
            .split(',')
            .filter_map(|id| id.trim().parse::<i64>().ok())
            .filter_map(|id| sources.attachments.get(&id))
            .collect(),
        None => {
            let mut attached: Vec<(&i64, &Attachment)> =
                sources.attachments.iter().filter(|(_, a)| a.parent == sources.post_id).collect();
            attached.sort_by_key(|(id, a)| (a.menu_order, **id));
            attached.into_iter().map(|(_, a)| a).collect()
        }
    };
    images.retain(|a| is_image(&a.url));
    let figures: String = images
        .iter()
        .map(|a| {
            let size = match (a.width, a.height) {
                (Some(w), Some(h)) => format!(" width=\"{w}\" height=\"{h}\""),
                _ => String::new(),
            };
            let image = format!(
                "<img src=\"{}\" alt=\"{}\"{size}>",
                html_escape::encode_double_quoted_attribute(&a.url),
                html_escape::encode_double_quoted_attribute(&a.alt)
            );
            figure(&image, &html_escape::encode_text(&a.caption))
        })
        .collect();
    format!("<div>{figures}</div>")
}

fn is_image(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"].iter().any(|ext| lower.ends_with(ext))
}

/// An embedded video as a link with its title; another embed as a link.
fn embed(url: &str, caption: Option<&str>, sources: &Sources) -> String {
    let href = html_escape::encode_double_quoted_attribute(url);
    let text = match VIDEO_ID.captures(url) {
        Some(id) => match sources.video_titles.get(&id[1]) {
            Some(title) => format!("Watch the video on YouTube: {}", html_escape::encode_text(title)),
            None => "Watch the video on YouTube".to_owned(),
        },
        None => html_escape::encode_text(url).into_owned(),
    };
    let caption =
        caption.map(|c| format!("<figcaption class=\"govuk-body-s\">{c}</figcaption>")).unwrap_or_default();
    format!("<figure><p><a href=\"{href}\">{text}</a></p>{caption}</figure>")
}

/// The GOV.UK Details component.
fn details(summary: &str, body: &str) -> String {
    format!(
        "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">\
         <span class=\"govuk-details__summary-text\">{}</span></summary>\
         <div class=\"govuk-details__text\">{body}</div></details>",
        strip_tags(summary).trim()
    )
}

/// Text without tags, for the short strings above (URLs, summaries).
fn strip_tags(html: &str) -> String {
    ammonia::Builder::empty().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_alone(content: &str) -> String {
        let (attachments, blocks, titles) = (HashMap::new(), HashMap::new(), HashMap::new());
        let sources =
            Sources { attachments: &attachments, blocks: &blocks, video_titles: &titles, post_id: 1 };
        convert(content, &sources).html
    }

    #[test]
    fn classic_posts_get_paragraphs_captions_and_video_links() {
        let html = convert_alone(
            "Intro.\n\n[caption id=\"x\" width=\"620\"]<a href=\"/a.png\"><img src=\"/a.png\" alt=\"A\" /></a> A caption[/caption]\n\nhttps://www.youtube.com/watch?v=Abc123xyz\n\nEnd",
        );
        assert!(html.contains("<p>Intro.</p>"), "{html}");
        assert!(html.contains("<figure><a href=\"/a.png\"><img src=\"/a.png\" alt=\"A\" /></a><figcaption class=\"govuk-body-s\">A caption</figcaption></figure>"), "{html}");
        assert!(
            html.contains(
                "<a href=\"https://www.youtube.com/watch?v=Abc123xyz\">Watch the video on YouTube</a>"
            ),
            "{html}"
        );
    }

    #[test]
    fn headings_start_under_the_title() {
        assert_eq!(headings_under_the_title("<h3>A</h3><h4 class=x>B</h4>"), "<h2>A</h2><h3 class=x>B</h3>");
        assert_eq!(headings_under_the_title("<h1>A</h1><h2>B</h2>"), "<h2>A</h2><h3>B</h3>");
        assert_eq!(headings_under_the_title("<h2>A</h2><hr>"), "<h2>A</h2><hr>");
    }

    #[test]
    fn block_posts_keep_their_html_and_lose_their_comments() {
        let html = convert_alone(
            "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->\n\n<!-- wp:details -->\n<details class=\"wp-block-details\"><summary>More</summary><p>Hidden</p></details>\n<!-- /wp:details -->",
        );
        assert!(!html.contains("wp:"), "{html}");
        assert!(html.contains(PART_BREAK));
        assert!(html.contains("<span class=\"govuk-details__summary-text\">More</span>"), "{html}");
    }
}
