//! Markdown to GOV.UK-styled HTML, safe by construction.
//!
//! The writer below is our own rather than pulldown-cmark's `push_html` so
//! that every tag it emits is one we chose: raw HTML in the source can only
//! ever come out as escaped text, every URL passes [`safe_url`], and elements
//! carry govuk-frontend classes.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

/// Where rendered HTML will be read: it decides how the blog's own
/// addresses in a body are written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenderContext<'a> {
    /// The path the blog's pages live under: `""` on the blog's own site,
    /// `"/blog"` when embedded under `/blog/`. Links to blog pages go under it.
    pub base_path: &'a str,
    /// The blog's public address, without a trailing slash. Images load
    /// from it, so they still load when the body is shown on another site.
    pub site_url: &'a str,
}

impl RenderContext<'_> {
    /// A link as a reader should follow it: a blog page under the base path.
    pub fn link(&self, url: &str) -> String {
        match is_site_relative(url) {
            true => format!("{}{url}", self.base_path),
            false => url.to_owned(),
        }
    }

    /// An image or file address that works from anywhere: absolute on the blog.
    pub fn absolute_url(&self, url: &str) -> String {
        match is_site_relative(url) {
            true => format!("{}{url}", self.site_url),
            false => url.to_owned(),
        }
    }
}

/// `/path`, but not `//host/path`, which is another site.
fn is_site_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// Renders post Markdown to HTML that is safe to insert into the page, with
/// the blog's own addresses written for `context`.
pub fn render(markdown: &str, context: &RenderContext) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut w = Writer { context: context.clone(), ..Writer::default() };
    for event in Parser::new_ext(markdown, options) {
        w.event(event);
    }
    w.out
}

/// The first paragraph's plain text, for summaries and descriptions.
pub fn plain_text_excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.is_empty() => break,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    truncate_words(text.trim(), max_chars)
}

/// `s` cut at a word to at most `max_chars` characters, with an ellipsis
/// when cut.
pub fn truncate_words(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches(|c: char| c.is_ascii_punctuation()))
}

/// Schemes a link may use. Anything else (`javascript:`, `vbscript:`,
/// `data:`, `file:`, ...) is replaced, so it can never run or load.
const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];
const IMAGE_SCHEMES: [&str; 2] = ["http", "https"];

/// Returns `url` if it is relative or uses one of `schemes`, else `None`.
///
/// Browsers ignore ASCII tabs and newlines anywhere in a URL and leading
/// control characters and spaces, so `java\tscript:` is `javascript:` to
/// them: the scheme is read the same way here before it is judged.
pub fn safe_url<'a>(url: &'a str, schemes: &[&str]) -> Option<&'a str> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            schemes.contains(&scheme.as_str()).then_some(url)
        }
        // No scheme: a relative URL, resolved against our own origin.
        _ => Some(url),
    }
}

/// Is `url` absolute to another site, so marked as external?
fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

#[derive(Default)]
struct Writer<'a> {
    context: RenderContext<'a>,
    out: String,
    /// Inside an image: its alt text is collected rather than written.
    image: Option<(String, String, String)>,
    table_alignments: Vec<Alignment>,
    table_cell: usize,
    in_table_head: bool,
}

