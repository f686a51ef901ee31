//! `make bench`: many blogs on one deployment. Makes `GOVBLOG_BENCH_BLOGS`
//! blogs (default 200) of `GOVBLOG_BENCH_POSTS` generated posts each
//! (default 500) with `GOVBLOG_BENCH_COMMENTS` approved comments each
//! (default 5,000), in SQLite and, when `make bench` has started one, in
//! PostgreSQL served by two servers; then runs the real server binary over
//! them and prints:
//!
//! - start-up: from starting the binary until it answers, and until its
//!   first answer from a blog (budget 2 s);
//! - p50/p95/p99 of a blog's home list, one post, a category and a search
//!   for a word in nearly every post, each request to a random blog (budget:
//!   p95 under 20 ms, as for one blog), and of the network's index and its
//!   search across every blog, all against `/robots.txt` (no database) in
//!   the same run;
//! - one server's resident memory after a crawl of every blog's home page
//!   and 10 of its posts (budget 300 MB).

mod support;

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use govblog_server::content::CommentEntry;
use govblog_server::host_name::HostName;
use govblog_server::storage::{Database, Network};
use sqlx::{Connection, Executor};
use support::{percentile, Lcg};

const REQUESTS: usize = 300;
const BUDGET_P95_MS: f64 = 20.0;
const BUDGET_START_S: f64 = 2.0;
const BUDGET_MEMORY_MB: f64 = 300.0;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The host and path of the request numbered by its argument.
type Request<'a> = dyn Fn(usize) -> (String, String) + 'a;

fn host(i: usize) -> String {
    format!("blog-{i}.bench.gov.uk")
}

#[tokio::main]
async fn main() {
    let blogs = setting("GOVBLOG_BENCH_BLOGS", 200);
    let posts = setting("GOVBLOG_BENCH_POSTS", 500);
    let comments = setting("GOVBLOG_BENCH_COMMENTS", 5_000);
    let dir = tempfile::tempdir().unwrap();
    bench(Database::Sqlite(dir.path().join("bench.db")), 1, (blogs, posts, comments), dir.path()).await;
    if let Ok(server) = std::env::var("GOVBLOG_TEST_POSTGRES") {
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&server).await.unwrap();
        admin.execute("DROP DATABASE IF EXISTS bench_blogs").await.unwrap();
        admin.execute("CREATE DATABASE bench_blogs").await.unwrap();
        let mut url = url::Url::parse(&server).unwrap();
        url.set_path("bench_blogs");
        bench(Database::Postgres(url.to_string()), 2, (blogs, posts, comments), dir.path()).await;
    }
}

