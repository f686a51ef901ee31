//! WordPress's `wpautop`: classic-editor posts are stored without `<p>`
//! tags, and WordPress adds them when it shows a post. A blank line is a
//! paragraph break and a single newline a `<br />`; block-level elements
//! are left as they are. This follows WordPress 6.1's steps, so an imported
//! post is split into paragraphs where WordPress split it.

use std::sync::LazyLock;

use regex::Regex;

const BLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

static PRE: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<pre[^>]*>.*?</pre>"));
static DOUBLE_BR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<br\s*/?>\s*<br\s*/?>"));
static BLOCK_OPEN: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)(<{BLOCKS}[\s/>])")));
static BLOCK_CLOSE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)(</{BLOCKS}>)")));
static HR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(<hr\s*?/?>)"));
static FIGCAPTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\s*(<figcaption[^>]*>)"));
static FIGCAPTION_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)</figcaption>\s*"));
static MANY_BREAKS: LazyLock<Regex> = LazyLock::new(|| re(r"\n\n+"));
static PARAGRAPHS: LazyLock<Regex> = LazyLock::new(|| re(r"\n\s*\n"));
static EMPTY_P: LazyLock<Regex> = LazyLock::new(|| re(r"<p>\s*</p>"));
static P_BEFORE_CLOSE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<p>([^<]+)</(div|address|form)>"));
static P_AROUND_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>")));
static P_AROUND_LI: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<p>(<li.+?)</p>"));
static P_BLOCKQUOTE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<p><blockquote([^>]*)>"));
static P_BEFORE_BLOCK: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)<p>\s*(</?{BLOCKS}[^>]*>)")));
static P_AFTER_BLOCK: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)(</?{BLOCKS}[^>]*>)\s*</p>")));
static BR_AFTER_BLOCK: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)(</?{BLOCKS}[^>]*>)\s*<br />")));
static BR_BEFORE_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"));

/// `text` with paragraphs and line breaks as WordPress shows them.
pub fn autop(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    // `<pre>` blocks keep their line breaks: set aside, put back at the end.
    let mut pres = Vec::new();
    let text = format!("{text}\n");
    let text = PRE.replace_all(&text, |c: &regex::Captures| {
        pres.push(c[0].to_owned());
        format!("<pre wp-pre-tag-{}></pre>", pres.len() - 1)
    });
    let text = DOUBLE_BR.replace_all(&text, "\n\n");
    let text = BLOCK_OPEN.replace_all(&text, "\n\n$1");
    let text = BLOCK_CLOSE.replace_all(&text, "$1\n\n");
    let text = HR.replace_all(&text, "$1\n\n");
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = FIGCAPTION_BEFORE.replace_all(&text, "$1");
    let text = FIGCAPTION_AFTER.replace_all(&text, "</figcaption>");
    let text = MANY_BREAKS.replace_all(&text, "\n\n");
    let mut out = String::new();
    for paragraph in PARAGRAPHS.split(&text).filter(|p| !p.is_empty()) {
        out.push_str(&format!("<p>{}</p>\n", paragraph.trim_matches('\n')));
    }
    let out = EMPTY_P.replace_all(&out, "");
    let out = P_BEFORE_CLOSE.replace_all(&out, "<p>$1</p></$2>");
    let out = P_AROUND_BLOCK.replace_all(&out, "$1");
    let out = P_AROUND_LI.replace_all(&out, "$1");
    let out = P_BLOCKQUOTE.replace_all(&out, "<blockquote$1><p>");
    let out = out.replace("</blockquote></p>", "</p></blockquote>");
    let out = P_BEFORE_BLOCK.replace_all(&out, "$1");
    let out = P_AFTER_BLOCK.replace_all(&out, "$1");
    let out = out.replace("<br>", "<br />").replace("<br/>", "<br />");
    let out = line_breaks(&out);
    let out = BR_AFTER_BLOCK.replace_all(&out, "$1");
    let out = BR_BEFORE_BLOCK.replace_all(&out, "$1");
    let mut out = out.into_owned();
    if out.ends_with("\n</p>") {
        out.truncate(out.len() - "\n</p>".len());
        out.push_str("</p>");
    }
    for (i, pre) in pres.iter().enumerate() {
        out = out.replace(&format!("<pre wp-pre-tag-{i}></pre>"), pre);
    }
    out
}

/// Every newline that does not follow a `<br />` becomes `<br />` and a
/// newline (WordPress's `(?<!<br />)\s*\n`; the regex crate has no
/// look-behind), except inside an HTML tag.
fn line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if c == '\n' && !in_tag {
            let kept = out.trim_end_matches([' ', '\t', '\n']).len();
            if !out[..kept].ends_with("<br />") {
                out.truncate(kept);
                out.push_str("<br />");
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::autop;

    #[test]
    fn blank_lines_are_paragraphs_and_newlines_breaks() {
        assert_eq!(autop("One\n\nTwo\nthree"), "<p>One</p>\n<p>Two<br />\nthree</p>\n");
    }

    #[test]
    fn blocks_stay_as_they_are() {
        assert_eq!(
            autop("Intro\n<h2>Heading</h2>\nText\n<ul>\n\t<li>a</li>\n</ul>"),
            "<p>Intro</p>\n<h2>Heading</h2>\n<p>Text</p>\n<ul>\n<li>a</li>\n</ul>\n"
        );
        assert_eq!(autop("<blockquote>Quote</blockquote>"), "<blockquote><p>Quote</p></blockquote>\n");
    }

    #[test]
    fn pre_keeps_its_lines() {
        let html = autop("Code:\n<pre><code>a\n\nb</code></pre>\nEnd");
        assert!(html.contains("<pre><code>a\n\nb</code></pre>"), "{html}");
    }
}
