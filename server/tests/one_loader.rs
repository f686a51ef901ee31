//! One definition of each page: what the server renders is what the app is
//! given, every page has its content on the server, and each reader action
//! goes through one function whichever way it arrives. One test for each
//! way the two copies used to differ.

mod common;

use common::{start, TestServer, ADMIN_TOKEN};
use serde_json::{json, Value};

async fn page(s: &TestServer, path: &str) -> (u16, String) {
    let r = s.raw(reqwest::Method::GET, path).await;
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The page's embedded data: `{frame, page}`.
fn embedded(html: &str) -> Value {
    let start = html.find("<script type=\"application/json\" id=\"govblog-data\">").unwrap();
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap()
}

/// What the app's components rendered inside `#govblog`.
fn mount(html: &str) -> &str {
    let start = html.find("<div id=\"govblog\"").unwrap();
    &html[start..html.find("<script type=\"application/json\"").unwrap()]
}

fn title(html: &str) -> &str {
    &html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()]
}

async fn send_form(s: &TestServer, path: &str, ip: &str, body: String, content_type: &str) -> (u16, String) {
    let r = s
        .client
        .post(format!("{}{path}", s.base))
        .header("x-forwarded-for", ip)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn form(s: &TestServer, path: &str, ip: &str, fields: &[(&str, &str)]) -> (u16, String) {
    send_form(s, path, ip, serde_urlencoded::to_string(fields).unwrap(), "application/x-www-form-urlencoded")
        .await
}

async fn queue(s: &TestServer) -> Vec<Value> {
    let r = s
        .client
        .get(format!("{}/api/v1/admin/comments", s.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    r.json::<Value>().await.unwrap().as_array().unwrap().clone()
}

const POST: &str = "/2025/04/03/counting-what-matters-in-waiting-times/";

#[tokio::test]
async fn a_comment_sent_to_the_wrong_date_is_not_stored() {
    let s = start().await;
    let fields = [("comment", "Wrong day."), ("author", "Ana"), ("email", "ana@example.com")];
    let (status, html) =
        form(&s, "/1999/01/01/counting-what-matters-in-waiting-times/", "10.9.0.1", &fields).await;
    assert_eq!(status, 404);
    assert!(mount(&html).contains("Page not found"));
    assert!(queue(&s).await.is_empty(), "nothing stored on the real post");
    // The API finds posts the same way.
    let (status, _) = s
        .post(
            "/api/v1/posts/1999/01/01/counting-what-matters-in-waiting-times/comments",
            "10.9.0.2",
            &json!({"text": "Wrong day.", "name": "Ana", "email": "ana@example.com"}),
        )
        .await;
    assert_eq!(status, 404);
    assert!(queue(&s).await.is_empty());
}

#[tokio::test]
async fn every_page_has_its_content_on_the_server() {
    let s = start().await;
    // 51 threads, so the post's comments have a second page.
    for i in 0..51 {
        let (status, body) = s
            .post(
                "/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times/comments",
                &format!("10.8.{}.{}", i / 200, i % 200),
                &json!({"text": format!("Thread number {i}"), "name": "Reader", "email": "r@example.com"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let id = body["comment"]["id"].as_i64().unwrap();
        let r = s
            .client
            .post(format!("{}/api/v1/admin/comments/{id}/approve", s.base))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    let (status, html) = page(&s, &format!("{POST}?cpage=2")).await;
    assert_eq!(status, 200);
    let body = mount(&html);
    assert!(!body.contains("Loading"), "no loading message on the server");
    assert!(body.contains("Counting what matters in waiting times</h1>"));
    assert!(body.contains("Thread number 50"), "the second page's thread");
    assert!(!body.contains("Thread number 10<"), "not the first page's");
    assert_eq!(embedded(&html)["page"]["content"]["post"]["post"]["comments"]["page"], 2);
    let (status, _) = page(&s, &format!("{POST}?cpage=3")).await;
    assert_eq!(status, 404, "past the last page of comments");

    // An empty search asks for words.
    let (status, html) = page(&s, "/?s=").await;
    assert_eq!(status, 200);
    assert!(mount(&html).contains("Enter a word to search for"));
    assert!(!mount(&html).contains("Loading"));
    assert_eq!(title(&html), "Search - Civic Design Lab");
}

#[tokio::test]
async fn titles_are_the_same_for_server_and_app() {
    let s = start().await;
    for (path, want) in [
        ("/", "Civic Design Lab"),
        ("/page/2/", "Page 2 - Civic Design Lab"),
        ("/?s=data", "Search results for data - Civic Design Lab"),
        ("/category/user-research/", "User research - Civic Design Lab"),
        ("/2025/06/", "June 2025 - Civic Design Lab"),
        ("/no/such/page/", "Page not found - Civic Design Lab"),
    ] {
        let (_, html) = page(&s, path).await;
        assert_eq!(title(&html), want, "{path}");
        let r = s.raw(reqwest::Method::GET, &format!("/api/v1/pages?path={}", urlencode(path))).await;
        let api: Value = r.json().await.unwrap();
        assert_eq!(api["head"]["title"], want, "{path}");
        assert_eq!(embedded(&html)["page"], api, "{path}: the app gets what the server rendered");
    }
    // "Error: " is added once, by the shared head code, when a form has errors.
    let (_, html) = form(&s, "/", "10.9.1.1", &[("subscribe-email", "nope")]).await;
    assert_eq!(title(&html), "Error: Civic Design Lab");
}

fn urlencode(s: &str) -> String {
    govblog_shared::permalink::percent_encode(s)
}

#[tokio::test]
async fn a_missing_page_loads_no_posts() {
    let s = start().await;
    for path in ["/nope/", "/page/99/", "/2025/06/12/no-such-post/", "/category/nothing/"] {
        let (status, html) = page(&s, path).await;
        assert_eq!(status, 404, "{path}");
        let data = embedded(&html);
        assert_eq!(data["page"]["content"], json!("not_found"), "{path}");
        assert_eq!(data["page"]["url"], path);
        assert!(!mount(&html).contains("govblog-entry"), "{path}: no post list");
    }
    let (status, api) = s.get("/api/v1/pages?path=/nope/").await;
    assert_eq!(status, 404);
    assert_eq!(api["content"], "not_found");
    let (status, body) = s.get("/api/v1/pages?path=nope").await;
    common::assert_error(status, &body, 400, "bad_request");
}

/// The link in a confirmation email: opening it changes nothing (mail
/// scanners open links); its button posts, and then it is done.
#[tokio::test]
async fn emailed_links_are_plain_pages_with_a_button() {
    let s = start().await;
    let (status, _) = form(&s, "/", "10.9.2.1", &[("subscribe-email", "reader@example.com")]).await;
    assert_eq!(status, 200);
    let email = s.emails().pop().unwrap();
    assert!(email.contains("List-Unsubscribe: <https://blog.example.gov.uk/unsubscribe/?token="), "{email}");
    assert!(email.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{email}");
    let token_after = |marker: &str| {
        let i = email.find(marker).unwrap() + marker.len();
        email[i..i + 64].to_owned()
    };
    let confirm = token_after("/subscribe/confirm/?token=");
    let unsubscribe = token_after("/unsubscribe/?token=");
    let confirm_path = format!("/subscribe/confirm/?token={confirm}");

    // Opening the link (twice, as a scanner and the reader would) changes nothing.
    for _ in 0..2 {
        let r = s.raw(reqwest::Method::GET, &confirm_path).await;
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        let html = r.text().await.unwrap();
        assert!(mount(&html).contains("Confirm your subscription</h1>"));
        assert!(mount(&html)
            .contains("<button type=\"submit\" data-module=\"govuk-button\" class=\"govuk-button\">"));
        assert!(!mount(&html).contains("Loading"));
    }
    // The button posts to the same address.
    let (status, html) = form(&s, &confirm_path, "10.9.2.2", &[("token", &confirm)]).await;
    assert_eq!(status, 200);
    assert!(mount(&html).contains("You have subscribed"));
    assert_eq!(title(&html), "You have subscribed - Civic Design Lab");
    let (status, html) = form(&s, &confirm_path, "10.9.2.2", &[("token", &confirm)]).await;
    assert_eq!(status, 404, "a confirmation link works once");
    assert!(mount(&html).contains("This link has expired or has already been used"));

    // A mail client's one-click unsubscribe (RFC 8058) posts to the link itself.
    let unsubscribe_path = format!("/unsubscribe/?token={unsubscribe}");
    let (_, html) = page(&s, &unsubscribe_path).await;
    assert!(mount(&html).contains("<button type=\"submit\""), "opening it does not unsubscribe");
    let (status, html) = send_form(
        &s,
        &unsubscribe_path,
        "10.9.2.3",
        "List-Unsubscribe=One-Click".into(),
        "application/x-www-form-urlencoded",
    )
    .await;
    assert_eq!(status, 200);
    assert!(mount(&html).contains("You have unsubscribed"));
}

#[tokio::test]
async fn a_reply_can_be_sent_without_javascript() {
    let s = start().await;
    let (_, comments) =
        s.get("/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times/comments").await;
    let parent = comments["items"][0]["id"].as_i64().unwrap();
    let parent_name = comments["items"][0]["author_name"].as_str().unwrap().to_owned();
    // The "Reply to" link without JavaScript opens the form as a reply.
    let (status, html) = page(&s, &format!("{POST}?replytocom={parent}")).await;
    assert_eq!(status, 200);
    assert!(mount(&html).contains(&format!("Leave a reply to {parent_name}")));
    assert!(mount(&html).contains(&format!("<input type=\"hidden\" name=\"parent_id\" value=\"{parent}\"")));
    let (status, html) = form(
        &s,
        &format!("{POST}?replytocom={parent}"),
        "10.9.3.1",
        &[
            ("comment", "A reply, no script."),
            ("author", "Ana"),
            ("email", "ana@example.com"),
            ("parent_id", &parent.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{}", mount(&html));
    let pending = queue(&s).await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["comment"]["parent_id"], parent);
    assert_eq!(pending[0]["comment"]["depth"], 2);
}

#[tokio::test]
async fn a_page_that_cannot_be_shown_says_why() {
    let s = start().await;
    let long = format!("/?s={}", "a".repeat(201));
    let (status, html) = page(&s, &long).await;
    assert_eq!(status, 400);
    assert!(mount(&html).contains("Search must be 200 characters or less"));
    assert!(!mount(&html).contains("Loading"));
    let (status, api) = s.get(&format!("/api/v1/pages?path={}", urlencode(&long))).await;
    assert_eq!(status, 400);
    assert_eq!(api["content"]["search"]["outcome"]["problem"], "Search must be 200 characters or less");
}

#[tokio::test]
async fn the_byline_reads_the_same_from_server_and_app() {
    let s = start().await;
    let (_, html) = page(&s, POST).await;
    let body = mount(&html);
    let byline = &body[body.find("govblog-entry-meta").unwrap()..];
    let byline = &byline[..byline.find("</p>").unwrap()];
    // Text only, with Leptos's markers and tags removed.
    let mut text = String::new();
    let mut in_tag = false;
    for c in byline[byline.find('>').unwrap() + 1..].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    assert_eq!(text, "Posted by: Tom Whitfield, Posted on: 3 April 2025 - Categories: Data and evidence");
}

#[tokio::test]
async fn oversized_forms_and_bodies_get_the_promised_statuses() {
    let s = start().await;
    let big = "x".repeat(100 * 1024);
    let (status, html) =
        form(&s, POST, "10.9.4.1", &[("comment", &big), ("author", "A"), ("email", "a@example.com")]).await;
    assert_eq!(status, 413);
    assert!(mount(&html).contains("Comment must be 5,000 characters or less"));
    let huge = "x".repeat(3 * 1024 * 1024);
    let (status, _) = form(&s, POST, "10.9.4.2", &[("comment", &huge)]).await;
    assert_eq!(status, 413);
    assert!(queue(&s).await.is_empty());
    // JSON without its content type: 415, as `error.rs` says.
    let r = s
        .client
        .post(format!("{}/api/v1/subscriptions", s.base))
        .body("{\"email\":\"a@example.com\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "unsupported_media_type");
}

#[tokio::test]
async fn link_previews_get_a_raster_image_with_its_size() {
    let s = start().await;
    let (_, html) = page(&s, "/2025/06/12/designing-policy-with-the-people-it-affects/").await;
    let data = embedded(&html);
    let image = &data["page"]["head"]["image"];
    assert!(image["url"].as_str().unwrap().ends_with(".png"), "{image}");
    assert_eq!(image["width"], 1200);
    assert_eq!(image["height"], 630);
    assert!(!image["alt"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn the_frame_and_every_feed_come_from_the_loader() {
    let s = start().await;
    // The frame the app fetches when it starts without a rendered page is
    // the one the server embeds.
    let (_, html) = page(&s, "/").await;
    let (status, frame) = s.get("/api/v1/frame").await;
    assert_eq!(status, 200);
    assert_eq!(frame, embedded(&html)["frame"]);
    assert_eq!(frame["site"], s.get("/api/v1/site").await.1);
    assert_eq!(frame["categories"], s.get("/api/v1/categories").await.1);
    assert_eq!(frame["months"], s.get("/api/v1/archives").await.1);
    // A feed for every list with a page: the blog's, a category's, an
    // author's, a tag's; each names its list as the list's page does.
    let (_, authors) = s.get("/api/v1/authors").await;
    let (_, tags) = s.get("/api/v1/tags").await;
    let author = authors[0]["slug"].as_str().unwrap();
    let tag = tags[0]["slug"].as_str().unwrap();
    for list in ["/", "/category/data-and-evidence/", &format!("/author/{author}/"), &format!("/tag/{tag}/")]
    {
        let (status, _, body) = s.text(&format!("{list}feed/")).await;
        assert_eq!(status, 200, "{list}");
        let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
        let (_, list_page) = s.get(&format!("/api/v1/pages?path={list}")).await;
        let name = list_page["content"]["archive"]["archive"]["name"].as_str().unwrap_or("");
        let title = feed.title.unwrap().content;
        assert!(title.starts_with(name) && title.ends_with("Civic Design Lab"), "{list}: {title}");
        let self_link = feed.links.iter().find(|l| l.rel.as_deref() == Some("self")).unwrap();
        assert_eq!(self_link.href, format!("https://blog.example.gov.uk{list}feed/"));
        assert!(!feed.entries.is_empty(), "{list}");
    }
    // A month has a page but no feed.
    assert_eq!(s.text("/2025/04/feed/").await.0, 404);
}
