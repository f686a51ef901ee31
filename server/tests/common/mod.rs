//! Starts the real app on a free port over a new database seeded from the
//! demo content folder: a temporary SQLite file, or, when the tests run
//! against PostgreSQL (`scripts/postgres.sh run cargo test`), a new
//! database on that server.
#![allow(dead_code)]

pub mod wordpress;

use std::path::{Path, PathBuf};

use govblog_server::mail::Mailer;
use govblog_server::storage::Database;
use govblog_server::{app, open_store, Config};
use serde_json::Value;
use sqlx::{Connection, Executor};

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub outbox: PathBuf,
    pub database: Database,
    pub config: Config,
    /// The outbox's files in the order the tests first saw them: file times
    /// may be as coarse as a second on some file systems, so they cannot
    /// order emails sent within one.
    seen: std::sync::Arc<std::sync::Mutex<Vec<PathBuf>>>,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

/// The PostgreSQL server the tests run against, if any.
pub fn postgres() -> Option<String> {
    std::env::var("GOVBLOG_TEST_POSTGRES").ok().filter(|u| !u.is_empty())
}

/// A new, empty database for one test: an SQLite file in `dir`, or a new
/// database on the tests' PostgreSQL server.
pub async fn fresh_database(dir: &Path) -> Database {
    let Some(server) = postgres() else { return Database::Sqlite(dir.join("test.db")) };
    sqlx::any::install_default_drivers();
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    let name: String = "t"
        .chars()
        .chain(bytes.iter().flat_map(|b| format!("{b:02x}").chars().collect::<Vec<_>>()))
        .collect();
    let mut admin = sqlx::AnyConnection::connect(&server).await.unwrap();
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    admin.close().await.unwrap();
    let mut url = url::Url::parse(&server).unwrap();
    url.set_path(&name);
    Database::Postgres(url.to_string())
}

/// Shaped like Trunk's `dist/index.html`: the server fills in the title and the mount point.
pub const INDEX: &str = "<!DOCTYPE html><html><head><title>Blog</title></head><body>\
    <div id=\"govblog\" class=\"govuk-frontend-supported\"></div></body></html>";

pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

pub const ADMIN_TOKEN: &str = "test-moderator-token-0123456789";

/// Starts the app with the test defaults changed by `configure`. Flood
/// control trusts `X-Forwarded-For`, so tests can post as distinct readers.
pub async fn start_with(configure: impl FnOnce(&mut Config)) -> TestServer {
    let (config, dir) = test_config().await;
    let mut config = config;
    configure(&mut config);
    start_on(config, std::sync::Arc::new(dir)).await
}

/// A server on a new database holding what the WordPress export at `file`
/// imports (and no demo content).
pub async fn start_imported(file: &Path) -> TestServer {
    let (config, dir) = test_config().await;
    let store = govblog_server::open_database(&config).await.unwrap();
    let options = govblog_server::wordpress::Options {
        dry_run: false,
        uploads_from: None,
        uploads_to: config.uploads.clone(),
    };
    govblog_server::wordpress::import(store.first(), file, &options).await.unwrap();
    start_on(config, std::sync::Arc::new(dir)).await
}

/// The tests' settings, over a new database and folders.
async fn test_config() -> (Config, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join("govblog-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    // What `make` writes beside each file: its brotli copy.
    std::fs::write(dist.join("govblog-0123456789abcdef_bg.wasm.br"), b"brotli copy").unwrap();
    std::fs::write(dist.join("assets/plain.txt"), b"plain").unwrap();
    let config = Config {
        database: dir.path().join("test.db"),
        database_url: match &database {
            Database::Postgres(url) => Some(url.clone()),
            Database::Sqlite(path) => Some(path.display().to_string()),
        },
        content: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content"),
        uploads: dir.path().join("uploads"),
        dist,
        host: "127.0.0.1".parse().unwrap(),
        port: 0,
        public_url: Some("https://blog.example.gov.uk".into()),
        admin_token: Some(ADMIN_TOKEN.into()),
        smtp_url: None,
        outbox: dir.path().join("outbox"),
        mail_from: "Civic Design Lab <noreply@blog.example.gov.uk>".into(),
        comment_interval: 15,
        comments_per_hour: 20,
        trust_proxy: true,
        proxy_hops: 1,
        shutdown_timeout: 20,
        shutdown_drain: 0,
        log_format: "text".into(),
        metrics_addr: None,
        network_host: None,
        network_name: "GOV.UK blogs".into(),
        ssr: true,
        frame_ancestors: Vec::new(),
        cors_origins: vec!["https://www.example.gov.uk".into()],
        wordpress_url: None,
        wordpress_user: None,
        wordpress_app_password: None,
        wordpress_poll: 30,
        wordpress_full_check: 300,
        wordpress_secret: None,
    };
    (config, dir)
}

/// Another server on the same database and folders as `other`: a second
/// instance of the blog.
pub async fn second_instance(other: &TestServer) -> TestServer {
    start_on(other.config.clone(), other._dir.clone()).await
}

async fn start_on(config: Config, dir: std::sync::Arc<tempfile::TempDir>) -> TestServer {
    let store = open_store(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mailer = Mailer::new(None, config.outbox.clone(), &config.mail_from).unwrap();
    let router = app(&config, store, mailer).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(govblog_server::no_delay(listener), router).await.unwrap() });
    TestServer {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        outbox: config.outbox.clone(),
        database: config.database(),
        config,
        seen: Default::default(),
        _dir: dir,
    }
}

