//! The names of the forms' fields: the `id` and `name` of each control in
//! the app, the keys a plain HTML form sends to the server, and the fields
//! an error summary links to. Defined once, so the three never differ.

/// The comment form, with WordPress's own names, so a reader's browser
/// fills it in as it did on the old blog.
pub const COMMENT: &str = "comment";
pub const NAME: &str = "author";
pub const EMAIL: &str = "email";
/// The comment a reply answers (hidden).
pub const PARENT: &str = "parent_id";
/// A field people never see or fill in: only robots do.
pub const HONEYPOT: &str = "website";
/// "Email me when my comment is published and when someone replies" (a checkbox).
pub const NOTIFY: &str = "notify";

/// The subscription form's one field.
pub const SUBSCRIBE_EMAIL: &str = "subscribe-email";

/// The token from an emailed link, carried by the link's page's button.
pub const TOKEN: &str = "token";

/// Every moderation form's token against cross-site requests (hidden).
pub const CSRF: &str = "csrf";
