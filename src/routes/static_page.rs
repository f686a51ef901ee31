//! A page that is not a post, such as "About this blog": its title and body
//! in the GOV.UK template, without a byline or comments.

use govblog_shared::page::StaticPage;
use leptos::prelude::*;

#[component]
pub fn StaticPageView(page: StaticPage) -> impl IntoView {
    view! {
        <article class="govblog-post">
            <h1 class="govuk-heading-xl">{page.title}</h1>
            // Rendered and sanitised by the server: safe to insert as HTML.
            <div class="govblog-post__body" inner_html=page.body_html></div>
        </article>
    }
}
