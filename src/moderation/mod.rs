//! The moderation pages, drawn on the server only (this module is not in
//! the browser build): moderators get plain HTML forms that need no script,
//! and readers never download a byte of them. The server's
//! `moderation` module answers each address with one of these [`Page`]s.
//!
//! One file per page: [`sign_in`], [`queue`] (comments waiting), [`reply`]
//! (as the blog's team), [`closing`] (comments on a post or the whole
//! blog), [`record`] (who did what), all inside [`layout`].

pub mod closing;
pub mod layout;
pub mod queue;
pub mod record;
pub mod reply;
pub mod sign_in;

use govblog_shared::api::ModerationItem;
use govblog_shared::dates::Date;
use leptos::prelude::*;

use layout::{ModerationLayout, Section};

/// Where moderation lives; never linked from public pages.
pub const BASE: &str = "/moderate/";

/// The moderator a page is drawn for, and their form token.
#[derive(Clone, Debug, Default)]
pub struct SignedInAs {
    pub email: String,
    pub csrf: String,
}

/// One moderation page, with what it shows.
#[derive(Clone, Debug)]
pub enum Page {
    SignIn(sign_in::SignInPage),
    Queue(queue::QueuePage),
    Reply(Box<reply::ReplyPage>),
    Closing(closing::ClosingPage),
    Record(record::RecordPage),
    /// A page that could not be shown: why, and where to go.
    Problem {
        title: String,
        message: String,
    },
}

impl Page {
    /// The `<title>`'s first part; "Error: " when a form is in error.
    pub fn title(&self) -> String {
        let (title, error) = match self {
            Page::SignIn(p) => ("Sign in", !p.problems.is_empty()),
            Page::Queue(p) => ("Comments to moderate", p.problem.is_some()),
            Page::Reply(p) => ("Reply as the blog team", p.problem.is_some()),
            Page::Closing(p) => ("Closing comments", !p.problems.is_empty()),
            Page::Record(_) => ("Moderation record", false),
            Page::Problem { title, .. } => (title.as_str(), false),
        };
        if error {
            format!("Error: {title}")
        } else {
            title.to_owned()
        }
    }
}

/// `page`'s `<body>` content, inside the blog's moderation frame.
pub fn render(blog: String, signed_in: Option<SignedInAs>, page: Page) -> String {
    let owner = Owner::new();
    owner.with(|| {
        let section = match &page {
            Page::Queue(_) | Page::Reply(_) => Some(Section::Queue),
            Page::Closing(_) => Some(Section::Closing),
            Page::Record(_) => Some(Section::Record),
            Page::SignIn(_) | Page::Problem { .. } => None,
        };
        let csrf = signed_in.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let content = match page {
            Page::SignIn(p) => view! { <sign_in::SignIn page=p/> }.into_any(),
            Page::Queue(p) => view! { <queue::Queue page=p csrf/> }.into_any(),
            Page::Reply(p) => view! { <reply::Reply page=*p csrf/> }.into_any(),
            Page::Closing(p) => view! { <closing::Closing page=p csrf/> }.into_any(),
            Page::Record(p) => view! { <record::Record page=p/> }.into_any(),
            Page::Problem { title, message } => view! {
                <h1 class="govuk-heading-l">{title}</h1>
                <p class="govuk-body">{message}</p>
                <p class="govuk-body"><a class="govuk-link" href=BASE>"Go to comments to moderate"</a></p>
            }
            .into_any(),
        };
        view! { <ModerationLayout blog signed_in section>{content}</ModerationLayout> }.to_html()
    })
}

/// A stored time (`2026-11-27T18:40:00Z`) as GOV.UK writes it: "27 November 2026 at 18:40 UTC".
pub fn long_time(stamp: &str) -> String {
    let date = stamp.get(..10).and_then(Date::parse).map(|d| d.long()).unwrap_or_default();
    match stamp.get(11..16) {
        Some(time) => format!("{date} at {time} UTC"),
        None => date,
    }
}

/// Where a comment waits: its post, by its title, for the queue and the reply page.
#[component]
fn OnPost(item: ModerationItem) -> impl IntoView {
    view! {
        <a class="govuk-link" href=item.post_permalink.clone()>{item.post_title.clone()}</a>
    }
}
