//! The app's frame: router, page template and the choice of page for a URL.

use govblog_shared::api::Site;
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route as RouterRoute, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api;
use crate::components::layout::Layout;
use crate::config::Config;
use crate::routes;

/// The blog's settings, loaded once and shared by every page.
#[derive(Clone, Copy)]
pub struct SiteResource(pub LocalResource<Result<Site, api::ApiError>>);

impl SiteResource {
    /// The blog's name, or "" until it has loaded.
    pub fn name(&self) -> String {
        self.0
            .get()
            .and_then(|r| r.ok())
            .map(|s| s.name)
            .unwrap_or_default()
    }
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    provide_meta_context();
    provide_context(config);
    let site = SiteResource(LocalResource::new(api::site));
    provide_context(site);

    view! {
        <Router>
            <Layout site=Signal::derive(move || site.0.get().and_then(|r| r.ok()))>
                // One catch-all route: the path is read by the shared
                // `permalink::Route`, the same grammar the server uses to
                // decide 200 or 404, so the two can never disagree.
                <Routes fallback=routes::not_found::NotFound>
                    <RouterRoute path=path!("/*any") view=Page/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The page for the current path.
#[component]
fn Page() -> impl IntoView {
    let location = use_location();
    move || match Route::parse(&location.pathname.get()) {
        Some(Route::Home { page }) => view! { <routes::home::Home page/> }.into_any(),
        Some(Route::Post { date, slug }) => {
            view! { <routes::post::PostPage date slug/> }.into_any()
        }
        Some(Route::Category { slug, page }) => {
            view! { <routes::archive::CategoryPage slug page/> }.into_any()
        }
        Some(Route::Author { slug, page }) => {
            view! { <routes::archive::AuthorPage slug page/> }.into_any()
        }
        Some(Route::Tag { slug, page }) => {
            view! { <routes::archive::TagPage slug page/> }.into_any()
        }
        None => view! { <routes::not_found::NotFound/> }.into_any(),
    }
}
