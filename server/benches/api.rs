//! `make bench`: loads 10,000 generated posts into a fresh SQLite file (and,
//! when `make bench` has started one, into PostgreSQL, served by one and by
//! two servers), serves them with the real app and prints p50/p95/p99
//! response times for the reads readers make most. The budget is p95 under
//! 20 ms each.
//!
//! Figures are also printed as ratios against `/robots.txt`, a handler that
//! touches no database, timed in the same run: the machines are shared and
//! noisy, and the ratio shows what the queries themselves cost.
//!
//! Then, under load, the post and list endpoints against the same JSON
//! served as a static file by the same server: throughput with `wrk` (a
//! separate process, as many requests as it can), and latency at a fixed
//! 500 requests a second, timed from when each request was due so a slow
//! answer cannot hide the ones queued behind it. Budgets: throughput at
//! least half the static file's, p99 under 10 ms at 500 requests a second.

mod support;

use std::time::{Duration, Instant};

use support::percentile;

use govblog_server::mail::Mailer;
use govblog_server::storage::{Database, Store};
use govblog_server::{app, Config};
use sqlx::{Connection, Executor};

const POSTS: usize = 10_000;
const REQUESTS: usize = 300;
const BUDGET_P95_MS: f64 = 20.0;
const RATE_PER_SEC: u64 = 500;
const RATE_SECONDS: u64 = 5;
const BUDGET_P99_MS: f64 = 10.0;
const BUDGET_THROUGHPUT_RATIO: f64 = 0.5;

/// A small deterministic generator, so every run measures the same data.
#[tokio::main]
async fn main() {
    // SQLite, embedded; then PostgreSQL with one and two servers, when
    // `make bench` runs this inside `scripts/postgres.sh run`.
    bench(None, 1).await;
    if let Ok(server) = std::env::var("GOVBLOG_TEST_POSTGRES") {
        for instances in [1, 2] {
            let name = format!("bench_{instances}");
            let mut admin = sqlx::AnyConnection::connect(&server).await.unwrap();
            admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await.unwrap();
            admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            let mut url = url::Url::parse(&server).unwrap();
            url.set_path(&name);
            bench(Some(url.to_string()), instances).await;
        }
    } else {
        println!(
            "\nPostgreSQL: not measured (run through `bash scripts/postgres.sh run`, as `make bench` does)."
        );
    }
}

