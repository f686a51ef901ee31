//! What operators run the blog with: health and readiness for the load
//! balancer, stopping on SIGTERM without dropping a request, and logs as
//! JSON that keep no secret, tried on the real server binary.

mod common;

use std::time::{Duration, Instant};

use common::{start, ServerProcess};
use govblog_server::storage::{CommentStatus, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const COMMENTS: &str = "/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times/comments";

#[tokio::test]
async fn health_and_readiness_answer_uncached() {
    let s = start().await;
    let r = s.raw(reqwest::Method::GET, "/healthz").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    assert_eq!(r.text().await.unwrap(), "ok");
    let (status, body) = s.get("/readyz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ready")));
}

/// A comment upload whose headers and first half have arrived: the rest is
/// sent by [`finish`].
struct Upload {
    stream: TcpStream,
    rest: Vec<u8>,
}

async fn begin_upload(base: &str, i: usize) -> Upload {
    let body = serde_json::json!({
        "text": format!("Comment {i}, sent while the server stops."),
        "name": "Ada Reader",
        "email": "ada.reader@example.com",
    })
    .to_string()
    .into_bytes();
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    let head = format!(
        "POST {COMMENTS} HTTP/1.1\r\nHost: blog\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         X-Forwarded-For: 10.3.0.{i}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let half = body.len() / 2;
    stream.write_all(&body[..half]).await.unwrap();
    stream.flush().await.unwrap();
    Upload { stream, rest: body[half..].to_vec() }
}

/// Sends the rest of the upload; the answer's status.
async fn finish(mut upload: Upload) -> u16 {
    upload.stream.write_all(&upload.rest).await.unwrap();
    let mut answer = String::new();
    upload.stream.read_to_string(&mut answer).await.unwrap();
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn sigterm_answers_every_request_received_then_exits_0() {
    let mut process = ServerProcess::new(&[
        ("GOVBLOG_TRUST_PROXY", "true"),
        ("GOVBLOG_SHUTDOWN_DRAIN", "1"),
        ("GOVBLOG_SHUTDOWN_TIMEOUT", "20"),
    ])
    .await;
    process.serve().await;
    let base = process.base.clone();
    // 20 comments half uploaded when the stop begins.
    let mut uploads = Vec::new();
    for i in 0..20 {
        uploads.push(begin_upload(&base, i).await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    process.terminate();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // While it drains, the load balancer is told it is stopping, and readers
    // arriving meanwhile are still answered.
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["reason"], "stopping");
    let searches =
        futures::future::join_all((0..10).map(|i| reqwest::get(format!("{base}/api/v1/search?q=data+{i}"))))
            .await;
    for r in searches {
        assert_eq!(r.unwrap().status(), 200);
    }
    // Past the drain: the uploads under way finish and are answered.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let statuses = futures::future::join_all(uploads.into_iter().map(finish)).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    // Then it exits by itself, with 0.
    let status = exited(&mut process).await;
    assert!(status.success(), "{status:?}");
    // Every acknowledged comment stored, once.
    let store = Store::open(&process.database).await.unwrap();
    let pending = store.moderation_queue(CommentStatus::Pending, i64::MAX).await.unwrap();
    assert_eq!(pending.len(), 20);
    // New connections are refused once it has stopped.
    assert!(reqwest::get(format!("{base}/healthz")).await.is_err());
}

/// Waits for the server to exit by itself; its status.
async fn exited(process: &mut ServerProcess) -> std::process::ExitStatus {
    let started = Instant::now();
    let child = process.child.as_mut().unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "still running");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn json_logs_name_routes_and_request_ids_and_keep_no_secret() {
    const EMAIL: &str = "secret.reader@example.com";
    const TEXT: &str = "A comment whose words must not reach the logs";
    const ADMIN: &str = "admin-token-that-must-not-be-logged";
    let mut process = ServerProcess::new(&[
        ("GOVBLOG_LOG_FORMAT", "json"),
        ("RUST_LOG", "govblog_server=debug"),
        ("GOVBLOG_ADMIN_TOKEN", ADMIN),
        ("GOVBLOG_TRUST_PROXY", "true"),
    ])
    .await;
    process.serve().await;
    let (base, client) = (process.base.clone(), reqwest::Client::new());
    let comment = serde_json::json!({"text": TEXT, "name": "Ada Reader", "email": EMAIL, "notify": true});
    let r = client.post(format!("{base}{COMMENTS}")).json(&comment).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let r = client
        .post(format!("{base}/api/v1/subscriptions"))
        .json(&serde_json::json!({"email": EMAIL}))
        .send()
        .await;
    assert!(r.unwrap().status().is_success());
    let r = client.get(format!("{base}/api/v1/admin/comments")).bearer_auth(ADMIN).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = client
        .get(format!("{base}/api/v1/admin/comments"))
        .bearer_auth("a-wrong-guess")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = client.get(format!("{base}/?s=private+words+searched")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // A proxy's request id is kept.
    let r = client.get(format!("{base}/api/v1/site")).header("x-request-id", "lb-1234").send().await.unwrap();
    assert_eq!(r.headers()["x-request-id"], "lb-1234");
    process.terminate();
    assert!(exited(&mut process).await.success());

    let logs = process.logs();
    let lines: Vec<serde_json::Value> =
        logs.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert!(lines.len() >= 6, "{logs}");
    for secret in [EMAIL, TEXT, ADMIN, "a-wrong-guess", "private", "counting-what-matters"] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
    }
    for line in &lines {
        for field in ["timestamp", "level", "target"] {
            assert!(line.get(field).is_some(), "{field} missing: {line}");
        }
    }
    let requests: Vec<&serde_json::Value> =
        lines.iter().map(|l| &l["fields"]).filter(|f| f["message"] == "request").collect();
    let posted = requests.iter().find(|f| f["request_id"] == id.as_str()).expect("the comment's request");
    assert_eq!(posted["route"], "/api/v1/posts/{year}/{month}/{day}/{slug}/comments");
    assert_eq!((posted["method"].as_str(), posted["status"].as_u64()), (Some("POST"), Some(201)));
    assert!(posted["duration_ms"].as_f64().is_some());
    assert!(requests.iter().any(|f| f["route"] == "pages" && f["status"] == 200));
    assert!(requests.iter().any(|f| f["request_id"] == "lb-1234"));
}

/// The metrics, read with a Prometheus text parser: each sample by name
/// with its labels.
async fn scrape(at: &str) -> Vec<prometheus_parse::Sample> {
    let text = reqwest::get(format!("http://{at}/metrics")).await.unwrap().text().await.unwrap();
    let lines = text.lines().map(|l| Ok(l.to_owned()));
    prometheus_parse::Scrape::parse(lines).unwrap().samples
}

fn value(samples: &[prometheus_parse::Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn metrics_count_traffic_by_route_on_their_own_address() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let at = format!("127.0.0.1:{port}");
    let mut process =
        ServerProcess::new(&[("GOVBLOG_METRICS_ADDR", at.as_str()), ("GOVBLOG_TRUST_PROXY", "true")]).await;
    process.serve().await;
    let (base, client) = (process.base.clone(), reqwest::Client::new());
    let before = scrape(&at).await;
    for path in [
        "/api/v1/posts",
        "/api/v1/posts",
        "/2025/04/03/counting-what-matters-in-waiting-times/",
        "/nope/?q=secret",
    ] {
        client.get(format!("{base}{path}")).send().await.unwrap();
    }
    let comment = serde_json::json!({"text": "Counted once.", "name": "Ada", "email": "ada@example.com"});
    let post = |ip: &'static str| {
        client.post(format!("{base}{COMMENTS}")).header("x-forwarded-for", ip).json(&comment).send()
    };
    assert_eq!(post("10.2.0.1").await.unwrap().status(), 201);
    assert_eq!(post("10.2.0.1").await.unwrap().status(), 409);
    let after = scrape(&at).await;

    let posts = [("route", "/api/v1/posts"), ("method", "GET"), ("status", "200")];
    assert_eq!(
        value(&after, "http_requests_total", &posts) - value(&before, "http_requests_total", &posts),
        2.0
    );
    assert!(value(&after, "http_requests_total", &[("route", "pages"), ("status", "404")]) >= 1.0);
    assert!(value(&after, "http_request_duration_seconds_count", &[("route", "/api/v1/posts")]) >= 2.0);
    assert_eq!(value(&after, "api_answers_total", &[("source", "cache")]), 1.0);
    assert!(value(&after, "api_answers_total", &[("source", "database")]) >= 1.0);
    assert_eq!(value(&after, "comments_received_total", &[]), 1.0);
    assert_eq!(value(&after, "comments_refused_total", &[("reason", "duplicate")]), 1.0);
    assert!(value(&after, "db_pool_connections", &[]) >= 1.0);
    assert!(after.iter().any(|s| s.metric == "mail_queue_depth"));
    // No label holds a raw path or query: routes are templates, or `pages`.
    for sample in &after {
        if let Some(route) = sample.labels.get("route") {
            assert!(route == "pages" || route.starts_with("/api/") || route.ends_with("z"), "{route}");
            assert!(!route.contains("counting") && !route.contains('?'), "{route}");
        }
    }
    // Never on the public port.
    assert_eq!(client.get(format!("{base}/metrics")).send().await.unwrap().status(), 404);
}

/// Sends a comment as reader `i`; whether it was acknowledged.
async fn comment_as(client: &reqwest::Client, base: &str, i: usize) -> bool {
    let body =
        serde_json::json!({"text": format!("Reader {i} writes."), "name": "Ada", "email": "ada@example.com"});
    let r = client
        .post(format!("{base}{COMMENTS}"))
        .header("x-forwarded-for", format!("10.1.{}.{}", i / 200, i % 200));
    r.json(&body).send().await.is_ok_and(|r| r.status() == 201)
}

#[tokio::test]
async fn a_backup_taken_while_readers_comment_restores_and_serves() {
    let mut process = ServerProcess::new(&[("GOVBLOG_TRUST_PROXY", "true")]).await;
    process.serve().await;
    let (base, client) = (process.base.clone(), reqwest::Client::new());
    // Acknowledged before the backup began: these must be in it.
    let before = futures::future::join_all((0..10).map(|i| comment_as(&client, &base, i))).await;
    assert!(before.iter().all(|ok| *ok));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    // The backup runs while 20 more readers comment.
    let (backup, during) = futures::future::join(
        async {
            match &process.database {
                govblog_server::storage::Database::Sqlite(_) => {
                    process.command(&["backup", &copy.display().to_string()]).output().unwrap()
                }
                govblog_server::storage::Database::Postgres(url) => std::process::Command::new("pg_dump")
                    .args(["--format=custom", "--file", &copy.display().to_string(), url])
                    .output()
                    .unwrap(),
            }
        },
        futures::future::join_all((10..30).map(|i| comment_as(&client, &base, i))),
    )
    .await;
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    assert!(during.iter().all(|ok| *ok));
    if matches!(process.database, govblog_server::storage::Database::Sqlite(_)) {
        let said = String::from_utf8_lossy(&backup.stdout);
        assert!(said.contains("written") && said.contains("posts"), "{said}");
    }
    // Restore with the server stopped, then serve from it.
    process.terminate();
    assert!(exited(&mut process).await.success());
    let restored = match &process.database {
        govblog_server::storage::Database::Sqlite(_) => {
            let refused = process.command(&["restore", &copy.display().to_string()]).output().unwrap();
            assert!(!refused.status.success(), "restore asks for --yes");
            process.command(&["restore", &copy.display().to_string(), "--yes"]).output().unwrap()
        }
        govblog_server::storage::Database::Postgres(url) => std::process::Command::new("pg_restore")
            .args(["--clean", "--if-exists", "--no-owner", "--dbname", url, &copy.display().to_string()])
            .output()
            .unwrap(),
    };
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    process.serve().await;
    let store = Store::open(&process.database).await.unwrap();
    let texts: Vec<String> = store
        .moderation_queue(CommentStatus::Pending, i64::MAX)
        .await
        .unwrap()
        .into_iter()
        .map(|item| item.comment.text)
        .collect();
    for i in 0..10 {
        assert!(texts.contains(&format!("Reader {i} writes.")), "reader {i} lost: {texts:?}");
    }
    assert!(comment_as(&client, &base, 99).await, "serving again after the restore");
}

#[tokio::test]
async fn the_systemd_unit_verifies() {
    // The unit as shipped, with ExecStart pointed at this build's binary
    // (`systemd-analyze verify` checks that it exists).
    let unit =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/govblog.service")).unwrap();
    for hardening in ["NoNewPrivileges=yes", "ProtectSystem=strict", "DynamicUser=yes", "Restart=on-failure"]
    {
        assert!(unit.contains(hardening), "{hardening}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("govblog.service");
    std::fs::write(
        &path,
        unit.replace("/usr/local/bin/govblog-server", env!("CARGO_BIN_EXE_govblog-server")),
    )
    .unwrap();
    let verify = std::process::Command::new("systemd-analyze").arg("verify").arg(&path).output().unwrap();
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(verify.status.success() && said.trim().is_empty(), "{said}");
}
