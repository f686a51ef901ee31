//! Property tests over everything here that reads outside input: Markdown,
//! URLs, query strings, search words, dates and comment fields. A bounded
//! run (`CASES` inputs each) goes with every `cargo test`; failures proptest
//! finds are saved under `proptest-regressions/` and replayed first ever after.

use proptest::prelude::*;

use crate::markdown::plain_text_excerpt;
use crate::markdown::tests::{assert_inert, render};
use crate::permalink::{percent_decode, percent_encode, Route};
use crate::validation::{validate_comment, validate_email, CommentInput};
use crate::{dates, search};

const CASES: u32 = 400;

/// Pieces that Markdown and HTML give meaning to, hostile ones included, so
/// random text is mostly made of things the renderer must handle.
fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("javascript:alert(1)".to_owned()),
        Just("JaVaScRiPt:".to_owned()),
        Just("data:text/html,".to_owned()),
        Just("&#106;".to_owned()),
        Just("<svg onload=alert(1)>".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("<".to_owned()),
        Just(">".to_owned()),
        Just("&".to_owned()),
        Just("[".to_owned()),
        Just("](".to_owned()),
        Just(")".to_owned()),
        Just("![".to_owned()),
        Just("\n\n".to_owned()),
        Just("\n".to_owned()),
        Just("# ".to_owned()),
        Just("> ".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("```".to_owned()),
        Just("`".to_owned()),
        Just("*".to_owned()),
        Just("_".to_owned()),
        Just("~~".to_owned()),
        Just("|".to_owned()),
        Just("|---|".to_owned()),
        Just("[x]: ".to_owned()),
        Just("<http://a.b/>".to_owned()),
        Just("    ".to_owned()),
        Just("\\".to_owned()),
        "[a-zA-Z0-9 :/.?=#%-]{0,12}",
        any::<String>(),
    ]
}

/// Slugs and paths as hostile content would have them: pieces that make a
/// URL leave its site, among ordinary slug characters.
fn address_part() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_owned()),
        Just("//".to_owned()),
        Just("\\".to_owned()),
        Just("..".to_owned()),
        Just(".".to_owned()),
        Just("%2f".to_owned()),
        Just("%5c".to_owned()),
        Just("%e2%80%8b".to_owned()),
        Just("evil.example".to_owned()),
        Just("https:".to_owned()),
        Just("@".to_owned()),
        Just("?".to_owned()),
        Just("#".to_owned()),
        Just("\t".to_owned()),
        Just("category".to_owned()),
        Just("2024".to_owned()),
        "[a-z0-9_-]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn markup() -> impl Strategy<Value = String> {
    prop::collection::vec(markup_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn markdown_never_yields_markup_that_can_run(input in markup()) {
        assert_inert(&render(&input));
    }

    #[test]
    fn excerpts_are_bounded(input in markup(), max in 1usize..300) {
        let excerpt = plain_text_excerpt(&input, max);
        prop_assert!(excerpt.chars().count() <= max + 1, "{excerpt:?}");
    }

    #[test]
    fn any_url_parses_to_a_route_whose_path_reads_back_the_same(
        path in prop_oneof![
            "/[a-z0-9/%.-]{0,40}",
            "/(category|author|tag)/[a-z0-9-]{0,10}/(page/[0-9]{1,3}/)?",
            "/[0-9]{4}/[0-9]{2}/([0-9]{2}/[a-z-]{1,8}/)?",
            any::<String>(),
        ],
        query in prop_oneof!["(s|token|page)=[^&]{0,20}(&[a-z]=[a-z]*)?", any::<String>()],
    ) {
        if let Some(route) = Route::parse_url(&path, &query) {
            let canonical = route.path();
            let (p, q) = canonical.split_once('?').unwrap_or((&canonical, ""));
            prop_assert_eq!(Route::parse_url(p, q), Some(route));
        }
    }

    #[test]
    fn percent_encoding_round_trips(s in any::<String>()) {
        prop_assert_eq!(percent_decode(&percent_encode(&s)), s);
    }

    #[test]
    fn percent_decoding_never_fails(s in any::<String>()) {
        let _ = percent_decode(&s);
    }

    #[test]
    fn search_words_carry_no_query_syntax(q in any::<String>()) {
        if let Ok(words) = search::terms(&q) {
            prop_assert!(!words.is_empty() && words.len() <= search::MAX_TERMS);
            for w in words {
                prop_assert!(!w.is_empty() && w.chars().all(char::is_alphanumeric), "{w:?}");
            }
        }
    }

    #[test]
    fn dates_parse_only_real_days(s in prop_oneof!["[0-9]{4}-[0-9]{2}-[0-9]{2}", any::<String>()]) {
        if let Some(d) = dates::Date::parse(&s) {
            prop_assert_eq!(d.iso(), s);
        }
    }

    #[test]
    fn comment_checks_never_panic(text in any::<String>(), name in any::<String>(), email in any::<String>()) {
        let _ = validate_comment(&CommentInput { text, name, email: email.clone(), ..Default::default() });
        let _ = validate_email(&email);
    }

    #[test]
    fn redirects_built_from_content_never_leave_the_blog(part in address_part(), page in 1u32..4) {
        let date = dates::Date { year: 2024, month: 5, day: 17 };
        let routes = [
            Route::Page { path: part.clone() },
            Route::Category { path: part.clone(), page },
            Route::Tag { slug: part.clone(), page },
            Route::post(date, &part),
        ];
        for route in routes {
            let Some(location) = route.location() else { continue };
            // A path on this site: one slash, then no slash, backslash or
            // anything a browser would read as a scheme, host or whitespace.
            let rest = location.strip_prefix('/').unwrap_or("//");
            prop_assert!(!rest.starts_with('/'), "{location}");
            prop_assert!(!location.contains('\\'), "{location}");
            prop_assert!(location.bytes().all(|b| b.is_ascii_graphic()), "{location}");
            // And the blog answers it as the route it was built from.
            let (bare, query) = location.split_once('?').unwrap_or((&location, ""));
            prop_assert_eq!(Route::parse_url(bare, query), Some(route));
        }
    }
}
