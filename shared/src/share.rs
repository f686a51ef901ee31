//! "Share this page" links, as GOV.UK Blogs offers them, built once for the
//! app and the server. Every value is percent-encoded as a query value, so
//! titles with `&`, `#`, `?`, quotes, `+`, emoji or any script survive intact.

use crate::permalink::percent_encode;

/// A platform to share to: the link's text and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    pub name: &'static str,
    pub href: String,
    /// Opens in a new tab (every platform but email).
    pub new_tab: bool,
}

/// The share links for a post titled `title` at the absolute `url`, on the blog `blog_name`.
pub fn share_links(title: &str, url: &str, blog_name: &str) -> Vec<ShareLink> {
    let (t, u) = (percent_encode(title), percent_encode(url));
    let subject = percent_encode(&format!("I wanted to share this post with you from {blog_name}"));
    let body = percent_encode(&format!("{title} {url}"));
    vec![
        ShareLink {
            name: "X (formerly Twitter)",
            href: format!("https://x.com/intent/tweet?text={t}&url={u}"),
            new_tab: true,
        },
        ShareLink {
            name: "Facebook",
            href: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
            new_tab: true,
        },
        ShareLink {
            name: "LinkedIn",
            href: format!("https://www.linkedin.com/shareArticle?mini=true&url={u}&title={t}"),
            new_tab: true,
        },
        ShareLink {
            name: "Bluesky",
            href: format!("https://bsky.app/intent/compose?text={body}"),
            new_tab: true,
        },
        ShareLink { name: "Email", href: format!("mailto:?subject={subject}&body={body}"), new_tab: false },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permalink::percent_decode;

    /// The decoded value of `key` in the query of `href`.
    fn param(href: &str, key: &str) -> String {
        let query = href.split_once('?').unwrap().1;
        let value = query.split('&').find_map(|kv| kv.strip_prefix(&format!("{key}="))).unwrap();
        // Nothing that would end the value early or change its meaning is left raw.
        assert!(!value.contains(['&', '#', '?', '"', '\'', '+', ' ', '<', '>']), "{value}");
        percent_decode(value)
    }

    const URL: &str = "https://blog.example.gov.uk/2025/06/12/a-post/";

    #[test]
    fn hard_titles_round_trip_through_every_link() {
        for title in [
            "Fish & chips: a policy?",
            "#1 in the \"league\" table",
            "It's 1 + 1 = 2 % of the time",
            "Open data 🎉 for everyone",
            "Політика та дані — 数据与政策",
            "<script>alert('x')</script>",
        ] {
            let links = share_links(title, URL, "Policy & Data Lab");
            let by = |name: &str| links.iter().find(|l| l.name == name).unwrap().href.clone();
            assert_eq!(param(&by("X (formerly Twitter)"), "text"), title);
            assert_eq!(param(&by("X (formerly Twitter)"), "url"), URL);
            assert_eq!(param(&by("Facebook"), "u"), URL);
            assert_eq!(param(&by("LinkedIn"), "title"), title);
            assert_eq!(param(&by("LinkedIn"), "url"), URL);
            assert_eq!(param(&by("Bluesky"), "text"), format!("{title} {URL}"));
            let email = by("Email");
            assert!(email.starts_with("mailto:?subject="));
            assert_eq!(
                param(&email, "subject"),
                "I wanted to share this post with you from Policy & Data Lab"
            );
            assert_eq!(param(&email, "body"), format!("{title} {URL}"));
        }
    }

    #[test]
    fn only_email_stays_in_the_tab() {
        let links = share_links("t", URL, "b");
        let names: Vec<_> = links.iter().map(|l| l.name).collect();
        assert_eq!(names, ["X (formerly Twitter)", "Facebook", "LinkedIn", "Bluesky", "Email"]);
        assert!(links.iter().all(|l| l.new_tab == (l.name != "Email")));
    }
}
