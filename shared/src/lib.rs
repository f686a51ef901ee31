//! What the govblog SPA and server both need, written once: the JSON API's
//! types, the Markdown renderer, permalink formats, dates and validation rules.

pub mod api;
pub mod dates;
pub mod markdown;
pub mod permalink;
pub mod search;
pub mod share;
pub mod validation;

#[cfg(test)]
mod fuzz_tests;
