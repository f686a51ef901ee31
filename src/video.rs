//! A post's videos, played in place once the reader asks. The page has a
//! link to each video (all a reader without JavaScript, or before the app
//! starts, gets: nothing loads from the video site); the app puts a "Play
//! the video" button before it, which swaps in YouTube's player from its
//! no-cookie host and moves focus to it.

use govblog_shared::video::{player_url, youtube_id};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Offers to play each YouTube video a post shows as a video: a link of
/// its own in a figure, or the link an imported embed became ("Watch the
/// video on YouTube"). A link to a video within a sentence stays a link.
pub fn offer_to_play(body: &web_sys::Element) {
    let Some(document) = body.owner_document() else { return };
    let Ok(links) = body.query_selector_all("a[href]") else { return };
    for i in 0..links.length() {
        let Some(link) = links.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let Some(href) = link.get_attribute("href") else { continue };
        let Some(id) = youtube_id(&href) else { continue };
        let text = link.text_content().unwrap_or_default();
        let in_figure = link.closest("figure").ok().flatten();
        let Some(block) = (if text.starts_with("Watch the video on YouTube") || in_figure.is_some() {
            in_figure.or_else(|| link.closest("p").ok().flatten())
        } else {
            None
        }) else {
            continue;
        };
        // Offered once, however often the body is drawn.
        if block.query_selector(".govblog-video__play").ok().flatten().is_some() {
            continue;
        }
        let title =
            text.trim_start_matches("Watch the video on YouTube").trim_start_matches(':').trim().to_owned();
        let _ = offer(&document, &block, &player_url(id), &title);
    }
}

fn offer(document: &web_sys::Document, block: &web_sys::Element, src: &str, title: &str) -> Option<()> {
    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok()?;
    button.set_attribute("class", "govuk-button govuk-button--secondary govblog-video__play").ok()?;
    button.set_attribute("data-module", "govuk-button").ok()?;
    let hidden = if title.is_empty() { String::new() } else { format!(": {title}") };
    button.set_inner_html(&format!(
        "Play the video<span class=\"govuk-visually-hidden\">{}</span>",
        govblog_shared::html::escape(&hidden)
    ));
    block.prepend_with_node_1(&button).ok()?;
    let (document, src, title) = (document.clone(), src.to_owned(), title.to_owned());
    let played = button.clone();
    let play = Closure::<dyn FnMut()>::new(move || {
        let Ok(frame) = document.create_element("div") else { return };
        let Ok(player) = document.create_element("iframe") else { return };
        let name = if title.is_empty() { "Video".to_owned() } else { format!("Video: {title}") };
        for (name, value) in [
            ("src", src.as_str()),
            ("title", name.as_str()),
            ("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen"),
            ("allowfullscreen", ""),
            ("referrerpolicy", "strict-origin-when-cross-origin"),
        ] {
            let _ = player.set_attribute(name, value);
        }
        let _ = frame.set_attribute("class", "govblog-video__frame");
        let _ = frame.append_child(&player);
        let _ = played.replace_with_with_node_1(&frame);
        if let Ok(player) = player.dyn_into::<web_sys::HtmlElement>() {
            let _ = player.focus();
        }
    });
    button.add_event_listener_with_callback("click", play.as_ref().unchecked_ref()).ok()?;
    // The button lives as long as the page: so does its listener.
    play.forget();
    Some(())
}
