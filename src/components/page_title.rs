//! The document title, as the server's loader worked it out for the page,
//! starting "Error: " while a form on the page shows errors.

use govblog_shared::head::with_error;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::context::TitleError;

#[component]
pub fn PageTitle(title: String) -> impl IntoView {
    let error = expect_context::<TitleError>();
    view! { <Title text=move || with_error(&title, error.0.get())/> }
}
