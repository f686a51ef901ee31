//! `/moderate/record/`: who did what, and when.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use govblog::moderation::record::RecordPage;
use govblog::moderation::Page;

use super::session::SignedIn;
use super::{failed, respond};
use crate::state::AppState;

/// Lines the page shows: the newest.
const LINES: i64 = 200;

pub async fn show(State(state): State<AppState>, signed_in: SignedIn) -> Response {
    let lines = match state.blog.store.moderation_log(LINES).await {
        Ok(lines) => lines,
        Err(e) => return failed(e),
    };
    respond(&state, StatusCode::OK, Some(signed_in.who()), Page::Record(RecordPage { lines })).await
}
