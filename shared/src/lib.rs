//! What the govblog SPA and server both need, written once: the JSON API's
//! types, what each page shows and its head, the Markdown renderer, permalink
//! formats, form field names, dates and validation rules.

pub mod api;
pub mod dates;
pub mod forms;
pub mod head;
pub mod html;
pub mod markdown;
pub mod page;
pub mod permalink;
pub mod search;
pub mod share;
pub mod validation;
pub mod video;

#[cfg(test)]
mod fuzz_tests;
