//! The one loader: from a blog address to everything its page shows, the
//! frame around every page, and each list's feed. The server renders pages
//! and feeds from it; `GET /api/v1/pages` and `GET /api/v1/frame` send the
//! same values to the app.

use govblog_shared::api::{PostPage, PostSummary, Site, DEFAULT_PER_PAGE};
use govblog_shared::dates::month_year;
use govblog_shared::head;
use govblog_shared::markdown::RenderContext;
use govblog_shared::page::{
    Archive, CommentFormState, Content, Frame, Outcome, Page, SearchOutcome, SubscribeFormState,
    SubscriptionAction,
};
use govblog_shared::permalink::Route;
use govblog_shared::search;

use crate::state::AppState;
use crate::storage::{PostFilter, Result, Store};

/// Posts in a feed: enough for a reader that checks daily.
const FEED_POSTS: u32 = 20;

/// The forms just sent without JavaScript, as the server answered them:
/// the page shows them so.
#[derive(Default)]
pub struct Answered {
    pub comment_form: Option<CommentFormState>,
    pub subscribe_form: Option<SubscribeFormState>,
    pub subscription: Option<Outcome>,
}

/// The page at `path` with `query` (without `?`), its blog links written
/// under `base_path` (`""` unless the app is embedded elsewhere).
pub async fn page(
    state: &AppState,
    path: &str,
    query: &str,
    base_path: &str,
    answered: Answered,
) -> Result<Page> {
    let url = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let route = Route::parse_url(path, query);
    let render = RenderContext { base_path, site_url: &state.blog.base_url };
    let (status, content) = match &route {
        Some(route) => content(state, route, &render, answered).await?,
        None => (404, Content::NotFound),
    };
    let route = route.filter(|_| status != 404);
    let site = state.blog.store.site().await?;
    let head = head::head(&content, route.as_ref(), &site, &state.blog.base_url, &url);
    Ok(Page { url, status, head, content })
}

/// Why an archived blog's posts take no comments.
const ARCHIVED_COMMENTS: &str = "This blog is no longer updated, so comments are closed.";

/// The blog around every page.
pub async fn frame(state: &AppState) -> Result<Frame> {
    Ok(Frame {
        site: site(state).await?,
        categories: state.blog.store.categories().await?,
        months: state.blog.store.months().await?,
    })
}

/// The blog's settings, with its public address.
pub async fn site(state: &AppState) -> Result<Site> {
    let mut site = state.blog.store.site().await?;
    site.url = state.blog.base_url.clone();
    if state.blog.archived {
        site.archived = true;
        if site.comments_closed.is_empty() {
            site.comments_closed = ARCHIVED_COMMENTS.into();
        }
    }
    Ok(site)
}

/// A list's Atom feed: what [`crate::feeds`] writes as XML.
pub struct Feed {
    /// "Category name - Blog name", or the blog's name for its own feed.
    pub title: String,
    pub description: String,
    /// The list's first page, and the feed's own address.
    pub page_path: String,
    pub feed_path: String,
    pub posts: Vec<PostSummary>,
}

/// The feed of the list at `route` (the blog's, a category's with the
/// categories under it, an author's or a tag's), or `None` when there is
/// no such list.
pub async fn feed(state: &AppState, route: &Route) -> Result<Option<Feed>> {
    let store = &state.blog.store;
    let Some(feed_path) = route.feed_path() else { return Ok(None) };
    let Some(list) = list_at(store, route).await? else { return Ok(None) };
    let site = store.site().await?.name;
    let (posts, _) = store.list_posts(list.filter, 1, FEED_POSTS).await?;
    Ok(Some(Feed {
        title: match list.name {
            Some(name) => format!("{name} - {site}"),
            None => site,
        },
        description: list.description,
        page_path: route.with_page(1).path(),
        feed_path,
        posts,
    }))
}

/// A list of posts with its own page and feed.
struct List {
    /// Its name; none for the blog's own list.
    name: Option<String>,
    description: String,
    filter: PostFilter,
}

/// The list at `route`: the blog's, a category's (by its path), an author's
/// or a tag's; `None` when there is no such list.
async fn list_at(store: &Store, route: &Route) -> Result<Option<List>> {
    Ok(match route {
        Route::Home { .. } => Some(List {
            name: None,
            description: store.site().await?.description,
            filter: PostFilter::default(),
        }),
        Route::Category { path, .. } => store.category_at(path).await?.map(|c| List {
            name: Some(c.name),
            description: c.description,
            filter: PostFilter { category: Some(path.clone()), ..Default::default() },
        }),
        Route::Author { slug, .. } => store.author(slug).await?.map(|a| List {
            name: Some(a.name),
            description: a.bio,
            filter: PostFilter { author: Some(slug.clone()), ..Default::default() },
        }),
        Route::Tag { slug, .. } => store.tag(slug).await?.map(|t| List {
            name: Some(t.name),
            description: String::new(),
            filter: PostFilter { tag: Some(slug.clone()), ..Default::default() },
        }),
        _ => None,
    })
}

const NOT_FOUND: (u16, Content) = (404, Content::NotFound);

