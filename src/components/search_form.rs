//! "Search blog" in the blog's banner, as on GOV.UK Blogs: a labelled box
//! with the magnifier button at its right. It is a plain GET form
//! to `/?s=words` (the WordPress address old links use); with the app
//! running, submitting it moves to the results without a page load.

use govblog_shared::permalink::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::icons::{Icon, IconSvg};
use crate::config::href;

#[component]
pub fn SearchForm() -> impl IntoView {
    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query = input.get().map(|i| i.value()).unwrap_or_default();
        navigate(&href(&Route::Search { query, page: 1 }.path()), Default::default());
    };
    view! {
        <form class="govblog-search" action=href("/") method="get" role="search" on:submit=on_submit>
            <label class="govuk-label govuk-label--m" for="search-blog">"Search blog"</label>
            <div class="govblog-search__row">
                <input class="govuk-input govblog-search__input" id="search-blog" name="s" type="search"
                    node_ref=input autocomplete="off" spellcheck="false" maxlength="200"/>
                <button type="submit" class="govuk-button govblog-search__button" data-module="govuk-button">
                    <IconSvg icon=Icon::Search/>
                    <span class="govuk-visually-hidden">"Search"</span>
                </button>
            </div>
        </form>
    }
}
