//! The app's frame: router, page template, and the page for a URL.

use std::sync::{Arc, Mutex};

use govblog_shared::api::{Category, MonthArchive, PageData, Site};
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route as RouterRoute, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api;
use crate::components::layout::Layout;
use crate::components::page_title::TitleError;
use crate::components::sidebar::Sidebar;
use crate::config::{blog_path, Config};
use crate::routes;

/// What every page shows around its content: the blog's settings, its
/// categories and months. Loaded once, when the app starts, or taken from
/// the data the server embedded in the page.
#[derive(Clone, Copy)]
pub struct BlogData {
    pub site: RwSignal<Option<Site>>,
    pub categories: RwSignal<Option<Vec<Category>>>,
    pub months: RwSignal<Option<Vec<MonthArchive>>>,
}

impl BlogData {
    /// The blog's name, or "" until it has loaded.
    pub fn site_name(&self) -> String {
        self.site.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default())
    }

    fn from(data: Option<&PageData>) -> BlogData {
        BlogData {
            site: RwSignal::new(data.map(|d| d.site.clone())),
            categories: RwSignal::new(data.map(|d| d.categories.clone())),
            months: RwSignal::new(data.map(|d| d.months.clone())),
        }
    }

    /// Fetches whatever the page did not carry.
    fn fetch_missing(self) {
        if self.site.with_untracked(Option::is_none) {
            spawn_local(async move { self.site.set(api::site().await.ok()) });
        }
        if self.categories.with_untracked(Option::is_none) {
            spawn_local(async move { self.categories.set(api::categories().await.ok()) });
        }
        if self.months.with_untracked(Option::is_none) {
            spawn_local(async move { self.months.set(api::months().await.ok()) });
        }
    }
}

/// The page's embedded data, for the first page shown only: later pages fetch.
#[derive(Clone, Default)]
pub struct Preloaded(Arc<Mutex<Option<PageData>>>);

impl Preloaded {
    /// Takes what `pick` wants from the embedded data, if it is for `path`.
    pub fn take<T>(&self, path: &str, pick: impl FnOnce(&mut PageData) -> Option<T>) -> Option<T> {
        let mut slot = self.0.lock().ok()?;
        let data = slot.as_mut().filter(|d| d.path == path)?;
        pick(data)
    }
}

#[component]
pub fn App(config: Config, preloaded: Option<PageData>) -> impl IntoView {
    provide_meta_context();
    let base = config.base_path.clone();
    let embedded = config.embedded;
    let blog = BlogData::from(preloaded.as_ref());
    if cfg!(feature = "csr") {
        blog.fetch_missing();
    }
    provide_context(blog);
    provide_context(Preloaded(Arc::new(Mutex::new(preloaded))));
    provide_context(TitleError(RwSignal::new(false)));

    view! {
        <Router base>
            <Layout site=blog.site.into() embedded>
                // One catch-all route: the URL is read by the shared
                // `permalink::Route`, the same grammar the server uses to
                // decide 200 or 404, so the two can never disagree.
                <Routes fallback=routes::not_found::NotFound>
                    <RouterRoute path=path!("/*any") view=Page/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The page for the current URL, beside the sidebar.
#[component]
fn Page() -> impl IntoView {
    let location = use_location();
    let blog = expect_context::<BlogData>();
    let route = Memo::new(move |_| {
        let search = location.search.get();
        Route::parse_url(&blog_path(&location.pathname.get()), search.trim_start_matches('?'))
    });
    // A new page starts without form errors in its title.
    let title_error = expect_context::<TitleError>();
    Effect::new(move || {
        route.track();
        title_error.0.set(false);
    });
    crate::page_focus::focus_heading_on_navigation(route);
    let content = move || match route.get() {
        Some(Route::Home { page }) => view! { <routes::home::Home page/> }.into_any(),
        Some(Route::Post { date, slug }) => view! { <routes::post::PostPage date slug/> }.into_any(),
        Some(Route::Category { slug, page }) => {
            view! { <routes::archive::CategoryPage slug page/> }.into_any()
        }
        Some(Route::Author { slug, page }) => view! { <routes::archive::AuthorPage slug page/> }.into_any(),
        Some(Route::Tag { slug, page }) => view! { <routes::archive::TagPage slug page/> }.into_any(),
        Some(Route::Month { year, month, page }) => {
            view! { <routes::archive::MonthPage year month page/> }.into_any()
        }
        Some(Route::Search { query, page }) => view! { <routes::search::SearchPage query page/> }.into_any(),
        Some(Route::ConfirmSubscription { token }) => {
            view! { <routes::subscription::ConfirmSubscriptionPage token/> }.into_any()
        }
        Some(Route::Unsubscribe { token }) => {
            view! { <routes::subscription::UnsubscribePage token/> }.into_any()
        }
        None => view! { <routes::not_found::NotFound/> }.into_any(),
    };
    let sidebar = move || {
        let current_category = match route.get() {
            Some(Route::Category { slug, .. }) => Some(slug),
            _ => None,
        };
        let categories = blog.categories.get()?;
        let months = blog.months.get()?;
        let site_url = blog.site.get()?.url;
        Some(view! { <Sidebar categories months current_category site_url/> })
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">{content}</div>
            <div class="govuk-grid-column-one-third">{sidebar}</div>
        </div>
    }
}
