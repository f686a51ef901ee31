//! The network's own host (e.g. `www.blog.gov.uk`): every blog, grouped by
//! organisation, the latest posts across them, and one search over all.
//! Links lead to each blog's own host.

use govblog_shared::api::{NetworkBlog, NetworkPost, NetworkPostPage};
use govblog_shared::dates::Date;
use govblog_shared::head;
use govblog_shared::page::NetworkSearchOutcome;
use govblog_shared::permalink::Route;
use leptos::prelude::*;

use crate::components::pagination::Pagination;
use crate::context::BlogData;

#[component]
pub fn NetworkHome(blogs: Vec<NetworkBlog>, posts: NetworkPostPage) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let site = blog.site.get_untracked().unwrap_or_default();
    let page = posts.page;
    view! {
        <h1 class="govuk-heading-xl">
            {(page > 1).then(|| view! { <span class="govuk-caption-l">"Page " {page}</span> })}
            {site.name}
        </h1>
        <p class="govuk-body-l">{site.description}</p>
        {(page == 1 && !blogs.is_empty()).then(|| view! { <BlogIndex blogs/> })}
        <h2 class="govuk-heading-l">"Latest posts"</h2>
        <NetworkPosts posts list=Route::Home { page: 1 } empty="There are no posts yet."/>
    }
}

/// The blogs, grouped by the organisation that runs each.
#[component]
fn BlogIndex(blogs: Vec<NetworkBlog>) -> impl IntoView {
    let mut groups: Vec<(String, Vec<NetworkBlog>)> = Vec::new();
    for blog in blogs {
        let organisation =
            if blog.organisation.is_empty() { "Other blogs".to_owned() } else { blog.organisation.clone() };
        match groups.iter_mut().find(|(o, _)| *o == organisation) {
            Some((_, list)) => list.push(blog),
            None => groups.push((organisation, vec![blog])),
        }
    }
    groups.sort_by_key(|(organisation, _)| organisation.to_lowercase());
    view! {
        <h2 class="govuk-heading-l">"Blogs by organisation"</h2>
        {groups.into_iter().map(|(organisation, blogs)| view! {
            <h3 class="govuk-heading-m">{organisation}</h3>
            <ul class="govuk-list govblog-network-blogs">
                {blogs.into_iter().map(|b| {
                    let latest = b.latest.map(|l| {
                        let href = format!("{}{}", b.url, l.permalink);
                        view! { <p class="govuk-body-s">"Latest post: " <a class="govuk-link" href=href>{l.title}</a></p> }
                    });
                    view! {
                        <li>
                            <p class="govuk-body govuk-!-margin-bottom-1">
                                <a class="govuk-link govuk-!-font-weight-bold" href=b.url.clone()>{b.name}</a>
                                {b.archived.then_some(" (no longer updated)")}
                            </p>
                            {(!b.description.is_empty()).then(|| view! { <p class="govuk-body-s govuk-!-margin-bottom-1">{b.description}</p> })}
                            {latest}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }).collect_view()}
    }
}

/// Posts from any blog, each naming its blog.
#[component]
fn NetworkPosts(posts: NetworkPostPage, list: Route, #[prop(into)] empty: String) -> impl IntoView {
    if posts.items.is_empty() {
        return view! { <p class="govuk-body">{empty}</p> }.into_any();
    }
    let (current, total_pages) = (posts.page, posts.total_pages);
    view! {
        <ul class="govuk-list">
            {posts.items.into_iter().map(|item| view! { <NetworkEntry item/> }).collect_view()}
        </ul>
        <Pagination current total_pages list/>
    }
    .into_any()
}

#[component]
fn NetworkEntry(item: NetworkPost) -> impl IntoView {
    let NetworkPost { blog_name, blog_url, post } = item;
    let href = format!("{blog_url}{}", post.permalink);
    let date = Date::parse(&post.published_at).map(|d| (d.long(), d.iso()));
    view! {
        <li class="govblog-entry">
            <h3 class="govuk-heading-m govuk-!-margin-bottom-1">
                <a class="govuk-link" href=href>{post.title}</a>
            </h3>
            <p class="govuk-body-s govuk-!-margin-bottom-2">
                "On " <a class="govuk-link" href=blog_url>{blog_name}</a>
                {date.map(|(long, iso)| view! { ", " <time datetime=iso>{long}</time> })}
            </p>
            <p class="govuk-body">{post.summary}</p>
            <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible"/>
        </li>
    }
}

#[component]
pub fn NetworkSearch(query: String, outcome: NetworkSearchOutcome) -> impl IntoView {
    match outcome {
        NetworkSearchOutcome::Problem(message) => view! {
            <h1 class="govuk-heading-xl">{head::SEARCH}</h1>
            <p class="govuk-body">{message}</p>
        }
        .into_any(),
        NetworkSearchOutcome::Results(posts) => view! {
            <h1 class="govuk-heading-xl">{format!("{}{query}", head::SEARCH_RESULTS_FOR)}</h1>
            <NetworkPosts posts list=Route::Search { query, page: 1 } empty="No results found on any blog."/>
        }
        .into_any(),
    }
}
