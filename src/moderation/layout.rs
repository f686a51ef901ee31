//! The frame of every moderation page: skip link, GOV.UK header, the
//! moderation service's navigation (and sign-out button), main content and
//! footer, as on the blog but without its search or sidebar.

use leptos::prelude::*;

use super::{SignedInAs, BASE};
use crate::components::layout::{Footer, GovUkHeader};
use govblog_shared::forms::CSRF;

/// The parts of the moderation area, as its navigation lists them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Queue,
    Closing,
    Record,
}

const SECTIONS: [(Section, &str, &str); 3] = [
    (Section::Queue, "/moderate/", "Comments to moderate"),
    (Section::Closing, "/moderate/closing/", "Closing comments"),
    (Section::Record, "/moderate/record/", "Moderation record"),
];

#[component]
pub fn ModerationLayout(
    blog: String,
    signed_in: Option<SignedInAs>,
    section: Option<Section>,
    children: Children,
) -> impl IntoView {
    let navigation = signed_in.map(|who| {
        let items = SECTIONS
            .into_iter()
            .map(|(s, href, label)| {
                let active = section == Some(s);
                view! {
                    <li class=if active { "govuk-service-navigation__item govuk-service-navigation__item--active" } else { "govuk-service-navigation__item" }>
                        <a class="govuk-service-navigation__link" href=href aria-current=active.then_some("page")>
                            {if active { view! { <strong class="govuk-service-navigation__active-fallback">{label}</strong> }.into_any() } else { label.into_any() }}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav aria-label="Moderation" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list" id="navigation">{items}</ul>
            </nav>
            <form method="post" action="/moderate/sign-out/" class="govblog-sign-out">
                <input type="hidden" name=CSRF value=who.csrf/>
                <span class="govuk-body-s govuk-!-margin-right-2">"Signed in as " {who.email}</span>
                <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">"Sign out"</button>
            </form>
        }
    });
    view! {
        <a href="#main-content" class="govuk-skip-link">"Skip to main content"</a>
        <header>
            <GovUkHeader/>
            <section aria-label="Service information" class="govuk-service-navigation">
                <div class="govuk-width-container">
                    <div class="govuk-service-navigation__container">
                        <span class="govuk-service-navigation__service-name">
                            <a href=BASE class="govuk-service-navigation__link">{format!("Moderate comments: {blog}")}</a>
                        </span>
                        {navigation}
                    </div>
                </div>
            </section>
        </header>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">
                {children()}
            </main>
        </div>
        <Footer/>
    }
}
