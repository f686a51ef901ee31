//! Comments, moderation, abuse rules and email subscriptions over HTTP.

mod common;

use common::{assert_error, start, start_with, TestServer, ADMIN_TOKEN};
use serde_json::{json, Value};

const POST: &str = "/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times";

fn comment(text: &str) -> Value {
    json!({"text": text, "name": "Ada Reader", "email": "ada.reader@example.com"})
}

async fn admin(s: &TestServer, method: reqwest::Method, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = s.client.request(method, format!("{}{path}", s.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    if status == 401 {
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
    }
    (status, r.json().await.unwrap())
}

async fn pending(s: &TestServer) -> Vec<Value> {
    let (status, queue) = admin(s, reqwest::Method::GET, "/api/v1/admin/comments", Some(ADMIN_TOKEN)).await;
    assert_eq!(status, 200);
    queue.as_array().unwrap().clone()
}

async fn approve(s: &TestServer, id: i64) {
    let path = format!("/api/v1/admin/comments/{id}/approve");
    let (status, body) = admin(s, reqwest::Method::POST, &path, Some(ADMIN_TOKEN)).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_comment_waits_for_approval_then_appears_without_its_email() {
    let s = start().await;
    let (status, receipt) =
        s.post(&format!("{POST}/comments"), "10.0.0.1", &comment("A useful point.\n\nThanks.")).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["status"], "pending");
    assert_eq!(receipt["comment"]["author_name"], "Ada Reader");
    assert!(!receipt.to_string().contains("ada.reader@example.com"));
    let id = receipt["comment"]["id"].as_i64().unwrap();

    // Not public yet.
    let (_, post) = s.get(POST).await;
    assert_eq!(post["comments"]["total"], 1);
    assert!(post["comments"]["items"].as_array().unwrap().iter().all(|c| c["id"] != id));
    // Moderators see it, with the address.
    let queue = pending(&s).await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0]["author_email"], "ada.reader@example.com");
    assert_eq!(queue[0]["post_permalink"], "/2025/04/03/counting-what-matters-in-waiting-times/");

    approve(&s, id).await;
    let (_, post) = s.get(POST).await;
    assert_eq!(post["comments"]["total"], 2);
    assert_eq!(post["comment_count"], 2);
    let shown = post["comments"]["items"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(shown["text"], "A useful point.\n\nThanks.");
    assert!(pending(&s).await.is_empty());

    // No public response carries an email address.
    for path in [POST, &format!("{POST}/comments"), "/api/v1/posts?per_page=50", "/api/v1/search?q=waiting"] {
        let (_, body) = s.get(path).await;
        assert!(!body.to_string().contains('@'), "{path} leaks an address");
    }
    let (_, _, feed) = s.text("/feed/").await;
    assert!(!feed.contains("example.com"));
}

#[tokio::test]
async fn validation_errors_name_each_field() {
    let s = start().await;
    let (status, body) =
        s.post(&format!("{POST}/comments"), "10.0.0.2", &json!({"text": " ", "name": "", "email": ""})).await;
    assert_error(status, &body, 400, "validation");
    let fields: Vec<(&str, &str)> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("comment", "Enter your comment"),
            ("name", "Enter your name"),
            ("email", "Enter your email address")
        ]
    );
    let long = json!({"text": "x".repeat(5001), "name": "A", "email": "bad@address"});
    let (_, body) = s.post(&format!("{POST}/comments"), "10.0.0.2", &long).await;
    let messages: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "Comment must be 5,000 characters or less",
            "Enter an email address in the correct format, like name@example.com"
        ]
    );
    assert!(pending(&s).await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn abuse_is_refused_and_nothing_is_stored() {
    let s = start().await;
    let path = format!("{POST}/comments");
    // Honeypot.
    let mut bot = comment("Buy things");
    bot["website"] = json!("http://spam.example");
    let (status, body) = s.post(&path, "10.0.1.1", &bot).await;
    assert_error(status, &body, 400, "bad_request");
    // Malformed, wrong type, too large.
    let r = s
        .client
        .post(format!("{}{path}", s.base))
        .header("content-type", "application/json")
        .body("{\"text\":")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "bad_request");
    // Not JSON at all: 415, as a JSON error.
    let r = s.client.post(format!("{}{path}", s.base)).body("text=hi").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 415);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "unsupported_media_type");
    let huge = json!({"text": "x".repeat(200_000), "name": "A", "email": "a@example.com"});
    let (status, body) = s.post(&path, "10.0.1.2", &huge).await;
    assert_error(status, &body, 413, "too_large");
    // Closed, missing post, reply to nothing.
    let (status, body) = s
        .post("/api/v1/posts/2024/09/17/a-day-at-the-jobcentre/comments", "10.0.1.3", &comment("Hello"))
        .await;
    assert_error(status, &body, 403, "forbidden");
    assert_eq!(body["error"]["message"], "Comments are closed");
    let (status, body) =
        s.post("/api/v1/posts/2024/09/17/nope/comments", "10.0.1.3", &comment("Hello")).await;
    assert_error(status, &body, 404, "not_found");
    let mut reply = comment("Reply");
    reply["parent_id"] = json!(999_999);
    let (status, body) = s.post(&path, "10.0.1.4", &reply).await;
    assert_error(status, &body, 400, "bad_request");
    assert!(pending(&s).await.is_empty(), "nothing stored");

    // Duplicates: same text on the same post, even from someone else.
    let (status, _) = s.post(&path, "10.0.1.5", &comment("Same words")).await;
    assert_eq!(status, 201);
    let (status, body) = s.post(&path, "10.0.1.6", &comment("  Same words ")).await;
    assert_error(status, &body, 409, "duplicate");
    assert!(body["error"]["message"].as_str().unwrap().starts_with("Duplicate comment detected"));
    assert_eq!(pending(&s).await.len(), 1);
}

