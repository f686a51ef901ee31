use axum::extract::State;
use axum::Json;
use govblog_shared::api::{
    ErrorBody, MonthArchive, Post, PostListQuery, PostPage, PostSummary, DEFAULT_PER_PAGE, MAX_PER_PAGE,
};
use govblog_shared::dates::Date;
use govblog_shared::markdown::RenderContext;
use govblog_shared::permalink::{encode_slug, is_valid_slug};

use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::state::AppState;
use crate::storage::{PostFilter, PostRef};

use super::taxonomies;

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
    let (page, per_page) = page_params(q.page, q.per_page)?;
    let period = match (q.year, q.month) {
        (None, None) => None,
        (Some(y), None) if (1..=9998).contains(&y) => Some((y, None)),
        (Some(y), Some(m)) if (1..=9998).contains(&y) && (1..=12).contains(&m) => Some((y, Some(m))),
        (None, Some(_)) => return Err(ApiError::BadRequest("month needs a year".into())),
        _ => return Err(ApiError::BadRequest("year must be 1 to 9998 and month 1 to 12".into())),
    };
    let [category, author, tag] = [q.category, q.author, q.tag].map(|s| s.as_deref().map(encode_slug));
    let filters = [("category", &category), ("author", &author), ("tag", &tag)];
    let set = filters.iter().filter(|(_, v)| v.is_some()).count() + usize::from(period.is_some());
    if set > 1 {
        return Err(ApiError::BadRequest("Filter by one of category, author, tag or date at a time".into()));
    }
    for (name, value) in filters {
        if let Some(slug) = value {
            if !is_valid_slug(slug) {
                return Err(ApiError::BadRequest(format!("{name} must be a slug, like open-data")));
            }
        }
    }
    let store = &state.blog.store;
    // The list holds the posts of the category and those under it.
    let category = match &category {
        Some(slug) => {
            Some(store.category(slug).await?.ok_or_else(|| taxonomies::not_found("category", slug))?.path)
        }
        None => None,
    };
    if let Some(slug) = &author {
        store.author(slug).await?.ok_or_else(|| taxonomies::not_found("author", slug))?;
    }
    if let Some(slug) = &tag {
        store.tag(slug).await?.ok_or_else(|| taxonomies::not_found("tag", slug))?;
    }
    let filter = PostFilter { category, author, tag, period };
    let (items, total) = store.list_posts(filter, page, per_page).await?;
    page_of(items, page, per_page, total)
}

/// Reads `page` and `per_page`, with their defaults and limits.
pub fn page_params(page: Option<u32>, per_page: Option<u32>) -> Result<(u32, u32), ApiError> {
    let page = page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::BadRequest("page must be 1 or more".into()));
    }
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::BadRequest(format!("per_page must be between 1 and {MAX_PER_PAGE}")));
    }
    Ok((page, per_page))
}

/// A page of a list, or 404 for a page past its end (page 1 always exists).
pub fn page_of(
    items: Vec<PostSummary>,
    page: u32,
    per_page: u32,
    total: u32,
) -> Result<Json<PostPage>, ApiError> {
    let list = PostPage::new(items, page, per_page, total);
    if list.is_past_end() {
        return Err(ApiError::NotFound(format!(
            "There is no page {page}: the last page is {}",
            list.total_pages.max(1)
        )));
    }
    Ok(Json(list))
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
    ApiPath(path): ApiPath<PermalinkPath>,
) -> Result<Json<Post>, ApiError> {
    let found = find_post(&state, &path).await?;
    let render = RenderContext { base_path: "", site_url: &state.blog.base_url };
    let post = state.blog.store.post(&found, 1, 1, &render).await?;
    post.map(Json).ok_or_else(|| ApiError::NotFound("There is no post at this address".into()))
}

/// The parts of a permalink, `/{year}/{month}/{day}/{slug}`, as the API takes them.
#[derive(serde::Deserialize)]
pub struct PermalinkPath {
    year: String,
    month: String,
    day: String,
    slug: String,
}

impl PermalinkPath {
    /// The slug as stored (the framework hands it over decoded).
    pub fn slug(&self) -> String {
        encode_slug(&self.slug)
    }

    /// The date, or 400 when it is not a real `YYYY/MM/DD`; also checks the slug.
    pub fn date(&self) -> Result<Date, ApiError> {
        let date = (self.year.len() == 4 && self.month.len() == 2 && self.day.len() == 2)
            .then(|| Date::parse(&format!("{}-{}-{}", self.year, self.month, self.day)))
            .flatten()
            .ok_or_else(|| ApiError::BadRequest("The date must be a real date as YYYY/MM/DD".into()))?;
        if !is_valid_slug(&self.slug()) {
            return Err(ApiError::BadRequest(
                "The slug must be lower-case letters, digits and hyphens".into(),
            ));
        }
        Ok(date)
    }
}

/// The published post at `path`, or 404: the right slug on the wrong day is not the post.
pub async fn find_post(state: &AppState, path: &PermalinkPath) -> Result<PostRef, ApiError> {
    let date = path.date()?;
    state
        .blog
        .store
        .post_at(date, &path.slug())
        .await?
        .ok_or_else(|| ApiError::NotFound("There is no post at this address".into()))
}

/// Months with published posts, newest first, for the date archive list.
#[utoipa::path(get, path = "/api/v1/archives", tag = "posts",
    responses((status = 200, body = Vec<MonthArchive>)))]
pub async fn list_months(State(state): State<AppState>) -> Result<Json<Vec<MonthArchive>>, ApiError> {
    Ok(Json(state.blog.store.months().await?))
}
