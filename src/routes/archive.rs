//! Archive pages: a category's, an author's, a tag's or a month's posts,
//! with a heading that says whose they are.

use govblog_shared::api::PageData;
use govblog_shared::dates::month_year;
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_meta::Link;

use crate::api::{self, ApiError, PostFilter};
use crate::app::BlogData;
use crate::components::page_title::PageTitle;
use crate::components::post_list::PostList;
use crate::routes::{preloaded, with_data};

/// What an archive page shows above its list.
#[derive(Clone)]
struct ArchiveHeading {
    caption: &'static str,
    name: String,
    description: String,
}

/// An archive: its route, how to find its heading in the page's embedded
/// data or fetch it, and which posts it lists.
fn archive_page<F>(
    route: Route,
    from_page: impl FnOnce(&mut PageData) -> Option<ArchiveHeading>,
    fetch_heading: F,
    filter: PostFilter,
    base_path: String,
    page: u32,
) -> AnyView
where
    F: AsyncFn() -> Result<ArchiveHeading, ApiError> + Clone + Send + Sync + 'static,
{
    let data = preloaded(&route.path(), |d| Some((from_page(d)?, d.posts.take()?)));
    let fetch = move || {
        let (heading, filter) = (fetch_heading.clone(), filter.clone());
        async move {
            let h = heading().await?;
            let posts = api::posts(filter, page).await?;
            Ok((h, posts))
        }
    };
    with_data(data, fetch, move |(h, posts)| {
        let title = if page > 1 { format!("{} (page {page})", h.name) } else { h.name.clone() };
        let empty = format!("There are no posts in {} yet.", h.name);
        view! {
            <PageTitle text=title/>
            <h1 class="govuk-heading-xl">
                <span class="govuk-caption-l">{h.caption}</span>
                {h.name}
            </h1>
            {(!h.description.is_empty()).then(|| view! { <p class="govuk-body-l">{h.description}</p> })}
            <PostList page=posts base_path=base_path.clone() empty_message=empty/>
        }
    })
}

#[component]
pub fn CategoryPage(slug: String, page: u32) -> impl IntoView {
    let base = format!("/category/{slug}/");
    let (s, s2) = (slug.clone(), slug.clone());
    let heading = async move || {
        let c = api::category(&s).await?;
        Ok(ArchiveHeading { caption: "Category", name: c.name, description: c.description })
    };
    let from_page = move |d: &mut PageData| {
        let c = d.categories.iter().find(|c| c.slug == s2)?;
        Some(ArchiveHeading { caption: "Category", name: c.name.clone(), description: c.description.clone() })
    };
    // Feeds are served by the blog itself, wherever the app is embedded.
    let site_url = expect_context::<BlogData>().site.with_untracked(|s| s.as_ref().map(|s| s.url.clone()));
    let feed = format!("{}{base}feed/", site_url.unwrap_or_default());
    let route = Route::Category { slug: slug.clone(), page };
    view! {
        <Link rel="alternate" type_="application/atom+xml" href=feed title="This category's posts"/>
        {archive_page(route, from_page, heading, PostFilter::Category(slug), base, page)}
    }
}

#[component]
pub fn AuthorPage(slug: String, page: u32) -> impl IntoView {
    let base = format!("/author/{slug}/");
    let s = slug.clone();
    let heading = async move || {
        let a = api::author(&s).await?;
        Ok(ArchiveHeading { caption: "Author", name: a.name, description: a.bio })
    };
    let from_page = |d: &mut PageData| {
        let a = d.author.take()?;
        Some(ArchiveHeading { caption: "Author", name: a.name, description: a.bio })
    };
    let route = Route::Author { slug: slug.clone(), page };
    archive_page(route, from_page, heading, PostFilter::Author(slug), base, page)
}

#[component]
pub fn TagPage(slug: String, page: u32) -> impl IntoView {
    let base = format!("/tag/{slug}/");
    let s = slug.clone();
    let heading = async move || {
        let t = api::tag(&s).await?;
        Ok(ArchiveHeading { caption: "Tag", name: t.name, description: String::new() })
    };
    let from_page = |d: &mut PageData| {
        let t = d.tag.take()?;
        Some(ArchiveHeading { caption: "Tag", name: t.name, description: String::new() })
    };
    let route = Route::Tag { slug: slug.clone(), page };
    archive_page(route, from_page, heading, PostFilter::Tag(slug), base, page)
}

#[component]
pub fn MonthPage(year: u16, month: u8, page: u32) -> impl IntoView {
    let base = format!("/{year:04}/{month:02}/");
    let heading_for = move || {
        let name = month_year(year, month).ok_or(ApiError::NotFound)?;
        Ok(ArchiveHeading { caption: "Archive", name, description: String::new() })
    };
    let heading = async move || heading_for();
    let from_page = move |_: &mut PageData| heading_for().ok();
    let route = Route::Month { year, month, page };
    archive_page(route, from_page, heading, PostFilter::Month(year, month), base, page)
}