#[tokio::test]
async fn flood_control_per_address() {
    let s = start().await;
    let path = format!("{POST}/comments");
    let (status, _) = s.post(&path, "10.0.2.1", &comment("First")).await;
    assert_eq!(status, 201);
    let (status, body) = s.post(&path, "10.0.2.1", &comment("Second, too soon")).await;
    assert_error(status, &body, 429, "too_many_requests");
    assert!(body["error"]["message"].as_str().unwrap().contains("Wait 15 seconds"));
    // Another reader is not held up.
    let (status, _) = s.post(&path, "10.0.2.2", &comment("Someone else")).await;
    assert_eq!(status, 201);
    assert_eq!(pending(&s).await.len(), 2);

    let s = start_with(|c| {
        c.comment_interval = 0;
        c.comments_per_hour = 3;
    })
    .await;
    for i in 0..3 {
        let (status, _) = s.post(&path, "10.0.2.3", &comment(&format!("Comment {i}"))).await;
        assert_eq!(status, 201);
    }
    let (status, body) = s.post(&path, "10.0.2.3", &comment("One too many")).await;
    assert_error(status, &body, 429, "too_many_requests");
    assert_eq!(pending(&s).await.len(), 3);
}

#[tokio::test]
async fn flood_control_counts_the_address_the_proxy_added_not_what_the_client_wrote() {
    let s = start().await;
    let path = format!("{POST}/comments");
    // The proxy appends the address it was reached from; the client wrote
    // whatever came before it.
    let cases = [
        ("1.1.1.1, 10.0.3.1", "9.9.9.9, 10.0.3.1"),
        ("10.0.3.2:5123", "10.0.3.2"),
        ("[2001:db8::7]:4711", "2001:db8::7"),
        ("1.1.1.1, [2001:db8::8]", "2.2.2.2, 2001:db8::8"),
        // Junk where the proxy's entry should be: the connection's address,
        // never an earlier entry (each line below would be a new reader).
        ("10.0.3.3, junk", "10.0.3.4, also junk"),
    ];
    for (i, (first, second)) in cases.iter().enumerate() {
        let (status, body) = s.post(&path, first, &comment(&format!("First from reader {i}"))).await;
        assert_eq!(status, 201, "{first}: {body}");
        let (status, body) = s.post(&path, second, &comment(&format!("Second from reader {i}"))).await;
        assert_error(status, &body, 429, "too_many_requests");
    }
}

