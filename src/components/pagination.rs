//! The GOV.UK pagination component: Previous, numbered pages, Next.

use govblog_shared::permalink::Route;
use leptos::prelude::*;

use crate::config::href;

/// Which page numbers to show: the first, the last, and those next to the
/// current one; `None` marks a gap shown as an ellipsis.
pub fn page_items(current: u32, total: u32) -> Vec<Option<u32>> {
    let mut items = Vec::new();
    for n in 1..=total {
        if n == 1 || n == total || n.abs_diff(current) <= 1 {
            items.push(Some(n));
        } else if items.last() != Some(&None) {
            items.push(None);
        }
    }
    items
}

#[component]
pub fn Pagination(
    current: u32,
    total_pages: u32,
    /// The list being paged through; its pages are `list.with_page(n)`.
    list: Route,
) -> impl IntoView {
    if total_pages <= 1 {
        return ().into_any();
    }
    let page_href = move |n: u32| href(&list.with_page(n).path());
    let prev = (current > 1).then(|| page_href(current - 1));
    let next = (current < total_pages).then(|| page_href(current + 1));
    let items = page_items(current, total_pages)
        .into_iter()
        .map(|item| match item {
            Some(n) if n == current => view! {
                <li class="govuk-pagination__item govuk-pagination__item--current">
                    <a class="govuk-link govuk-pagination__link" href=page_href(n)
                        aria-label=format!("Page {n}") aria-current="page">{n}</a>
                </li>
            }
            .into_any(),
            Some(n) => view! {
                <li class="govuk-pagination__item">
                    <a class="govuk-link govuk-pagination__link" href=page_href(n)
                        aria-label=format!("Page {n}")>{n}</a>
                </li>
            }
            .into_any(),
            None => view! { <li class="govuk-pagination__item govuk-pagination__item--ellipses">"⋯"</li> }
                .into_any(),
        })
        .collect_view();
    view! {
        <nav class="govuk-pagination" aria-label="Pagination">
            {prev.map(|href| view! {
                <div class="govuk-pagination__prev">
                    <a class="govuk-link govuk-pagination__link" href=href rel="prev">
                        <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg"
                            height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                            <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
                        </svg>
                        <span class="govuk-pagination__link-title">
                            "Previous"<span class="govuk-visually-hidden">" page"</span>
                        </span>
                    </a>
                </div>
            })}
            <ul class="govuk-pagination__list">{items}</ul>
            {next.map(|href| view! {
                <div class="govuk-pagination__next">
                    <a class="govuk-link govuk-pagination__link" href=href rel="next">
                        <span class="govuk-pagination__link-title">
                            "Next"<span class="govuk-visually-hidden">" page"</span>
                        </span>
                        <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg"
                            height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                            <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
                        </svg>
                    </a>
                </div>
            })}
        </nav>
    }
    .into_any()
}
