//! A blog following a live WordPress: the real server binary against a real
//! WordPress (Debian's `wordpress`, on MariaDB and `php -S`), started by
//! `scripts/wordpress.sh run`, which `make test` wraps these tests in.
//! Authors' changes are made through WordPress's own REST API, as its
//! editor makes them.
//!
//! The tests share one WordPress site: each makes content of its own
//! (titled with a word of its own) and looks only at that.

mod common;

use std::future::Future;
use std::time::{Duration, Instant};

use common::wordpress::WordPress;
use common::ServerProcess;
use serde_json::{json, Value};

/// The path of a WordPress item's address (`link`), as govblog serves it.
fn path_of(item: &Value) -> String {
    let link = item["link"].as_str().unwrap();
    url::Url::parse(link).unwrap().path().to_owned()
}

/// A server following `wp`, with `extra` settings, serving.
async fn follower(wp: &WordPress, extra: &[(&str, &str)]) -> ServerProcess {
    let env = wp.env();
    let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend([
        ("GOVBLOG_WORDPRESS_POLL", "1"),
        ("GOVBLOG_WORDPRESS_FULL_CHECK", "3"),
        ("RUST_LOG", "info,govblog_server::wordpress=debug"),
        ("GOVBLOG_TRUST_PROXY", "1"),
    ]);
    all.extend_from_slice(extra);
    let mut server = ServerProcess::new(&all).await;
    server.serve().await;
    server
}

/// The status and body of `path` on `server`, redirects not followed.
async fn fetch(server: &ServerProcess, path: &str) -> (u16, String, Option<String>) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = client.get(format!("{}{path}", server.base)).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    (r.status().as_u16(), r.text().await.unwrap(), location)
}

/// Waits (up to `within`) until `check` holds; panics with `what` and
/// `server`'s log if not.
async fn eventually<F: Future<Output = bool>>(
    server: &ServerProcess,
    what: &str,
    within: Duration,
    mut check: impl FnMut() -> F,
) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < within, "not seen within {within:?}: {what}\n{}", server.logs());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Whether `path` answers 200 with `text` in it.
async fn shows(server: &ServerProcess, path: &str, text: &str) -> bool {
    let (status, body, _) = fetch(server, path).await;
    status == 200 && body.contains(text)
}

/// Whether `path` answers 404.
async fn gone(server: &ServerProcess, path: &str) -> bool {
    fetch(server, path).await.0 == 404
}

const WITHIN: Duration = Duration::from_secs(20);

#[tokio::test]
async fn start_up_names_what_is_wrong_and_exits() {
    let wp = WordPress::from_env();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // A web site that is not WordPress: a govblog serving its demo blog.
    let mut other = ServerProcess::new(&[]).await;
    other.serve().await;
    let not_wordpress = other.base.clone();
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (
            vec![("GOVBLOG_WORDPRESS_APP_PASSWORD", "abcd efgh ijkl mnop qrst uvwx".into())],
            "refused the user name or application password",
        ),
        (vec![("GOVBLOG_WORDPRESS_URL", format!("http://127.0.0.1:{closed}"))], "cannot be reached"),
        (vec![("GOVBLOG_WORDPRESS_URL", not_wordpress)], "is not a WordPress site with its REST API on"),
        (vec![("GOVBLOG_WORDPRESS_USER", String::new())], "needs GOVBLOG_WORDPRESS_USER"),
        (vec![("GOVBLOG_WORDPRESS_URL", "ftp://example.gov.uk".into())], "must be an http or https address"),
    ];
    for (changes, message) in cases {
        let mut env = wp.env();
        for (k, v) in &changes {
            env.retain(|(name, _)| name != k);
            env.push((k, v.clone()));
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let server = ServerProcess::new(&env).await;
        let out = server.command(&["serve"]).output().unwrap();
        let said =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!out.status.success(), "started with {changes:?}");
        assert!(said.contains(message), "for {changes:?} expected {message:?}, got {said}");
        assert!(
            !said.contains(&wp.password) && !said.contains("abcd efgh"),
            "the password was shown: {said}"
        );
    }
}

