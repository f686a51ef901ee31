//! The JSON API's request and response bodies (`/api/v1/`).

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Most posts a list can return at once.
pub const MAX_PER_PAGE: u32 = 50;
/// Posts per list page when the client does not say.
pub const DEFAULT_PER_PAGE: u32 = 10;

/// Blog-wide settings: shown in the blog header and the comment form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Site {
    /// The blog's name, e.g. "Policy Lab".
    pub name: String,
    /// The organisation that runs it, e.g. "Cabinet Office".
    pub organisation: String,
    /// One sentence about the blog.
    pub description: String,
    /// Where readers learn how their comments and emails are handled.
    pub privacy_notice_url: String,
    /// The blog's public address, e.g. `https://blog.example.gov.uk`, for
    /// canonical and share links. No trailing slash.
    #[serde(default)]
    pub url: String,
    /// Why comments are closed on every post (a pre-election period, say),
    /// set by moderators; empty while comments are open.
    #[serde(default)]
    pub comments_closed: String,
    /// The blog is no longer updated: readable, but taking no comments or
    /// subscriptions.
    #[serde(default)]
    pub archived: bool,
    /// This is the network's own host (its index of blogs), not a blog.
    #[serde(default)]
    pub network: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuthorRef {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
    /// Its address's path: the slug after its parents', e.g. `open-data/publishing`.
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TagRef {
    pub slug: String,
    pub name: String,
}

/// A post as it appears in lists: everything but the body and comments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    /// Publication time, RFC 3339 in UTC, e.g. `2014-10-17T09:30:00Z`.
    pub published_at: String,
    /// Site-relative permalink, e.g. `/2014/10/17/open-policy-making/`.
    pub permalink: String,
    pub authors: Vec<AuthorRef>,
    pub categories: Vec<CategoryRef>,
    pub tags: Vec<TagRef>,
    pub summary: String,
    /// Approved comments only.
    pub comment_count: u32,
    /// The featured image, if the post has one: in lists, and in a post's
    /// link previews (absolute there).
    #[serde(default)]
    pub image: Option<Image>,
}

/// One post with its rendered body and approved comments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Post {
    #[serde(flatten)]
    pub summary: PostSummary,
    /// Body rendered from Markdown by [`crate::markdown::render`]: safe to insert.
    pub body_html: String,
    /// When the post was last changed, RFC 3339, if after it was published.
    #[serde(default)]
    pub modified_at: Option<String>,
    /// What search engines and link previews show, when the post has its
    /// own (from an imported WordPress post's SEO description).
    #[serde(default)]
    pub description: Option<String>,
    /// Which part of a post written in parts this is, and how many there
    /// are (WordPress's `<!--nextpage-->`); 1 of 1 for most posts.
    #[serde(default = "one")]
    pub part: u32,
    #[serde(default = "one")]
    pub parts: u32,
    pub comments_open: bool,
    /// The first page of approved comments.
    pub comments: CommentPage,
    /// The post published just before this one.
    pub previous: Option<PostLink>,
    /// The post published just after this one.
    pub next: Option<PostLink>,
    /// Up to 3 posts sharing the most categories and tags, newest first.
    pub related: Vec<PostLink>,
}

/// An image with what link previews need to show it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Image {
    /// Absolute address.
    pub url: String,
    /// Size in pixels, when known.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Text alternative: what the image shows.
    pub alt: String,
}

fn one() -> u32 {
    1
}

/// A blog of the network, as the network's index lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NetworkBlog {
    pub name: String,
    pub organisation: String,
    pub description: String,
    /// The blog's public address, e.g. `https://gds.blog.gov.uk`.
    pub url: String,
    /// Its newest post; its permalink is on the blog (`url` + permalink).
    pub latest: Option<PostLink>,
    pub archived: bool,
}

/// A post of any blog of the network, with the blog it is on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NetworkPost {
    pub blog_name: String,
    /// The blog's public address; the post's permalink is under it.
    pub blog_url: String,
    pub post: PostSummary,
}

/// A page of posts across the network's blogs, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NetworkPostPage {
    pub items: Vec<NetworkPost>,
    pub page: u32,
    pub per_page: u32,
    pub total: u32,
    pub total_pages: u32,
}

impl NetworkPostPage {
    pub fn new(items: Vec<NetworkPost>, page: u32, per_page: u32, total: u32) -> NetworkPostPage {
        NetworkPostPage { items, page, per_page, total, total_pages: total.div_ceil(per_page) }
    }

    /// A page after the last (page 1 of nothing exists: it says so).
    pub fn is_past_end(&self) -> bool {
        self.page > 1 && self.page > self.total_pages
    }
}

/// Enough of a post to link to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostLink {
    pub title: String,
    pub permalink: String,
}

/// A month with published posts, for the date archive list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MonthArchive {
    pub year: u16,
    pub month: u8,
    pub post_count: u32,
}

