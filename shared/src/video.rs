//! Videos in posts. A post links to its videos (nothing from the video site
//! loads with the page); the app offers to play one in place, and only then
//! loads YouTube's player from its no-cookie host, which the Content
//! Security Policy allows as the one frame source.

/// Where the player comes from: YouTube's host that sets no cookies until
/// the video plays.
pub const PLAYER_ORIGIN: &str = "https://www.youtube-nocookie.com";

/// The video ID in a link to a YouTube video (`youtube.com/watch?v=`,
/// `youtu.be/`, an embed address), if it is one.
pub fn youtube_id(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.strip_prefix("www.").or_else(|| rest.strip_prefix("m.")).unwrap_or(rest);
    let id = if let Some(query) = rest.strip_prefix("youtube.com/watch?") {
        query.split('&').find_map(|pair| pair.strip_prefix("v="))?
    } else {
        ["youtu.be/", "youtube.com/embed/", "youtube-nocookie.com/embed/"]
            .iter()
            .find_map(|prefix| rest.strip_prefix(prefix))?
    };
    let end = id.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(id.len());
    let id = &id[..end];
    (6..=20).contains(&id.len()).then_some(id)
}

/// The player's address for video `id` (checked by [`youtube_id`]), set to
/// play at once: the reader asked for it.
pub fn player_url(id: &str) -> String {
    format!("{PLAYER_ORIGIN}/embed/{id}?autoplay=1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_ids_from_every_kind_of_link() {
        for url in [
            "https://www.youtube.com/watch?v=Abc123xyz_-",
            "https://youtube.com/watch?feature=share&v=Abc123xyz_-",
            "http://youtu.be/Abc123xyz_-?t=30",
            "https://www.youtube.com/embed/Abc123xyz_-",
            "https://www.youtube-nocookie.com/embed/Abc123xyz_-",
            "https://m.youtube.com/watch?v=Abc123xyz_-#t=1",
        ] {
            assert_eq!(youtube_id(url), Some("Abc123xyz_-"), "{url}");
        }
        for url in [
            "https://evil.example/youtube.com/watch?v=Abc123xyz",
            "https://www.youtube.com.evil.example/watch?v=Abc123xyz",
            "https://www.youtube.com/watch?v=",
            "https://www.youtube.com/watch?v=\"><script>",
            "javascript:alert(1)//youtu.be/Abc123xyz",
            "https://vimeo.com/12345678",
        ] {
            assert_eq!(youtube_id(url), None, "{url}");
        }
        assert_eq!(player_url("Abc123xyz"), "https://www.youtube-nocookie.com/embed/Abc123xyz?autoplay=1");
    }
}