async fn bench(
    database: Database,
    servers: usize,
    (blogs, posts, comments): (usize, usize, usize),
    dir: &std::path::Path,
) {
    let kind = match &database {
        Database::Sqlite(_) => "SQLite, 1 server".to_owned(),
        Database::Postgres(_) => format!("PostgreSQL, {servers} servers"),
    };
    println!("\n=== {blogs} blogs of {posts} posts and {comments} comments, {kind} ===");
    let started = Instant::now();
    let network = Network::open(&database, &HostName::parse(&host(0)).unwrap()).await.unwrap();
    let mut content = support::content(posts, 42);
    let mut rng = Lcg(7);
    content.comments = (0..comments)
        .map(|i| {
            let post = &content.posts[rng.next(content.posts.len())];
            CommentEntry {
                key: format!("c{i}"),
                post: post.slug.clone(),
                reply_to: None,
                name: "A reader".into(),
                email: format!("reader{}@example.com", i % 500),
                date: post.date.clone(),
                text: support::sentence(&mut rng, 20),
            }
        })
        .collect();
    for i in 0..blogs {
        let entry = match i {
            0 => network.blogs().await.unwrap().remove(0),
            _ => network.add(&HostName::parse(&host(i)).unwrap()).await.unwrap(),
        };
        let store = network.store(&entry).await.unwrap();
        content.site.name = format!("Bench blog {i}");
        content.site.organisation = format!("Department {}", i % 20);
        store.import(content.clone()).await.unwrap();
    }
    println!("Made in {:.0} s", started.elapsed().as_secs_f64());
    drop(network);

    let mut processes: Vec<(Child, String)> = Vec::new();
    let mut first_answer = Duration::ZERO;
    let mut first_blog = Duration::ZERO;
    let client = reqwest::Client::new();
    for s in 0..servers {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html><head><title>Blog</title></head><body><div id=\"govblog\" class=\"govuk-frontend-supported\"></div></body></html>").unwrap();
        let url = match &database {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => url.clone(),
        };
        let t = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_govblog-server"))
            .arg("serve")
            .envs([
                ("DATABASE_URL", url.as_str()),
                ("GOVBLOG_DIST", &dist.display().to_string()),
                ("GOVBLOG_PUBLIC_URL", &format!("http://{}", host(0))),
                ("GOVBLOG_NETWORK_HOST", "www.bench.gov.uk"),
                ("GOVBLOG_OUTBOX", &dir.join("outbox").display().to_string()),
                ("PORT", &port.to_string()),
                ("RUST_LOG", "error"),
            ])
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let answered = t.elapsed();
        let r =
            client.get(format!("{base}/api/v1/site")).header("host", host(blogs / 2)).send().await.unwrap();
        assert!(r.status().is_success());
        if s == 0 {
            (first_answer, first_blog) = (answered, t.elapsed());
        }
        processes.push((child, base));
    }
    let verdict = |ok: bool| if ok { "ok" } else { "OVER" };
    let start_s = first_blog.as_secs_f64();
    println!(
        "Start-up: answering after {:.2} s, a blog's first answer after {start_s:.2} s (budget {BUDGET_START_S} s: {})",
        first_answer.as_secs_f64(),
        verdict(start_s <= BUDGET_START_S)
    );

    // A crawl of every blog: its home page and 10 posts, through the first server.
    let (_, base) = &processes[0];
    let t = Instant::now();
    for i in 0..blogs {
        for path in std::iter::once("/".to_owned()).chain((0..10).map(|p| post_path(p * 37 % posts))) {
            let r = client.get(format!("{base}{path}")).header("host", host(i)).send().await.unwrap();
            assert!(r.status().is_success(), "{}{path}: {}", host(i), r.status());
            let _ = r.bytes().await;
        }
    }
    let memory = resident_mb(processes[0].0.id());
    println!(
        "Crawl of {} pages in {:.0} s; the server's resident memory then {memory:.0} MB (budget {BUDGET_MEMORY_MB} MB: {})",
        blogs * 11,
        t.elapsed().as_secs_f64(),
        verdict(memory <= BUDGET_MEMORY_MB)
    );

    let bases: Vec<String> = processes.iter().map(|(_, b)| b.clone()).collect();
    let cases: [(&str, &Request); 7] = [
        ("baseline: robots.txt (no database)", &|i| (host(i % blogs), "/robots.txt".into())),
        ("a blog's home list", &|i| (host(i % blogs), format!("/api/v1/posts?n={i}"))),
        ("a blog's post", &|i| {
            (host(i % blogs), format!("/api/v1/posts{}?n={i}", post_path(i % posts).trim_end_matches('/')))
        }),
        ("a blog's category", &|i| (host(i % blogs), format!("/api/v1/posts?category=category-3&n={i}"))),
        ("a blog's search, common word", &|i| (host(i % blogs), format!("/api/v1/search?q=policy&n={i}"))),
        ("the network's index", &|i| ("www.bench.gov.uk".into(), format!("/page/{}/", i % 3 + 1))),
        ("search across every blog", &|i| {
            ("www.bench.gov.uk".into(), format!("/?s={}", support::WORDS[i % support::WORDS.len()]))
        }),
    ];
    println!("Each request to a random blog, spread over the servers; a blog's requests are new URLs (never kept):");
    println!("{:<38} {:>8} {:>8} {:>8} {:>10}  budget", "request", "p50 ms", "p95 ms", "p99 ms", "p95 ratio");
    let mut baseline = None;
    let mut order = Lcg(99);
    for (name, case) in cases {
        let mut times = Vec::with_capacity(REQUESTS);
        for i in 0..REQUESTS {
            let (host, path) = case(order.next(1_000_000));
            let base = &bases[i % bases.len()];
            let t = Instant::now();
            let r = client.get(format!("{base}{path}")).header("host", host.as_str()).send().await.unwrap();
            assert!(r.status().is_success(), "{host}{path}: {}", r.status());
            let _ = r.bytes().await.unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        let (p50, p95, p99) = (percentile(&times, 0.50), percentile(&times, 0.95), percentile(&times, 0.99));
        let base95 = *baseline.get_or_insert(p95);
        let budget =
            if name.starts_with("baseline") || name.contains("network") || name.contains("every blog") {
                "-".to_owned()
            } else {
                format!("p95 < {BUDGET_P95_MS} ms: {}", verdict(p95 < BUDGET_P95_MS))
            };
        println!("{name:<38} {p50:>8.2} {p95:>8.2} {p99:>8.2} {:>9.1}x  {budget}", p95 / base95);
    }
    for (mut child, _) in processes {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The permalink of the generated post numbered `i` (as `support::content` dates it).
fn post_path(i: usize) -> String {
    let (day, month, year) = (i % 28 + 1, (i / 28) % 12 + 1, 2000 + i / (28 * 12));
    format!("/{year:04}/{month:02}/{day:02}/post-{i}/")
}

/// A process's resident memory, as Linux reports it.
fn resident_mb(pid: u32) -> f64 {
    support::process_mb(pid, "VmRSS")
}