#[tokio::test]
async fn copies_the_site_then_follows_every_change() {
    let wp = WordPress::from_env();
    // What the site has before govblog first looks.
    let parent = wp.send("categories", json!({"name": "Kestrel data", "slug": "kestrel-data"})).await;
    let child = wp
        .send(
            "categories",
            json!({"name": "Kestrel open data", "slug": "kestrel-open-data", "parent": parent["id"]}),
        )
        .await;
    let tag = wp.send("tags", json!({"name": "Kestrel tag", "slug": "kestrel-tag"})).await;
    let post = wp
        .send(
            "posts",
            json!({
                "title": "Kestrel survey results",
                "slug": "kestrel-survey-results",
                "status": "publish",
                "content": "<!-- wp:paragraph -->\n<p>What the kestrel survey found &amp; why.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>Kestrel method</h2>\n<!-- /wp:heading -->",
                "excerpt": "A kestrel summary",
                "categories": [child["id"]],
                "tags": [tag["id"]],
            }),
        )
        .await;
    let draft = wp
        .send("posts", json!({"title": "Kestrel draft", "slug": "kestrel-draft", "status": "draft", "content": "Not yet."}))
        .await;
    let page = wp
        .send("pages", json!({"title": "About kestrels", "slug": "about-kestrels", "status": "publish", "content": "<p>Kestrel page body.</p>"}))
        .await;
    let approved = wp
        .send(
            "comments",
            json!({"post": post["id"], "author_name": "Kes Reader", "author_email": "kes@example.com",
                   "content": "A kestrel comment, approved.", "status": "approved"}),
        )
        .await;
    let held = wp
        .send(
            "comments",
            json!({"post": post["id"], "author_name": "Kes Waiting", "author_email": "wait@example.com",
                   "content": "A kestrel comment, held back.", "status": "hold"}),
        )
        .await;
    // Scheduled a minute ahead (WordPress's least): its cron never runs
    // here, and the post appears at its time all the same.
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(65);
    let when = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let scheduled = wp
        .send(
            "posts",
            json!({"title": "Kestrel later", "slug": "kestrel-later", "status": "future", "date": when, "content": "At its time."}),
        )
        .await;
    assert_eq!(scheduled["status"], "future");
    let post_path = path_of(&post);

    let server = follower(&wp, &[]).await;
    eventually(&server, "the first copy", WITHIN, || {
        shows(&server, &post_path, "A kestrel comment, approved.")
    })
    .await;
    let (_, body, _) = fetch(&server, &post_path).await;
    assert!(body.contains("What the kestrel survey found &amp; why."), "{body}");
    assert!(body.contains("Kestrel method"));
    assert!(body.contains("Kestrel open data"), "the category is shown");
    assert!(body.contains("A kestrel comment, approved."), "{body}");
    assert!(!body.contains("A kestrel comment, held back."), "a held comment is not shown");
    assert!(shows(&server, "/category/kestrel-data/kestrel-open-data/", "Kestrel survey results").await);
    assert!(shows(&server, "/tag/kestrel-tag/", "Kestrel survey results").await);
    assert!(shows(&server, &path_of(&page), "Kestrel page body.").await);
    assert_eq!(fetch(&server, &format!("/{}/kestrel-draft/", &post_path[1..11])).await.0, 404);
    assert!(!shows(&server, "/", "Kestrel draft").await);
    assert!(draft["id"].as_i64().is_some());

    // Edited.
    wp.send(&format!("posts/{}", post["id"]), json!({"title": "Kestrel survey results, revised"})).await;
    eventually(&server, "an edited title", WITHIN, || {
        shows(&server, &post_path, "Kestrel survey results, revised")
    })
    .await;

    // A new slug: the old address redirects to the new one.
    let moved = wp.send(&format!("posts/{}", post["id"]), json!({"slug": "kestrel-survey-final"})).await;
    let new_path = path_of(&moved);
    eventually(&server, "the new address", WITHIN, || {
        shows(&server, &new_path, "Kestrel survey results, revised")
    })
    .await;
    let (status, _, location) = fetch(&server, &post_path).await;
    assert_eq!((status, location.as_deref()), (301, Some(new_path.as_str())));

    // A held comment approved in WordPress.
    wp.send(&format!("comments/{}", held["id"]), json!({"status": "approved"})).await;
    eventually(&server, "an approved comment", WITHIN, || {
        shows(&server, &new_path, "A kestrel comment, held back.")
    })
    .await;
    // A comment marked as spam.
    wp.send(&format!("comments/{}", approved["id"]), json!({"status": "spam"})).await;
    eventually(&server, "a comment marked as spam gone", WITHIN, || {
        let (server, path) = (&server, &new_path);
        async move {
            let (status, body, _) = fetch(server, path).await;
            status == 200 && !body.contains("A kestrel comment, approved.")
        }
    })
    .await;

    // Published from a draft; then unpublished again.
    let published = wp.send(&format!("posts/{}", draft["id"]), json!({"status": "publish"})).await;
    let published_path = path_of(&published);
    eventually(&server, "a published draft", WITHIN, || shows(&server, &published_path, "Not yet.")).await;
    wp.send(&format!("posts/{}", draft["id"]), json!({"status": "draft"})).await;
    eventually(&server, "an unpublished post gone", WITHIN, || gone(&server, &published_path)).await;

    // WordPress links to a scheduled post by `?p=`: its address to be is
    // its date and slug.
    let date = scheduled["date"].as_str().unwrap();
    let scheduled_path = format!("/{}/{}/{}/kestrel-later/", &date[..4], &date[5..7], &date[8..10]);
    assert_eq!(fetch(&server, &scheduled_path).await.0, 404, "not before its time");
    eventually(&server, "a scheduled post at its time", Duration::from_secs(90), || {
        shows(&server, &scheduled_path, "At its time.")
    })
    .await;

    // Binned, and a page deleted for good (seen by the full check).
    wp.http
        .delete(format!("{}/wp-json/wp/v2/posts/{}", wp.url, post["id"]))
        .basic_auth(&wp.user, Some(&wp.password))
        .send()
        .await
        .unwrap();
    eventually(&server, "a binned post gone", WITHIN, || gone(&server, &new_path)).await;
    wp.delete(&format!("pages/{}", page["id"])).await;
    let page_path = path_of(&page);
    eventually(&server, "a deleted page gone", WITHIN, || gone(&server, &page_path)).await;

    let logs = server.logs();
    assert!(!logs.contains(&wp.password), "the application password was logged");
}

