//! The column beside every page, as on GOV.UK Blogs: the "Categories"
//! filter, the feed to subscribe to, and lists of categories and months.

use govblog_shared::api::{Category, MonthArchive};
use govblog_shared::dates::month_year;
use govblog_shared::permalink::{feed_path, Route};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::config::href;

#[component]
pub fn Sidebar(
    categories: Vec<Category>,
    months: Vec<MonthArchive>,
    /// The path of the category whose page this is, selected in the filter.
    current_category: Option<String>,
    /// The blog's public address: feeds are served there, even when the
    /// app is embedded in another site.
    site_url: String,
) -> impl IntoView {
    let feed = current_category.as_ref().and_then(|path| {
        let category = categories.iter().find(|c| &c.path == path)?;
        Some((format!("{site_url}{}", feed_path(Some(path))), category.name.clone()))
    });
    let blog_feed = format!("{site_url}{}", feed_path(None));
    view! {
        <aside class="govblog-sidebar" aria-label="Find posts">
            <CategoryFilter categories=categories.clone() current=current_category/>
            <Subscribe blog_feed category_feed=feed/>
            <h2 class="govuk-heading-s">"Browse by category"</h2>
            <ul class="govuk-list govuk-body-s">
                {categories
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a class="govuk-link" href=href(&Route::Category { path: c.path, page: 1 }.path())>{c.name}</a>
                                " (" {c.post_count} ")"
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h2 class="govuk-heading-s">"Archives"</h2>
            <ul class="govuk-list govuk-body-s">
                {months
                    .into_iter()
                    .filter_map(|m| {
                        let name = month_year(m.year, m.month)?;
                        Some(view! {
                            <li>
                                <a class="govuk-link" href=href(&Route::Month { year: m.year, month: m.month, page: 1 }.path())>{name}</a>
                                " (" {m.post_count} ")"
                            </li>
                        })
                    })
                    .collect_view()}
            </ul>
        </aside>
    }
}

/// "Select category" and "Go": moves to the category's page in the app.
#[component]
fn CategoryFilter(categories: Vec<Category>, current: Option<String>) -> impl IntoView {
    let navigate = use_navigate();
    let select = NodeRef::<leptos::html::Select>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(path) = select.get().map(|s| s.value()).filter(|s| !s.is_empty()) {
            navigate(&href(&Route::Category { path, page: 1 }.path()), Default::default());
        }
    };
    view! {
        <form class="govblog-category-filter" action=href("/") method="get" on:submit=on_submit>
            <div class="govuk-form-group">
                <h2 class="govuk-label-wrapper">
                    <label class="govuk-label govuk-label--s" for="category-select">"Categories"</label>
                </h2>
                <select class="govuk-select" id="category-select" name="category" node_ref=select>
                    <option value="">"Select category"</option>
                    {categories
                        .into_iter()
                        .map(|c| {
                            let selected = current.as_deref() == Some(c.path.as_str());
                            view! { <option value=c.path selected=selected>{c.name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                "Go"
            </button>
        </form>
    }
}

/// Where to follow the blog: its Atom feed, and the category's on a category page.
/// `rel="external"` keeps the router from treating the feeds as app pages.
#[component]
fn Subscribe(blog_feed: String, category_feed: Option<(String, String)>) -> impl IntoView {
    view! {
        <div class="govblog-subscribe">
            <h2 class="govuk-heading-s">"Subscribe"</h2>
            <ul class="govuk-list govuk-body-s">
                <li>
                    <a class="govuk-link" href=blog_feed type="application/atom+xml" rel="alternate external">
                        "Subscribe to this blog's feed"
                    </a>
                </li>
                {category_feed.map(|(href, name)| view! {
                    <li>
                        <a class="govuk-link" href=href type="application/atom+xml" rel="alternate external">
                            "Subscribe to " {name} " posts"
                        </a>
                    </li>
                })}
            </ul>
        </div>
    }
}
