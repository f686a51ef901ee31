//! Rules for what readers send, run in the browser before sending and again
//! on the server before storing: one implementation, so the two never differ.
//! Messages follow the GOV.UK Design System's error message style.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

pub const MAX_COMMENT_CHARS: usize = 5_000;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_EMAIL_CHARS: usize = 254;

/// A comment as the reader typed it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommentInput {
    pub text: String,
    pub name: String,
    pub email: String,
    /// The comment this one replies to, if any.
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// A field people never see or fill in: only robots do. A comment that
    /// fills it is refused.
    #[serde(default)]
    pub website: String,
    /// "Email me when my comment is published and when someone replies":
    /// a confirmation link is emailed first.
    #[serde(default)]
    pub notify: bool,
}

/// Which form field an error belongs to; also the field's `id` in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Comment,
    Name,
    Email,
}

impl Field {
    /// The form control's `id`, so an error summary can link to it.
    pub fn id(self) -> &'static str {
        match self {
            Field::Comment => crate::forms::COMMENT,
            Field::Name => crate::forms::NAME,
            Field::Email => crate::forms::EMAIL,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// What is wrong with a comment's text, if anything; `what` names it in
/// the messages ("your comment", "your reply").
pub fn validate_comment_text(text: &str, what: &str) -> Option<String> {
    let text = text.trim();
    let mut named = what.trim_start_matches("your ").to_owned();
    if let Some(first) = named.get(..1) {
        named = first.to_uppercase() + &named[1..];
    }
    if text.is_empty() {
        Some(format!("Enter {what}"))
    } else if text.chars().count() > MAX_COMMENT_CHARS {
        Some(format!("{named} must be {} characters or less", thousands(MAX_COMMENT_CHARS)))
    } else if has_control_chars(text, true) {
        Some(format!("{named} must only include letters, numbers, spaces and punctuation"))
    } else {
        None
    }
}

/// Every problem with `input`, in the order the fields appear on the form.
pub fn validate_comment(input: &CommentInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut fail = |field, message: String| errors.push(FieldError { field, message });

    if let Some(message) = validate_comment_text(&input.text, "your comment") {
        fail(Field::Comment, message);
    }

    let name = input.name.trim();
    if name.is_empty() {
        fail(Field::Name, "Enter your name".into());
    } else if name.chars().count() > MAX_NAME_CHARS {
        fail(Field::Name, format!("Name must be {MAX_NAME_CHARS} characters or less"));
    } else if has_control_chars(name, false) {
        fail(Field::Name, "Name must only include letters, numbers, spaces and punctuation".into());
    }

    if let Some(message) = validate_email(&input.email) {
        fail(Field::Email, message);
    }
    errors
}

/// The problem with an email address typed on its own (the subscription form).
pub fn validate_email(email: &str) -> Option<String> {
    let email = email.trim();
    if email.is_empty() {
        Some("Enter your email address".into())
    } else if email.chars().count() > MAX_EMAIL_CHARS {
        Some(format!("Email address must be {MAX_EMAIL_CHARS} characters or less"))
    } else if !is_valid_email(email) {
        Some("Enter an email address in the correct format, like name@example.com".into())
    } else {
        None
    }
}

/// The shape GOV.UK services accept: `local@domain.tld`, no spaces, a dot in
/// the domain, no empty labels. Deliverability is checked by sending mail.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    local_ok && domain_ok
}

/// Control characters have no place in a name; a comment may keep line breaks.
fn has_control_chars(s: &str, allow_newlines: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(allow_newlines && matches!(c, '\n' | '\r' | '\t')))
}

/// 5000 → "5,000", as GOV.UK writes numbers.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str, name: &str, email: &str) -> CommentInput {
        CommentInput { text: text.into(), name: name.into(), email: email.into(), ..Default::default() }
    }

    fn messages(i: &CommentInput) -> Vec<(Field, String)> {
        validate_comment(i).into_iter().map(|e| (e.field, e.message)).collect()
    }

    #[test]
    fn a_good_comment_passes() {
        assert!(validate_comment(&input("Thanks.\n\nMore.", "Sam O'Neil", "sam@example.gov.uk")).is_empty());
    }

    #[test]
    fn empty_form_gets_every_message_in_field_order() {
        assert_eq!(
            messages(&input("  ", "\n", "")),
            vec![
                (Field::Comment, "Enter your comment".into()),
                (Field::Name, "Enter your name".into()),
                (Field::Email, "Enter your email address".into()),
            ]
        );
    }

    #[test]
    fn length_limits() {
        let long = "a".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(messages(&input(&long, "a", "a@b.co"))[0].1, "Comment must be 5,000 characters or less");
        // Characters, not bytes: 5,000 emoji are fine.
        assert!(validate_comment(&input(&"😀".repeat(MAX_COMMENT_CHARS), "a", "a@b.co")).is_empty());
        assert_eq!(
            messages(&input("x", &"n".repeat(101), "a@b.co"))[0].1,
            "Name must be 100 characters or less"
        );
    }

    #[test]
    fn control_characters() {
        assert_eq!(messages(&input("x", "a\u{0}b", "a@b.co"))[0].0, Field::Name);
        assert_eq!(messages(&input("a\u{7}b", "a", "a@b.co"))[0].0, Field::Comment);
    }

    #[test]
    fn emails() {
        for good in ["name@example.com", "a.b+c@sub.example.gov.uk", "x@bücher.de"] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "name",
            "name@",
            "@example.com",
            "name@example",
            "name@@example.com",
            "na me@example.com",
            "name@example..com",
            ".name@example.com",
            "name@-example.com",
            "name@example.c",
            "name@1.2.3.4",
            "<script>@example.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
        assert_eq!(
            messages(&input("x", "a", "name@example"))[0].1,
            "Enter an email address in the correct format, like name@example.com"
        );
    }

    #[test]
    fn email_on_its_own() {
        assert_eq!(validate_email("").as_deref(), Some("Enter your email address"));
        assert_eq!(
            validate_email("x@y").as_deref(),
            Some("Enter an email address in the correct format, like name@example.com")
        );
        assert_eq!(
            validate_email(&format!("{}@example.com", "a".repeat(250))).as_deref(),
            Some("Email address must be 254 characters or less")
        );
        assert_eq!(validate_email(" name@example.com "), None);
    }

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(5), "5");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