impl Writer<'_> {
    fn text(&mut self, s: &str) {
        if let Some((_, _, alt)) = &mut self.image {
            alt.push_str(s);
        } else {
            let _ = escape_html_body_text(&mut self.out, s);
        }
    }

    fn attr(&mut self, s: &str) {
        let _ = escape_html(&mut self.out, s);
    }

    fn href(&mut self, s: &str) {
        let _ = escape_href(&mut self.out, s);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                self.out.push_str("<code>");
                self.text(&t);
                self.out.push_str("</code>");
            }
            // Raw HTML is shown as the text it is, never interpreted.
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::SoftBreak => self.text("\n"),
            Event::HardBreak => self.out.push_str("<br>\n"),
            Event::Rule => self.out.push_str(
                "<hr class=\"govuk-section-break govuk-section-break--l govuk-section-break--visible\">\n",
            ),
            Event::FootnoteReference(t) => self.text(&t),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
        }
    }

    fn start(&mut self, tag: Tag) {
        if self.image.is_some() {
            return; // Markup inside alt text is flattened to its text.
        }
        match tag {
            Tag::Paragraph => self.out.push_str("<p class=\"govuk-body\">"),
            Tag::Heading { level, .. } => {
                // The page's h1 is the post title, so the body starts at h2.
                let (n, class) = heading(level);
                self.out.push_str(&format!("<h{n} class=\"{class}\">"));
            }
            Tag::BlockQuote(_) => self.out.push_str("<blockquote class=\"govuk-inset-text\">\n"),
            Tag::CodeBlock(kind) => {
                self.out.push_str("<pre class=\"govuk-body\"><code");
                if let CodeBlockKind::Fenced(lang) = kind {
                    // A language name, or nothing: the info string is free text.
                    let lang = lang.split_whitespace().next().unwrap_or("");
                    let is_name = |c: char| c.is_ascii_alphanumeric() || "+-_.#".contains(c);
                    if !lang.is_empty() && lang.len() <= 30 && lang.chars().all(is_name) {
                        self.out.push_str(" class=\"language-");
                        self.attr(lang);
                        self.out.push('"');
                    }
                }
                self.out.push('>');
            }
            Tag::List(Some(1)) => self.out.push_str("<ol class=\"govuk-list govuk-list--number\">\n"),
            Tag::List(Some(start)) => self
                .out
                .push_str(&format!("<ol class=\"govuk-list govuk-list--number\" start=\"{start}\">\n")),
            Tag::List(None) => self.out.push_str("<ul class=\"govuk-list govuk-list--bullet\">\n"),
            Tag::Item => self.out.push_str("<li>"),
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<del>"),
            Tag::Link { dest_url, title, .. } => {
                let url = safe_url(&dest_url, &LINK_SCHEMES).unwrap_or("#");
                self.out.push_str("<a class=\"govuk-link\" href=\"");
                let href = self.context.link(url);
                self.href(&href);
                self.out.push('"');
                if !title.is_empty() {
                    self.out.push_str(" title=\"");
                    self.attr(&title);
                    self.out.push('"');
                }
                if is_external(url) {
                    self.out.push_str(" rel=\"external\"");
                }
                self.out.push('>');
            }
            Tag::Image { dest_url, title, .. } => {
                let url = safe_url(&dest_url, &IMAGE_SCHEMES).unwrap_or("");
                self.image = Some((url.to_owned(), title.to_string(), String::new()));
            }
            Tag::Table(alignments) => {
                self.table_alignments = alignments;
                self.out.push_str("<table class=\"govuk-table\">\n");
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.table_cell = 0;
                self.out.push_str("<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">");
            }
            Tag::TableRow => {
                self.table_cell = 0;
                self.out.push_str("<tr class=\"govuk-table__row\">");
            }
            Tag::TableCell => {
                let (el, class, scope) = if self.in_table_head {
                    ("th", "govuk-table__header", " scope=\"col\"")
                } else {
                    ("td", "govuk-table__cell", "")
                };
                let align = match self.table_alignments.get(self.table_cell) {
                    Some(Alignment::Right) => " govuk-table__cell--numeric",
                    _ => "",
                };
                self.out.push_str(&format!("<{el} class=\"{class}{align}\"{scope}>"));
            }
            Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if let Some((src, title, alt)) = &self.image {
            if tag != TagEnd::Image {
                return;
            }
            let (src, title, alt) = (src.clone(), title.clone(), alt.clone());
            self.image = None;
            if src.is_empty() {
                // An image we will not load still says what it was.
                self.text(&alt);
                return;
            }
            self.out.push_str("<img src=\"");
            let src = self.context.absolute_url(&src);
            self.href(&src);
            self.out.push_str("\" alt=\"");
            self.attr(&alt);
            self.out.push('"');
            if !title.is_empty() {
                self.out.push_str(" title=\"");
                self.attr(&title);
                self.out.push('"');
            }
            self.out.push_str(" loading=\"lazy\">");
            return;
        }
        let close = match tag {
            TagEnd::Paragraph => "</p>\n",
            TagEnd::Heading(level) => {
                let (n, _) = heading(level);
                self.out.push_str(&format!("</h{n}>\n"));
                return;
            }
            TagEnd::BlockQuote(_) => "</blockquote>\n",
            TagEnd::CodeBlock => "</code></pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::Emphasis => "</em>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Link => "</a>",
            TagEnd::Table => "</tbody>\n</table>\n",
            TagEnd::TableHead => {
                self.in_table_head = false;
                "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell => {
                self.table_cell += 1;
                if self.in_table_head {
                    "</th>"
                } else {
                    "</td>"
                }
            }
            _ => "",
        };
        self.out.push_str(close);
    }
}

/// Markdown heading level to HTML level and GOV.UK class, one level down.
fn heading(level: HeadingLevel) -> (u8, &'static str) {
    match level {
        HeadingLevel::H1 => (2, "govuk-heading-l"),
        HeadingLevel::H2 => (3, "govuk-heading-m"),
        HeadingLevel::H3 => (4, "govuk-heading-s"),
        HeadingLevel::H4 => (5, "govuk-heading-s"),
        HeadingLevel::H5 | HeadingLevel::H6 => (6, "govuk-heading-s"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Rendered for the blog's own site at its root.
    pub(crate) fn render(markdown: &str) -> String {
        super::render(markdown, &RenderContext::default())
    }

    /// Every tag in `html` is one the writer emits, with only its known
    /// attributes, and no URL attribute uses a scheme that can run script.
    pub(crate) fn assert_inert(html: &str) {
        const TAGS: [&str; 28] = [
            "p",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "code",
            "ol",
            "ul",
            "li",
            "em",
            "strong",
            "del",
            "a",
            "img",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "br",
            "hr",
            "/",
            "",
            "!",
        ];
        const ATTRS: [&str; 9] = ["class", "href", "src", "alt", "title", "rel", "scope", "start", "loading"];
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            let tag_end = rest[i..].find('>').map(|j| i + j).expect("unclosed tag");
            let tag = rest[i + 1..tag_end].trim_start_matches('/');
            rest = &rest[tag_end + 1..];
            let name = tag.split_whitespace().next().unwrap_or("");
            assert!(TAGS.contains(&name), "tag <{name}> in {html}");
            // Attribute values are quoted and quotes inside are escaped, so
            // splitting on `"` alternates names and values.
            let pieces: Vec<&str> = tag[name.len()..].split('"').collect();
            for pair in pieces.chunks(2) {
                let attr = pair[0].trim().trim_end_matches('=').trim_start_matches('/');
                if attr.is_empty() || attr == name {
                    continue;
                }
                assert!(ATTRS.contains(&attr), "attribute {attr} in {html}");
                // Only URL attributes load or run anything; alt and title are text.
                if attr != "href" && attr != "src" {
                    continue;
                }
                // The URL as the browser reads it: entities decoded, tabs and
                // newlines dropped. Its scheme, if it has one, must be harmless.
                let value = pair.get(1).copied().unwrap_or("");
                let url: String = value
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
                    .chars()
                    .filter(|c| !c.is_ascii_control() && *c != ' ')
                    .collect::<String>()
                    .to_ascii_lowercase();
                let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
                assert!(
                    matches!(scheme, None | Some("http" | "https" | "mailto")),
                    "scheme {scheme:?} in {html}"
                );
            }
        }
    }

    #[test]
    fn renders_gov_uk_markup() {
        let html = render("# Heading\n\nSome *text* and **bold**.\n\n- one\n- two\n\n1. first\n");
        assert!(html.contains("<h2 class=\"govuk-heading-l\">Heading</h2>"));
        assert!(html.contains("<p class=\"govuk-body\">Some <em>text</em> and <strong>bold</strong>.</p>"));
        assert!(html.contains("<ul class=\"govuk-list govuk-list--bullet\">\n<li>one</li>"));
        assert!(html.contains("<ol class=\"govuk-list govuk-list--number\">"));
    }

    #[test]
    fn renders_tables_quotes_images_and_links() {
        let md = "| Item | Cost |\n|---|---:|\n| Tea | 2 |\n\n> Quoted\n\n![A chart](/images/chart.svg \"Chart\")\n\n[GOV.UK](https://www.gov.uk) and [home](/)";
        let html = render(md);
        assert!(html.contains("<table class=\"govuk-table\">"));
        assert!(html.contains("<th class=\"govuk-table__header\" scope=\"col\">Item</th>"));
        assert!(html.contains("<td class=\"govuk-table__cell govuk-table__cell--numeric\">2</td>"));
        assert!(html.contains("<blockquote class=\"govuk-inset-text\">"));
        assert!(
            html.contains("<img src=\"/images/chart.svg\" alt=\"A chart\" title=\"Chart\" loading=\"lazy\">")
        );
        assert!(
            html.contains("<a class=\"govuk-link\" href=\"https://www.gov.uk\" rel=\"external\">GOV.UK</a>")
        );
        assert!(html.contains("<a class=\"govuk-link\" href=\"/\">home</a>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> <b>there</b>");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&lt;b&gt;there&lt;/b&gt;"));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn hostile_inputs_stay_inert() {
        let vectors = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<svg onload=alert(1)>",
            "<iframe src=javascript:alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](<java\nscript:alert(1)>)",
            "[x]( \u{1}javascript:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](&#106;avascript:alert(1))",
            "[x](javascript&colon;alert(1))",
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml,<svg onload=alert(1)>)",
            "![x\" onerror=\"alert(1)](/a.png)",
            "[x](/a \"t\\\" onmouseover=\\\"alert(1)\")",
            "[ref]\n\n[ref]: javascript:alert(1)",
            "<style>body{display:none}</style>",
            "<<script>script>alert(1)<</script>/script>",
            "<img src=x onerror=alert(1)//",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<form action=javascript:alert(1)><button>x</button></form>",
            "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
            "```\n</code><script>alert(1)</script>\n```",
            "```\" onclick=\"alert(1)\nx\n```",
            "<!-- <script>alert(1)</script> -->",
            "<embed src=javascript:alert(1)>",
        ];
        for v in vectors {
            let html = render(v);
            assert_inert(&html);
        }
    }

    #[test]
    fn neutralises_bad_schemes_but_keeps_good_ones() {
        assert_eq!(safe_url("javascript:alert(1)", &LINK_SCHEMES), None);
        assert_eq!(safe_url("  JAVASCRIPT:alert(1)", &LINK_SCHEMES), None);
        assert_eq!(safe_url("java\nscript:alert(1)", &LINK_SCHEMES), None);
        assert_eq!(safe_url("data:text/html,x", &LINK_SCHEMES), None);
        assert_eq!(safe_url("vbscript:x", &LINK_SCHEMES), None);
        assert_eq!(safe_url("mailto:a@example.com", &IMAGE_SCHEMES), None);
        assert_eq!(safe_url("https://example.com", &LINK_SCHEMES), Some("https://example.com"));
        assert_eq!(safe_url("mailto:a@example.com", &LINK_SCHEMES), Some("mailto:a@example.com"));
        assert_eq!(safe_url("/2014/10/17/post/", &LINK_SCHEMES), Some("/2014/10/17/post/"));
        assert_eq!(safe_url("#section", &LINK_SCHEMES), Some("#section"));
        assert_eq!(safe_url("page?x=a:b", &LINK_SCHEMES), Some("page?x=a:b"));
        let html = render("[x](javascript:alert(1))");
        assert!(html.contains("href=\"#\""), "{html}");
    }

    #[test]
    #[should_panic(expected = "scheme Some(\"javascript\")")]
    fn the_inertness_check_catches_script_urls() {
        assert_inert("<a href=\"JAVA\tSCRIPT:alert(1)\">x</a>");
    }

    /// Found by the property tests: a fence's info string went whole into `class`.
    #[test]
    fn code_fence_languages_are_names_only() {
        let html = render("```javascript:alert(1)<script>alert(1)</script>\nx\n```");
        assert!(html.starts_with("<pre class=\"govuk-body\"><code>"), "{html}");
        assert_inert(&html);
        assert!(render("```rust\nfn main() {}\n```").contains("class=\"language-rust\""));
    }

    #[test]
    fn attributes_are_escaped() {
        let html = render("[x](/a \"say \\\"hi\\\" <now>\")");
        assert!(html.contains("title=\"say &quot;hi&quot; &lt;now&gt;\""), "{html}");
        let html = render("![a \"quoted\" <alt>](/a.png)");
        assert!(html.contains("alt=\"a &quot;quoted&quot; &lt;alt&gt;\""), "{html}");
    }

    #[test]
    fn the_context_writes_blog_addresses() {
        let md = "![a](/images/a.svg) ![b](//cdn.example/b.png) ![c](https://x.example/c.png) \
                  [post](/2014/10/17/x/) [other](//other.example/) [far](https://far.example/)";
        let context = RenderContext { base_path: "/blog", site_url: "https://blog.example.gov.uk" };
        let html = super::render(md, &context);
        assert!(html.contains("<img src=\"https://blog.example.gov.uk/images/a.svg\""), "{html}");
        assert!(html.contains("<img src=\"//cdn.example/b.png\""));
        assert!(html.contains("<img src=\"https://x.example/c.png\""));
        assert!(html.contains("href=\"/blog/2014/10/17/x/\""), "{html}");
        assert!(html.contains("href=\"//other.example/\""));
        assert!(html.contains("href=\"https://far.example/\""));
        // On the blog's own site, at its root, addresses stay as written.
        assert!(render("[post](/a/)").contains("href=\"/a/\""));
    }

    #[test]
    fn blocked_images_keep_their_alt_text() {
        let html = render("![A chart](javascript:alert(1))");
        assert!(!html.contains("<img"));
        assert!(html.contains("A chart"));
    }

    #[test]
    fn excerpts_first_paragraph() {
        assert_eq!(plain_text_excerpt("# Title\n\nFirst *para*\nhere.\n\nSecond.", 100), "First para here.");
        assert_eq!(plain_text_excerpt("One two three four", 9), "One two…");
    }
}
