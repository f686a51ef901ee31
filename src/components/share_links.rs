//! "Share this page", as on GOV.UK Blogs: X, Facebook, LinkedIn, Bluesky
//! and email, then the browser's own Share (where it has one) and Copy link.

use govblog_shared::share::share_links;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ShareLinks(title: String, url: String, blog_name: String) -> impl IntoView {
    let links = share_links(&title, &url, &blog_name);
    // Both buttons need script, so they appear only once the app runs in the
    // browser: the server's HTML (read without JavaScript) has neither.
    let scripted = RwSignal::new(false);
    let can_share = RwSignal::new(false);
    Effect::new(move || {
        scripted.set(true);
        can_share.set(has_web_share());
    });
    let status = RwSignal::new(String::new());
    let (share_title, share_url, copy_url) = (title.clone(), url.clone(), url.clone());
    let share = move |_| {
        let data = web_sys::ShareData::new();
        data.set_title(&share_title);
        data.set_url(&share_url);
        let promise = window().navigator().share_with_data(&data);
        spawn_local(async move {
            // Cancelling the share sheet rejects the promise: nothing to report.
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    };
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&copy_url);
        spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            status.set(if copied {
                "Link copied".into()
            } else {
                "The link could not be copied. Copy it from the address bar instead.".into()
            });
        });
    };
    view! {
        <div class="govblog-share">
            <h3 class="govuk-heading-s">"Share this page"</h3>
            <ul class="govuk-list govblog-share__list">
                {links
                    .into_iter()
                    .map(|l| {
                        if l.new_tab {
                            view! {
                                <li>
                                    <a class="govuk-link" href=l.href target="_blank" rel="noopener noreferrer">
                                        {l.name}
                                        <span class="govuk-visually-hidden">" (opens in new tab)"</span>
                                    </a>
                                </li>
                            }
                            .into_any()
                        } else {
                            view! { <li><a class="govuk-link" href=l.href rel="external">{l.name}</a></li> }.into_any()
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="govuk-button-group">
                // Not `hidden`: govuk-button's display rule would override it.
                {move || can_share.get().then(|| {
                    let share = share.clone();
                    view! {
                        <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button"
                            on:click=share>
                            "Share"
                        </button>
                    }
                })}
                {move || scripted.get().then(|| {
                    let copy = copy.clone();
                    view! {
                        <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button"
                            on:click=copy>
                            "Copy link"
                        </button>
                    }
                })}
            </div>
            <p class="govuk-body-s" aria-live="polite" role="status">{move || status.get()}</p>
        </div>
    }
}

/// Does this browser have the Web Share API?
fn has_web_share() -> bool {
    let navigator: wasm_bindgen::JsValue = window().navigator().into();
    js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false)
        && js_sys::Reflect::get(&navigator, &"share".into()).is_ok_and(|f| f.is_function())
}