async fn content(
    state: &AppState,
    route: &Route,
    render: &RenderContext<'_>,
    answered: Answered,
) -> Result<(u16, Content)> {
    let store = &state.blog.store;
    let list = |filter: PostFilter, page: u32| async move {
        let (items, total) = store.list_posts(filter, page, DEFAULT_PER_PAGE).await?;
        Result::Ok(PostPage::new(items, page, DEFAULT_PER_PAGE, total))
    };
    let archive = |caption: &str, name: String, description: String, first_page: Route| Archive {
        caption: caption.to_owned(),
        name,
        description,
        path: first_page.path(),
        feed: None,
    };
    Ok(match route {
        Route::Home { page } => {
            let posts = list(PostFilter::default(), *page).await?;
            if posts.is_past_end() {
                return Ok(NOT_FOUND);
            }
            (200, Content::Home { posts, subscribe_form: answered.subscribe_form.unwrap_or_default() })
        }
        Route::Category { path, page }
        | Route::Author { slug: path, page }
        | Route::Tag { slug: path, page } => {
            let Some(found) = list_at(store, route).await? else {
                // A child category by its slug alone, as WordPress allows.
                if !matches!(route, Route::Category { .. }) {
                    return Ok(NOT_FOUND);
                }
                return Ok(match store.category(path).await? {
                    Some(c) => moved(Route::Category { path: c.path, page: *page }),
                    None => NOT_FOUND,
                });
            };
            let caption = match route {
                Route::Category { .. } => "Category",
                Route::Author { .. } => "Author",
                _ => "Tag",
            };
            let name = found.name.unwrap_or_default();
            let mut archive = archive(caption, name, found.description, route.with_page(1));
            // Category pages link their feed in the sidebar, as the theme does.
            if matches!(route, Route::Category { .. }) {
                archive.feed = route.feed_path();
            }
            archive_page(archive, list(found.filter, *page).await?)
        }
        Route::Month { year, month, page } => {
            let Some(name) = month_year(*year, *month) else { return Ok(NOT_FOUND) };
            let archive = archive("Archive", name, String::new(), route.with_page(1));
            let filter = PostFilter { period: Some((*year, Some(*month))), ..Default::default() };
            let posts = list(filter, *page).await?;
            // A month without posts is no page at all.
            if posts.total == 0 {
                return Ok(NOT_FOUND);
            }
            archive_page(archive, posts)
        }
        Route::Post { date, slug, comment_page, reply_to, part } => {
            let Some(found) = store.post_at(*date, slug).await? else {
                // A renamed post: WordPress redirects its old slugs.
                return Ok(match store.renamed_post(slug).await? {
                    Some(permalink) => moved(permalink),
                    None => NOT_FOUND,
                });
            };
            let Some(post) = store.post(&found, *comment_page, *part, render).await? else {
                return Ok(NOT_FOUND);
            };
            if *comment_page > post.comments.total_pages.max(1) {
                return Ok(NOT_FOUND);
            }
            // A reply link to a comment that is not shown opens the plain form.
            let reply_to = match reply_to {
                Some(id) => store.approved_comment(&found, *id).await?,
                None => None,
            };
            let content = Content::Post {
                post: Box::new(post),
                reply_to,
                comment_form: answered.comment_form.unwrap_or_default(),
                subscribe_form: answered.subscribe_form.unwrap_or_default(),
            };
            (200, content)
        }
        Route::Search { query, page } => match search::terms(query) {
            Ok(terms) => {
                let (items, total) = store.search(terms, *page, DEFAULT_PER_PAGE).await?;
                let results = PostPage::new(items, *page, DEFAULT_PER_PAGE, total);
                if results.is_past_end() {
                    return Ok(NOT_FOUND);
                }
                (200, Content::Search { query: query.clone(), outcome: SearchOutcome::Results(results) })
            }
            Err(problem) => {
                // An empty box asks for words; a query too long to run cannot be shown.
                let status = if query.trim().is_empty() { 200 } else { 400 };
                (status, Content::Search { query: query.clone(), outcome: SearchOutcome::Problem(problem) })
            }
        },
        Route::ConfirmSubscription { token } => {
            subscription_page(SubscriptionAction::Confirm, token, answered.subscription)
        }
        Route::Unsubscribe { token } => {
            subscription_page(SubscriptionAction::Unsubscribe, token, answered.subscription)
        }
        Route::Page { path } => match store.page_at(path, render).await? {
            Some(page) => (200, Content::StaticPage { page }),
            None => NOT_FOUND,
        },
        Route::Shortlink { id, page } => match store.wordpress_address(*id, *page).await? {
            Some(location) => moved(location),
            None => NOT_FOUND,
        },
    })
}

/// A page that lives at `route` now: a redirect built by the blog's own
/// grammar, never to a string from content. A stored slug or path that
/// would lead off the blog (`//evil.example/`) is no page at all.
fn moved(route: Route) -> (u16, Content) {
    match route.location() {
        Some(location) => (301, Content::Redirect { location }),
        None => {
            tracing::warn!(?route, "redirect refused: the stored address is not one of the blog's");
            NOT_FOUND
        }
    }
}

/// An archive's page `posts.page`, or no page past its last.
fn archive_page(archive: Archive, posts: PostPage) -> (u16, Content) {
    if posts.is_past_end() {
        return NOT_FOUND;
    }
    (200, Content::Archive { archive, posts })
}

fn subscription_page(action: SubscriptionAction, token: &str, outcome: Option<Outcome>) -> (u16, Content) {
    let status = if matches!(outcome, Some(Outcome::Failed(_))) { 404 } else { 200 };
    (status, Content::Subscription { action, token: token.to_owned(), outcome })
}
