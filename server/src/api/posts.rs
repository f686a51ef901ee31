use axum::extract::State;
use axum::Json;
use govblog_shared::api::{
    ErrorBody, Post, PostListQuery, PostPage, DEFAULT_PER_PAGE, MAX_PER_PAGE,
};
use govblog_shared::dates::Date;
use govblog_shared::permalink::is_valid_slug;

use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::storage::PostFilter;
use crate::AppState;

/// Published posts, newest first, one page at a time; optionally only one
/// category's, author's or tag's.
#[utoipa::path(get, path = "/api/v1/posts", tag = "posts",
    params(PostListQuery),
    responses(
        (status = 200, body = PostPage),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
        (status = 404, description = "No such category, author or tag, or the page is past the end", body = ErrorBody),
    ))]
pub async fn list_posts(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PostListQuery>,
) -> Result<Json<PostPage>, ApiError> {
    let page = q.page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::BadRequest("page must be 1 or more".into()));
    }
    let per_page = q.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::BadRequest(format!(
            "per_page must be between 1 and {MAX_PER_PAGE}"
        )));
    }
    let filters = [
        ("category", &q.category),
        ("author", &q.author),
        ("tag", &q.tag),
    ];
    if filters.iter().filter(|(_, v)| v.is_some()).count() > 1 {
        return Err(ApiError::BadRequest(
            "Filter by one of category, author or tag at a time".into(),
        ));
    }
    for (name, value) in filters {
        if let Some(slug) = value {
            if !is_valid_slug(slug) {
                return Err(ApiError::BadRequest(format!(
                    "{name} must be a slug, like open-data"
                )));
            }
        }
    }
    if let Some(slug) = &q.category {
        if !state
            .store
            .categories()
            .await?
            .iter()
            .any(|c| &c.slug == slug)
        {
            return Err(ApiError::NotFound(format!(
                "There is no category called {slug}"
            )));
        }
    }
    if let Some(slug) = &q.author {
        if !state.store.authors().await?.iter().any(|a| &a.slug == slug) {
            return Err(ApiError::NotFound(format!(
                "There is no author called {slug}"
            )));
        }
    }
    if let Some(slug) = &q.tag {
        if !state.store.tags().await?.iter().any(|t| &t.slug == slug) {
            return Err(ApiError::NotFound(format!("There is no tag called {slug}")));
        }
    }
    let filter = PostFilter {
        category: q.category,
        author: q.author,
        tag: q.tag,
    };
    let (items, total) = state.store.list_posts(filter, page, per_page).await?;
    let total_pages = total.div_ceil(per_page);
    if page > total_pages.max(1) {
        return Err(ApiError::NotFound(format!(
            "There is no page {page}: the last page is {}",
            total_pages.max(1)
        )));
    }
    Ok(Json(PostPage {
        items,
        page,
        per_page,
        total,
        total_pages,
    }))
}

/// One published post by its permalink, `/YYYY/MM/DD/slug/`.
#[utoipa::path(get, path = "/api/v1/posts/{year}/{month}/{day}/{slug}", tag = "posts",
    params(
        ("year" = String, Path, description = "Four digits"),
        ("month" = String, Path, description = "Two digits"),
        ("day" = String, Path, description = "Two digits"),
        ("slug" = String, Path),
    ),
    responses(
        (status = 200, body = Post),
        (status = 400, description = "Not a permalink", body = ErrorBody),
        (status = 404, description = "No such post", body = ErrorBody),
    ))]
pub async fn get_post(
    State(state): State<AppState>,
    ApiPath((year, month, day, slug)): ApiPath<(String, String, String, String)>,
) -> Result<Json<Post>, ApiError> {
    let date = (year.len() == 4 && month.len() == 2 && day.len() == 2)
        .then(|| Date::parse(&format!("{year}-{month}-{day}")))
        .flatten()
        .ok_or_else(|| ApiError::BadRequest("The date must be a real date as YYYY/MM/DD".into()))?;
    if !is_valid_slug(&slug) {
        return Err(ApiError::BadRequest(
            "The slug must be lower-case letters, digits and hyphens".into(),
        ));
    }
    let not_found = || ApiError::NotFound("There is no post at this address".into());
    let post = state.store.post(slug).await?.ok_or_else(not_found)?;
    // The date is part of the address: the right slug on the wrong day is not the post.
    if Date::parse(&post.summary.published_at) != Some(date) {
        return Err(not_found());
    }
    Ok(Json(post))
}
