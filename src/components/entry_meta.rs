//! The byline under a post's title, as on GOV.UK Blogs: who, when, and in
//! which categories, with the labels read out to screen readers.

use govblog_shared::api::{AuthorRef, CategoryRef};
use govblog_shared::dates::Date;
use leptos::prelude::*;

use crate::config::href;

#[component]
pub fn EntryMeta(
    authors: Vec<AuthorRef>,
    published_at: String,
    categories: Vec<CategoryRef>,
) -> impl IntoView {
    let date = Date::parse(&published_at);
    let iso = date.map(|d| d.iso()).unwrap_or_default();
    let long = date.map(|d| d.long()).unwrap_or(published_at);
    let author_count = authors.len();
    let category_count = categories.len();
    view! {
        <p class="govuk-body-s govblog-entry-meta">
            <span class="govuk-visually-hidden">"Posted by: "</span>
            {authors
                .into_iter()
                .enumerate()
                .map(|(i, a)| {
                    view! {
                        <a class="govuk-link" href=href(&format!("/author/{}/", a.slug))>{a.name}</a>
                        {separator(i, author_count)}
                    }
                })
                .collect_view()}
            ", "
            <span class="govuk-visually-hidden">"Posted on: "</span>
            <time datetime=iso>{long}</time>
            " - "
            <span class="govuk-visually-hidden">"Categories: "</span>
            {categories
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    view! {
                        <a class="govuk-link" href=href(&format!("/category/{}/", c.slug))>{c.name}</a>
                        {separator(i, category_count)}
                    }
                })
                .collect_view()}
        </p>
    }
}

/// ", " between items of a list, nothing after the last.
fn separator(i: usize, len: usize) -> &'static str {
    if i + 1 < len {
        ", "
    } else {
        ""
    }
}
