//! The column beside every page, in the GOV.UK Blogs theme's order: "About
//! this blog", "Sign up and manage updates" (email and feed), then the
//! "Categories" and "Archives" selects, each with its "Go" button. Both
//! selects are plain GET forms the server understands (`/?category=`,
//! `/?archive=`), so they work before the app runs or without it; with the
//! app running they move to the page without a load.

use govblog_shared::api::{Category, MonthArchive};
use govblog_shared::dates::month_year;
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::icons::{Icon, IconSvg};
use crate::config::href;

#[component]
pub fn Sidebar(
    /// One sentence about the blog.
    description: String,
    categories: Vec<Category>,
    months: Vec<MonthArchive>,
    /// The path of the category whose page this is, selected in the filter.
    current_category: Option<String>,
    /// The blog's public address: feeds are served there, even when the
    /// app is embedded in another site.
    site_url: String,
) -> impl IntoView {
    let category_feed = current_category.as_ref().and_then(|path| {
        let category = categories.iter().find(|c| &c.path == path)?;
        let feed = Route::Category { path: path.clone(), page: 1 }.feed_path()?;
        Some((format!("{site_url}{feed}"), category.name.clone()))
    });
    let blog_feed = format!("{site_url}{}", Route::Home { page: 1 }.feed_path().unwrap_or_default());
    view! {
        <aside class="govblog-sidebar" aria-labelledby="sidebar-heading">
            <h2 class="govuk-visually-hidden" id="sidebar-heading">"Related content and links"</h2>
            {(!description.is_empty()).then(|| view! {
                <section class="govblog-sidebar__section">
                    <h3 class="govuk-heading-s">"About this blog"</h3>
                    <p class="govuk-body-s">{description.clone()}</p>
                </section>
            })}
            <SignUp blog_feed category_feed/>
            <CategoryFilter categories current=current_category/>
            <ArchiveFilter months/>
        </aside>
    }
}

/// "Sign up and manage updates": the email subscription and the feeds.
/// `rel="external"` keeps the router from treating the feeds as app pages.
#[component]
fn SignUp(blog_feed: String, category_feed: Option<(String, String)>) -> impl IntoView {
    view! {
        <section class="govblog-sidebar__section">
            <h3 class="govuk-heading-s">"Sign up and manage updates"</h3>
            <ul class="govuk-list govblog-icon-list">
                <li>
                    <a class="govuk-link govblog-icon-link" href=href("/#subscribe-heading")>
                        <IconSvg icon=Icon::Email/>
                        "Email"
                        <span class="govuk-visually-hidden">": sign up for an email about each new post"</span>
                    </a>
                </li>
                <li>
                    <a class="govuk-link govblog-icon-link" href=blog_feed type="application/atom+xml" rel="alternate external">
                        <IconSvg icon=Icon::Feed/>
                        "Atom"
                        <span class="govuk-visually-hidden">" feed of this blog: use it with a feed reader to subscribe"</span>
                    </a>
                </li>
                {category_feed.map(|(href, name)| view! {
                    <li>
                        <a class="govuk-link govblog-icon-link" href=href type="application/atom+xml" rel="alternate external">
                            <IconSvg icon=Icon::Feed/>
                            {name} " Atom"
                            <span class="govuk-visually-hidden">" feed: this category's posts"</span>
                        </a>
                    </li>
                })}
            </ul>
        </section>
    }
}

/// "Categories": a select and "Go", to the category's page.
#[component]
fn CategoryFilter(categories: Vec<Category>, current: Option<String>) -> impl IntoView {
    let options = categories
        .into_iter()
        .map(|c| {
            let selected = current.as_deref() == Some(c.path.as_str());
            view! { <option value=c.path selected=selected>{c.name}</option> }
        })
        .collect_view();
    let to = |path: String| Route::Category { path, page: 1 };
    view! {
        <SelectAndGo id="category-select" name="category" heading="Categories" prompt="Select category"
            what=" to category" options to/>
    }
}

/// "Archives": a select of months and "Go", to the month's page.
#[component]
fn ArchiveFilter(months: Vec<MonthArchive>) -> impl IntoView {
    let options = months
        .into_iter()
        .filter_map(|m| {
            let name = month_year(m.year, m.month)?;
            let value = format!("{:04}-{:02}", m.year, m.month);
            Some(view! { <option value=value>{format!("{name} ({})", m.post_count)}</option> })
        })
        .collect_view();
    let to = |value: String| {
        let (year, month) = value.split_once('-')?;
        Some(Route::Month { year: year.parse().ok()?, month: month.parse().ok()?, page: 1 })
    };
    view! {
        <SelectAndGo id="archive-select" name="archive" heading="Archives" prompt="Select month"
            what=" to month" options to=move |v| to(v)/>
    }
}

/// A labelled select and a green "Go", as the theme's widgets: a GET form
/// to `/?NAME=value`, or, with the app running, straight to the page `to`
/// gives.
#[component]
fn SelectAndGo<V, R>(
    id: &'static str,
    name: &'static str,
    heading: &'static str,
    prompt: &'static str,
    /// Said after "Go" to screen readers, so the two buttons differ.
    what: &'static str,
    options: V,
    to: impl Fn(String) -> R + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
    R: Into<Option<Route>>,
{
    let navigate = use_navigate();
    let select = NodeRef::<leptos::html::Select>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = select.get().map(|s| s.value()).filter(|s| !s.is_empty());
        if let Some(route) = value.and_then(|v| to(v).into()) {
            navigate(&href(&route.path()), Default::default());
        }
    };
    view! {
        <form class="govblog-sidebar__section govblog-select-and-go" action=href("/") method="get" on:submit=on_submit>
            <div class="govuk-form-group">
                <h3 class="govuk-label-wrapper">
                    <label class="govuk-label govuk-label--s" for=id>{heading}</label>
                </h3>
                <select class="govuk-select" id=id name=name node_ref=select>
                    <option value="">{prompt}</option>
                    {options}
                </select>
            </div>
            <button type="submit" class="govuk-button" data-module="govuk-button">
                "Go" <span class="govuk-visually-hidden">{what}</span>
            </button>
        </form>
    }
}
