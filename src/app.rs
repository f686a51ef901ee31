//! The app's frame: router, page template, and the page for the current
//! address, from the server's embedded data or from `GET /api/v1/pages`.

use govblog_shared::page::PageData;
use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route as RouterRoute, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api;
use crate::components::layout::Layout;
use crate::components::page_state::{LoadError, Loading};
use crate::components::sidebar::Sidebar;
use crate::config::{blog_path, Config};
use crate::context::{BlogData, Drawn, Preloaded, Step, TitleError};
use crate::routes::PageView;

#[component]
pub fn App(
    config: Config,
    preloaded: Option<PageData>,
    /// Given while the app takes over a page, which it then draws in steps
    /// ([`Drawn`]). Otherwise everything is drawn at once.
    #[prop(optional)]
    drawn: Option<RwSignal<Step>>,
) -> impl IntoView {
    provide_meta_context();
    let base = config.base_path.clone();
    let embedded = config.embedded;
    let (frame, page) = match preloaded {
        Some(data) => (Some(data.frame), Some(data.page)),
        None => (None, None),
    };
    let blog = BlogData::new(frame);
    if cfg!(feature = "csr") {
        blog.fetch_missing();
    }
    provide_context(blog);
    provide_context(Preloaded::new(page));
    provide_context(TitleError(RwSignal::new(false)));
    provide_context(Drawn(drawn.unwrap_or_else(|| RwSignal::new(Step::All))));

    let frame_drawn = expect_context::<Drawn>().reached(Step::Frame);
    let frame = move || {
        frame_drawn.get().then(|| {
            view! {
                <Layout site=blog.site.into() embedded>
                    // One catch-all route: the server's loader reads the address
                    // with the shared `permalink::Route`, so the two never disagree.
                    <Routes fallback=|| ()>
                        <RouterRoute path=path!("/*any") view=CurrentPage/>
                    </Routes>
                </Layout>
            }
        })
    };
    view! { <Router base>{frame}</Router> }
}

/// The page at the current address, beside the sidebar.
#[component]
fn CurrentPage() -> impl IntoView {
    let location = use_location();
    let blog = expect_context::<BlogData>();
    let preloaded = expect_context::<Preloaded>();
    let drawn = expect_context::<Drawn>();
    let (content_drawn, sidebar_drawn) = (drawn.reached(Step::Content), drawn.reached(Step::All));
    // The blog address with its query: what the server's pages answer.
    let url = Memo::new(move |_| {
        let (path, search) = (blog_path(&location.pathname.get()), location.search.get());
        match search.trim_start_matches('?') {
            "" => path,
            query => format!("{path}?{query}"),
        }
    });
    let route = Memo::new(move |_| {
        let search = location.search.get();
        Route::parse_url(&blog_path(&location.pathname.get()), search.trim_start_matches('?'))
    });
    crate::page_focus::focus_heading_on_navigation(route);
    let content = move || {
        if !content_drawn.get() {
            return ().into_any();
        }
        let url = url.get();
        if let Some(page) = preloaded.take() {
            return view! { <PageView page/> }.into_any();
        }
        let page = LocalResource::new(move || api::page(url.clone()));
        (move || match page.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(page)) => view! { <PageView page/> }.into_any(),
            Some(Err(e)) => {
                let retry = Callback::new(move |_| page.refetch());
                view! { <LoadError message=e.message() retry/> }.into_any()
            }
        })
        .into_any()
    };
    let sidebar = move || {
        if !sidebar_drawn.get() {
            return None;
        }
        // The category whose page this is, selected in the sidebar's filter.
        let current_category = match route.get() {
            Some(Route::Category { path, .. }) => Some(path),
            _ => None,
        };
        let categories = blog.categories.get()?;
        let months = blog.months.get()?;
        let site = blog.site.get()?;
        // The network's index has no categories or months of its own.
        if site.network {
            return None;
        }
        Some(view! {
            <Sidebar description=site.description categories months current_category site_url=site.url/>
        })
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">{content}</div>
            <div class="govuk-grid-column-one-third">{sidebar}</div>
        </div>
    }
}
