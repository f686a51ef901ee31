//! Starts the real app on a free port over a temporary SQLite file seeded
//! from the demo content folder.
#![allow(dead_code)]

use std::path::PathBuf;

use govblog_server::{app, open_store, Config};
use serde_json::Value;

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub const INDEX: &str = "<!DOCTYPE html><html><body><div id=\"govblog\"></div></body></html>";

pub async fn start() -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join("govblog-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("assets/plain.txt"), b"plain").unwrap();
    let config = Config {
        database: dir.path().join("test.db"),
        content: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content"),
        dist,
        host: "127.0.0.1".parse().unwrap(),
        port: 0,
        public_url: Some("https://blog.example.gov.uk".into()),
    };
    let store = open_store(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(&config, store);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    TestServer { base: format!("http://{addr}"), client: reqwest::Client::new(), _dir: dir }
}

impl TestServer {
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        let status = r.status().as_u16();
        let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        assert!(ct.starts_with("application/json"), "{path}: content-type {ct}");
        (status, r.json().await.unwrap())
    }

    pub async fn raw(&self, method: reqwest::Method, path: &str) -> reqwest::Response {
        self.client.request(method, format!("{}{path}", self.base)).send().await.unwrap()
    }
}

pub fn assert_error(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"]["code"], want_code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

impl TestServer {
    /// A non-JSON response's status, content type and body.
    pub async fn text(&self, path: &str) -> (u16, String, String) {
        let r = self.raw(reqwest::Method::GET, path).await;
        let status = r.status().as_u16();
        let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        (status, ct, r.text().await.unwrap())
    }
}
