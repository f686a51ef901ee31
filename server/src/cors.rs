//! Which other sites may use the blog from the browser: those in
//! `GOVBLOG_CORS_ORIGINS`, to embed it (load its script, styles and fonts)
//! and to read the API and post comments and subscriptions. Nothing else
//! crosses origins: no credentials, and no `Authorization` header, so never
//! the admin API.

use axum::http::{header, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub fn layer(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .filter_map(|o| match HeaderValue::from_str(o) {
            Ok(v) => Some(v),
            Err(_) => {
                tracing::warn!(origin = o, "ignoring an origin in GOVBLOG_CORS_ORIGINS that is not valid");
                None
            }
        })
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(3600))
}
