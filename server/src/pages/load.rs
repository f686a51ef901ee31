//! The one loader: from a blog address to everything its page shows. The
//! server renders pages from it, and `GET /api/v1/pages` sends the same
//! value to the app when a reader moves to another page.

use govblog_shared::api::{PostPage, DEFAULT_PER_PAGE};
use govblog_shared::dates::month_year;
use govblog_shared::head;
use govblog_shared::markdown::RenderContext;
use govblog_shared::page::{
    Archive, CommentFormState, Content, Outcome, Page, SearchOutcome, SubscribeFormState, SubscriptionAction,
};
use govblog_shared::permalink::{feed_path, Route};
use govblog_shared::search;

use crate::state::AppState;
use crate::storage::{PostFilter, Result};

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
        Route::Category { path, page } => {
            let Some(category) = store.category_at(path).await? else {
                // A child category by its slug alone, as WordPress allows.
                return Ok(match store.category(path).await? {
                    Some(c) => moved(Route::Category { path: c.path, page: *page }),
                    None => NOT_FOUND,
                });
            };
            let mut archive = archive("Category", category.name, category.description, route.with_page(1));
            archive.feed = Some(feed_path(Some(path)));
            let filter = PostFilter { category: Some(path.clone()), ..Default::default() };
            archive_page(archive, list(filter, *page).await?)
        }
        Route::Author { slug, page } => {
            let Some(author) = store.author(slug).await? else { return Ok(NOT_FOUND) };
            let archive = archive("Author", author.name, author.bio, route.with_page(1));
            let filter = PostFilter { author: Some(slug.clone()), ..Default::default() };
            archive_page(archive, list(filter, *page).await?)
        }
        Route::Tag { slug, page } => {
            let Some(tag) = store.tag(slug).await? else { return Ok(NOT_FOUND) };
            let archive = archive("Tag", tag.name, String::new(), route.with_page(1));
            let filter = PostFilter { tag: Some(slug.clone()), ..Default::default() };
            archive_page(archive, list(filter, *page).await?)
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
