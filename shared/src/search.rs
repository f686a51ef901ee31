//! Search queries: what a reader typed, checked and split into words, and
//! the words found again in a summary to highlight them. The server builds
//! its full-text query from the same words, so no operator or quote typed
//! by a reader ever reaches the search engine as syntax.

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words used from a query; the rest are ignored.
pub const MAX_TERMS: usize = 10;

/// A query's words, or a message for the reader saying what to change.
pub fn terms(query: &str) -> Result<Vec<String>, String> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(format!("Search must be {MAX_QUERY_CHARS} characters or less"));
    }
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .take(MAX_TERMS)
        .collect();
    if words.is_empty() {
        return Err("Enter a word to search for".into());
    }
    Ok(words)
}

/// Splits `text` into runs, marking (`true`) those that start with one of
/// `terms`, ignoring case, so a view can wrap them in `<mark>` as text nodes.
pub fn highlight(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, hit: bool| match runs.last_mut() {
        Some((last, h)) if *h == hit => last.push_str(s),
        _ => runs.push((s.to_owned(), hit)),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        if word_end == 0 {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            push(&rest[..c], false);
            rest = &rest[c..];
            continue;
        }
        let word = &rest[..word_end];
        let lower = word.to_lowercase();
        push(word, terms.iter().any(|t| lower.starts_with(t.as_str())));
        rest = &rest[word_end..];
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_queries_into_words() {
        assert_eq!(terms("Open  DATA!").unwrap(), ["open", "data"]);
        assert_eq!(terms("\"co-design\" OR NEAR(x*)").unwrap(), ["co", "design", "or", "near", "x"]);
        assert_eq!(terms("café").unwrap(), ["café"]);
        assert_eq!(terms("a b c d e f g h i j k l").unwrap().len(), MAX_TERMS);
    }

    #[test]
    fn rejects_empty_and_long_queries() {
        assert_eq!(terms("  \"*\" ").unwrap_err(), "Enter a word to search for");
        assert_eq!(terms("\u{0}\u{1b}").unwrap_err(), "Enter a word to search for");
        assert_eq!(terms(&"a".repeat(5000)).unwrap_err(), "Search must be 200 characters or less");
        assert!(terms(&"é".repeat(200)).is_ok());
    }

    #[test]
    fn highlights_matching_words() {
        let t = vec!["work".to_owned()];
        assert_eq!(
            highlight("Workshops at work, not networks.", &t),
            vec![
                ("Workshops".to_owned(), true),
                (" at ".to_owned(), false),
                ("work".to_owned(), true),
                (", not networks.".to_owned(), false),
            ]
        );
        assert_eq!(highlight("", &t), vec![]);
        assert_eq!(highlight("<b>work</b>", &t)[1], ("work".to_owned(), true));
    }
}