#[tokio::test]
async fn one_server_polls_at_a_time() {
    let wp = WordPress::from_env();
    let mut first = follower(&wp, &[]).await;
    let mut second = first.beside();
    second.serve().await;
    for i in 0..3 {
        let post = wp
            .send("posts", json!({"title": format!("Merlin note {i}"), "status": "publish", "content": format!("Merlin body {i}.")}))
            .await;
        let path = path_of(&post);
        for server in [&first, &second] {
            let body = format!("Merlin body {i}.");
            eventually(server, "a post on both servers", WITHIN, || shows(server, &path, &body)).await;
        }
    }
    let copied = |s: &ServerProcess| s.logs().matches("WordPress: copied its changes").count();
    let (a, b) = (copied(&first), copied(&second));
    assert!(a + b > 0, "somebody copied the posts");
    assert!(a == 0 || b == 0, "both servers polled: {a} and {b} copies");
    // The one polling stops: the other takes over.
    let (stopping, other) = if a > 0 { (&mut first, &second) } else { (&mut second, &first) };
    stopping.terminate();
    let _ = stopping.child.as_mut().unwrap().wait();
    let post = wp
        .send(
            "posts",
            json!({"title": "Merlin after", "status": "publish", "content": "Merlin after the stop."}),
        )
        .await;
    let path = path_of(&post);
    eventually(other, "a post after the poller stopped", WITHIN, || {
        shows(other, &path, "Merlin after the stop.")
    })
    .await;
}

