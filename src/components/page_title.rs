//! The document title, "Page - Blog name", as GOV.UK pages write it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::BlogData;

/// Sets `<title>` to "`text` - blog name", or the blog name alone when `text` is empty.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let title = move || {
        let name = blog.site_name();
        match (text.is_empty(), name.is_empty()) {
            (true, _) => name,
            (false, true) => text.clone(),
            (false, false) => format!("{text} - {name}"),
        }
    };
    view! { <Title text=title/> }
}