#[tokio::test]
async fn replies_nest_five_deep_at_most() {
    let s = start_with(|c| c.comment_interval = 0).await;
    let path = format!("{POST}/comments");
    let mut parent: Option<i64> = None;
    let mut ids = Vec::new();
    for depth in 1..=7 {
        let mut body = comment(&format!("Level {depth}"));
        body["parent_id"] = json!(parent);
        let (status, receipt) = s.post(&path, "10.0.3.1", &body).await;
        assert_eq!(status, 201, "{receipt}");
        let id = receipt["comment"]["id"].as_i64().unwrap();
        assert_eq!(receipt["comment"]["depth"], depth.min(5));
        approve(&s, id).await;
        ids.push(id);
        parent = Some(id);
    }
    // Levels 6 and 7 hang from level 4's reply, beside level 5.
    let (_, page) = s.get(&path.to_string()).await;
    let items = page["items"].as_array().unwrap();
    let parent_of = |id: i64| items.iter().find(|c| c["id"] == id).unwrap()["parent_id"].as_i64();
    assert_eq!(parent_of(ids[4]), Some(ids[3]));
    assert_eq!(parent_of(ids[5]), Some(ids[3]));
    assert_eq!(parent_of(ids[6]), Some(ids[3]));
}

#[tokio::test]
async fn long_threads_are_paginated() {
    let s = start_with(|c| c.comment_interval = 0).await;
    let path = format!("{POST}/comments");
    for i in 0..55 {
        let (status, r) = s.post(&path, &format!("10.0.4.{i}"), &comment(&format!("Thread {i}"))).await;
        assert_eq!(status, 201);
        approve(&s, r["comment"]["id"].as_i64().unwrap()).await;
    }
    let (_, page1) = s.get(&path).await;
    assert_eq!(page1["total"], 56);
    assert_eq!(page1["total_pages"], 2);
    assert_eq!(page1["items"].as_array().unwrap().len(), 50);
    let (_, page2) = s.get(&format!("{path}?page=2")).await;
    assert_eq!(page2["items"].as_array().unwrap().len(), 6);
    assert_eq!(page2["items"][5]["text"], "Thread 54");
    let (status, body) = s.get(&format!("{path}?page=3")).await;
    assert_error(status, &body, 404, "not_found");
}

#[tokio::test]
async fn admin_api_needs_the_token_and_is_off_without_one() {
    let s = start().await;
    let (status, body) = admin(&s, reqwest::Method::GET, "/api/v1/admin/comments", None).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) = admin(&s, reqwest::Method::GET, "/api/v1/admin/comments", Some("wrong")).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) =
        admin(&s, reqwest::Method::POST, "/api/v1/admin/comments/1/approve", Some("x")).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) =
        admin(&s, reqwest::Method::POST, "/api/v1/admin/comments/999/approve", Some(ADMIN_TOKEN)).await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) =
        admin(&s, reqwest::Method::GET, "/api/v1/admin/comments?status=nope", Some(ADMIN_TOKEN)).await;
    assert_error(status, &body, 400, "bad_request");

    // Rejected and spam comments stay off the blog.
    let (_, r) = s.post(&format!("{POST}/comments"), "10.0.5.1", &comment("Reject me")).await;
    let id = r["comment"]["id"].as_i64().unwrap();
    let (status, _) =
        admin(&s, reqwest::Method::POST, &format!("/api/v1/admin/comments/{id}/reject"), Some(ADMIN_TOKEN))
            .await;
    assert_eq!(status, 200);
    let (_, post) = s.get(POST).await;
    assert_eq!(post["comments"]["total"], 1);

    let off = start_with(|c| c.admin_token = None).await;
    let (status, body) = admin(&off, reqwest::Method::GET, "/api/v1/admin/comments", Some(ADMIN_TOKEN)).await;
    assert_error(status, &body, 403, "forbidden");
}

