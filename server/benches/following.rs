//! `make bench`: a blog following a live WordPress, run under
//! `scripts/wordpress.sh`. Fills the site with `GOVBLOG_BENCH_WP_POSTS`
//! generated posts (default 10,000), each with a comment, then runs the real
//! server binary and prints, each beside a baseline measured in the same run:
//!
//! - the first copy: posts a second and peak memory, against
//!   `import-wordpress` of the same site's export;
//! - an idle poll: its requests and time, against one REST request;
//! - the time from an edit in WordPress to govblog showing it, p50/p95 over
//!   20 edits, by polling (every 2 s) and with the plugin's call (polls 10
//!   minutes apart), against the poll interval.

mod support;
#[allow(dead_code)]
#[path = "../tests/common/wordpress.rs"]
mod wordpress;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{percentile, process_mb};
use wordpress::WordPress;

const EDITS: usize = 20;
const POLL_SECS: u64 = 2;

/// A server following the site, its log written to `log`.
struct Server {
    child: Child,
    base: String,
    log: std::path::PathBuf,
}

impl Server {
    async fn start(wp: &WordPress, dir: &std::path::Path, name: &str, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html><head><title>Blog</title></head><body><div id=\"govblog\"></div></body></html>").unwrap();
        let log = dir.join(format!("{name}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_govblog-server"))
            .arg("serve")
            .envs([
                ("DATABASE_URL", dir.join(format!("{name}.db")).display().to_string().as_str()),
                ("GOVBLOG_DIST", &dist.display().to_string()),
                ("GOVBLOG_OUTBOX", &dir.join("outbox").display().to_string()),
                ("PORT", &port.to_string()),
                ("GOVBLOG_WORDPRESS_URL", &wp.url),
                ("GOVBLOG_WORDPRESS_USER", &wp.user),
                ("GOVBLOG_WORDPRESS_APP_PASSWORD", &wp.password),
                ("RUST_LOG", "error,govblog_server::following=debug,govblog_server::wordpress=debug"),
            ])
            .envs(env.iter().copied())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        while reqwest::get(format!("{base}/healthz")).await.is_err() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Server { child, base, log }
    }

    /// Each "WordPress: polled" line so far: (requests, time).
    fn polls(&self) -> Vec<(u64, Duration)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let field = |line: &str, name: &str| -> Option<u64> {
            line.split_whitespace().find_map(|w| w.strip_prefix(&format!("{name}="))?.parse().ok())
        };
        text.lines()
            .filter(|l| l.contains("WordPress: polled"))
            .filter_map(|l| Some((field(l, "requests")?, Duration::from_micros(field(l, "micros")?))))
            .collect()
    }

    async fn wait_for_polls(&self, n: usize) -> Vec<(u64, Duration)> {
        loop {
            let polls = self.polls();
            if polls.len() >= n {
                return polls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn shows(&self, path: &str, text: &str) -> bool {
        match reqwest::get(format!("{}{path}", self.base)).await {
            Ok(r) if r.status().is_success() => r.text().await.unwrap_or_default().contains(text),
            _ => false,
        }
    }
}

impl Drop for Server {
    /// Stops as systemd would (SIGTERM), so the lease is given up for the
    /// next server.
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Edits `EDITS` posts' titles and times each until `server` shows it.
async fn lags(wp: &WordPress, server: &Server, round: &str) -> Vec<Duration> {
    let mut lags = Vec::new();
    for i in 0..EDITS {
        let found: Vec<Value> = wp
            .http
            .get(format!("{}/wp-json/wp/v2/posts", wp.url))
            .query(&[("slug", format!("bench-post-{}", i * 7).as_str())])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = found[0]["id"].clone();
        let title = format!("Bench post {}, edited {round}", i * 7);
        let started = Instant::now();
        let edited = wp.send(&format!("posts/{id}"), json!({"title": title})).await;
        let path = url::Url::parse(edited["link"].as_str().unwrap()).unwrap().path().to_owned();
        while !server.shows(&path, &title).await {
            if started.elapsed() > Duration::from_secs(120) {
                let log = std::fs::read_to_string(&server.log).unwrap_or_default();
                let log: Vec<&str> = log.lines().filter(|l| !l.contains("changed items")).collect();
                let page = reqwest::get(format!("{}{path}", server.base)).await.unwrap();
                let status = page.status();
                let page = page.text().await.unwrap_or_default();
                let h1 = page.split("<h1").nth(1).unwrap_or("").chars().take(200).collect::<String>();
                panic!(
                    "edit {i} ({path}, {title}) not shown in 2 minutes: {status} {h1}\n{}",
                    log[log.len().saturating_sub(40)..].join("\n")
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        lags.push(started.elapsed());
    }
    lags.sort();
    lags
}

#[tokio::main]
async fn main() {
    let posts: usize =
        std::env::var("GOVBLOG_BENCH_WP_POSTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let wp = WordPress::from_env();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.xml");

    let started = Instant::now();
    let filled = Command::new("php")
        .args([
            concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/wordpress/fill.php"),
            &wp.site,
            &wp.url,
            &posts.to_string(),
            &export.display().to_string(),
        ])
        .status()
        .unwrap();
    assert!(filled.success());
    println!(
        "Following WordPress: {posts} posts with a comment each made in WordPress in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    // Baseline: the same site's export imported.
    let started = Instant::now();
    let imported = Command::new(env!("CARGO_BIN_EXE_govblog-server"))
        .args(["import-wordpress", &export.display().to_string()])
        .env("DATABASE_URL", dir.path().join("imported.db").display().to_string())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let import_secs = started.elapsed().as_secs_f64();
    let said = String::from_utf8_lossy(&imported.stdout);
    let import_mb: f64 = said
        .split("peak memory ")
        .nth(1)
        .and_then(|m| m.split_whitespace().next())
        .and_then(|m| m.trim_end_matches("MB").parse().ok())
        .unwrap_or(f64::NAN);

    // The first copy, then idle polls.
    let started = Instant::now();
    let poll = POLL_SECS.to_string();
    let server = Server::start(
        &wp,
        dir.path(),
        "follower",
        &[("GOVBLOG_WORDPRESS_POLL", &poll), ("GOVBLOG_WORDPRESS_FULL_CHECK", "3600")],
    )
    .await;
    let first = server.wait_for_polls(1).await[0];
    let copy_secs = started.elapsed().as_secs_f64();
    let copy_mb = process_mb(server.child.id(), "VmHWM");
    let idle: Vec<(u64, Duration)> = server.wait_for_polls(4).await[1..4].to_vec();
    let mut one_request = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let r = wp
            .http
            .get(format!("{}/wp-json/wp/v2/posts?per_page=1&_fields=id", wp.url))
            .basic_auth(&wp.user, Some(&wp.password))
            .send()
            .await
            .unwrap();
        let _ = r.bytes().await;
        one_request.push(t.elapsed());
    }
    one_request.sort();
    let request_ms = percentile(&one_request, 0.5);
    let mut idle_times: Vec<Duration> = idle.iter().map(|(_, t)| *t).collect();
    idle_times.sort();
    let idle_ms = percentile(&idle_times, 0.5);
    let idle_requests = idle.iter().map(|(r, _)| *r).max().unwrap_or(0);
    let polled = lags(&wp, &server, "by polling").await;
    drop(server);

    // With the plugin's calls, and polls far apart.
    let secret = "bench secret";
    let server = Server::start(
        &wp,
        dir.path(),
        "called",
        &[
            ("GOVBLOG_WORDPRESS_POLL", "600"),
            ("GOVBLOG_WORDPRESS_SECRET", secret),
            ("DATABASE_URL", &dir.path().join("follower.db").display().to_string()),
        ],
    )
    .await;
    server.wait_for_polls(1).await;
    wp.send("plugins/govblog-sync", json!({"status": "active"})).await;
    wp.send("settings", json!({"govblog_sync_url": server.base, "govblog_sync_secret": secret})).await;
    let called = lags(&wp, &server, "with the plugin").await;
    wp.send("plugins/govblog-sync", json!({"status": "inactive"})).await;

    println!("| | figure | baseline (same run) | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| first copy: posts a second | {:.0} ({:.1} s, {} requests) | import-wordpress of the export: {:.0} ({import_secs:.1} s) | {:.2}x |",
        posts as f64 / copy_secs,
        first.1.as_secs_f64(),
        first.0,
        posts as f64 / import_secs,
        import_secs / copy_secs
    );
    println!(
        "| first copy: peak memory | {copy_mb:.0} MB | import-wordpress: {import_mb:.0} MB | {:.2}x |",
        copy_mb / import_mb
    );
    println!(
        "| an idle poll | {idle_requests} requests, {idle_ms:.1} ms | one REST request: {request_ms:.1} ms | {:.1}x |",
        idle_ms / request_ms
    );
    for (name, lags) in [("an edit shown, by polling", &polled), ("an edit shown, with the plugin", &called)]
    {
        println!(
            "| {name}: p50 / p95 | {:.0} / {:.0} ms | the poll interval: {} ms | {:.2}x / {:.2}x |",
            percentile(lags, 0.5),
            percentile(lags, 0.95),
            POLL_SECS * 1000,
            percentile(lags, 0.5) / (POLL_SECS * 1000) as f64,
            percentile(lags, 0.95) / (POLL_SECS * 1000) as f64
        );
    }
}
