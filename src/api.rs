//! The one client for govblog's JSON API. Routes call these functions and
//! get plain data or an [`ApiError`]; nothing else in the app makes requests.

use govblog_shared::api::{Author, Category, ErrorBody, MonthArchive, Post, PostPage, Site, Tag};
use govblog_shared::dates::Date;
use govblog_shared::permalink::percent_encode;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::Config;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The thing asked for does not exist: the page shows "Page not found".
    NotFound,
    /// The server refused the request, saying why (a 4xx other than 404).
    Rejected(String),
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
    let base = use_context::<Config>().unwrap_or_default().api_base;
    fetch(&format!("{base}{path}")).await
}

async fn fetch<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|_| {
        ApiError::Failed("The blog could not be reached. Check your connection and try again.".into())
    })?;
    match response.status() {
        200 => response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Failed("The blog sent a response we could not read.".into())),
        404 => Err(ApiError::NotFound),
        status => {
            let message = response.json::<ErrorBody>().await.map(|e| e.error.message);
            match message {
                Ok(m) if (400..500).contains(&status) => Err(ApiError::Rejected(m)),
                Ok(m) => Err(ApiError::Failed(m)),
                Err(_) => Err(ApiError::Failed(
                    "Sorry, there is a problem with the service. Try again later.".into(),
                )),
            }
        }
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

pub async fn post(date: Date, slug: &str) -> Result<Post, ApiError> {
    get(&format!("posts/{:04}/{:02}/{:02}/{slug}", date.year, date.month, date.day)).await
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
