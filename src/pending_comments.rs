//! The reader's own comments awaiting moderation, kept in this browser only
//! (localStorage), so they can see what they sent. Nobody else ever does.

use govblog_shared::api::Comment;

fn key(slug: &str) -> String {
    format!("govblog:pending-comments:{slug}")
}

fn storage() -> Option<web_sys::Storage> {
    // Rendered on the server, there is no browser storage: nothing is pending.
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

/// This reader's pending comments on the post `slug`, leaving out any that
/// have since been published (they are in `published`).
pub fn load(slug: &str, published: &[Comment]) -> Vec<Comment> {
    let Some(text) = storage().and_then(|s| s.get_item(&key(slug)).ok().flatten()) else {
        return Vec::new();
    };
    let mine: Vec<Comment> = serde_json::from_str(&text).unwrap_or_default();
    let still_pending: Vec<Comment> =
        mine.into_iter().filter(|c| !published.iter().any(|p| p.id == c.id)).collect();
    save(slug, &still_pending);
    still_pending
}

pub fn add(slug: &str, comment: Comment) {
    let mut mine = load(slug, &[]);
    mine.push(comment);
    save(slug, &mine);
}

fn save(slug: &str, comments: &[Comment]) {
    if let Some(s) = storage() {
        let _ = if comments.is_empty() {
            s.remove_item(&key(slug))
        } else {
            s.set_item(&key(slug), &serde_json::to_string(comments).unwrap_or_default())
        };
    }
}
