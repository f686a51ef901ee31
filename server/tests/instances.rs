//! Two servers on one database, as a blog runs behind a load balancer: what
//! one server knows, the other does too. Run against PostgreSQL by
//! `make test` (`scripts/postgres.sh run cargo test`), and against one
//! SQLite file shared by two servers otherwise.

mod common;

use std::time::{Duration, Instant};

use common::{second_instance, start, TestServer, ADMIN_TOKEN};
use govblog_server::mail::Mailer;
use govblog_server::storage::Store;
use serde_json::{json, Value};

const POST: &str = "/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times";

fn comment(text: &str) -> Value {
    json!({"text": text, "name": "Reader", "email": "reader@example.com"})
}

fn link(email: &str, path: &str) -> String {
    let i = email.find(path).unwrap() + path.len();
    email[i..i + 64].to_owned()
}

async fn approve(s: &TestServer, id: i64) {
    let r = s
        .client
        .post(format!("{}/api/v1/admin/comments/{id}/approve", s.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn flood_control_and_duplicates_hold_whichever_server_is_asked() {
    let a = start().await;
    let b = second_instance(&a).await;
    let comments = format!("{POST}/comments");
    let (status, _) = a.post(&comments, "10.20.0.1", &comment("First, through A.")).await;
    assert_eq!(status, 201);
    // The same reader, a second later, through the other server.
    let (status, body) = b.post(&comments, "10.20.0.1", &comment("Second, through B.")).await;
    assert_eq!(status, 429, "{body}");
    // The same text from someone else, through the other server.
    let (status, body) = b.post(&comments, "10.20.0.2", &comment("First, through A.")).await;
    assert_eq!(status, 409, "{body}");

    // Many at once from one reader, through both: one gets in.
    let bodies: Vec<Value> = (0..10).map(|i| comment(&format!("Burst {i}"))).collect();
    let sent = bodies.iter().enumerate().map(|(i, body)| {
        let server = if i % 2 == 0 { &a } else { &b };
        server.post(&comments, "10.20.0.3", body)
    });
    let statuses: Vec<u16> = futures::future::join_all(sent).await.into_iter().map(|(s, _)| s).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 429), "{statuses:?}");
}

#[tokio::test]
async fn an_approval_through_one_server_shows_on_the_other_within_a_second() {
    let a = start().await;
    let b = second_instance(&a).await;
    let (_, before) = b.get(&format!("{POST}/comments")).await;
    let (status, body) = a.post(&format!("{POST}/comments"), "10.21.0.1", &comment("Seen everywhere.")).await;
    assert_eq!(status, 201);
    // B has the list in memory now; A approves.
    let (_, _) = b.get(&format!("{POST}/comments")).await;
    approve(&a, body["comment"]["id"].as_i64().unwrap()).await;
    let approved = Instant::now();
    loop {
        let (_, after) = b.get(&format!("{POST}/comments")).await;
        if after["total"].as_u64() == before["total"].as_u64().map(|n| n + 1) {
            break;
        }
        assert!(approved.elapsed() < Duration::from_millis(1500), "not shown on B within the cache's second");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_subscription_confirmed_through_one_server_is_confirmed_on_the_other() {
    let a = start().await;
    let b = second_instance(&a).await;
    let (status, _) =
        a.post("/api/v1/subscriptions", "10.22.0.1", &json!({"email": "sam@example.com"})).await;
    assert_eq!(status, 202);
    let token = link(a.emails().last().unwrap(), "/subscribe/confirm/?token=");
    let (status, _) = a.post("/api/v1/subscriptions/confirm", "10.22.0.1", &json!({"token": token})).await;
    assert_eq!(status, 200);
    // The link worked once, on any server.
    let (status, _) = b.post("/api/v1/subscriptions/confirm", "10.22.0.1", &json!({"token": token})).await;
    assert_eq!(status, 404);
    // B knows the address is subscribed.
    let (status, _) =
        b.post("/api/v1/subscriptions", "10.22.0.2", &json!({"email": "SAM@example.com"})).await;
    assert_eq!(status, 202);
    assert!(b.emails().last().unwrap().contains("already subscribed"));
}

#[tokio::test]
async fn notify_on_two_hosts_at_once_emails_each_subscriber_about_each_post_once() {
    let a = start().await;
    for who in ["one@example.com", "two@example.com", "three@example.com"] {
        a.post("/api/v1/subscriptions", "10.23.0.1", &json!({"email": who})).await;
        let token = link(a.emails().last().unwrap(), "/subscribe/confirm/?token=");
        let (status, _) =
            a.post("/api/v1/subscriptions/confirm", "10.23.0.1", &json!({"token": token})).await;
        assert_eq!(status, 200);
    }
    let before = a.emails().len();
    // Two new posts.
    let store = Store::open(&a.database).await.unwrap();
    let content_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let mut content = govblog_server::content::load(&content_dir).unwrap();
    let mut posts = Vec::new();
    for (slug, day) in [("news-one", "05"), ("news-two", "06")] {
        let mut post = content.posts[0].clone();
        post.slug = slug.into();
        post.date = format!("2026-01-{day}T09:00:00Z");
        posts.push(post);
    }
    content.posts = posts;
    content.comments.clear();
    store.import(content).await.unwrap();

    // Four runs at the same time, as from two hosts run twice, each with
    // its own connections to the database.
    let mut hosts = Vec::new();
    for _ in 0..4 {
        hosts.push(Store::open(&a.database).await.unwrap());
    }
    let mailer = Mailer::new(None, a.outbox.clone(), "Blog <noreply@example.com>").unwrap();
    let runs = hosts
        .iter()
        .map(|store| govblog_server::notify::notify(store, &mailer, "https://blog.example.gov.uk"));
    let mut sent = 0;
    for report in futures::future::join_all(runs).await {
        sent += report.unwrap().sent;
    }
    assert_eq!(sent, 6, "3 subscribers × 2 posts, between all the runs");
    let new: Vec<String> = a.emails().into_iter().skip(before).collect();
    assert_eq!(new.len(), 6);
    for who in ["one@example.com", "two@example.com", "three@example.com"] {
        for slug in ["news-one", "news-two"] {
            let n = new.iter().filter(|e| e.contains(&format!("To: {who}")) && e.contains(slug)).count();
            assert_eq!(n, 1, "{who} about {slug}");
        }
    }
}

#[tokio::test]
async fn an_import_runs_while_the_blog_serves() {
    let a = start().await;
    let b = second_instance(&a).await;
    let content_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let mut content = govblog_server::content::load(&content_dir).unwrap();
    let template = content.posts[0].clone();
    content.posts = (0..300)
        .map(|i| {
            let mut post = template.clone();
            post.slug = format!("imported-{i}");
            post.date = format!("2026-02-{:02}T09:00:00Z", 1 + i % 28);
            post
        })
        .collect();
    content.comments.clear();
    let store = Store::open(&a.database).await.unwrap();
    let import = tokio::spawn(async move { store.import(content).await.unwrap() });
    let mut reads = 0;
    while !import.is_finished() {
        for s in [&a, &b] {
            let (status, _) = s.get("/api/v1/posts").await;
            assert_eq!(status, 200);
            let r = s.raw(reqwest::Method::GET, "/").await;
            assert_eq!(r.status().as_u16(), 200);
            reads += 2;
        }
    }
    assert_eq!(import.await.unwrap().posts, 300);
    assert!(reads > 0);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (_, posts) = b.get("/api/v1/posts?per_page=1").await;
    assert_eq!(posts["total"], 313, "13 demo posts and 300 imported, seen by both");
}
