//! A moderation form as sent: `application/x-www-form-urlencoded` fields,
//! some (the queue's checkboxes) repeated.

use axum::body::Bytes;

/// Largest form accepted: a 5,000-character reply in any script fits.
pub const MAX_BYTES: usize = 64 * 1024;

pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The fields of `body`; none if it cannot be read as a form.
    pub fn parse(body: &Bytes) -> Fields {
        Fields(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The first value sent for `name`, or empty.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Every value sent for `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_fields_are_all_kept() {
        let fields = super::Fields::parse(&"comment=1&comment=2&action=approve".into());
        assert_eq!(fields.all("comment").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(fields.get("action"), "approve");
        assert_eq!(fields.get("missing"), "");
        assert_eq!(super::Fields::parse(&"%%%".into()).get("comment"), "");
    }
}