/// A comment as the public sees it. The commenter's email address is never part of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Comment {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// 1 for a comment on the post, up to [`MAX_COMMENT_DEPTH`] for replies.
    pub depth: u8,
    pub author_name: String,
    pub posted_at: String,
    /// Plain text: shown literally, never as HTML.
    pub text: String,
    /// Written by one of the post's authors, or by the blog's team: the
    /// page says so beside the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<CommentRole>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommentRole {
    PostAuthor,
    BlogTeam,
}

impl CommentRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentRole::PostAuthor => "post_author",
            CommentRole::BlogTeam => "blog_team",
        }
    }

    pub fn parse(s: &str) -> Option<CommentRole> {
        [CommentRole::PostAuthor, CommentRole::BlogTeam].into_iter().find(|r| r.as_str() == s)
    }
}

/// Replies nest this deep at most; a reply to the deepest level joins it.
pub const MAX_COMMENT_DEPTH: u8 = 5;
/// Top-level comments per page; each comes with all its replies.
pub const COMMENTS_PER_PAGE: u32 = 50;

/// One page of a post's approved comments: top-level comments oldest
/// first, each followed by its replies (by `parent_id`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommentPage {
    pub items: Vec<Comment>,
    pub page: u32,
    pub total_pages: u32,
    /// Approved comments on the post, replies included.
    pub total: u32,
}

/// A new comment has been stored and awaits moderation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommentReceipt {
    pub comment: Comment,
    /// Always `pending` for a new comment.
    pub status: String,
}

/// A comment as moderators see it, email address included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ModerationItem {
    pub comment: Comment,
    pub author_email: String,
    pub status: String,
    pub post_title: String,
    pub post_permalink: String,
    /// The comment this one answers, whatever its status.
    #[serde(default)]
    pub in_reply_to: Option<Comment>,
}

/// One action in the moderation record: who did what, when.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ModerationAction {
    pub at: String,
    /// The moderator's email, or `command line` or `admin API`.
    pub moderator: String,
    /// `approved`, `rejected`, `spam`, `reply`, `closed comments`, ...
    pub action: String,
    pub comment_id: Option<i64>,
    /// The post it was about, if any.
    pub post: Option<PostLink>,
    pub detail: String,
}

/// Query string of `GET /api/v1/posts/{year}/{month}/{day}/{slug}/comments`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CommentPageQuery {
    pub page: Option<u32>,
}

/// `POST /api/v1/subscriptions`, and the tokens from emailed links.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscriptionRequest {
    pub email: String,
}

/// What WordPress's plugin (`wordpress/govblog-sync.php`) says changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WordPressChange {
    /// `post` (a post or page), `comment`, `term` (a category, tag or
    /// user) or `deleted` (a post or page deleted for good).
    pub changed: String,
    /// The comment's WordPress ID, for `comment`.
    #[serde(default)]
    pub id: Option<i64>,
    /// Makes each call's body, and so its signature, its own: two changes
    /// in one second are two calls, not one made twice.
    #[serde(default)]
    pub nonce: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenRequest {
    pub token: String,
}

/// What the reader is told after a subscription step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Notice {
    pub message: String,
}

/// A category with the number of published posts in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Category {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub post_count: u32,
    /// Its address's path: the slug after its parents', e.g. `open-data/publishing`.
    pub path: String,
    /// The parent category's slug, for categories in a hierarchy.
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Author {
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub post_count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub post_count: u32,
}

/// One page of a list of posts, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostPage {
    pub items: Vec<PostSummary>,
    pub page: u32,
    pub per_page: u32,
    pub total: u32,
    pub total_pages: u32,
}

impl PostPage {
    /// Page `page` of a list of `total` posts, `per_page` to a page.
    pub fn new(items: Vec<PostSummary>, page: u32, per_page: u32, total: u32) -> PostPage {
        PostPage { items, page, per_page, total, total_pages: total.div_ceil(per_page) }
    }

    /// Is this page past the list's last? Page 1 always exists, even empty.
    pub fn is_past_end(&self) -> bool {
        self.page > self.total_pages.max(1)
    }
}

/// Every API error: `{"error": {"code": "not_found", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody { error: ErrorDetail { code: code.into(), message: message.into(), fields: Vec::new() } }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `not_found`, `bad_request`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// For `validation` errors: each field's problem, in form order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::validation::FieldError>,
}

/// Query string of `GET /api/v1/posts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PostListQuery {
    /// 1-based page number.
    pub page: Option<u32>,
    /// Posts per page, 1 to 50.
    pub per_page: Option<u32>,
    /// Only posts in this category (slug).
    pub category: Option<String>,
    /// Only posts by this author (slug).
    pub author: Option<String>,
    /// Only posts with this tag (slug).
    pub tag: Option<String>,
    /// Only posts from this year; with `month`, from that month.
    pub year: Option<u16>,
    /// Only posts from this month (1 to 12) of `year`.
    pub month: Option<u8>,
}

/// Query string of `GET /api/v1/search`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SearchQuery {
    /// Words to find, up to 200 characters; operators and quotes are treated as spaces.
    pub q: Option<String>,
    /// 1-based page number.
    pub page: Option<u32>,
    /// Posts per page, 1 to 50.
    pub per_page: Option<u32>,
}
