//! Small monochrome icons beside the share and sign-up links, drawn for
//! govblog (in the current text colour, so they follow link states). They
//! are decoration: every link keeps its words, so the icons are hidden from
//! assistive technology.

use leptos::prelude::*;

/// The icons govblog draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    X,
    Facebook,
    LinkedIn,
    Bluesky,
    Email,
    Feed,
    Search,
}

impl Icon {
    /// A share service's icon, by the name its link shows.
    pub fn for_service(name: &str) -> Option<Icon> {
        Some(match name {
            "X (formerly Twitter)" => Icon::X,
            "Facebook" => Icon::Facebook,
            "LinkedIn" => Icon::LinkedIn,
            "Bluesky" => Icon::Bluesky,
            "Email" => Icon::Email,
            _ => return None,
        })
    }

    /// Shapes on a 24 × 24 grid: filled paths, then stroked ones.
    fn shapes(self) -> (&'static str, &'static str) {
        match self {
            Icon::X => ("", "M5 5 L19 19 M19 5 L5 19"),
            Icon::Facebook => ("M13.5 22v-8h2.7l.4-3.2h-3.1V8.8c0-.9.3-1.6 1.6-1.6h1.7V4.4c-.3 0-1.3-.1-2.5-.1-2.5 0-4.1 1.5-4.1 4.2v2.3H7.5V14h2.7v8z", ""),
            Icon::LinkedIn => ("M4 9h3.6v11H4zM5.8 3.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM9.8 9h3.4v1.6c.5-.9 1.7-1.9 3.5-1.9 3.7 0 4.3 2.4 4.3 5.5V20h-3.6v-5.1c0-1.2 0-2.8-1.7-2.8s-2 1.3-2 2.7V20H9.8z", ""),
            Icon::Bluesky => ("M12 11C10.5 8 6.5 3.5 4 4c-2.2.4-1.2 6 .5 7.3 1.3 1 3.6 1.2 5 .9-3 .7-5 2.4-2.3 5.3 2.8 2.9 4.2-1.2 4.8-3.7.6 2.5 2 6.6 4.8 3.7 2.7-2.9.7-4.6-2.3-5.3 1.4.3 3.7.1 5-.9 1.7-1.3 2.7-6.9.5-7.3-2.5-.5-6.5 4-8 7z", ""),
            Icon::Email => ("", "M3 6h18v12H3z M3 6l9 7 9-7"),
            Icon::Feed => ("M6 20a2 2 0 1 1 0-4 2 2 0 0 1 0 4z", "M4 11a9 9 0 0 1 9 9 M4 4a16 16 0 0 1 16 16"),
            Icon::Search => ("", "M10 3.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13z M15 15l6 6"),
        }
    }
}

/// `icon`, sized to the text beside it.
#[component]
pub fn IconSvg(icon: Icon) -> impl IntoView {
    let (fill, stroke) = icon.shapes();
    view! {
        <svg class="govblog-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
            {(!fill.is_empty()).then(|| view! { <path d=fill fill="currentColor"></path> })}
            {(!stroke.is_empty()).then(|| view! {
                <path d=stroke fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"></path>
            })}
        </svg>
    }
}
