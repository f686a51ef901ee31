//! "Share this page", as on GOV.UK Blogs: X, Facebook, LinkedIn, Bluesky
//! and email, then Copy link.

use govblog_shared::share::share_links;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::icons::{Icon, IconSvg};

#[component]
pub fn ShareLinks(title: String, url: String, blog_name: String) -> impl IntoView {
    let links = share_links(&title, &url, &blog_name);
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&url);
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
            <ul class="govuk-list govblog-icon-list">
                {links
                    .into_iter()
                    .map(|l| {
                        let icon = Icon::for_service(l.name).map(|icon| view! { <IconSvg icon/> });
                        if l.new_tab {
                            view! {
                                <li>
                                    <a class="govuk-link govblog-icon-link" href=l.href target="_blank" rel="noopener noreferrer">
                                        {icon}
                                        {l.name}
                                        <span class="govuk-visually-hidden">" (opens in new tab)"</span>
                                    </a>
                                </li>
                            }
                            .into_any()
                        } else {
                            view! {
                                <li><a class="govuk-link govblog-icon-link" href=l.href rel="external">{icon} {l.name}</a></li>
                            }
                            .into_any()
                        }
                    })
                    .collect_view()}
            </ul>
            // Drawn by the server too, so nothing moves when the app takes
            // over; hidden where scripts cannot run (style/govblog.css). A
            // click before the app runs is answered once it does
            // (`data-needs-app`, see Trunk.toml and src/takeover.rs).
            <div class="govuk-button-group govblog-needs-script">
                <button type="button" id="copy-link" class="govuk-button govuk-button--secondary"
                    data-module="govuk-button" data-needs-app="" on:click=copy>
                    "Copy link"
                </button>
            </div>
            <p class="govuk-body-s" aria-live="polite" role="status">{move || status.get()}</p>
        </div>
    }
}
