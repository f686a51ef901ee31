//! Links in imported bodies: the old site's own links made relative to the
//! blog, and uploaded files that were copied in served from here.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// How an old address is written now: the old site's own links made
/// relative to the blog, and uploaded files that were copied in served here.
pub(super) struct Links {
    /// The old site, e.g. `https://blog.example.gov.uk`.
    pub(super) base: String,
    /// Paths under `wp-content/uploads/` that were copied in.
    pub(super) uploads: HashSet<String>,
}

impl Links {
    pub(super) fn url(&self, url: &str) -> String {
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
    pub(super) fn rewrite(&self, html: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