fn link(email: &str, path: &str) -> String {
    let start = email.find(path).unwrap_or_else(|| panic!("no {path} link in {email}"));
    email[start + path.len()..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

#[tokio::test]
async fn subscriptions_need_confirming_and_reveal_nothing() {
    let s = start().await;
    let (status, body) = s.post("/api/v1/subscriptions", "10.0.6.1", &json!({"email": "not an email"})).await;
    assert_error(status, &body, 400, "validation");
    assert_eq!(body["error"]["fields"][0]["field"], "email");

    let (status, first) =
        s.post("/api/v1/subscriptions", "10.0.6.1", &json!({"email": "sam@example.com"})).await;
    assert_eq!(status, 202);
    let emails = s.emails();
    assert_eq!(emails.len(), 1);
    assert!(emails[0].contains("To: sam@example.com"));
    assert!(emails[0].contains("List-Unsubscribe:"));
    assert!(emails[0].contains("Unsubscribe: https://blog.example.gov.uk/unsubscribe/?token="));
    let token = link(&emails[0], "/subscribe/confirm/?token=");
    assert_eq!(token.len(), 64);

    let (status, body) = s.post("/api/v1/subscriptions/confirm", "10.0.6.1", &json!({"token": token})).await;
    assert_eq!(status, 200);
    assert_eq!(body["message"], "You have subscribed");
    // Single use.
    let (status, body) = s.post("/api/v1/subscriptions/confirm", "10.0.6.1", &json!({"token": token})).await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) =
        s.post("/api/v1/subscriptions/confirm", "10.0.6.1", &json!({"token": "x'; --"})).await;
    assert_error(status, &body, 404, "not_found");

    // Subscribing again answers exactly the same; the email says what happened.
    let (status, again) =
        s.post("/api/v1/subscriptions", "10.0.6.1", &json!({"email": "SAM@example.com"})).await;
    assert_eq!(status, 202);
    assert_eq!(again, first);
    let emails = s.emails();
    assert_eq!(emails.len(), 2);
    assert!(emails[1].contains("already subscribed"));

    let unsubscribe = link(&emails[1], "/unsubscribe/?token=");
    let (status, body) =
        s.post("/api/v1/subscriptions/unsubscribe", "10.0.6.1", &json!({"token": unsubscribe})).await;
    assert_eq!(status, 200);
    assert_eq!(body["message"], "You have unsubscribed");
}

#[tokio::test]
async fn notify_sends_each_new_post_once_to_each_confirmed_subscriber() {
    use govblog_server::mail::Mailer;
    use govblog_server::storage::Store;

    let s = start().await;
    for (who, confirm) in [("one@example.com", true), ("two@example.com", true), ("three@example.com", false)]
    {
        s.post("/api/v1/subscriptions", "10.0.7.1", &json!({"email": who})).await;
        if confirm {
            let token = link(s.emails().last().unwrap(), "/subscribe/confirm/?token=");
            let (status, _) =
                s.post("/api/v1/subscriptions/confirm", "10.0.7.1", &json!({"token": token})).await;
            assert_eq!(status, 200);
        }
    }
    let before = s.emails().len();
    let store = Store::open(&s.database).await.unwrap();
    let mailer = Mailer::new(None, s.outbox.clone(), "Blog <noreply@example.com>").unwrap();

    // The seeded demo posts are not news.
    let report =
        govblog_server::notify::notify(&store, &mailer, "https://blog.example.gov.uk").await.unwrap();
    assert_eq!(report.sent, 0);

    // Publish a new post by importing it.
    let dir = tempfile::tempdir().unwrap();
    let content_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let mut content = govblog_server::content::load(&content_dir).unwrap();
    let mut post = content.posts[0].clone();
    post.slug = "fresh-news".into();
    post.title = "Fresh news".into();
    post.date = "2026-01-05T09:00:00Z".into();
    content.posts = vec![post];
    content.comments.clear();
    drop(dir);
    store.import(content).await.unwrap();

    let report =
        govblog_server::notify::notify(&store, &mailer, "https://blog.example.gov.uk").await.unwrap();
    assert_eq!((report.posts, report.sent, report.failed), (1, 2, 0));
    let again = govblog_server::notify::notify(&store, &mailer, "https://blog.example.gov.uk").await.unwrap();
    assert_eq!(again.sent, 0, "never twice");
    let new: Vec<String> = s.emails().into_iter().skip(before).collect();
    assert_eq!(new.len(), 2);
    assert!(new.iter().any(|e| e.contains("To: one@example.com")));
    assert!(new.iter().any(|e| e.contains("To: two@example.com")));
    assert!(new.iter().all(
        |e| e.contains("Fresh news") && e.contains("https://blog.example.gov.uk/2026/01/05/fresh-news/")
    ));
    assert!(new.iter().all(|e| e.contains("/unsubscribe/?token=")));
}

/// Readers revalidate: an unchanged answer is a bodiless 304, and approving
/// a comment changes the tag at once.
#[tokio::test]
async fn api_answers_carry_etags_and_304_until_a_comment_is_approved() {
    let s = start().await;
    let path = format!("{}{POST}/comments", s.base);
    let first = s.client.get(&path).send().await.unwrap();
    assert_eq!(first.headers()["cache-control"], govblog_server::cache_control::SHARED);
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");
    let again = s.client.get(&path).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    assert!(again.bytes().await.unwrap().is_empty());
    // A tag for other content is answered in full.
    let other = s.client.get(&path).header("if-none-match", "W/\"stale\"").send().await.unwrap();
    assert_eq!(other.status(), 200);

    let (_, receipt) = s.post(&format!("{POST}/comments"), "10.0.0.9", &comment("Worth caching?")).await;
    // Pending comments are not public, so nothing has changed yet.
    let unchanged = s.client.get(&path).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(unchanged.status(), 304);
    approve(&s, receipt["comment"]["id"].as_i64().unwrap()).await;
    let changed = s.client.get(&path).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
    assert!(changed.text().await.unwrap().contains("Worth caching?"));

    // Moderation answers are never cached, and errors carry no tag.
    let queue =
        s.client.get(format!("{}/api/v1/admin/comments", s.base)).bearer_auth(ADMIN_TOKEN).send().await;
    assert_eq!(queue.unwrap().headers()["cache-control"], "private, no-store");
    let missing = s.raw(reqwest::Method::GET, "/api/v1/posts/2025/01/01/nope").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get("etag").is_none());
}

/// A change made by another process (the `comments approve` command) reaches
/// readers within the API's in-memory freshness bound, with no restart.
#[tokio::test]
async fn a_comment_approved_by_another_process_shows_within_a_second() {
    let s = start().await;
    let path = format!("{POST}/comments");
    let (_, receipt) = s.post(&path, "10.0.0.10", &comment("Approved from the command line.")).await;
    let id = receipt["comment"]["id"].as_i64().unwrap();
    let (_, before) = s.get(&path).await; // now kept in memory
    assert!(!before.to_string().contains("Approved from the command line."));

    let elsewhere = govblog_server::storage::Store::open(&s.database).await.unwrap();
    let approve = govblog_server::storage::CommentStatus::Approved;
    let changed =
        govblog_server::comments::decide(&elsewhere, "http://blog.test", &[id], approve, "command line")
            .await
            .unwrap();
    assert_eq!(changed, 1);
    let approved = std::time::Instant::now();
    loop {
        let (_, page) = s.get(&path).await;
        if page.to_string().contains("Approved from the command line.") {
            break;
        }
        assert!(approved.elapsed() < std::time::Duration::from_millis(1500), "still not shown");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
