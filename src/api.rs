//! The one client for govblog's JSON API: pages as data for in-app
//! navigation, the blog's frame, and the forms' actions. Nothing else in the
//! app makes requests.

use govblog_shared::api::{CommentReceipt, ErrorBody, Notice, SubscriptionRequest, TokenRequest};
use govblog_shared::dates::Date;
use govblog_shared::page::{Frame, Page};
use govblog_shared::permalink::{percent_encode, Route};
use govblog_shared::validation::{CommentInput, FieldError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::{api_url, base_path};

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server refused the request, saying why (a 4xx).
    Rejected(String),
    /// The server found problems with a form's fields.
    Invalid(Vec<FieldError>),
    /// The server answered with an error, or could not be reached.
    Failed(String),
}

impl ApiError {
    /// What to tell the reader.
    pub fn message(&self) -> String {
        match self {
            ApiError::Rejected(m) | ApiError::Failed(m) => m.clone(),
            ApiError::Invalid(fields) => fields.first().map(|f| f.message.clone()).unwrap_or_default(),
        }
    }
}

const UNREACHABLE: &str = "The blog could not be reached. Check your connection and try again.";
/// An answer the app cannot read: the reader is told so, and the reason
/// goes to the browser's console for whoever looks into it.
fn unreadable(e: gloo_net::Error) -> ApiError {
    leptos::logging::error!("govblog: unreadable answer from the API: {e}");
    ApiError::Failed("The blog sent a response we could not read.".into())
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
    let response = response.map_err(|_| ApiError::Failed(UNREACHABLE.into()))?;
    match response.status() {
        200..=299 => response.json::<T>().await.map_err(unreadable),
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

/// The page at the blog address `url` (path and query): also for a page
/// that does not exist or cannot be shown, which says so itself.
pub async fn page(url: String) -> Result<Page, ApiError> {
    let response = match prefetched(&url).await {
        Some(response) => response,
        None => {
            let mut path = format!("pages?path={}", percent_encode(&url));
            if !base_path().is_empty() {
                path.push_str(&format!("&base_path={}", percent_encode(base_path())));
            }
            gloo_net::http::Request::get(&api_url(&path))
                .send()
                .await
                .map_err(|_| ApiError::Failed(UNREACHABLE.into()))?
        }
    };
    match response.status() {
        200 | 400 | 404 => response.json::<Page>().await.map_err(unreadable),
        _ => read(Ok(response)).await,
    }
}

/// The answer for `url` the page's loader (`Trunk.toml`) already asked for
/// as the reader pressed a link to it, before the click ended: taken once.
/// None when it asked for nothing (or failed): the app asks itself.
async fn prefetched(url: &str) -> Option<gloo_net::http::Response> {
    use wasm_bindgen::JsCast;
    let window: wasm_bindgen::JsValue = web_sys::window()?.into();
    let asked = js_sys::Reflect::get(&window, &"govblogPrefetch".into()).ok()?;
    let asked = asked.dyn_into::<js_sys::Map>().ok()?;
    let key = wasm_bindgen::JsValue::from_str(url);
    let promise = asked.get(&key).dyn_into::<js_sys::Promise>().ok()?;
    asked.delete(&key);
    let response = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    Some(response.dyn_into::<web_sys::Response>().ok()?.into())
}

/// The blog around every page: what the server embeds in its pages.
pub async fn frame() -> Result<Frame, ApiError> {
    get("frame").await
}

/// `posts/YYYY/MM/DD/slug/comments`: where a post's comments are sent.
fn comments_path(date: Date, slug: &str) -> String {
    format!("posts{}comments", Route::post(date, slug).path())
}

pub async fn add_comment(date: Date, slug: &str, input: &CommentInput) -> Result<CommentReceipt, ApiError> {
    post(&comments_path(date, slug), input).await
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
