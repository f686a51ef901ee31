//! Rows read the same way by several storage modules: a post's permalink
//! from its stored slug and date, links and list summaries.

use govblog_shared::api::{Image, PostLink, PostSummary};
use govblog_shared::dates::Date;
use govblog_shared::permalink::Route;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::Result;

/// A post's permalink from its slug and permalink date (`YYYY-MM-DD`).
pub(super) fn permalink(slug: &str, path_date: &str) -> String {
    post_route(slug, path_date).path()
}

/// A post's route, from its stored slug and date.
pub(super) fn post_route(slug: &str, path_date: &str) -> Route {
    let date = Date::parse(path_date).unwrap_or(Date { year: 1970, month: 1, day: 1 });
    Route::post(date, slug)
}

pub(super) fn link_row(r: &AnyRow) -> Result<PostLink> {
    Ok(PostLink {
        permalink: permalink(&r.try_get::<String, _>(0)?, &r.try_get::<String, _>(2)?),
        title: r.try_get(1)?,
    })
}

/// A summary row before its authors, categories and tags are attached.
pub(super) type SummaryRow = (i64, PostSummary);

pub(super) fn summary_row(r: &AnyRow) -> Result<SummaryRow> {
    let slug: String = r.try_get(1)?;
    let image = r.try_get::<Option<String>, _>(7)?.map(|url| {
        let size = |i: usize| r.try_get::<Option<i64>, _>(i).ok().flatten().map(|n| n as u32);
        Image { url, width: size(8), height: size(9), alt: r.try_get(10).unwrap_or_default() }
    });
    Ok((
        r.try_get(0)?,
        PostSummary {
            permalink: permalink(&slug, &r.try_get::<String, _>(5)?),
            image,
            slug,
            title: r.try_get(2)?,
            published_at: r.try_get(3)?,
            summary: r.try_get(4)?,
            comment_count: r.try_get::<i64, _>(6)? as u32,
            authors: Vec::new(),
            categories: Vec::new(),
            tags: Vec::new(),
        },
    ))
}
