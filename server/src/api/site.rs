use axum::extract::State;
use axum::Json;
use govblog_shared::api::Site;

use crate::error::ApiError;
use crate::pages::load;
use crate::state::AppState;

/// Blog settings: name, organisation, privacy notice.
#[utoipa::path(get, path = "/api/v1/site", tag = "site",
    responses((status = 200, body = Site)))]
pub async fn get_site(State(state): State<AppState>) -> Result<Json<Site>, ApiError> {
    Ok(Json(load::site(&state).await?))
}
