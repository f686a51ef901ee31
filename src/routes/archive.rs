//! Archive pages: a category's, an author's or a tag's posts, with a heading
//! that says whose they are.

use govblog_shared::dates::month_year;
use leptos::prelude::*;
use leptos_meta::Link;

use crate::api::{self, PostFilter};
use crate::components::page_title::PageTitle;
use crate::components::post_list::PostList;
use crate::routes::loaded;

/// What an archive page shows above its list.
#[derive(Clone)]
struct ArchiveHeading {
    caption: &'static str,
    name: String,
    description: String,
}

/// Loads the heading and the posts together, then shows both.
fn archive_page<F>(heading: F, filter: PostFilter, base_path: String, page: u32) -> impl IntoView
where
    F: AsyncFn() -> Result<ArchiveHeading, api::ApiError> + Clone + Send + Sync + 'static,
{
    let data = LocalResource::new(move || {
        let (heading, filter) = (heading.clone(), filter.clone());
        async move {
            let h = heading().await?;
            let posts = api::posts(filter, page).await?;
            Ok((h, posts))
        }
    });
    loaded(data, move |(h, posts)| {
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
    let s = slug.clone();
    let heading = async move || {
        let c = api::category(&s).await?;
        Ok(ArchiveHeading { caption: "Category", name: c.name, description: c.description })
    };
    // Feeds are served by the blog itself, wherever the app is embedded.
    let site_url =
        expect_context::<crate::app::BlogData>().site.get_untracked().and_then(|r| r.ok()).map(|s| s.url);
    let feed = format!("{}{base}feed/", site_url.unwrap_or_default());
    view! {
        <Link rel="alternate" type_="application/atom+xml" href=feed title="This category's posts"/>
        {archive_page(heading, PostFilter::Category(slug), base, page)}
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
    archive_page(heading, PostFilter::Author(slug), base, page)
}

#[component]
pub fn TagPage(slug: String, page: u32) -> impl IntoView {
    let base = format!("/tag/{slug}/");
    let s = slug.clone();
    let heading = async move || {
        let t = api::tag(&s).await?;
        Ok(ArchiveHeading { caption: "Tag", name: t.name, description: String::new() })
    };
    archive_page(heading, PostFilter::Tag(slug), base, page)
}

#[component]
pub fn MonthPage(year: u16, month: u8, page: u32) -> impl IntoView {
    let base = format!("/{year:04}/{month:02}/");
    let heading = async move || {
        let name = month_year(year, month).ok_or(api::ApiError::NotFound)?;
        Ok(ArchiveHeading { caption: "Archive", name, description: String::new() })
    };
    archive_page(heading, PostFilter::Month(year, month), base, page)
}
