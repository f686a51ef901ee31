//! The document title, "Page - Blog name", as GOV.UK pages write it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::BlogData;

/// Whether a form on the page shows errors: the title then starts "Error: ",
/// as GOV.UK pages do, so screen reader users hear it first.
#[derive(Clone, Copy)]
pub struct TitleError(pub RwSignal<bool>);

/// Sets `<title>` to "`text` - blog name", or the blog name alone when `text` is empty.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let blog = expect_context::<BlogData>();
    let error = expect_context::<TitleError>();
    let title = move || {
        let name = blog.site_name();
        let title = match (text.is_empty(), name.is_empty()) {
            (true, _) => name,
            (false, true) => text.clone(),
            (false, false) => format!("{text} - {name}"),
        };
        if error.0.get() {
            format!("Error: {title}")
        } else {
            title
        }
    };
    view! { <Title text=title/> }
}
