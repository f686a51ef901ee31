//! A blog's host name, as readers' browsers send it in `Host` and as
//! operators type it in `blogs add`: one spelling for both, so the two
//! always compare equal.

use std::fmt;

/// A host name in its one spelling: lower case, no port, no trailing dot.
/// IP addresses are host names too (a deployment's first blog, reached as
/// `127.0.0.1`, is one); anything else with characters no host name has is
/// not a host name at all.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HostName(String);

/// The longest name DNS allows.
const MAX_LEN: usize = 253;

impl HostName {
    /// Reads `Host`'s value (or a command's argument): `Blog.Example.GOV.UK.:8080`
    /// is `blog.example.gov.uk`; `[::1]:80` is `[::1]`. `None` for junk.
    pub fn parse(value: &str) -> Option<HostName> {
        let value = value.trim();
        let name = if value.starts_with('[') {
            // An IPv6 literal, with or without a port after it.
            let end = value.find(']')?;
            let (literal, rest) = value.split_at(end + 1);
            if !(rest.is_empty() || port(rest.strip_prefix(':')?)) {
                return None;
            }
            literal[1..literal.len() - 1].parse::<std::net::Ipv6Addr>().ok()?;
            literal.to_ascii_lowercase()
        } else {
            let name = match value.rsplit_once(':') {
                Some((name, p)) if port(p) => name,
                Some(_) => return None,
                None => value,
            };
            let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
            let labels_ok = name.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            if !labels_ok || name.len() > MAX_LEN {
                return None;
            }
            name
        };
        Some(HostName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Digits that make a port (an empty port, `host:`, is allowed by RFC 3986).
fn port(p: &str) -> bool {
    p.len() <= 5
        && p.bytes().all(|b| b.is_ascii_digit())
        && p.parse::<u32>().map_or(p.is_empty(), |n| n <= 65535)
}

impl fmt::Display for HostName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::HostName;

    fn parsed(value: &str) -> Option<String> {
        HostName::parse(value).map(|h| h.as_str().to_owned())
    }

    #[test]
    fn one_spelling_for_every_way_of_writing_a_host() {
        for value in
            ["blog.example.gov.uk", "Blog.Example.GOV.UK", "blog.example.gov.uk.", "blog.example.gov.uk:8080"]
        {
            assert_eq!(parsed(value).as_deref(), Some("blog.example.gov.uk"), "{value}");
        }
        assert_eq!(parsed("BLOG.example.gov.uk.:443").as_deref(), Some("blog.example.gov.uk"));
        assert_eq!(parsed("127.0.0.1:3000").as_deref(), Some("127.0.0.1"));
        assert_eq!(parsed("[::1]:8080").as_deref(), Some("[::1]"));
        assert_eq!(parsed("[FE80::1]").as_deref(), Some("[fe80::1]"));
        assert_eq!(parsed("localhost:").as_deref(), Some("localhost"));
    }

    #[test]
    fn junk_is_no_host() {
        for value in [
            "",
            ".",
            "a..b",
            "-a.example",
            "a_b.example",
            "blog.example/evil",
            "blog.example:80:80",
            "blog.example:99999",
            "blog.example:http",
            "[::1",
            "[nonsense]",
            "[::1]x",
            "blög.example",
            "a b",
            "evil.example\0.gov.uk",
        ] {
            assert_eq!(parsed(value), None, "{value:?}");
        }
        assert_eq!(parsed(&"a".repeat(64)), None);
        assert_eq!(parsed(&["a"; 130].join(".")), None);
    }
}