impl TestServer {
    /// Another handle on the same running server.
    pub fn clone_handle(&self) -> TestServer {
        TestServer {
            base: self.base.clone(),
            client: self.client.clone(),
            outbox: self.outbox.clone(),
            database: self.database.clone(),
            config: self.config.clone(),
            seen: self.seen.clone(),
            _dir: self._dir.clone(),
        }
    }

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

impl TestServer {
    /// POSTs JSON as the reader at `ip`; returns status and JSON body.
    pub async fn post(&self, path: &str, ip: &str, body: &Value) -> (u16, Value) {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("x-forwarded-for", ip)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Every email in the outbox, as text, oldest first.
    pub fn emails(&self) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(&self.outbox) else { return Vec::new() };
        let mut new: Vec<_> = dir
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        let mut seen = self.seen.lock().unwrap();
        new.retain(|p| !seen.contains(p));
        new.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        seen.extend(new);
        seen.iter()
            .map(|p| {
                // Headers as they are; the body undone of its transfer encoding.
                let eml = std::fs::read_to_string(p).unwrap();
                let (head, body) = eml.split_once("\r\n\r\n").or_else(|| eml.split_once("\n\n")).unwrap();
                format!("{head}\n\n{}", decode_quoted_printable(body))
            })
            .collect()
    }
}

/// Undoes quoted-printable encoding (soft line breaks and `=XX`), which
/// lettre uses for bodies with long lines such as links.
fn decode_quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The real server binary (`govblog-server`, as an operator runs it) on a
/// new database and folders, with the tests' environment and `env`.
pub struct ServerProcess {
    pub base: String,
    pub database: Database,
    pub child: Option<std::process::Child>,
    env: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

impl ServerProcess {
    pub async fn new(env: &[(&str, &str)]) -> ServerProcess {
        let dir = tempfile::tempdir().unwrap();
        let database = fresh_database(dir.path()).await;
        let url = match &database {
            Database::Postgres(url) => url.clone(),
            Database::Sqlite(path) => path.display().to_string(),
        };
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), INDEX).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut all: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), url),
            ("GOVBLOG_DIST".into(), dist.display().to_string()),
            ("GOVBLOG_CONTENT".into(), concat!(env!("CARGO_MANIFEST_DIR"), "/../content").into()),
            ("GOVBLOG_OUTBOX".into(), dir.path().join("outbox").display().to_string()),
            ("GOVBLOG_UPLOADS".into(), dir.path().join("uploads").display().to_string()),
            ("PORT".into(), port.to_string()),
            ("HOST".into(), "127.0.0.1".into()),
            ("RUST_LOG".into(), "error".into()),
        ];
        all.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        ServerProcess { base: format!("http://127.0.0.1:{port}"), database, child: None, env: all, _dir: dir }
    }

    /// Another server on the same database and folders, on its own port:
    /// a second instance of the deployment.
    pub fn beside(&self) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut env = self.env.clone();
        env.retain(|(k, _)| k != "PORT");
        env.push(("PORT".into(), port.to_string()));
        ServerProcess {
            base: format!("http://127.0.0.1:{port}"),
            database: self.database.clone(),
            child: None,
            env,
            _dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The server's command with `args`, in its environment.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_govblog-server"));
        c.args(args).envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    /// Starts `serve` and waits until it answers. What it logs is kept: [`Self::logs`].
    pub async fn serve(&mut self) {
        let log = std::fs::File::create(self._dir.path().join("server.log")).unwrap();
        self.child = Some(self.command(&["serve"]).stdout(log).spawn().unwrap());
        let started = std::time::Instant::now();
        while reqwest::get(format!("{}/healthz", self.base)).await.is_err() {
            assert!(started.elapsed() < std::time::Duration::from_secs(30), "the server did not start");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// What the server has written to standard output.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("server.log")).unwrap_or_default()
    }

    /// Signs in at `/moderate/sign-in/` on `host`, as a browser at `origin`
    /// does: the moderator's session cookie, or `None` if refused.
    pub async fn sign_in(&self, host: &str, origin: &str, email: &str, password: &str) -> Option<String> {
        use reqwest::header::{COOKIE, HOST, ORIGIN, SET_COOKIE};
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let form =
            client.get(format!("{}/moderate/sign-in/", self.base)).header(HOST, host).send().await.unwrap();
        let cookie = form
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.split(';').next()?.strip_prefix("govblog_sign_in=").map(str::to_owned))
            .unwrap();
        let html = form.text().await.unwrap();
        let token = regex::Regex::new(r#"name="csrf" value="([^"]+)""#).unwrap().captures(&html).unwrap()[1]
            .to_owned();
        let r = client
            .post(format!("{}/moderate/sign-in/", self.base))
            .header(HOST, host)
            .header(ORIGIN, origin)
            .header(COOKIE, format!("govblog_sign_in={cookie}"))
            .form(&[("csrf", token.as_str()), ("email", email), ("password", password)])
            .send()
            .await
            .unwrap();
        if r.status() != 303 {
            return None;
        }
        r.headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.split(';').next()?.strip_prefix("govblog_moderator=").map(str::to_owned))
    }

    /// Sends the running server SIGTERM, as systemd and orchestrators do.
    pub fn terminate(&self) {
        let pid = self.child.as_ref().unwrap().id().to_string();
        assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
