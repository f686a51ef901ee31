//! Many blogs on one deployment: the same WordPress export imported into
//! two blogs, beside the demo blog, tried through the real binary and its
//! `blogs` commands. Each host shows only its own blog; commenters,
//! moderators, caches and commands of one never reach another.

mod common;

use std::time::Duration;

use common::ServerProcess;
use govblog_server::storage::Store;
use reqwest::header::{COOKIE, HOST, LOCATION, ORIGIN};
use serde_json::{json, Value};

const EXPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wordpress/set-a.wxr");
/// A post of the export, so at the same address on both imported blogs.
const POST: &str = "/2012/03/14/welcome-to-the-public-data-studio-blog/";
const EMAIL: &str = "ed.moderator@example.gov.uk";

/// Runs a command of the binary; its standard output, or a panic with what it said.
fn run(process: &ServerProcess, args: &[&str]) -> String {
    let out = process.command(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail; what it said on standard error.
fn refused(process: &ServerProcess, args: &[&str]) -> String {
    let out = process.command(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} should fail: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// GET `path` on the blog at `host`: status and body.
async fn get(process: &ServerProcess, host: &str, path: &str) -> (u16, String) {
    let r = client().get(format!("{}{path}", process.base)).header(HOST, host).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn json(process: &ServerProcess, host: &str, path: &str) -> (u16, Value) {
    let (status, body) = get(process, host, path).await;
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{host}{path}: {e}: {body}")))
}

async fn comment(process: &ServerProcess, host: &str, ip: &str, text: &str) -> (u16, Value) {
    let r = client()
        .post(format!("{}/api/v1/posts{POST}comments", process.base))
        .header(HOST, host)
        .header("x-forwarded-for", ip)
        .json(&json!({"text": text, "name": "Ada Reader", "email": "ada@example.com"}))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// The approved comments' texts on the export's post at `host`.
async fn shown_comments(process: &ServerProcess, host: &str) -> Vec<String> {
    let (status, post) = json(process, host, &format!("/api/v1/posts{}", POST.trim_end_matches('/'))).await;
    assert_eq!(status, 200, "{host}: {post}");
    post["comments"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits out the servers' view of the list of blogs.
async fn blogs_seen() {
    tokio::time::sleep(govblog_server::hosts::LOOK_AGAIN + Duration::from_millis(300)).await;
}

/// A deployment of three blogs: the demo blog at `demo.test`, and the
/// same export imported into `alpha.test` and `beta.test`.
async fn three_blogs() -> ServerProcess {
    let mut process = ServerProcess::new(&[
        ("GOVBLOG_PUBLIC_URL", "http://demo.test"),
        ("GOVBLOG_TRUST_PROXY", "1"),
        ("GOVBLOG_NETWORK_HOST", "www.test"),
    ])
    .await;
    run(&process, &["blogs", "add", "alpha.test", "--name", "Alpha", "--organisation", "Office A"]);
    run(&process, &["blogs", "add", "Beta.Test.", "--name", "Beta"]);
    for blog in ["alpha.test", "beta.test"] {
        run(&process, &["import-wordpress", EXPORT, "--blog", blog]);
    }
    // The import brings WordPress's name; each blog is then named apart.
    run(&process, &["blogs", "set", "alpha.test", "--name", "Alpha"]);
    run(&process, &["blogs", "set", "beta.test", "--name", "Beta", "--organisation", "Office B"]);
    process.serve().await;
    process
}

#[tokio::test]
async fn each_host_shows_its_own_blog_and_nothing_of_another() {
    let process = three_blogs().await;
    let listed = run(&process, &["blogs", "list"]);
    for host in ["demo.test", "alpha.test", "beta.test"] {
        assert!(listed.contains(host), "{listed}");
    }

    // Names, with every spelling of a host.
    for (host, name) in [
        ("alpha.test", "Alpha"),
        ("ALPHA.test.:8080", "Alpha"),
        ("beta.test", "Beta"),
        ("demo.test", "Civic Design Lab"),
    ] {
        let (status, site) = json(&process, host, "/api/v1/site").await;
        assert_eq!((status, site["name"].as_str()), (200, Some(name)), "{host}");
    }
    let (_, site) = json(&process, "alpha.test", "/api/v1/site").await;
    assert_eq!(site["url"], "http://alpha.test");

    // The demo blog's posts are its own; the export's are the other two's.
    let (status, _) = get(&process, "demo.test", POST).await;
    assert_eq!(status, 404, "the export's post is not the demo blog's");
    for host in ["alpha.test", "beta.test"] {
        let (status, html) = get(&process, host, POST).await;
        assert_eq!(status, 200, "{host}");
        assert!(!html.contains("Civic Design Lab"), "{host} shows the demo blog");
        let (_, found) = json(&process, host, "/api/v1/search?q=jobcentre").await;
        assert_eq!(found["total"], 0, "{host} finds the demo blog's posts: {found}");
        let (_, feed) = get(&process, host, "/feed/").await;
        assert!(feed.contains(&format!("http://{host}{POST}")), "{host}'s feed: {feed}");
        assert!(!feed.contains("demo.test") && !feed.contains("jobcentre"), "{host}'s feed: {feed}");
        let (_, sitemap) = get(&process, host, "/sitemap.xml").await;
        assert!(sitemap.contains(&format!("http://{host}/")), "{host}'s sitemap");
    }
    let (_, alpha_sitemap) = get(&process, "alpha.test", "/sitemap.xml").await;
    assert!(!alpha_sitemap.contains("beta.test"));

    // A comment on alpha waits for alpha's moderators, and shows on alpha alone.
    let before = shown_comments(&process, "beta.test").await;
    let (status, sent) = comment(&process, "alpha.test", "10.9.0.1", "Only on alpha, please.").await;
    assert_eq!(status, 201, "{sent}");
    let id = sent["comment"]["id"].as_i64().unwrap().to_string();
    let pending = run(&process, &["comments", "list", "--blog", "alpha.test"]);
    assert!(pending.contains("Only on alpha, please."), "{pending}");
    let beta_pending = run(&process, &["comments", "list", "--blog", "beta.test"]);
    assert!(!beta_pending.contains("Only on alpha"), "{beta_pending}");
    // Three blogs: a command that does not say which changes nothing.
    let unsaid = refused(&process, &["comments", "approve", &id]);
    assert!(unsaid.contains("--blog"), "{unsaid}");
    let unknown = refused(&process, &["comments", "approve", &id, "--blog", "nowhere.test"]);
    assert!(unknown.contains("no blog at nowhere.test"), "{unknown}");
    run(&process, &["comments", "approve", &id, "--blog", "alpha.test"]);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(shown_comments(&process, "alpha.test").await.iter().any(|t| t.contains("Only on alpha")));
    assert_eq!(shown_comments(&process, "beta.test").await, before, "beta shows alpha's comment");

    // The same reader, the same text, on beta: strangers, so no duplicate
    // and no flood control carried over from alpha.
    let (status, sent) = comment(&process, "beta.test", "10.9.0.1", "Only on alpha, please.").await;
    assert_eq!(status, 201, "beta refused what alpha took: {sent}");

    // An unknown host, or junk, names no blog.
    for host in ["nowhere.test", "127.0.0.1", "bad_host!", "alpha.test.evil"] {
        let (status, html) = get(&process, host, "/").await;
        assert_eq!(status, 404, "{host}");
        for name in ["Alpha", "Beta", "Civic Design Lab", "Public Data Studio"] {
            assert!(!html.contains(name), "{host} shows {name}");
        }
        let (status, body) = json(&process, host, "/api/v1/posts").await;
        assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")), "{host}");
    }
    // A forwarded host is believed only from a trusted proxy (this one is).
    let r = client()
        .get(format!("{}/api/v1/site", process.base))
        .header(HOST, "nowhere.test")
        .header("x-forwarded-host", "beta.test")
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["name"], "Beta");
    // Health checks answer on any name.
    let (status, _) = get(&process, "10.0.0.1", "/healthz").await;
    assert_eq!(status, 200);
}

/// A sign-in form on `host`, filled in and sent; the session cookie if it worked.
async fn sign_in(process: &ServerProcess, host: &str, password: &str) -> Option<String> {
    sign_in_as(process, host, EMAIL, password).await
}

async fn sign_in_as(process: &ServerProcess, host: &str, email: &str, password: &str) -> Option<String> {
    process.sign_in(host, &format!("http://{host}"), email, password).await
}

#[tokio::test]
async fn a_moderator_of_one_blog_is_nobody_on_another() {
    let process = three_blogs().await;
    let added = run(&process, &["moderators", "add", EMAIL, "--blog", "alpha.test"]);
    assert!(added.contains("http://alpha.test/moderate/"), "{added}");
    let password = added.lines().nth(1).unwrap().trim().to_owned();
    let session = sign_in(&process, "alpha.test", &password).await.expect("signs in on alpha");
    let (_, comment_sent) = comment(&process, "alpha.test", "10.9.1.1", "Alpha queue only.").await;
    assert!(comment_sent["comment"]["id"].is_i64(), "{comment_sent}");

    let queue = |host: &'static str| {
        let session = session.clone();
        let base = process.base.clone();
        async move {
            client()
                .get(format!("{base}/moderate/"))
                .header(HOST, host)
                .header(COOKIE, format!("govblog_moderator={session}"))
                .send()
                .await
                .unwrap()
        }
    };
    let alpha = queue("alpha.test").await;
    assert_eq!(alpha.status(), 200);
    assert!(alpha.text().await.unwrap().contains("Alpha queue only."), "alpha's queue");
    // Alpha's session on beta: no session there.
    let beta = queue("beta.test").await;
    assert_eq!(beta.status(), 303);
    assert_eq!(beta.headers()[LOCATION], "/moderate/sign-in/");
    // Alpha's password on beta: no such moderator there.
    assert_eq!(sign_in(&process, "beta.test", &password).await, None);
    // The same address on beta is a stranger with its own password.
    let beta_added = run(&process, &["moderators", "add", EMAIL, "--blog", "beta.test"]);
    assert!(beta_added.starts_with("Added"), "{beta_added}");
    let beta_password = beta_added.lines().nth(1).unwrap().trim().to_owned();
    assert_ne!(beta_password, password);
    assert!(sign_in(&process, "beta.test", &beta_password).await.is_some());
    assert!(
        sign_in(&process, "alpha.test", &password).await.is_some(),
        "alpha's own password still works there"
    );
}

#[tokio::test]
async fn a_network_administrator_moderates_every_blog_until_removed() {
    let process = three_blogs().await;
    let admin = "chief.editor@example.gov.uk";
    let added = run(&process, &["moderators", "add", "--network", admin]);
    let password = added.lines().nth(1).unwrap().trim().to_owned();
    for host in ["alpha.test", "beta.test", "demo.test"] {
        assert!(sign_in_as(&process, host, admin, &password).await.is_some(), "{host}");
    }
    // A blog added later has them too.
    run(&process, &["blogs", "add", "gamma.test", "--name", "Gamma"]);
    blogs_seen().await;
    assert!(sign_in_as(&process, "gamma.test", admin, &password).await.is_some());
    assert!(run(&process, &["moderators", "list", "--blog", "gamma.test"]).contains("network administrator"));
    // Removed, from every blog at once.
    run(&process, &["moderators", "remove", "--network", admin]);
    for host in ["alpha.test", "beta.test", "demo.test", "gamma.test"] {
        assert!(sign_in_as(&process, host, admin, &password).await.is_none(), "{host} after removal");
    }
}

#[tokio::test]
async fn archived_blogs_stay_readable_and_removed_blogs_take_nothing_else_with_them() {
    let process = three_blogs().await;
    let refused_remove = refused(&process, &["blogs", "remove", "beta.test"]);
    assert!(refused_remove.contains("--yes"), "{refused_remove}");
    let (status, _) = get(&process, "beta.test", POST).await;
    assert_eq!(status, 200, "nothing removed without --yes");

    run(&process, &["blogs", "archive", "alpha.test"]);
    run(&process, &["blogs", "set", "alpha.test", "--embed-origins", "https://www.alpha-dept.gov.uk/"]);
    blogs_seen().await;
    // The sites that may embed a blog are its own.
    for (host, allowed) in [("alpha.test", Some("https://www.alpha-dept.gov.uk")), ("beta.test", None)] {
        let r = client()
            .get(format!("{}/api/v1/site", process.base))
            .header(HOST, host)
            .header(ORIGIN, "https://www.alpha-dept.gov.uk")
            .send()
            .await
            .unwrap();
        let header = r.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(header.as_deref(), allowed, "{host}");
    }
    let (status, html) = get(&process, "alpha.test", POST).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("govuk-notification-banner") && html.contains("This blog is no longer updated"),
        "{html}"
    );
    assert!(!html.contains("id=\"subscribe-heading\""), "an archived blog offers no subscription");
    let (status, body) = comment(&process, "alpha.test", "10.9.2.1", "Too late?").await;
    assert_eq!(status, 403, "{body}");
    let r = client()
        .post(format!("{}/api/v1/subscriptions", process.base))
        .header(HOST, "alpha.test")
        .json(&json!({"email": "reader@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The others go on.
    let (status, html) = get(&process, "beta.test", POST).await;
    assert_eq!(status, 200);
    assert!(!html.contains("This blog is no longer updated"));
    let (status, _) = comment(&process, "beta.test", "10.9.2.2", "Beta is open.").await;
    assert_eq!(status, 201);

    let first = refused(&process, &["blogs", "remove", "demo.test", "--yes"]);
    assert!(first.contains("archive it instead"), "{first}");
    run(&process, &["blogs", "remove", "beta.test", "--yes"]);
    blogs_seen().await;
    let (status, _) = get(&process, "beta.test", POST).await;
    assert_eq!(status, 404);
    let (status, _) = get(&process, "alpha.test", POST).await;
    assert_eq!(status, 200, "removing beta took alpha's post");
    let (status, site) = json(&process, "demo.test", "/api/v1/site").await;
    assert_eq!((status, site["name"].as_str()), (200, Some("Civic Design Lab")));
    assert!(!run(&process, &["blogs", "list"]).contains("beta.test"));
    // A new blog at beta's old name starts empty.
    run(&process, &["blogs", "add", "beta.test", "--name", "Beta again"]);
    blogs_seen().await;
    let (status, _) = get(&process, "beta.test", POST).await;
    assert_eq!(status, 404, "a new blog at an old host got the old blog's posts");
}

#[tokio::test]
async fn commands_refuse_bad_hosts_and_settings_and_change_nothing() {
    let process = ServerProcess::new(&[("GOVBLOG_PUBLIC_URL", "http://demo.test")]).await;
    // One blog: commands need no --blog, and that blog answers every host.
    run(&process, &["moderators", "list"]);
    for args in [
        &["blogs", "add", "bad_host!", "--name", "X"][..],
        &["blogs", "add", "x.test"],
        &["blogs", "add", "x.test", "--name", ""],
        &["blogs", "add", "x.test", "--name", "Two\nlines"],
        &["blogs", "add", "x.test", "--name", "X", "--privacy-notice-url", "javascript:alert(1)"],
        &["blogs", "add", "DEMO.test", "--name", "Again"],
        &["blogs", "set", "nowhere.test", "--name", "X"],
        &["blogs", "archive", "nowhere.test"],
        &["moderators", "list", "--blog", "nowhere.test"],
        &["blogs", "set", "demo.test", "--embed-origins", "javascript:alert(1)"],
        &["blogs", "set", "demo.test", "--embed-origins", "https://ok.gov.uk,https://x.gov.uk/path"],
    ] {
        refused(&process, args);
    }
    let listed = run(&process, &["blogs", "list"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
}

/// A database made by the release that served one blog (its schema is the
/// blog's own, which this release keeps as it was) becomes a deployment of
/// that one blog, with every row where it was.
#[tokio::test]
async fn a_one_blog_database_becomes_the_first_blog_with_nothing_lost() {
    let mut process = ServerProcess::new(&[("GOVBLOG_PUBLIC_URL", "http://demo.test")]).await;
    let store = Store::open(&process.database).await.unwrap();
    let options = govblog_server::wordpress::Options {
        dry_run: false,
        uploads_from: None,
        uploads_to: "unused".into(),
    };
    govblog_server::wordpress::import(&store, std::path::Path::new(EXPORT), &options).await.unwrap();
    let before = store.holdings().await.unwrap();
    let (posts_before, _) = store.list_posts(Default::default(), 1, 1000).await.unwrap();
    store.close().await;

    process.serve().await;
    let listed = run(&process, &["blogs", "list"]);
    assert!(listed.starts_with("demo.test  Public Data Studio"), "{listed}");
    let store = Store::open(&process.database).await.unwrap();
    assert_eq!(store.holdings().await.unwrap(), before);
    let (posts_after, _) = store.list_posts(Default::default(), 1, 1000).await.unwrap();
    assert_eq!(posts_after, posts_before);
    // Any host still reaches it: a deployment of one blog answers every name.
    let (status, _) = get(&process, "anything.example", POST).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_network_host_lists_every_blog_and_searches_them_all() {
    let process = three_blogs().await;
    let (status, html) = get(&process, "WWW.test", "/").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<title>GOV.UK blogs</title>"), "{html}");
    assert!(html.contains("Blogs by organisation"));
    // Grouped by organisation, each blog linking to its own host, with its latest post.
    for (organisation, blog) in [
        ("Office A", "http://alpha.test"),
        ("Office B", "http://beta.test"),
        ("Department for Public Services", "http://demo.test"),
    ] {
        assert!(html.contains(organisation), "{organisation} missing");
        assert!(html.contains(&format!("href=\"{blog}\"")), "{blog} missing");
    }
    assert!(html.contains("Latest post: <a href=\"http://alpha.test/"), "alpha's latest post");
    // The latest posts of every blog, each naming its blog.
    assert!(
        html.contains("On <a href=\"http://demo.test\" class=\"govuk-link\">Civic Design Lab</a>"),
        "{html}"
    );
    // The same as data, for the app.
    let (status, page) = json(&process, "www.test", "/api/v1/pages?path=/").await;
    assert_eq!(status, 200);
    assert_eq!(page["content"]["network_home"]["blogs"].as_array().unwrap().len(), 3);
    let (_, frame) = json(&process, "www.test", "/api/v1/frame").await;
    assert_eq!(
        (frame["site"]["network"].as_bool(), frame["site"]["name"].as_str()),
        (Some(true), Some("GOV.UK blogs"))
    );

    // One search across all: the export's word on both imported blogs, named.
    let (status, page) = json(&process, "www.test", "/api/v1/pages?path=/%3Fs%3Dspending").await;
    assert_eq!(status, 200, "{page}");
    let results =
        page["content"]["network_search"]["outcome"]["results"]["items"].as_array().unwrap().clone();
    let blogs: std::collections::BTreeSet<_> =
        results.iter().map(|r| r["blog_name"].as_str().unwrap()).collect();
    assert_eq!(blogs.into_iter().collect::<Vec<_>>(), ["Alpha", "Beta"], "{page}");
    let (_, html) = get(&process, "www.test", "/?s=jobcentre").await;
    assert!(
        html.contains("On <a href=\"http://demo.test\" class=\"govuk-link\">Civic Design Lab</a>"),
        "{html}"
    );
    let (status, _) = get(&process, "www.test", &format!("/?s={}", "x".repeat(5000))).await;
    assert_eq!(status, 400);

    // The feed of all blogs, each entry on its own blog; the sitemap index.
    let (_, feed) = get(&process, "www.test", "/feed/").await;
    for blog in ["http://alpha.test/", "http://beta.test/", "http://demo.test/"] {
        assert!(feed.contains(&format!("<link href=\"{blog}")), "{blog} missing from the feed");
    }
    let (_, sitemaps) = get(&process, "www.test", "/sitemap.xml").await;
    assert!(sitemaps.contains("<sitemapindex"));
    for blog in ["alpha.test", "beta.test", "demo.test"] {
        assert!(sitemaps.contains(&format!("<loc>http://{blog}/sitemap.xml</loc>")), "{sitemaps}");
    }
    // Not a blog: no posts, no comments, no moderation.
    let (status, _) = get(&process, "www.test", POST).await;
    assert_eq!(status, 404);
    let (status, _) = json(&process, "www.test", "/api/v1/posts").await;
    assert_eq!(status, 404);
    // The network's host is no blog's to take.
    let taken = refused(&process, &["blogs", "add", "www.test", "--name", "Mine"]);
    assert!(taken.contains("network"), "{taken}");
}

/// Two servers of one deployment (on PostgreSQL under `make test`): a
/// comment sent through one and approved on the command line shows through
/// the other, on its own blog only; a blog added while both run is served
/// by both.
#[tokio::test]
async fn two_servers_serve_every_blog_alike() {
    let one = three_blogs().await;
    let mut two = one.beside();
    two.serve().await;
    let (status, sent) = comment(&one, "beta.test", "10.9.3.1", "Sent through one, read through two.").await;
    assert_eq!(status, 201, "{sent}");
    let id = sent["comment"]["id"].as_i64().unwrap().to_string();
    run(&one, &["comments", "approve", &id, "--blog", "beta.test"]);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(shown_comments(&two, "beta.test").await.iter().any(|t| t.contains("Sent through one")));
    assert!(!shown_comments(&two, "alpha.test").await.iter().any(|t| t.contains("Sent through one")));
    run(&two, &["blogs", "add", "delta.test", "--name", "Delta"]);
    blogs_seen().await;
    for server in [&one, &two] {
        let (status, site) = json(server, "delta.test", "/api/v1/site").await;
        assert_eq!((status, site["name"].as_str()), (200, Some("Delta")));
    }
}
