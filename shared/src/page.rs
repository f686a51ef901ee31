//! What a page shows, as one value: the server loads it once (one loader per
//! page, `server/src/pages/load.rs`), renders it to HTML with the app's
//! components, and embeds it for the app; the app gets the same value from
//! `GET /api/v1/pages` when a reader moves to another page. So a page can
//! never show one thing from the server and another in the app.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::api::{
    Category, Comment, Image, MonthArchive, NetworkBlog, NetworkPostPage, Post, PostPage, Site,
};
use crate::validation::{CommentInput, FieldError};

/// The blog around every page: its settings, categories and months.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Frame {
    pub site: Site,
    pub categories: Vec<Category>,
    pub months: Vec<MonthArchive>,
}

/// Everything the first page needs, embedded in the server's HTML as JSON
/// (`<script id="govblog-data" type="application/json">`), so the app
/// starts from it instead of fetching it again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageData {
    pub frame: Frame,
    pub page: Page,
}

/// One page of the blog.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Page {
    /// The blog address it answers, path and query as asked for, e.g. `/?s=data`.
    pub url: String,
    /// 200; 404 when there is no such page; 400 when what was asked for
    /// cannot be shown (the page says why).
    pub status: u16,
    pub head: Head,
    pub content: Content,
}

/// A page's title and what link previews and search engines read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Head {
    /// The whole `<title>`: "Page - Blog name", or the blog's name alone.
    pub title: String,
    /// What the page is called in link previews: the title without the blog's name.
    pub name: String,
    /// The blog's name.
    pub site_name: String,
    pub description: String,
    /// Absolute address of the page's canonical form.
    pub canonical: String,
    /// Open Graph type: `article`, `profile` or `website`.
    pub kind: String,
    /// The picture link previews show: always a raster image.
    pub image: Image,
    /// A post's publication and last change times, RFC 3339.
    pub published_time: Option<String>,
    pub modified_time: Option<String>,
    /// A post's authors' names, in byline order.
    pub authors: Vec<String>,
    /// schema.org JSON-LD describing a post (`BlogPosting`).
    pub json_ld: Option<String>,
}

/// What the page's main column shows.
///
/// The page enums are externally tagged (`{"post": {...}}`), not by a
/// `kind` field: serde reads an internally or adjacently tagged enum by
/// buffering it first, which put a second deserializer for every type into
/// the app (about 10 KB of its brotli-compressed code).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// The latest posts.
    Home { posts: PostPage, subscribe_form: SubscribeFormState },
    /// A category's, author's, tag's or month's posts.
    Archive { archive: Archive, posts: PostPage },
    /// A post, a page of its comments and the comment form.
    Post {
        post: Box<Post>,
        /// The comment the form replies to (`?replytocom=ID`).
        reply_to: Option<Comment>,
        comment_form: CommentFormState,
        subscribe_form: SubscribeFormState,
    },
    /// Search results, or why there are none to show.
    Search { query: String, outcome: SearchOutcome },
    /// A link from a subscription email: a button to confirm or unsubscribe,
    /// then what happened.
    Subscription { action: SubscriptionAction, token: String, outcome: Option<Outcome> },
    /// A page that is not a post (imported from WordPress): "About this blog".
    StaticPage { page: StaticPage },
    /// The thing asked for lives at another address (an old WordPress link):
    /// status 301, and the app moves there.
    Redirect { location: String },
    /// The network's own host: its blogs by organisation (on the first
    /// page), and the latest posts across them.
    NetworkHome { blogs: Vec<NetworkBlog>, posts: NetworkPostPage },
    /// One search across every blog of the network.
    NetworkSearch { query: String, outcome: NetworkSearchOutcome },
    #[default]
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NetworkSearchOutcome {
    Results(NetworkPostPage),
    /// What the reader should change, e.g. "Enter a word to search for".
    Problem(String),
}

/// A page that is not a post: a title and a body, no byline or comments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaticPage {
    pub title: String,
    /// Rendered and sanitised by the server: safe to insert.
    pub body_html: String,
    pub summary: String,
    pub modified_at: Option<String>,
}

/// Whose posts an archive lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Archive {
    /// "Category", "Author", "Tag" or "Archive" (a month).
    pub caption: String,
    pub name: String,
    pub description: String,
    /// The list's first page, e.g. `/category/data/`; later pages add `page/N/`.
    pub path: String,
    /// A category's own feed.
    pub feed: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchOutcome {
    Results(PostPage),
    /// What the reader should change, e.g. "Enter a word to search for".
    Problem(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionAction {
    Confirm,
    Unsubscribe,
}

/// What happened when an action was asked for: a confirmation, or why not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Done(String),
    Failed(String),
}

/// The subscription form as the server answered it when it was sent
/// without JavaScript: the address and what is wrong with it, or the notice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscribeFormState {
    pub email: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// The comment form as the server answered it when it was sent without
/// JavaScript: what was typed (kept when something is wrong) and what is
/// wrong, or that it was received.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommentFormState {
    pub input: CommentInput,
    pub errors: Vec<FieldError>,
    pub received: bool,
}

impl Page {
    /// Does a form on the page show errors? Then its title starts "Error: ".
    pub fn has_form_errors(&self) -> bool {
        match &self.content {
            Content::Home { subscribe_form, .. } => subscribe_form.error.is_some(),
            Content::Post { comment_form, subscribe_form, .. } => {
                !comment_form.errors.is_empty() || subscribe_form.error.is_some()
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{CommentPage, PostSummary};

    /// Every field is written once: a name written twice (a flattened
    /// struct's and its container's) is an error to strict readers.
    #[test]
    fn a_post_page_has_no_field_twice() {
        let summary = PostSummary {
            slug: "a".into(),
            title: "A".into(),
            published_at: "2024-01-01T00:00:00Z".into(),
            permalink: "/2024/01/01/a/".into(),
            authors: Vec::new(),
            categories: Vec::new(),
            tags: Vec::new(),
            summary: String::new(),
            comment_count: 0,
            image: Some(Image::default()),
        };
        let post = Post {
            summary,
            body_html: String::new(),
            modified_at: None,
            description: None,
            part: 1,
            parts: 1,
            comments_open: true,
            comments: CommentPage::default(),
            previous: None,
            next: None,
            related: Vec::new(),
        };
        let json = serde_json::to_string(&post).unwrap();
        let keys: Vec<&str> = json.split("\":").filter_map(|k| k.rsplit('"').next()).collect();
        for key in ["image", "title", "slug", "summary"] {
            assert_eq!(keys.iter().filter(|k| **k == key).count(), 1, "{key} in {json}");
        }
        let back: Post = serde_json::from_str(&json).unwrap();
        assert_eq!(back, post);
    }
}
