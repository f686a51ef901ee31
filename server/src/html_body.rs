//! Bodies written in HTML (posts and pages imported from WordPress), made
//! safe to show: an allowlist sanitiser (ammonia) keeps only the elements and
//! attributes a blog post needs, gives them the GOV.UK classes a Markdown
//! post's elements have, and writes the blog's own addresses for where the
//! body is read, as the Markdown renderer does. No `<script>`, `<style>`,
//! frame, object, embed, event handler or `javascript:` URL survives.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use govblog_shared::markdown::RenderContext;

/// Where a post written in parts is cut (WordPress's own marker).
pub const PART_BREAK: &str = "<!--nextpage-->";

/// The elements a body may have; any other is dropped (its text kept,
/// except a script's or style's).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
];

/// The GOV.UK classes each element gets, as the Markdown renderer gives them.
const CLASSES: &[(&str, &str)] = &[
    ("p", "govuk-body"),
    ("h2", "govuk-heading-l"),
    ("h3", "govuk-heading-m"),
    ("h4", "govuk-heading-s"),
    ("h5", "govuk-heading-s"),
    ("h6", "govuk-heading-s"),
    ("ul", "govuk-list govuk-list--bullet"),
    ("ol", "govuk-list govuk-list--number"),
    ("a", "govuk-link"),
    ("blockquote", "govuk-inset-text"),
    ("pre", "govuk-body"),
    ("table", "govuk-table"),
    ("thead", "govuk-table__head"),
    ("tbody", "govuk-table__body"),
    ("tr", "govuk-table__row"),
    ("th", "govuk-table__header"),
    ("td", "govuk-table__cell"),
    ("hr", "govuk-section-break govuk-section-break--l govuk-section-break--visible"),
];

/// The parts of a body written in parts; one part for most.
pub fn parts(html: &str) -> Vec<&str> {
    html.split(PART_BREAK).collect()
}

/// Part `part` (from 1) of `html`, sanitised and with its addresses written
/// for `context`; `None` past the last part.
pub fn render(html: &str, part: u32, context: &RenderContext) -> Option<String> {
    let part = parts(html).get(part.checked_sub(1)? as usize).copied()?;
    let (base_path, site_url) = (context.base_path.to_owned(), context.site_url.to_owned());
    let mut builder = ammonia::Builder::default();
    builder
        .tags(TAGS.iter().copied().collect())
        .generic_attributes(HashSet::from(["lang", "dir", "title"]))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("img", HashSet::from(["src", "alt", "width", "height"])),
            ("th", HashSet::from(["scope", "colspan", "rowspan"])),
            ("td", HashSet::from(["colspan", "rowspan"])),
            ("ol", HashSet::from(["start", "reversed"])),
            ("time", HashSet::from(["datetime"])),
            ("details", HashSet::from(["open"])),
        ]))
        .allowed_classes(HashMap::from([
            ("details", HashSet::from(["govuk-details"])),
            ("summary", HashSet::from(["govuk-details__summary"])),
            ("span", HashSet::from(["govuk-details__summary-text"])),
            ("div", HashSet::from(["govuk-details__text", "govuk-inset-text"])),
            ("figcaption", HashSet::from(["govuk-body-s"])),
        ]))
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(None)
        .strip_comments(true)
        .set_tag_attribute_value("img", "loading", "lazy")
        .attribute_filter(move |element, attribute, value| {
            let context = RenderContext { base_path: &base_path, site_url: &site_url };
            match (element, attribute) {
                ("a", "href") => Some(Cow::Owned(context.link(value))),
                ("img", "src") => Some(Cow::Owned(context.absolute_url(value))),
                _ => Some(Cow::Borrowed(value)),
            }
        });
    for &(tag, class) in CLASSES {
        builder.set_tag_attribute_value(tag, "class", class);
    }
    Some(builder.clean(part).to_string())
}

/// The text of an HTML body, without tags or the contents of scripts and
/// styles, whitespace collapsed: for search, summaries and comparisons.
pub fn text(html: &str) -> String {
    let stripped = ammonia::Builder::empty().clean(html).to_string();
    let decoded = html_escape::decode_html_entities(&stripped);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render1(html: &str) -> String {
        render(html, 1, &RenderContext { base_path: "/blog", site_url: "https://blog.example.gov.uk" })
            .unwrap()
    }

    #[test]
    fn nothing_that_runs_survives() {
        let html = render1(
            "<p onclick=\"x()\">Hi<script>alert(1)</script><style>p{}</style></p>\
             <a href=\"javascript:alert(1)\">a</a><img src=x onerror=alert(1)>\
             <iframe src=\"https://evil.example\"></iframe><object data=x></object><embed src=x>",
        );
        for bad in
            ["script", "style", "onclick", "onerror", "javascript", "iframe", "object", "embed", "alert"]
        {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn elements_get_gov_uk_classes_and_addresses_for_the_context() {
        let html = render1(
            "<h2>Title</h2><p>See <a href=\"/about/\">about</a> and <a href=\"https://gov.uk/\">GOV.UK</a>.</p>\
             <ul><li>one</li></ul><img src=\"/wp-content/uploads/a.png\" alt=\"A\">",
        );
        assert!(html.contains("<h2 class=\"govuk-heading-l\">Title</h2>"), "{html}");
        assert!(html.contains("<p class=\"govuk-body\">"), "{html}");
        assert!(html.contains("href=\"/blog/about/\""), "{html}");
        assert!(html.contains("href=\"https://gov.uk/\""), "{html}");
        assert!(html.contains("<ul class=\"govuk-list govuk-list--bullet\">"), "{html}");
        assert!(html.contains("src=\"https://blog.example.gov.uk/wp-content/uploads/a.png\""), "{html}");
    }

    #[test]
    fn parts_and_text() {
        let body = "<p>One &amp; two</p><!--nextpage--><p>Three</p><script>x</script>";
        assert_eq!(parts(body).len(), 2);
        assert!(render1(body).contains("One &amp; two"));
        assert!(render(body, 3, &RenderContext::default()).is_none());
        assert_eq!(text(body), "One & twoThree");
    }
}
