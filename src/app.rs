//! The app's frame: router, page template, and the page for a URL.

use govblog_shared::api::{Category, MonthArchive, Site};
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route as RouterRoute, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api::{self, ApiError};
use crate::components::layout::Layout;
use crate::components::page_title::TitleError;
use crate::components::sidebar::Sidebar;
use crate::config::{blog_path, Config};
use crate::routes;

/// What every page shows around its content: the blog's settings, its
/// categories and months. Loaded once, when the app starts.
#[derive(Clone, Copy)]
pub struct BlogData {
    pub site: LocalResource<Result<Site, ApiError>>,
    pub categories: LocalResource<Result<Vec<Category>, ApiError>>,
    pub months: LocalResource<Result<Vec<MonthArchive>, ApiError>>,
}

impl BlogData {
    /// The blog's name, or "" until it has loaded.
    pub fn site_name(&self) -> String {
        self.site.get().and_then(|r| r.ok()).map(|s| s.name).unwrap_or_default()
    }
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    provide_meta_context();
    let base = config.base_path.clone();
    provide_context(config);
    let blog = BlogData {
        site: LocalResource::new(api::site),
        categories: LocalResource::new(api::categories),
        months: LocalResource::new(api::months),
    };
    provide_context(blog);
    provide_context(TitleError(RwSignal::new(false)));

    view! {
        <Router base>
            <Layout site=Signal::derive(move || blog.site.get().and_then(|r| r.ok()))>
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
        let categories = blog.categories.get()?.ok()?;
        let months = blog.months.get()?.ok()?;
        let site_url = blog.site.get()?.ok()?.url;
        Some(view! { <Sidebar categories months current_category site_url/> })
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">{content}</div>
            <div class="govuk-grid-column-one-third">{sidebar}</div>
        </div>
    }
}
