use axum::extract::State;
use axum::Json;
use govblog_shared::api::Site;

use crate::error::ApiError;
use crate::AppState;

/// Blog settings: name, organisation, privacy notice.
#[utoipa::path(get, path = "/api/v1/site", tag = "site",
    responses((status = 200, body = Site)))]
pub async fn get_site(State(state): State<AppState>) -> Result<Json<Site>, ApiError> {
    let mut site = state.store.site().await?;
    site.url = state.base_url.clone();
    Ok(Json(site))
}
