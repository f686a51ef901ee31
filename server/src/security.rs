//! Security headers on every response: a Content-Security-Policy that
//! allows only the blog's own scripts (Trunk's inline loader by its hash)
//! and WebAssembly, `frame-ancestors` from configuration, no MIME sniffing,
//! a strict referrer policy, and HSTS when the blog is served over HTTPS.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

/// The header values, worked out once at start-up.
#[derive(Clone)]
pub struct SecurityHeaders(Arc<Vec<(HeaderName, HeaderValue)>>);

impl SecurityHeaders {
    /// `index_html` is Trunk's page, whose inline module script loads the
    /// wasm; `frame_ancestors` the sites that may frame the blog.
    pub fn new(index_html: Option<&str>, frame_ancestors: &[String], https: bool) -> SecurityHeaders {
        let script_hashes: Vec<String> = index_html
            .map(inline_scripts)
            .unwrap_or_default()
            .iter()
            .map(|s| {
                let digest = Sha256::digest(s.as_bytes());
                format!("'sha256-{}'", base64(&digest))
            })
            .collect();
        let ancestors =
            if frame_ancestors.is_empty() { "'self'".to_owned() } else { frame_ancestors.join(" ") };
        // The one frame a page may hold: a video's player, once the reader
        // asks for it (`govblog_shared::video`).
        let player = govblog_shared::video::PLAYER_ORIGIN;
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
             img-src 'self' data: https:; font-src 'self'; connect-src 'self'; object-src 'none'; \
             frame-src {player}; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}",
            script_hashes.join(" ")
        );
        let mut headers = vec![
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::REFERRER_POLICY, "strict-origin-when-cross-origin".to_owned()),
        ];
        if https {
            headers
                .push((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains".to_owned()));
        }
        let headers = headers
            .into_iter()
            .filter_map(|(name, value)| HeaderValue::from_str(&value).ok().map(|v| (name, v)))
            .collect();
        SecurityHeaders(Arc::new(headers))
    }
}

pub async fn add_headers(State(headers): State<SecurityHeaders>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    for (name, value) in headers.0.iter() {
        response.headers_mut().entry(name.clone()).or_insert_with(|| value.clone());
    }
    response
}

/// The text of every inline `<script>` that runs (not data blocks).
fn inline_scripts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + close];
        if !tag.contains(" src=") && !tag.contains("application/json") {
            out.push(body.to_owned());
        }
        rest = &after[body_start + close..];
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_inline_loader_only() {
        let html = "<script type=\"module\">import x from '/a.js';</script>\
                    <script src=\"/b.js\"></script><script type=\"application/json\">{}</script>";
        assert_eq!(inline_scripts(html), ["import x from '/a.js';"]);
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
