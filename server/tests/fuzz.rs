//! Random requests against the real app: whatever the path, query string,
//! headers or body, the answer is never a server error, API errors are JSON
//! with a 4xx status, and the server keeps answering. A bounded run goes
//! with every `cargo test`; proptest keeps failures under `proptest-regressions/`.

mod common;

use proptest::prelude::*;
use serde_json::Value;

const CASES: u32 = 1000;

/// Percent-encodes what a URL cannot carry, keeping `/`, `?`, `&`, `=` and
/// `%` so that random text still looks like paths and queries.
fn url_safe(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/?&=%+".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn path_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("posts".to_owned()),
        Just("2025".to_owned()),
        Just("04".to_owned()),
        Just("03".to_owned()),
        Just("counting-what-matters-in-waiting-times".to_owned()),
        Just("comments".to_owned()),
        Just("categories".to_owned()),
        Just("search".to_owned()),
        Just("admin".to_owned()),
        Just("..".to_owned()),
        Just("%00".to_owned()),
        Just("%ff".to_owned()),
        "[a-z0-9-]{0,8}",
        any::<String>(),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("page"),
        Just("per_page"),
        Just("q"),
        Just("s"),
        Just("category"),
        Just("year"),
        Just("month"),
        Just("status"),
        Just("x")
    ];
    let value = prop_oneof![
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("1e3".to_owned()),
        "[0-9]{1,4}",
        any::<String>(),
    ];
    prop::collection::vec((key, value), 0..4).prop_map(|pairs| {
        pairs.into_iter().map(|(k, v)| format!("{k}={}", url_safe(&v))).collect::<Vec<_>>().join("&")
    })
}

/// Bodies shaped like a comment or subscription, or not at all.
fn body() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[a-z.]{1,10}@[a-z]{1,8}\\.[a-z]{2,3}".prop_map(Value::from),
        Just(Value::Array(vec![])),
    ];
    let object = prop::collection::vec(
        (
            prop_oneof![
                Just("text"),
                Just("name"),
                Just("email"),
                Just("parent_id"),
                Just("website"),
                Just("token")
            ],
            field,
        ),
        0..6,
    )
    .prop_map(|fields| {
        Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()).to_string()
    });
    prop_oneof![object, any::<String>(), Just("{".to_owned()), Just("null".to_owned())]
}

/// `url` is the address as sent: the client resolves `..` before sending.
fn assert_answer(method: &str, url: &reqwest::Url, status: u16, content_type: &str, body: &str) {
    assert!(status < 500, "{method} {url}: {status} {body}");
    if url.path().starts_with("/api/") && status >= 400 {
        assert!(content_type.starts_with("application/json"), "{method} {url}: {content_type}");
        let json: Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{method} {url}: {e}: {body}"));
        assert!(json["error"]["message"].is_string(), "{method} {url}: {body}");
    }
}

#[test]
fn random_requests_never_break_the_server() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(common::start());
    let config = ProptestConfig::with_cases(CASES);
    proptest!(config, |(
        api in any::<bool>(),
        pieces in prop::collection::vec(path_piece(), 0..6),
        trailing_slash in any::<bool>(),
        query in query(),
        post in any::<bool>(),
        body in body(),
        ip in any::<[u8; 4]>(),
    )| {
        let path = pieces.iter().map(|p| url_safe(p)).collect::<Vec<_>>().join("/");
        let prefix = if api { "/api/v1/" } else { "/" };
        let slash = if trailing_slash { "/" } else { "" };
        let url = format!("{}{prefix}{path}{slash}?{query}", server.base);
        let (method, sent, status, content_type, text) = runtime.block_on(async {
            let request = if post {
                server.client.post(&url).header("content-type", "application/json").body(body.clone())
            } else {
                server.client.get(&url)
            };
            let ip = std::net::Ipv4Addr::from(ip).to_string();
            let r = request.header("x-forwarded-for", ip).send().await.expect("the server answers");
            let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let sent = r.url().clone();
            (if post { "POST" } else { "GET" }, sent, r.status().as_u16(), ct, r.text().await.unwrap_or_default())
        });
        assert_answer(method, &sent, status, &content_type, &text);
    });
    // Still serving normally afterwards.
    let (status, _) = runtime.block_on(server.get("/api/v1/posts"));
    assert_eq!(status, 200);
}