/// `sha256=` and the hex HMAC-SHA256 of `{timestamp}.{body}`, as the plugin signs.
fn sign(secret: &str, timestamp: &str, body: &str) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn call(server: &ServerProcess, timestamp: &str, signature: &str, body: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/api/v1/wordpress/changed", server.base))
        .header("content-type", "application/json")
        .header("x-govblog-timestamp", timestamp)
        .header("x-govblog-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_plugin_makes_changes_show_at_once_and_bad_calls_are_refused() {
    let wp = WordPress::from_env();
    let secret = "a shared secret for the plugin";
    // Polls far apart: whatever shows within seconds came by the plugin.
    let server = follower(
        &wp,
        &[
            ("GOVBLOG_WORDPRESS_POLL", "600"),
            ("GOVBLOG_WORDPRESS_FULL_CHECK", "600"),
            ("GOVBLOG_WORDPRESS_SECRET", secret),
        ],
    )
    .await;
    wp.send("plugins/govblog-sync", json!({"status": "active"})).await;
    wp.send("settings", json!({"govblog_sync_url": server.base, "govblog_sync_secret": secret})).await;
    // The first copy is done before the test's posts are made.
    eventually(&server, "the first copy", WITHIN, || async { server.logs().contains("WordPress: copied") })
        .await;

    // Two changes in the same second are two calls.
    let (first, second) = tokio::join!(
        wp.send(
            "posts",
            json!({"title": "Osprey first", "status": "publish", "content": "Osprey first body."})
        ),
        wp.send(
            "posts",
            json!({"title": "Osprey second", "status": "publish", "content": "Osprey second body."})
        ),
    );
    for (post, text) in [(&first, "Osprey first body."), (&second, "Osprey second body.")] {
        let path = path_of(post);
        eventually(&server, "two posts at once", Duration::from_secs(10), || shows(&server, &path, text))
            .await;
    }
    let post = wp
        .send(
            "posts",
            json!({"title": "Osprey notes", "status": "publish", "content": "Osprey body, at once."}),
        )
        .await;
    let path = path_of(&post);
    eventually(&server, "a post the plugin told of", Duration::from_secs(10), || {
        shows(&server, &path, "Osprey body")
    })
    .await;
    let comment = wp
        .send(
            "comments",
            json!({"post": post["id"], "author_name": "Ospry Reader", "author_email": "osprey@example.com",
                   "content": "An osprey comment, held back.", "status": "hold"}),
        )
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(!shows(&server, &path, "An osprey comment").await, "held back");
    wp.send(&format!("comments/{}", comment["id"]), json!({"status": "approved"})).await;
    eventually(&server, "a comment approved", Duration::from_secs(10), || {
        shows(&server, &path, "An osprey comment, held back.")
    })
    .await;
    wp.delete(&format!("posts/{}", post["id"])).await;
    eventually(&server, "a post deleted for good", Duration::from_secs(10), || gone(&server, &path)).await;

    // Calls not signed with the secret, out of their time, made twice or
    // saying nothing sensible.
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
    let body = r#"{"changed":"post"}"#;
    assert_eq!(call(&server, &now, &sign("another secret", &now, body), body).await, 403);
    assert_eq!(call(&server, &now, "", body).await, 403);
    assert_eq!(call(&server, &now, "sha256=not-hex", body).await, 403);
    let old = "1500000000";
    assert_eq!(call(&server, old, &sign(secret, old, body), body).await, 403);
    assert_eq!(call(&server, "", &sign(secret, "", body), body).await, 403);
    let good = sign(secret, &now, body);
    assert_eq!(call(&server, &now, &good, body).await, 202);
    assert_eq!(call(&server, &now, &good, body).await, 409, "the same call twice");
    for junk in
        [r#"{"changed":"everything"}"#, r#"{"changed":"comment"}"#, "not json", r#"{"changed":"post","x":1}"#]
    {
        assert_eq!(call(&server, &now, &sign(secret, &now, junk), junk).await, 400, "{junk}");
    }
    // An author's preview of a draft: the plugin's signed link, for those
    // who may edit it; the draft shown as it will be, to them alone.
    let draft = wp
        .send(
            "posts",
            json!({"title": "Osprey draft", "slug": "osprey-draft", "status": "draft",
                   "content": "<!-- wp:paragraph -->\n<p>Osprey draft body.</p>\n<!-- /wp:paragraph -->"}),
        )
        .await;
    let link = draft["govblog_preview"].as_str().unwrap_or_default().to_owned();
    let (link_base, preview) = link.split_at(link.find("/preview/").unwrap_or(0));
    assert_eq!(link_base, server.base, "{draft}");
    let answer = reqwest::Client::new().get(&link).send().await.unwrap();
    let headers = answer.headers().clone();
    let (status, page) = (answer.status(), answer.text().await.unwrap());
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Osprey draft body.") && page.contains("<title>Preview: Osprey draft"), "{page}");
    assert!(!page.contains("<script"), "shown without the app");
    assert_eq!(headers["cache-control"], "private, no-store");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    let date = draft["date"].as_str().unwrap();
    let public = format!("/{}/{}/{}/osprey-draft/", &date[..4], &date[5..7], &date[8..10]);
    assert!(gone(&server, &public).await, "nothing unpublished without the link");
    assert!(!shows(&server, "/", "Osprey draft").await);
    let (_, later_list, _) = fetch(&server, "/sitemap.xml").await;
    assert!(!later_list.contains("osprey-draft"));
    // A link changed, made with another secret, expired or for nothing.
    let id = draft["id"].as_i64().unwrap();
    let signed = |secret: &str, expires: u64, id: i64| {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{expires}.preview:{id}").as_bytes());
        format!("/preview/{id}/?expires={expires}&signature={}", hex::encode(mac.finalize().into_bytes()))
    };
    let at: u64 = now.parse().unwrap();
    for (path, status, says) in [
        (signed("another secret", at + 600, id), 403, "not valid"),
        (preview.replace(&format!("/{id}/"), &format!("/{}/", id + 1)), 403, "not valid"),
        (preview.replace("signature=", "signature=0"), 403, "not valid"),
        (format!("/preview/{id}/"), 403, "expired"),
        (signed(secret, at - 1, id), 403, "expired"),
        (signed(secret, at + 86_400, id), 403, "expired"),
        (signed(secret, at + 600, 999_999_999), 404, "no post or page"),
        ("/preview/x/?expires=1&signature=00".to_owned(), 404, "no preview"),
    ] {
        let (got, page, _) = fetch(&server, &path).await;
        assert_eq!(got, status, "{path}: {page}");
        assert!(page.contains(says), "{path}: {page}");
        assert!(!page.contains("Osprey draft body."));
    }

    // A blog that follows no WordPress has no such endpoint.
    let mut plain = ServerProcess::new(&[]).await;
    plain.serve().await;
    assert_eq!(call(&plain, &now, &good, body).await, 404);
    assert_eq!(fetch(&plain, preview).await.0, 404);
    assert!(!server.logs().contains(secret), "the secret was logged");
}

/// A TCP gate between govblog and WordPress that the test opens and closes,
/// to make WordPress unreachable for one server alone (the others share it).
struct Gate {
    url: String,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Gate {
    async fn to(target: &str) -> Gate {
        use std::sync::atomic::Ordering;
        let target = target.trim_start_matches("http://").to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let is_open = open.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !is_open.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is closed at once
                }
                let target = target.clone();
                tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Gate { url, open }
    }

    fn set(&self, open: bool) {
        self.open.store(open, std::sync::atomic::Ordering::SeqCst);
    }
}

impl WordPress {
    /// WordPress's comments on `post` with `text`, in every status but the bin.
    async fn comments_saying(&self, post: &Value, text: &str) -> Vec<Value> {
        let mut found = Vec::new();
        for status in ["all", "spam", "trash"] {
            let r = self
                .http
                .get(format!("{}/wp-json/wp/v2/comments", self.url))
                .query(&[("post", post["id"].to_string().as_str()), ("status", status), ("context", "edit")])
                .basic_auth(&self.user, Some(&self.password))
                .send()
                .await
                .unwrap();
            let list: Vec<Value> = r.json().await.unwrap();
            found.extend(list.into_iter().filter(|c| c["content"]["raw"].as_str() == Some(text)));
        }
        found
    }
}

/// How many of the comments govblog shows on the post at `path` say `text`.
async fn times_shown(server: &ServerProcess, path: &str, text: &str) -> usize {
    let (_, body, _) = fetch(server, &format!("/api/v1/posts{path}comments")).await;
    body.matches(text).count()
}

static READERS: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

/// A reader's comment sent to govblog's API; its receipt.
async fn comment_on(server: &ServerProcess, path: &str, body: Value) -> Value {
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/posts{}comments", server.base, path))
        // Each comment from a reader of its own: flood control counts by address.
        .header(
            "x-forwarded-for",
            format!("10.9.8.{}", READERS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let answer: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "the comment was not taken: {answer}");
    answer
}

#[tokio::test]
async fn readers_comments_are_moderated_in_wordpress_and_handed_over_once() {
    let wp = WordPress::from_env();
    wp.send("plugins/govblog-sync", json!({"status": "active"})).await;
    let gate = Gate::to(&wp.url).await;
    let server = follower(&wp, &[("GOVBLOG_WORDPRESS_URL", gate.url.as_str())]).await;
    let post = wp
        .send("posts", json!({"title": "Heron notes", "status": "publish", "content": "Heron body."}))
        .await;
    let path = path_of(&post);
    eventually(&server, "the post", WITHIN, || shows(&server, &path, "Heron body.")).await;

    // A reader comments on govblog: the comment goes to WordPress, held
    // back for moderation there, under the reader's name and address.
    let text = "A heron question from a reader.";
    let receipt =
        comment_on(&server, &path, json!({"name": "Hera Reader", "email": "hera@example.com", "text": text}))
            .await;
    assert_eq!(receipt["status"], "pending");
    eventually(&server, "the comment in WordPress", WITHIN, || async {
        wp.comments_saying(&post, text).await.len() == 1
    })
    .await;
    let handed = wp.comments_saying(&post, text).await.remove(0);
    assert_eq!(
        (handed["status"].as_str(), handed["author_name"].as_str()),
        (Some("hold"), Some("Hera Reader"))
    );
    assert_eq!(handed["author_email"], "hera@example.com");
    let key = handed["meta"]["govblog_key"].as_str().unwrap_or_default().to_owned();
    assert!(key.starts_with("govblog:"), "{handed}");
    assert!(!shows(&server, &path, text).await, "not shown before WordPress approves it");

    // Approved in WordPress: shown once on govblog.
    wp.send(&format!("comments/{}", handed["id"]), json!({"status": "approved"})).await;
    eventually(&server, "the approved comment", WITHIN, || shows(&server, &path, text)).await;
    assert_eq!(times_shown(&server, &path, text).await, 1, "shown once");

    // A reply goes to WordPress as a reply.
    let shown_id = receipt["comment"]["id"].as_i64().unwrap();
    let reply = "A heron reply from a reader.";
    comment_on(
        &server,
        &path,
        json!({"name": "Hal Reader", "email": "hal@example.com", "text": reply, "parent_id": shown_id}),
    )
    .await;
    eventually(&server, "the reply in WordPress", WITHIN, || async {
        wp.comments_saying(&post, reply).await.len() == 1
    })
    .await;
    assert_eq!(wp.comments_saying(&post, reply).await[0]["parent"], handed["id"]);

    // WordPress unreachable: the reader is told as before, the comment is
    // kept. The server then stops after handing it over but before noting
    // it (as if it crashed): when WordPress is back, it is not sent twice.
    gate.set(false);
    let late = "A heron comment made while WordPress was away.";
    let receipt =
        comment_on(&server, &path, json!({"name": "Lee Reader", "email": "lee@example.com", "text": late}))
            .await;
    assert_eq!(receipt["status"], "pending");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(wp.comments_saying(&post, late).await.is_empty());
    assert!(server.logs().contains("could not hand comments over"), "{}", server.logs());
    assert!(shows(&server, &path, text).await, "the blog serves while WordPress is away");
    let key = format!(
        "govblog:{}:{}",
        receipt["comment"]["id"].as_i64().unwrap(),
        receipt["comment"]["posted_at"].as_str().unwrap()
    );
    let sent_before = wp
        .send(
            "comments",
            json!({"post": post["id"], "author_name": "Lee Reader", "author_email": "lee@example.com",
                   "content": late, "status": "hold", "meta": {"govblog_key": key}}),
        )
        .await;
    assert_eq!(sent_before["meta"]["govblog_key"], key.as_str(), "the plugin keeps the key");
    gate.set(true);
    wp.send(&format!("comments/{}", sent_before["id"]), json!({"status": "approved"})).await;
    eventually(&server, "the comment made during the outage", WITHIN, || shows(&server, &path, late)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(wp.comments_saying(&post, late).await.len(), 1, "handed over once");
    assert_eq!(times_shown(&server, &path, late).await, 1, "shown once");

    // Moderators are sent to WordPress, and cannot decide here.
    let added = server
        .command(&["moderators", "add", "ed@example.gov.uk"])
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let added = String::from_utf8_lossy(&added.stdout).into_owned();
    let password = added.lines().nth(1).unwrap().trim().to_owned();
    let host = server.base.trim_start_matches("http://");
    let session = server.sign_in(host, &server.base, "ed@example.gov.uk", &password).await.expect("signs in");
    let queue = reqwest::Client::new()
        .get(format!("{}/moderate/", server.base))
        .header("cookie", format!("govblog_moderator={session}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(queue.contains("its comments are moderated there"), "{queue}");
    assert!(queue.contains(&format!("{}/wp-admin/edit-comments.php", gate.url)), "{queue}");
    assert!(!queue.contains(r#"value="approve""#), "no approving here");
}

/// GET `path` on the blog at `host`: status and body.
async fn fetch_on(server: &ServerProcess, host: &str, path: &str) -> (u16, String) {
    let r = reqwest::Client::new()
        .get(format!("{}{path}", server.base))
        .header(reqwest::header::HOST, host)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Runs `blogs ARGS` on `server`'s deployment: whether it went, and what it said.
fn blogs(server: &ServerProcess, args: &[&str]) -> (bool, String) {
    let out = server.command(&[&["blogs"], args].concat()).env("RUST_LOG", "error").output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), said)
}

#[tokio::test]
async fn each_blog_of_a_deployment_follows_the_wordpress_it_is_set_to() {
    let wp = WordPress::from_env();
    let mut server = ServerProcess::new(&[
        ("GOVBLOG_WORDPRESS_POLL", "1"),
        ("GOVBLOG_WORDPRESS_FULL_CHECK", "3"),
        ("GOVBLOG_TRUST_PROXY", "1"),
        ("RUST_LOG", "info,govblog_server::wordpress=debug"),
    ])
    .await;
    assert!(blogs(&server, &["add", "osprey.test", "--name", "Osprey blog"]).0);
    server.serve().await;
    let first = "127.0.0.1";
    let files = tempfile::tempdir().unwrap();
    let (right, wrong) = (files.path().join("right"), files.path().join("wrong"));
    std::fs::write(&right, format!("{}\n", wp.password)).unwrap();
    std::fs::write(&wrong, "abcd efgh ijkl mnop qrst uvwx\n").unwrap();
    let set = |url: &str, file: &std::path::Path| {
        let file = file.to_str().unwrap().to_owned();
        blogs(
            &server,
            &[
                "set",
                "osprey.test",
                "--wordpress-url",
                url,
                "--wordpress-user",
                &wp.user,
                "--wordpress-app-password-file",
                &file,
            ],
        )
    };

    // Checked before it is stored: a wrong password, a site that is not
    // there, a missing file: a clear refusal, nothing stored.
    let (went, said) = set(&wp.url, &wrong);
    assert!(!went && said.contains("password"), "{said}");
    let (went, said) = set("http://127.0.0.1:9/", &right);
    assert!(!went && said.contains("cannot be reached"), "{said}");
    let (went, said) = set(&wp.url, &files.path().join("missing"));
    assert!(!went && said.contains("cannot read"), "{said}");
    assert!(!blogs(&server, &["list"]).1.contains("follows"));

    let (went, said) = set(&wp.url, &right);
    assert!(went, "{said}");
    assert!(!said.contains(&wp.password));
    let (_, listed) = blogs(&server, &["list"]);
    assert!(listed.contains("osprey.test") && listed.contains(&format!("(follows {})", wp.url)), "{listed}");
    assert!(!listed.contains(&wp.password));

    // The running server starts following it: its posts show on that blog
    // alone, and its readers' comments go to WordPress.
    let post = wp
        .send("posts", json!({"title": "Osprey nest", "status": "publish", "content": "Osprey body."}))
        .await;
    let path = path_of(&post);
    eventually(&server, "the followed post on its blog", WITHIN, || async {
        let (status, body) = fetch_on(&server, "osprey.test", &path).await;
        status == 200 && body.contains("Osprey body.")
    })
    .await;
    assert_eq!(fetch_on(&server, first, &path).await.0, 404, "not on the other blog");
    let text = "An osprey question from a reader.";
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/posts{path}comments", server.base))
        .header(reqwest::header::HOST, "osprey.test")
        .json(&json!({"name": "Ossie Reader", "email": "ossie@example.com", "text": text}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    eventually(&server, "the comment in WordPress", WITHIN, || async {
        wp.comments_saying(&post, text).await.len() == 1
    })
    .await;

    // Followed no more: what was copied stays, nothing new comes.
    let (went, said) = blogs(&server, &["set", "osprey.test", "--no-wordpress"]);
    assert!(went, "{said}");
    assert!(!blogs(&server, &["list"]).1.contains("follows"));
    tokio::time::sleep(govblog_server::following::LOOK_AGAIN + Duration::from_secs(1)).await;
    let later = wp
        .send("posts", json!({"title": "Osprey later", "status": "publish", "content": "Osprey later body."}))
        .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(fetch_on(&server, "osprey.test", &path_of(&later)).await.0, 404);
    assert_eq!(fetch_on(&server, "osprey.test", &path).await.0, 200);
    assert!(server.logs().contains("no longer following WordPress"), "{}", server.logs());
    assert!(!server.logs().contains(&wp.password), "the application password was logged");
}
