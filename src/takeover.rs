//! The app takes over a page the reader may already be using: it starts on
//! their first key, click, tap or focus (see `Trunk.toml`), and replaces the
//! server's HTML with its own identical rendering. What the reader did in
//! the meantime is carried across: where they had scrolled to, what they
//! had typed or chosen in the forms, which field they were in, and a click
//! on a control only the app can answer.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The reader's place and input on the page, read before the takeover.
pub struct ReaderState {
    scroll: (f64, f64),
    /// (control `id`, value, checked)
    fields: Vec<(String, String, bool)>,
    /// Where focus is (see [`Place`]), and the selection if in a field.
    focus: Option<(Place, Option<u32>, Option<u32>)>,
}

/// An element of the page: by its `id`, or, as most links and the error
/// summary have none, as the Nth element of its tag and classes, which the
/// app's identical rendering keeps (its other elements may differ a little:
/// the server's page carries its data in a script, for one).
enum Place {
    Id(String),
    Nth { tag: String, class: String, index: u32 },
}

impl Place {
    fn of(root: &Element, el: &Element) -> Option<Place> {
        if !el.id().is_empty() {
            return Some(Place::Id(el.id()));
        }
        let (tag, class) = (el.tag_name(), el.get_attribute("class").unwrap_or_default());
        let index = Self::alike(root, &tag, &class).position(|e| e.is_same_node(Some(el)))? as u32;
        Some(Place::Nth { tag, class, index })
    }

    fn find(&self, root: &Element) -> Option<Element> {
        match self {
            Place::Id(id) => root.owner_document()?.get_element_by_id(id),
            Place::Nth { tag, class, index } => Self::alike(root, tag, class).nth(*index as usize),
        }
    }

    /// The elements in `root` of this tag and class attribute, in order.
    fn alike<'a>(root: &Element, tag: &'a str, class: &'a str) -> impl Iterator<Item = Element> + 'a {
        let all = root.get_elements_by_tag_name(tag);
        (0..all.length())
            .filter_map(move |i| all.item(i))
            .filter(move |e| e.get_attribute("class").unwrap_or_default() == class)
    }
}

impl ReaderState {
    pub fn read(root: &Element) -> ReaderState {
        let window = web_sys::window().expect("a window");
        let scroll = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        let mut fields = Vec::new();
        if let Ok(controls) = root.query_selector_all("input[id], textarea[id], select[id]") {
            for i in 0..controls.length() {
                let Some(node) = controls.item(i) else { continue };
                if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
                    fields.push((input.id(), input.value(), input.checked()));
                } else if let Some(text) = node.dyn_ref::<HtmlTextAreaElement>() {
                    fields.push((text.id(), text.value(), false));
                } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
                    fields.push((select.id(), select.value(), false));
                }
            }
        }
        let focus =
            window.document().and_then(|d| d.active_element()).filter(|e| root.contains(Some(e))).and_then(
                |e| {
                    let (start, end) =
                        match (e.dyn_ref::<HtmlInputElement>(), e.dyn_ref::<HtmlTextAreaElement>()) {
                            (Some(input), _) => {
                                (input.selection_start().ok().flatten(), input.selection_end().ok().flatten())
                            }
                            (_, Some(text)) => {
                                (text.selection_start().ok().flatten(), text.selection_end().ok().flatten())
                            }
                            _ => (None, None),
                        };
                    Some((Place::of(root, &e)?, start, end))
                },
            );
        ReaderState { scroll, fields, focus }
    }

    /// Puts it all back in the app's rendering (now in `root`), telling the
    /// app about each changed field as typing would.
    pub fn restore(self, root: &Element) {
        let Some(window) = web_sys::window() else { return };
        let Some(document) = window.document() else { return };
        for (id, value, checked) in self.fields {
            let Some(el) = document.get_element_by_id(&id) else { continue };
            let changed = if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                let was = (input.value(), input.checked());
                input.set_value(&value);
                input.set_checked(checked);
                was != (value, checked)
            } else if let Some(text) = el.dyn_ref::<HtmlTextAreaElement>() {
                let was = text.value();
                text.set_value(&value);
                was != value
            } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
                let was = select.value();
                select.set_value(&value);
                was != value
            } else {
                false
            };
            if changed {
                for kind in ["input", "change"] {
                    let init = web_sys::EventInit::new();
                    init.set_bubbles(true);
                    if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                        let _ = el.dispatch_event(&event);
                    }
                }
            }
        }
        // A link to a comment opens the page focused on it, as after the app
        // moves to one (`components::comments`): this page was drawn out of
        // the document, where nothing takes focus.
        let hash = window.location().hash().unwrap_or_default();
        if let Some(el) = hash
            .strip_prefix('#')
            .filter(|id| id.starts_with("comment-"))
            .and_then(|id| document.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
        }
        if let Some((place, start, end)) = self.focus {
            if let Some(el) = place.find(root).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = el.focus_with_options(&options);
                if let (Some(start), Some(end)) = (start, end) {
                    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                        let _ = input.set_selection_range(start, end);
                    } else if let Some(text) = el.dyn_ref::<HtmlTextAreaElement>() {
                        let _ = text.set_selection_range(start, end);
                    }
                }
            }
        }
        window.scroll_to_with_x_and_y(self.scroll.0, self.scroll.1);
        // A control the reader clicked before the app could answer it.
        let clicked =
            js_sys::Reflect::get(&window, &"govblogClicked".into()).ok().and_then(|v| v.as_string());
        if let Some(el) = clicked.and_then(|id| document.get_element_by_id(&id)) {
            let _ = js_sys::Reflect::delete_property(&window, &"govblogClicked".into());
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                el.click();
            }
        }
    }
}
