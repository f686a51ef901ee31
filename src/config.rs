//! Where the app finds its API, read from the element it mounts into:
//! `<div id="govblog" data-api-base="https://blog.example.gov.uk/api/v1/">`.
//! Without that attribute it uses the site it is served from.

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The API's base URL, ending in `/`.
    pub api_base: String,
}

impl Default for Config {
    fn default() -> Self {
        Config { api_base: "/api/v1/".into() }
    }
}

impl Config {
    pub fn from_page() -> Config {
        let data = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("govblog"))
            .and_then(|e| e.get_attribute("data-api-base"));
        match data {
            Some(base) if !base.trim().is_empty() => {
                let base = base.trim();
                let api_base = if base.ends_with('/') { base.to_owned() } else { format!("{base}/") };
                Config { api_base }
            }
            _ => Config::default(),
        }
    }
}