/// Loads 10,000 posts into the database at `database_url` (a new SQLite
/// file when `None`), serves them from `instances` servers, and measures.
async fn bench(database_url: Option<String>, instances: usize) {
    sqlx::any::install_default_drivers();
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        database: dir.path().join("bench.db"),
        database_url,
        content: dir.path().join("content"),
        dist: dir.path().join("dist"),
        uploads: dir.path().join("uploads"),
        host: "127.0.0.1".parse().unwrap(),
        port: 0,
        public_url: None,
        admin_token: None,
        smtp_url: None,
        outbox: dir.path().join("outbox"),
        mail_from: "bench <noreply@localhost>".into(),
        comment_interval: 15,
        comments_per_hour: 20,
        trust_proxy: false,
        proxy_hops: 1,
        shutdown_timeout: 20,
        shutdown_drain: 0,
        log_format: "text".into(),
        metrics_addr: None,
        network_host: None,
        network_name: "GOV.UK blogs".into(),
        ssr: true,
        frame_ancestors: Vec::new(),
        cors_origins: Vec::new(),
        wordpress_url: None,
        wordpress_user: None,
        wordpress_app_password: None,
        wordpress_poll: 30,
        wordpress_full_check: 300,
        wordpress_secret: None,
    };
    let database = config.database();
    let kind = match &database {
        Database::Sqlite(_) => "SQLite".to_owned(),
        Database::Postgres(_) => {
            format!("PostgreSQL, {instances} server{}", if instances > 1 { "s" } else { "" })
        }
    };
    println!("\n=== {kind} ===");
    let started = Instant::now();
    let store = Store::open(&database).await.unwrap();
    store.import(support::content(POSTS, 42)).await.unwrap();
    println!("Imported {POSTS} posts in {:.1} s", started.elapsed().as_secs_f64());

    let mut bases = Vec::new();
    for _ in 0..instances {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        bases.push(format!("http://{}", listener.local_addr().unwrap()));
        let mailer = Mailer::new(None, config.outbox.clone(), &config.mail_from).unwrap();
        let network = govblog_server::open_database(&config).await.unwrap();
        let router = app(&config, network, mailer);
        tokio::spawn(async move { axum::serve(govblog_server::no_delay(listener), router).await.unwrap() });
    }
    let client = reqwest::Client::new();
    let base = &bases[0];

    let cases = [
        ("baseline: robots.txt (no database)", "/robots.txt"),
        ("home list", "/api/v1/posts"),
        ("category list", "/api/v1/posts?category=category-3"),
        ("page 200", "/api/v1/posts?page=200"),
        ("search, common word", "/api/v1/search?q=policy"),
        ("search, rare word", "/api/v1/search?q=zephyrine"),
        ("one post", "/api/v1/posts/2000/01/08/post-7"),
    ];
    println!("Each request a new URL (an ignored `n` parameter), so none is answered from memory:");
    println!("{:<38} {:>8} {:>8} {:>8} {:>10}  budget", "request", "p50 ms", "p95 ms", "p99 ms", "p95 ratio");
    let mut baseline_p95 = None;
    let mut all_within = true;
    for (name, path) in cases {
        let url = format!("{base}{path}");
        let warm = client.get(&url).send().await.unwrap();
        assert!(warm.status().is_success(), "{path}: {}", warm.status());
        let mut times = Vec::with_capacity(REQUESTS);
        for i in 0..REQUESTS {
            let t = Instant::now();
            let r = client.get(unique(&url, i)).send().await.unwrap();
            let _ = r.bytes().await.unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        let (p50, p95, p99) = (percentile(&times, 0.50), percentile(&times, 0.95), percentile(&times, 0.99));
        let base95 = *baseline_p95.get_or_insert(p95);
        let verdict = if name.starts_with("baseline") {
            "-".to_owned()
        } else if p95 < BUDGET_P95_MS {
            "p95 < 20 ms: ok".to_owned()
        } else {
            all_within = false;
            "p95 >= 20 ms: OVER".to_owned()
        };
        println!("{name:<38} {p50:>8.2} {p95:>8.2} {p99:>8.2} {:>9.1}x  {verdict}", p95 / base95);
    }
    println!("{}", if all_within { "All within budget." } else { "Some requests are over budget." });

    under_load(&client, &bases, &config.dist).await;
}

/// The post and list endpoints against the same bytes as static files,
/// spread over every server in `bases`.
async fn under_load(client: &reqwest::Client, bases: &[String], dist: &std::path::Path) {
    let endpoints = [("home list", "/api/v1/posts"), ("one post", "/api/v1/posts/2000/01/08/post-7")];
    std::fs::create_dir_all(dist).unwrap();
    let mut pairs = Vec::new();
    for (name, path) in endpoints {
        let body = client.get(format!("{}{path}", bases[0])).send().await.unwrap().bytes().await.unwrap();
        let file = format!("{}.json", name.replace(' ', "-"));
        std::fs::write(dist.join(&file), &body).unwrap();
        pairs.push((name, path.to_owned(), format!("/{file}"), body.len()));
    }

    println!();
    println!("Under load: each API endpoint against the same JSON as a static file, from the same servers.");
    println!("\"kept\": the same URL again and again, answered from memory as a popular post is;");
    println!("\"database\": every request a new URL, so each one is read from the database.");
    match wrk_available() {
        false => println!("  wrk is not installed (scripts/setup.sh installs it): throughput skipped"),
        true => {
            println!(
                "{:<22} {:>7} {:>12} {:>12} {:>9}  budget (ratio >= {BUDGET_THROUGHPUT_RATIO})",
                "endpoint", "bytes", "static req/s", "API req/s", "ratio"
            );
            for (name, api, file, bytes) in &pairs {
                let static_rps = wrk_all(bases, file, false);
                for (how, fresh) in [("kept", false), ("database", true)] {
                    let api_rps = wrk_all(bases, api, fresh);
                    let ratio = api_rps / static_rps;
                    let verdict = if ratio >= BUDGET_THROUGHPUT_RATIO { "ok" } else { "UNDER" };
                    let label = format!("{name}, {how}");
                    println!(
                        "{label:<22} {bytes:>7} {static_rps:>12.0} {api_rps:>12.0} {ratio:>8.2}x  {verdict}"
                    );
                }
            }
        }
    }
    println!(
        "{:<22} {:>12} {:>12} {:>12} {:>9}  budget (p99 < {BUDGET_P99_MS} ms at {RATE_PER_SEC} req/s)",
        "endpoint", "static p99", "API p50", "API p99", "ratio"
    );
    for (name, api, file, _) in &pairs {
        let (_, static_p99, _) = at_fixed_rate(client, bases, file, false).await;
        for (how, fresh) in [("kept", false), ("database", true)] {
            let (p50, p99, failed) = at_fixed_rate(client, bases, api, fresh).await;
            let verdict = match (p99 < BUDGET_P99_MS, failed) {
                (true, 0) => "ok".to_owned(),
                (false, 0) => "OVER".to_owned(),
                (_, n) => format!("OVER: {n} of {} answered 503", RATE_PER_SEC * RATE_SECONDS),
            };
            let label = format!("{name}, {how}");
            println!(
                "{label:<22} {static_p99:>9.2} ms {p50:>9.2} ms {p99:>9.2} ms {:>8.2}x  {verdict}",
                p99 / static_p99
            );
        }
    }
}

