//! The byline under a post's title, as on GOV.UK Blogs: who, when, and in
//! which categories, with the labels read out to screen readers.

use govblog_shared::api::{AuthorRef, CategoryRef};
use govblog_shared::dates::Date;
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use super::link_list::comma_separated;

#[component]
pub fn EntryMeta(
    authors: Vec<AuthorRef>,
    published_at: String,
    categories: Vec<CategoryRef>,
) -> impl IntoView {
    let date = Date::parse(&published_at);
    let iso = date.map(|d| d.iso()).unwrap_or_default();
    let long = date.map(|d| d.long()).unwrap_or(published_at);
    let authors = comma_separated(
        authors.into_iter().map(|a| (a.name, Route::Author { slug: a.slug, page: 1 })).collect(),
    );
    let categories = comma_separated(
        categories.into_iter().map(|c| (c.name, Route::Category { path: c.path, page: 1 })).collect(),
    );
    view! {
        <p class="govuk-body-s govblog-entry-meta">
            <span class="govuk-visually-hidden">"Posted by: "</span>
            {authors}
            ", "
            <span class="govuk-visually-hidden">"Posted on: "</span>
            <time datetime=iso>{long}</time>
            " - "
            <span class="govuk-visually-hidden">"Categories: "</span>
            {categories}
        </p>
    }
}
