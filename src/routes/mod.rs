//! One module per page. Each fetches its data through [`crate::api`] and
//! hands plain values to [`crate::components`].

pub mod archive;
pub mod home;
pub mod not_found;
pub mod post;
pub mod search;
pub mod subscription;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::page_state::{LoadError, Loading};

/// Shows `resource`'s data through `render` once it has loaded: until then
/// the loading message, and after a failure the 404 page or an error with
/// a retry button.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(data)) => render(data).into_any(),
        Some(Err(ApiError::NotFound)) => view! { <not_found::NotFound/> }.into_any(),
        Some(Err(ApiError::Invalid(fields))) => view! {
            <h1 class="govuk-heading-l">"There is a problem"</h1>
            {fields.into_iter().map(|f| view! { <p class="govuk-body">{f.message}</p> }).collect_view()}
        }
        .into_any(),
        Some(Err(ApiError::Rejected(message))) => view! {
            <h1 class="govuk-heading-l">"There is a problem"</h1>
            <p class="govuk-body">{message}</p>
        }
        .into_any(),
        Some(Err(ApiError::Failed(message))) => {
            let retry = Callback::new(move |_| resource.refetch());
            view! { <LoadError message retry/> }.into_any()
        }
    }
}

/// What the page's embedded data holds for `path`, picked by `pick`: only
/// the first page the reader opens has any.
pub fn preloaded<T>(
    path: &str,
    pick: impl FnOnce(&mut govblog_shared::api::PageData) -> Option<T>,
) -> Option<T> {
    use_context::<crate::app::Preloaded>()?.take(path, pick)
}

/// Shows `data` at once when the page carried it; otherwise fetches it with
/// `fetch` and shows it through [`loaded`].
pub fn with_data<T, Fut, V>(
    data: Option<T>,
    fetch: impl Fn() -> Fut + 'static,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
    V: IntoView + 'static,
{
    match data {
        Some(data) => render(data).into_any(),
        None => loaded(LocalResource::new(fetch), render).into_any(),
    }
}
