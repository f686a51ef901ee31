//! The one client for govblog's JSON API. Routes call these functions and
//! get plain data or an [`ApiError`]; nothing else in the app makes requests.

use govblog_shared::api::{
    Author, Category, CommentPage, CommentReceipt, ErrorBody, MonthArchive, Notice, Post, PostPage, Site,
    SubscriptionRequest, Tag, TokenRequest,
};
use govblog_shared::dates::Date;
use govblog_shared::permalink::percent_encode;
use govblog_shared::validation::{CommentInput, FieldError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::api_url;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The thing asked for does not exist: the page shows "Page not found".
    NotFound,
    /// The server refused the request, saying why (a 4xx other than 404).
    Rejected(String),
    /// The server found problems with a form's fields.
    Invalid(Vec<FieldError>),
    /// The server answered with an error, or could not be reached.
    Failed(String),
}

/// The list of posts a page shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PostFilter {
    #[default]
    All,
    Category(String),
    Author(String),
    Tag(String),
    Month(u16, u8),
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(gloo_net::http::Request::get(&api_url(path)).send().await).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let request = gloo_net::http::Request::post(&api_url(path))
        .json(body)
        .map_err(|_| ApiError::Failed("The form could not be sent.".into()))?;
    read(request.send().await).await
}

/// Turns a response into data, or into the error the page should show.
async fn read<T: DeserializeOwned>(
    response: Result<gloo_net::http::Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = response.map_err(|_| {
        ApiError::Failed("The blog could not be reached. Check your connection and try again.".into())
    })?;
    match response.status() {
        200..=299 => response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Failed("The blog sent a response we could not read.".into())),
        404 => Err(ApiError::NotFound),
        status => match response.json::<ErrorBody>().await {
            Ok(b) if !b.error.fields.is_empty() => Err(ApiError::Invalid(b.error.fields)),
            Ok(b) if (400..500).contains(&status) => Err(ApiError::Rejected(b.error.message)),
            Ok(b) => Err(ApiError::Failed(b.error.message)),
            Err(_) => {
                Err(ApiError::Failed("Sorry, there is a problem with the service. Try again later.".into()))
            }
        },
    }
}

pub async fn site() -> Result<Site, ApiError> {
    get("site").await
}

pub async fn posts(filter: PostFilter, page: u32) -> Result<PostPage, ApiError> {
    let filter = match &filter {
        PostFilter::All => String::new(),
        PostFilter::Category(s) => format!("&category={s}"),
        PostFilter::Author(s) => format!("&author={s}"),
        PostFilter::Tag(s) => format!("&tag={s}"),
        PostFilter::Month(y, m) => format!("&year={y}&month={m}"),
    };
    get(&format!("posts?page={page}{filter}")).await
}

pub async fn post_by_permalink(date: Date, slug: &str) -> Result<Post, ApiError> {
    get(&post_path(date, slug)).await
}

pub async fn category(slug: &str) -> Result<Category, ApiError> {
    get(&format!("categories/{slug}")).await
}

pub async fn author(slug: &str) -> Result<Author, ApiError> {
    get(&format!("authors/{slug}")).await
}

pub async fn tag(slug: &str) -> Result<Tag, ApiError> {
    get(&format!("tags/{slug}")).await
}

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    get("categories").await
}

pub async fn months() -> Result<Vec<MonthArchive>, ApiError> {
    get("archives").await
}

pub async fn search(query: &str, page: u32) -> Result<PostPage, ApiError> {
    get(&format!("search?q={}&page={page}", percent_encode(query))).await
}

/// `/posts/YYYY/MM/DD/slug` for the post at `date` and `slug`.
fn post_path(date: Date, slug: &str) -> String {
    format!("posts/{:04}/{:02}/{:02}/{slug}", date.year, date.month, date.day)
}

pub async fn comments(date: Date, slug: &str, page: u32) -> Result<CommentPage, ApiError> {
    get(&format!("{}/comments?page={page}", post_path(date, slug))).await
}

pub async fn add_comment(date: Date, slug: &str, input: &CommentInput) -> Result<CommentReceipt, ApiError> {
    post(&format!("{}/comments", post_path(date, slug)), input).await
}

pub async fn subscribe(email: String) -> Result<Notice, ApiError> {
    post("subscriptions", &SubscriptionRequest { email }).await
}

pub async fn confirm_subscription(token: String) -> Result<Notice, ApiError> {
    post("subscriptions/confirm", &TokenRequest { token }).await
}

pub async fn unsubscribe(token: String) -> Result<Notice, ApiError> {
    post("subscriptions/unsubscribe", &TokenRequest { token }).await
}