/// Requests a second on `path`, one `wrk` per server at once, added up.
fn wrk_all(bases: &[String], path: &str, fresh: bool) -> f64 {
    std::thread::scope(|scope| {
        let runs: Vec<_> =
            bases.iter().map(|base| scope.spawn(move || wrk(&format!("{base}{path}"), fresh))).collect();
        runs.into_iter().map(|r| r.join().unwrap()).sum()
    })
}

/// `url` made new for request `i` with a parameter the API ignores.
fn unique(url: &str, i: usize) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}n={i}")
}

fn wrk_available() -> bool {
    std::process::Command::new("wrk").arg("--version").output().is_ok()
}

/// Requests a second `wrk` reaches on `url`: 2 threads, 32 connections,
/// 5 s; with `fresh`, every request a new URL (a Lua script numbers them).
fn wrk(url: &str, fresh: bool) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("fresh.lua");
    let sep = if url.contains('?') { '&' } else { '?' };
    std::fs::write(
        &script,
        format!(
            "local n = 0\nrequest = function()\n  n = n + 1\n  \
             return wrk.format(nil, wrk.path .. \"{sep}n=\" .. n .. \"-\" .. math.random(1e9))\nend\n"
        ),
    )
    .unwrap();
    let mut command = std::process::Command::new("wrk");
    command.args(["-t2", "-c32", "-d5s"]);
    if fresh {
        command.arg("-s").arg(&script);
    }
    let out = command.arg(url).output().expect("wrk runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // Overloaded, a server answers 503 rather than wait: said, not hidden.
    for line in text.lines().filter(|l| l.contains("Non-2xx") || l.contains("Socket errors")) {
        eprintln!("  wrk on {url}: {}", line.trim());
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec from wrk:\n{text}"))
}

/// p50 and p99 in ms at `RATE_PER_SEC` for `RATE_SECONDS`, each request
/// timed from when it was due rather than from when it was sent; with
/// `fresh`, every request a new URL.
async fn at_fixed_rate(
    client: &reqwest::Client,
    bases: &[String],
    path: &str,
    fresh: bool,
) -> (f64, f64, usize) {
    let interval = Duration::from_micros(1_000_000 / RATE_PER_SEC);
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for i in 0..RATE_PER_SEC * RATE_SECONDS {
        let due = start + interval * i as u32;
        tokio::time::sleep_until(due).await;
        // Requests take turns between the servers, as behind a load balancer.
        let url = format!("{}{path}", bases[i as usize % bases.len()]);
        let url = if fresh { unique(&url, i as usize) } else { url };
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            // An overloaded server answers 503 (no database connection free
            // in time): counted, and timed like the rest.
            let ok = match client.get(&url).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            };
            (due.elapsed(), ok)
        }));
    }
    let mut times = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for t in tasks {
        let (time, ok) = t.await.unwrap();
        times.push(time);
        failed += usize::from(!ok);
    }
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.99), failed)
}
