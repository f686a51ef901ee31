//! What the app shares between its parts, provided once by [`crate::app::App`].

use std::sync::{Arc, Mutex};

use govblog_shared::api::{Category, MonthArchive, Site};
use govblog_shared::page::{Frame, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// What every page shows around its content: the blog's settings, its
/// categories and months. Taken from the data the server embedded in the
/// page, or loaded when the app starts without it (embedded in another site).
#[derive(Clone, Copy)]
pub struct BlogData {
    pub site: RwSignal<Option<Site>>,
    pub categories: RwSignal<Option<Vec<Category>>>,
    pub months: RwSignal<Option<Vec<MonthArchive>>>,
}

impl BlogData {
    pub fn new(frame: Option<Frame>) -> BlogData {
        let (site, categories, months) = match frame {
            Some(f) => (Some(f.site), Some(f.categories), Some(f.months)),
            None => (None, None, None),
        };
        BlogData {
            site: RwSignal::new(site),
            categories: RwSignal::new(categories),
            months: RwSignal::new(months),
        }
    }

    /// Fetches the frame when the page did not carry it: the same value
    /// the server embeds in its pages (`GET /api/v1/frame`).
    pub fn fetch_missing(self) {
        if self.site.with_untracked(Option::is_some) {
            return;
        }
        spawn_local(async move {
            if let Ok(frame) = api::frame().await {
                self.site.set(Some(frame.site));
                self.categories.set(Some(frame.categories));
                self.months.set(Some(frame.months));
            }
        });
    }
}

/// The first page, as the server rendered it for the address the app starts
/// at: shown from its embedded data when the app starts, once. Later pages
/// are fetched.
#[derive(Clone, Default)]
pub struct Preloaded(Arc<Mutex<Option<Page>>>);

impl Preloaded {
    pub fn new(page: Option<Page>) -> Preloaded {
        Preloaded(Arc::new(Mutex::new(page)))
    }

    /// The embedded page, the first time a page is shown.
    pub fn take(&self) -> Option<Page> {
        self.0.lock().ok()?.take()
    }
}

/// How much of the page is drawn. All of it, always, but while the app takes
/// over a page the server drew: it then draws the page out of sight in
/// steps, each its own task of the browser's so that none is long, and puts
/// it in place once whole (see [`crate::mount`]).
#[derive(Clone, Copy)]
pub struct Drawn(pub RwSignal<Step>);

/// The steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// The router alone.
    Router,
    /// The header, footer and page template.
    Frame,
    /// The page's own content, to its sharing links.
    Content,
    /// The rest: the sidebar, a post's comments and forms.
    All,
}

impl Drawn {
    /// Whether `step` is drawn. A memo, so that a part waiting for a step
    /// is drawn once when it comes, not again at each later step.
    pub fn reached(self, step: Step) -> Memo<bool> {
        Memo::new(move |_| self.0.get() >= step)
    }
}

/// Whether a form on the page shows errors: the title then starts "Error: ".
#[derive(Clone, Copy)]
pub struct TitleError(pub RwSignal<bool>);
