//! The moderation area and commenters hearing back, over HTTP as a browser
//! sends it: sessions, their cookies, form tokens, throttling, decisions,
//! replies as the blog team, closing comments, the record, and the emails
//! commenters who asked are sent (once each).

mod common;

use std::time::Duration;

use common::{start, TestServer};
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::redirect::Policy;
use serde_json::{json, Value};

const POST_API: &str = "/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times";
const POST_PAGE: &str = "/2025/04/03/counting-what-matters-in-waiting-times/";
const MODERATOR: &str = "moderator@example.gov.uk";
const PASSWORD: &str = "a long test password";

/// A browser that follows no redirects and keeps cookies by hand, so the
/// tests see each answer and each cookie as sent.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().unwrap()
}

async fn add_moderator(s: &TestServer) {
    let store = govblog_server::storage::Store::open(&s.database).await.unwrap();
    store.put_moderator(MODERATOR, &govblog_server::passwords::hash(PASSWORD).unwrap()).await.unwrap();
}

/// The `name=value` a `Set-Cookie` header of `r` sets for `name`, and the whole header.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<(String, String)> {
    r.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        let pair = v.split(';').next()?.trim();
        let (k, value) = pair.split_once('=')?;
        (k == name).then(|| (value.to_owned(), v.to_owned()))
    })
}

/// The form token in a page's HTML.
fn csrf(html: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf" value="([0-9a-f]{64})""#).unwrap();
    re.captures(html).unwrap_or_else(|| panic!("no form token in:\n{html}"))[1].to_owned()
}

/// A signed-in moderator: the session cookie and the forms' token.
struct Session {
    cookie: String,
    csrf: String,
}

/// The origin a browser at the blog's public address sends with its forms
/// (the tests' blog is `https://`, reached here over plain HTTP, as a
/// server behind a TLS-terminating proxy is).
fn public_origin(s: &TestServer) -> String {
    s.config.public_url()
}

/// A sign-in form as a browser gets it: its token's cookie and the token.
struct SignInForm {
    cookie: String,
    token: String,
}

async fn sign_in_form(s: &TestServer) -> SignInForm {
    let form = browser().get(format!("{}/moderate/sign-in/", s.base)).send().await.unwrap();
    let (cookie, _) = set_cookie(&form, "govblog_sign_in").expect("the sign-in form sets its token's cookie");
    SignInForm { cookie, token: csrf(&form.text().await.unwrap()) }
}

/// Sends a sign-in form filled in, from the reader at `ip` (the address
/// the blog's proxy adds) or from the connection's own address.
async fn send_sign_in(
    s: &TestServer,
    form: &SignInForm,
    (email, password): (&str, &str),
    ip: Option<&str>,
    old_session: Option<&str>,
) -> reqwest::Response {
    let mut cookies = format!("govblog_sign_in={}", form.cookie);
    if let Some(old) = old_session {
        cookies.push_str(&format!("; govblog_moderator={old}"));
    }
    let mut req = browser()
        .post(format!("{}/moderate/sign-in/", s.base))
        .header(COOKIE, cookies)
        .header(ORIGIN, public_origin(s));
    if let Some(ip) = ip {
        req = req.header("x-forwarded-for", ip);
    }
    req.form(&[("csrf", form.token.as_str()), ("email", email), ("password", password)]).send().await.unwrap()
}

/// Fills in and sends the sign-in form; the answer.
async fn try_sign_in(
    s: &TestServer,
    email: &str,
    password: &str,
    old_session: Option<&str>,
) -> reqwest::Response {
    let form = sign_in_form(s).await;
    send_sign_in(s, &form, (email, password), None, old_session).await
}

async fn sign_in(s: &TestServer, old_session: Option<&str>) -> Session {
    let r = try_sign_in(s, MODERATOR, PASSWORD, old_session).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert_eq!(r.headers()[LOCATION], "/moderate/");
    let (cookie, _) = set_cookie(&r, "govblog_moderator").expect("a session cookie");
    let (_, html) = get(s, "/moderate/", Some(&cookie)).await;
    Session { csrf: csrf(&html), cookie }
}

async fn get(s: &TestServer, path: &str, session: Option<&str>) -> (u16, String) {
    let mut req = browser().get(format!("{}{path}", s.base));
    if let Some(c) = session {
        req = req.header(COOKIE, format!("govblog_moderator={c}"));
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Sends a moderation form as the browser would, from the blog's own page.
async fn post(
    s: &TestServer,
    path: &str,
    session: Option<&Session>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields: Vec<(&str, &str)> = fields.to_vec();
    let mut req = browser().post(format!("{}{path}", s.base)).header(ORIGIN, public_origin(s));
    if let Some(session) = session {
        req = req.header(COOKIE, format!("govblog_moderator={}", session.cookie));
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            fields.push(("csrf", &session.csrf));
        }
    }
    req.form(&fields).send().await.unwrap()
}

async fn new_comment(s: &TestServer, ip: &str, text: &str, extra: Value) -> i64 {
    let mut body = json!({"text": text, "name": "Ada Reader", "email": "ada.reader@example.com"});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let (status, receipt) = s.post(&format!("{POST_API}/comments"), ip, &body).await;
    assert_eq!(status, 201, "{receipt}");
    receipt["comment"]["id"].as_i64().unwrap()
}

async fn status_of(s: &TestServer, id: i64) -> String {
    let store = govblog_server::storage::Store::open(&s.database).await.unwrap();
    store.comment_status(id).await.unwrap().unwrap().as_str().to_owned()
}

/// Waits for the outbox to hold `n` emails (they are sent in the background).
async fn emails(s: &TestServer, n: usize) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        let emails = s.emails();
        if emails.len() >= n {
            // Nothing more arrives soon after: each email goes once.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let emails = s.emails();
            assert_eq!(emails.len(), n, "more emails than expected:\n{}", emails.join("\n-----\n"));
            return emails;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{} emails of {n}:\n{}",
            emails.len(),
            emails.join("\n")
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn link(email: &str, path: &str) -> String {
    let re = regex::Regex::new(&format!(r"https?://\S+{}[0-9a-f]{{64}}", regex::escape(path))).unwrap();
    re.find(email).unwrap_or_else(|| panic!("no {path} link in:\n{email}")).as_str().to_owned()
}

#[tokio::test]
async fn every_page_and_form_refuses_without_a_session() {
    let s = start().await;
    let id = new_comment(&s, "10.1.0.1", "Waiting for a moderator.", json!({})).await;
    for path in
        ["/moderate/", "/moderate/closing/", "/moderate/record/", &format!("/moderate/comments/{id}/reply/")]
    {
        let r = browser().get(format!("{}{path}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(r.headers()[LOCATION], "/moderate/sign-in/", "{path}");
        // A made-up session is no session.
        let (status, _) = get(&s, path, Some(&"ab".repeat(32))).await;
        assert_eq!(status, 303, "{path} with a made-up cookie");
    }
    let forms: [(&str, &[(&str, &str)]); 4] = [
        ("/moderate/", &[("action", "approve"), ("comment", &id.to_string())]),
        (&format!("/moderate/comments/{id}/reply/"), &[("reply", "Thank you.")]),
        ("/moderate/closing/", &[("what", "close-blog"), ("closing-message", "Closed.")]),
        ("/moderate/sign-out/", &[]),
    ];
    for (path, fields) in forms {
        let r = post(&s, path, None, fields).await;
        assert_eq!(r.status(), 403, "{path}");
        assert!(r.text().await.unwrap().contains("You need to sign in"));
    }
    assert_eq!(status_of(&s, id).await, "pending");
    assert_eq!(s.get("/api/v1/site").await.1["comments_closed"], "");
}

#[tokio::test]
async fn sessions_are_strict_cookies_made_new_at_every_sign_in() {
    let s = start().await;
    add_moderator(&s).await;
    // Before sign-in: a value planted in the browser (session fixation).
    let planted = "cd".repeat(32);
    let r = try_sign_in(&s, MODERATOR, PASSWORD, Some(&planted)).await;
    assert_eq!(r.status(), 303);
    let (first, header) = set_cookie(&r, "govblog_moderator").unwrap();
    assert_ne!(first, planted);
    // The blog's public address is https: the cookie is only sent over it.
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/moderate/"] {
        assert!(header.contains(flag), "{flag} missing from {header}");
    }
    assert_eq!(get(&s, "/moderate/", Some(&planted)).await.0, 303, "the planted value is not a session");
    assert_eq!(get(&s, "/moderate/", Some(&first)).await.0, 200);

    // Signing in again ends the session the browser had.
    let second = sign_in(&s, Some(&first)).await;
    assert_ne!(second.cookie, first);
    assert_eq!(get(&s, "/moderate/", Some(&first)).await.0, 303, "the old session still works");
    assert_eq!(get(&s, "/moderate/", Some(&second.cookie)).await.0, 200);

    // Signing out ends it too.
    let r = post(&s, "/moderate/sign-out/", Some(&second), &[]).await;
    assert_eq!(r.status(), 200);
    assert!(set_cookie(&r, "govblog_moderator").unwrap().1.contains("Max-Age=0"));
    assert_eq!(get(&s, "/moderate/", Some(&second.cookie)).await.0, 303);
}

#[tokio::test]
async fn forms_without_the_session_token_or_from_another_site_change_nothing() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    let id = new_comment(&s, "10.1.0.2", "Approve me only with a token.", json!({})).await;
    let ids = id.to_string();
    let fields = [("action", "approve"), ("comment", ids.as_str())];

    let r = post(&s, "/moderate/", Some(&session), &[("csrf", ""), fields[0], fields[1]]).await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("This form has expired"));
    let r = post(&s, "/moderate/", Some(&session), &[("csrf", &"0".repeat(64)), fields[0], fields[1]]).await;
    assert_eq!(r.status(), 403);
    let r = browser()
        .post(format!("{}/moderate/", s.base))
        .header(COOKIE, format!("govblog_moderator={}", session.cookie))
        .header(ORIGIN, "https://attacker.example")
        .form(&[("csrf", session.csrf.as_str()), fields[0], fields[1]])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(status_of(&s, id).await, "pending");

    let r = post(&s, "/moderate/", Some(&session), &fields).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], "/moderate/?done=approve&count=1");
    assert_eq!(status_of(&s, id).await, "approved");
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_and_never_say_whether_an_account_exists() {
    let s = start().await;
    add_moderator(&s).await;
    let wrong = try_sign_in(&s, MODERATOR, "not the password", None).await;
    assert_eq!(wrong.status(), 400);
    let wrong = wrong.text().await.unwrap();
    let unknown = try_sign_in(&s, "nobody@example.gov.uk", "not the password", None).await;
    assert_eq!(unknown.status(), 400);
    let unknown = unknown.text().await.unwrap();
    let message = "The email address or password is not right";
    assert!(wrong.contains(message) && unknown.contains(message));
    assert!(wrong.contains("<title>Error: Sign in"));
    for _ in 0..4 {
        assert_eq!(try_sign_in(&s, MODERATOR, "still wrong", None).await.status(), 400);
    }
    // Five failures: now even the right password is refused, with a clear message.
    let r = try_sign_in(&s, MODERATOR, PASSWORD, None).await;
    assert_eq!(r.status(), 429);
    assert!(set_cookie(&r, "govblog_moderator").is_none());
    assert!(r.text().await.unwrap().contains("too many attempts to sign in"));
    // The same for an account that does not exist, once it has had as many.
    for _ in 0..5 {
        try_sign_in(&s, "nobody@example.gov.uk", "guess", None).await;
    }
    let r = try_sign_in(&s, "nobody@example.gov.uk", "guess", None).await;
    assert_eq!(r.status(), 429);
    // Per address too: many accounts from one address are stopped.
    for i in 0..20 {
        try_sign_in(&s, &format!("guess{i}@example.gov.uk"), "guess", None).await;
    }
    assert_eq!(try_sign_in(&s, "another@example.gov.uk", "guess", None).await.status(), 429);
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_token() {
    let s = start().await;
    add_moderator(&s).await;
    let r = browser()
        .post(format!("{}/moderate/sign-in/", s.base))
        .form(&[("email", MODERATOR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(set_cookie(&r, "govblog_moderator").is_none());
}

#[tokio::test]
async fn the_queue_decides_on_several_comments_at_once_and_records_it() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(
            new_comment(&s, &format!("10.2.0.{i}"), &format!("Queue comment number {i}."), json!({})).await,
        );
    }
    let (_, html) = get(&s, "/moderate/", Some(&session.cookie)).await;
    // Oldest first.
    let positions: Vec<usize> =
        (0..4).map(|i| html.find(&format!("Queue comment number {i}.")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "not oldest first");
    assert!(html.contains("ada.reader@example.com"), "moderators see the address");

    let (a, b, c) = (ids[0].to_string(), ids[1].to_string(), ids[2].to_string());
    let r =
        post(&s, "/moderate/", Some(&session), &[("action", "approve"), ("comment", &a), ("comment", &b)])
            .await;
    assert_eq!(r.headers()[LOCATION], "/moderate/?done=approve&count=2");
    let r = post(&s, "/moderate/", Some(&session), &[("action", "spam"), ("comment", &c)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(status_of(&s, ids[0]).await, "approved");
    assert_eq!(status_of(&s, ids[1]).await, "approved");
    assert_eq!(status_of(&s, ids[2]).await, "spam");
    assert_eq!(status_of(&s, ids[3]).await, "pending");
    let (_, banner) = get(&s, "/moderate/?done=approve&count=2", Some(&session.cookie)).await;
    assert!(banner.contains("2 comments approved"));

    // Nothing selected: the queue again, with the GOV.UK error summary.
    let r = post(&s, "/moderate/", Some(&session), &[("action", "reject")]).await;
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(html.contains("govuk-error-summary") && html.contains("Select the comments to reject"));

    let (_, record) = get(&s, "/moderate/record/", Some(&session.cookie)).await;
    assert!(
        record.contains(&format!("approved comment {a}")) && record.contains(&format!("spam comment {c}"))
    );
    assert!(record.contains(MODERATOR));
}

#[tokio::test]
async fn a_team_reply_is_published_at_once_and_approves_what_it_answers() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    let id = new_comment(&s, "10.3.0.1", "When will the data be published?", json!({})).await;
    let path = format!("/moderate/comments/{id}/reply/");
    let (status, html) = get(&s, &path, Some(&session.cookie)).await;
    assert_eq!(status, 200);
    assert!(html.contains("When will the data be published?") && html.contains("Replying approves it"));

    let r = post(&s, &path, Some(&session), &[("reply", "   ")]).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("Enter your reply"));

    let r = post(&s, &path, Some(&session), &[("reply", "In the spring. Thank you for asking.")]).await;
    assert_eq!(r.headers()[LOCATION], "/moderate/?done=reply");
    assert_eq!(status_of(&s, id).await, "approved");
    let (_, page) = s.get(&format!("{POST_API}/comments")).await;
    let reply =
        page["items"].as_array().unwrap().iter().find(|c| c["parent_id"] == id).expect("the reply is public");
    assert_eq!(reply["role"], "blog_team");
    assert_eq!(reply["text"], "In the spring. Thank you for asking.");

    assert_eq!(get(&s, "/moderate/comments/999999/reply/", Some(&session.cookie)).await.0, 404);
    assert_eq!(get(&s, "/moderate/comments/abc/reply/", Some(&session.cookie)).await.0, 404);
}

#[tokio::test]
async fn closing_comments_on_the_blog_refuses_comments_and_tells_readers_why() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    let r =
        post(&s, "/moderate/closing/", Some(&session), &[("what", "close-blog"), ("closing-message", "")])
            .await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("Enter the message readers will see"));

    let message = "Comments are closed during the pre-election period.";
    let r = post(
        &s,
        "/moderate/closing/",
        Some(&session),
        &[("what", "close-blog"), ("closing-message", message)],
    )
    .await;
    assert_eq!(r.headers()[LOCATION], "/moderate/closing/?done=close-blog");
    let body = json!({"text": "Too late?", "name": "Ada", "email": "ada@example.com"});
    let (status, refused) = s.post(&format!("{POST_API}/comments"), "10.4.0.1", &body).await;
    assert_eq!(status, 403, "{refused}");
    let (_, _, page) = s.text(POST_PAGE).await;
    assert!(page.contains(message), "the post page does not say why");
    assert!(!page.contains("id=\"respond\""), "the form is still there");

    let r = post(&s, "/moderate/closing/", Some(&session), &[("what", "open-blog")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.post(&format!("{POST_API}/comments"), "10.4.0.2", &body).await.0, 201);

    // One post, by its address.
    let address = format!("https://blog.example.gov.uk{POST_PAGE}");
    let r =
        post(&s, "/moderate/closing/", Some(&session), &[("what", "close-post"), ("post-address", &address)])
            .await;
    assert_eq!(r.status(), 303);
    let body = json!({"text": "Closed here?", "name": "Ada", "email": "ada@example.com"});
    assert_eq!(s.post(&format!("{POST_API}/comments"), "10.4.0.3", &body).await.0, 403);
    let (_, html) = get(&s, "/moderate/closing/", Some(&session.cookie)).await;
    assert!(html.contains("Counting what matters"), "the closed post is not listed");
    let r = post(
        &s,
        "/moderate/closing/",
        Some(&session),
        &[("what", "close-post"), ("post-address", "/nowhere/")],
    )
    .await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("Enter the address of a published post on this blog"));

    let (_, record) = get(&s, "/moderate/record/", Some(&session.cookie)).await;
    for action in ["closed comments on the blog", "opened comments on the blog", "closed comments"] {
        assert!(record.contains(action), "{action} not recorded");
    }
}

#[tokio::test]
async fn commenters_who_confirmed_hear_of_approval_and_replies_once_each() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    let follower =
        new_comment(&s, "10.5.0.1", "Tell me when this is published.", json!({"notify": true})).await;
    let unconfirmed =
        new_comment(&s, "10.5.0.2", "I asked but never confirm.", json!({"notify": true})).await;
    let silent = new_comment(&s, "10.5.0.3", "I did not ask for emails.", json!({})).await;
    let sent = emails(&s, 2).await;
    assert!(sent.iter().all(|e| e.contains("Confirm you want emails about your comment")));
    assert!(sent.iter().all(|e| e.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")));

    // Confirmed from the emailed link's page, by its button (a GET changes nothing).
    let confirm = link(&sent[0], "/subscribe/confirm/?token=");
    let path = confirm.split_once("gov.uk").unwrap().1.to_owned();
    let (status, _, _) = s.text(&path).await;
    assert_eq!(status, 200);
    let r = browser().post(format!("{}{path}", s.base)).form(&[("token", "")]).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("when your comment is published"));

    // Approving all three emails only the one who asked and confirmed.
    let all = [follower, unconfirmed, silent].map(|id| id.to_string());
    let fields: Vec<(&str, &str)> =
        std::iter::once(("action", "approve")).chain(all.iter().map(|id| ("comment", id.as_str()))).collect();
    post(&s, "/moderate/", Some(&session), &fields).await;
    let sent = emails(&s, 3).await;
    let published = &sent[2];
    assert!(published.contains("To: ada.reader@example.com"));
    assert!(
        published.contains("has been published") && published.contains(&format!("#comment-{follower}")),
        "{}",
        sent.join("\n-----\n")
    );

    // A reader's reply, once approved, is news to the follower; a rejected one is not.
    let reply = json!({"text": "I agree with you.", "name": "Bo Reader", "email": "bo@example.com", "parent_id": follower});
    let (_, r) = s.post(&format!("{POST_API}/comments"), "10.5.0.4", &reply).await;
    let reply_id = r["comment"]["id"].as_i64().unwrap().to_string();
    let rejected =
        json!({"text": "Rude words.", "name": "Cy", "email": "cy@example.com", "parent_id": follower});
    let (_, r) = s.post(&format!("{POST_API}/comments"), "10.5.0.5", &rejected).await;
    let rejected_id = r["comment"]["id"].as_i64().unwrap().to_string();
    post(&s, "/moderate/", Some(&session), &[("action", "reject"), ("comment", &rejected_id)]).await;
    post(&s, "/moderate/", Some(&session), &[("action", "approve"), ("comment", &reply_id)]).await;
    let sent = emails(&s, 4).await;
    assert!(sent[3].contains("Bo Reader has replied to your comment"), "{}", sent[3]);

    // Approving again sends nothing more.
    post(&s, "/moderate/", Some(&session), &[("action", "approve"), ("comment", &reply_id)]).await;
    // The team's reply is news too.
    post(
        &s,
        &format!("/moderate/comments/{follower}/reply/"),
        Some(&session),
        &[("reply", "Thank you, Ada.")],
    )
    .await;
    let sent = emails(&s, 5).await;
    assert!(sent[4].contains("replied to your comment"));

    // One click in the mail client (RFC 8058) stops them all.
    let unsubscribe = link(&sent[4], "/unsubscribe/?token=");
    let path = unsubscribe.split_once("gov.uk").unwrap().1.to_owned();
    let r = browser()
        .post(format!("{}{path}", s.base))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    post(
        &s,
        &format!("/moderate/comments/{follower}/reply/"),
        Some(&session),
        &[("reply", "One more thing.")],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(emails(&s, 5).await.len(), 5);
}

#[tokio::test]
async fn moderation_is_private_scriptless_and_unlisted() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    for path in
        ["/moderate/", "/moderate/closing/", "/moderate/record/", "/moderate/sign-in/", "/moderate/nowhere"]
    {
        let r = browser()
            .get(format!("{}{path}", s.base))
            .header(COOKIE, format!("govblog_moderator={}", session.cookie))
            .send()
            .await
            .unwrap();
        let h = r.headers().clone();
        assert_eq!(h["cache-control"], "private, no-store", "{path}");
        assert_eq!(h["x-robots-tag"], "noindex, nofollow", "{path}");
        assert!(h["content-security-policy"].to_str().unwrap().contains("script-src 'none'"), "{path}");
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
        let html = r.text().await.unwrap();
        assert!(!html.contains("<script"), "{path} has a script");
    }
    let (_, _, robots) = s.text("/robots.txt").await;
    assert!(robots.contains("Disallow: /moderate/"));
    for path in ["/", POST_PAGE, "/feed/", "/sitemap.xml", "/api/v1/pages?path=/"] {
        let (_, _, body) = s.text(path).await;
        assert!(!body.contains("/moderate"), "{path} mentions the moderation area");
    }
}

/// Wrong passwords sent all at once, each as its own browser with its own
/// form, attempt `i` through `servers[i % n]`; how many were judged (told
/// "not right") rather than refused as too many.
async fn judged_at_once(servers: &[&TestServer], attempts: &[(String, String)]) -> usize {
    let mut forms = Vec::new();
    for i in 0..attempts.len() {
        forms.push(sign_in_form(servers[i % servers.len()]).await);
    }
    let answers = futures::future::join_all(attempts.iter().zip(&forms).enumerate().map(
        |(i, ((email, ip), form))| async move {
            let r = send_sign_in(servers[i % servers.len()], form, (email, "a wrong guess"), Some(ip), None)
                .await;
            let status = r.status().as_u16();
            assert!(status == 400 || status == 429, "attempt {i}: {status}");
            status
        },
    ))
    .await;
    answers.iter().filter(|s| **s == 400).count()
}

#[tokio::test]
async fn wrong_passwords_sent_at_once_never_pass_the_limits() {
    let s = start().await;
    add_moderator(&s).await;
    // 15 at once for one account from one address: 5 at most are judged.
    let attempts: Vec<_> = (0..15).map(|_| (MODERATOR.to_owned(), "10.9.0.1".to_owned())).collect();
    let judged = judged_at_once(&[&s], &attempts).await;
    assert!((1..=5).contains(&judged), "{judged} of 15 judged for one account");
    // 40 at once from one address over 40 accounts: 20 at most.
    let attempts: Vec<_> =
        (0..40).map(|i| (format!("guess{i}@example.gov.uk"), "10.9.0.2".to_owned())).collect();
    let judged = judged_at_once(&[&s], &attempts).await;
    assert!((1..=20).contains(&judged), "{judged} of 40 judged from one address");
    // Through two servers on one database at once: the same limits.
    let other = common::second_instance(&s).await;
    let attempts: Vec<_> =
        (0..16).map(|_| ("second@example.gov.uk".to_owned(), "10.9.0.3".to_owned())).collect();
    let judged = judged_at_once(&[&s, &other], &attempts).await;
    assert!((1..=5).contains(&judged), "{judged} of 16 judged through two servers");
}

#[tokio::test]
async fn the_right_password_signs_in_from_a_new_address_while_the_account_is_attacked() {
    let s = start().await;
    add_moderator(&s).await;
    // Six addresses fail five times each: 30 failures on the account.
    let attempts: Vec<_> = (0..30).map(|i| (MODERATOR.to_owned(), format!("10.8.0.{}", i % 6))).collect();
    assert_eq!(judged_at_once(&[&s], &attempts).await, 30);
    // Those addresses are stopped, even with the right password...
    let form = sign_in_form(&s).await;
    let r = send_sign_in(&s, &form, (MODERATOR, PASSWORD), Some("10.8.0.1"), None).await;
    assert_eq!(r.status(), 429);
    // ...but the moderator, from anywhere else, still signs in.
    let form = sign_in_form(&s).await;
    let r = send_sign_in(&s, &form, (MODERATOR, PASSWORD), Some("10.8.1.1"), None).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert!(set_cookie(&r, "govblog_moderator").is_some());
}

#[tokio::test]
async fn forged_sign_in_tokens_are_refused() {
    let s = start().await;
    add_moderator(&s).await;
    // Any 64 hex digits, the same in cookie and field.
    for forged in ["ab".repeat(32), "0".repeat(64)] {
        let form = SignInForm { cookie: forged.clone(), token: forged };
        let r = send_sign_in(&s, &form, (MODERATOR, PASSWORD), None, None).await;
        assert_eq!(r.status(), 403);
        assert!(set_cookie(&r, "govblog_moderator").is_none());
    }
    // A NUL in the address is a mistake to correct, not a server error.
    let form = sign_in_form(&s).await;
    assert_eq!(send_sign_in(&s, &form, ("a\0b@example.gov.uk", PASSWORD), None, None).await.status(), 400);
    // The blog's own form still works.
    let form = sign_in_form(&s).await;
    assert_eq!(send_sign_in(&s, &form, (MODERATOR, PASSWORD), None, None).await.status(), 303);
}

#[tokio::test]
async fn moderation_forms_must_come_from_the_blogs_public_address() {
    let s = start().await;
    add_moderator(&s).await;
    let session = sign_in(&s, None).await;
    let id = new_comment(&s, "10.1.0.9", "Approve me only from the blog.", json!({})).await;
    let ids = id.to_string();
    let send = |headers: Vec<(&'static str, String)>| {
        let mut req = browser()
            .post(format!("{}/moderate/", s.base))
            .header(COOKIE, format!("govblog_moderator={}", session.cookie));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.form(&[("csrf", session.csrf.as_str()), ("action", "approve"), ("comment", ids.as_str())]).send()
    };
    let refused: Vec<Vec<(&'static str, String)>> = vec![
        vec![],
        vec![("origin", "http://blog.example.gov.uk".into())],
        vec![("origin", "https://blog.example.gov.uk:8443".into())],
        vec![("origin", "null".into())],
        vec![("origin", "https://evil.example".into()), ("x-forwarded-host", "evil.example".into())],
        vec![("referer", "https://evil.example/moderate/".into())],
        vec![("referer", "http://blog.example.gov.uk/moderate/".into())],
        // The address the server is reached at is not the blog's public one.
        vec![("origin", s.base.clone())],
    ];
    for headers in refused {
        let r = send(headers.clone()).await.unwrap();
        assert_eq!(r.status(), 403, "{headers:?}");
        assert_eq!(status_of(&s, id).await, "pending", "{headers:?}");
    }
    // Without Origin, the Referer of a page of the blog; behind a proxy
    // that ended TLS and says so.
    let accepted = vec![
        ("referer", "https://blog.example.gov.uk/moderate/".to_owned()),
        ("x-forwarded-proto", "https".to_owned()),
    ];
    assert_eq!(send(accepted).await.unwrap().status(), 303);
    assert_eq!(status_of(&s, id).await, "approved");

    // The sign-in form too: neither header, or another site's.
    for origin in [None, Some("https://evil.example")] {
        let form = sign_in_form(&s).await;
        let mut req = browser()
            .post(format!("{}/moderate/sign-in/", s.base))
            .header(COOKIE, format!("govblog_sign_in={}", form.cookie));
        if let Some(origin) = origin {
            req = req.header(ORIGIN, origin);
        }
        let r = req
            .form(&[("csrf", form.token.as_str()), ("email", MODERATOR), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{origin:?}");
    }
}

#[tokio::test]
async fn admin_tokens_cannot_be_guessed_without_limit() {
    let s = start().await;
    let admin = |token: String, ip: &'static str| {
        s.client
            .get(format!("{}/api/v1/admin/comments", s.base))
            .bearer_auth(token)
            .header("x-forwarded-for", ip)
            .send()
    };
    let mut statuses = Vec::new();
    for i in 0..100 {
        statuses.push(admin(format!("guess-{i}"), "10.7.0.1").await.unwrap().status().as_u16());
    }
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(wrong, 10, "{statuses:?}");
    assert!(statuses[10..].iter().all(|s| *s == 429), "{statuses:?}");
    // Once throttled, not even the right token is tried from there...
    let r = admin(common::ADMIN_TOKEN.into(), "10.7.0.1").await.unwrap();
    assert_eq!(r.status(), 429);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    // ...while other addresses go on as before, and right tokens are not counted.
    for _ in 0..12 {
        assert_eq!(admin(common::ADMIN_TOKEN.into(), "10.7.0.2").await.unwrap().status(), 200);
    }
    // Guesses sent at once are limited too.
    let burst = futures::future::join_all((0..30).map(|i| admin(format!("burst-{i}"), "10.7.0.3"))).await;
    let wrong = burst.iter().filter(|r| r.as_ref().unwrap().status() == 401).count();
    assert!(wrong <= 10, "{wrong} of 30 guesses at once judged");
}

/// The largest the process `pid` has been, in kB (`VmHWM`).
fn peak_memory_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The real server binary, as an operator runs it, so its memory is its own.
#[tokio::test]
async fn a_burst_of_sign_ins_keeps_the_server_small() {
    // The spellings the README gives for boolean settings.
    let mut process =
        common::ServerProcess::new(&[("GOVBLOG_TRUST_PROXY", "1"), ("GOVBLOG_SSR", "yes")]).await;
    let added = process.command(&["moderators", "add", MODERATOR]).output().unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    process.serve().await;
    let (base, client) = (process.base.clone(), browser());
    let r = client.get(format!("{base}/moderate/sign-in/")).send().await.unwrap();
    let (cookie, _) = set_cookie(&r, "govblog_sign_in").unwrap();
    let form = SignInForm { cookie, token: csrf(&r.text().await.unwrap()) };
    let server = process.child.as_ref().unwrap();
    let before = peak_memory_kb(server.id());
    // 60 attempts at once, each from its own address for its own account,
    // so no limit stops them: only the bound on hashing at once.
    let answers = futures::future::join_all((0..60).map(|i| {
        client
            .post(format!("{base}/moderate/sign-in/"))
            .header(COOKIE, format!("govblog_sign_in={}", form.cookie))
            .header(ORIGIN, &base)
            .header("x-forwarded-for", format!("10.5.{}.{}", i / 200, i % 200))
            .form(&[
                ("csrf", form.token.as_str()),
                ("email", &format!("user{i}@example.gov.uk")),
                ("password", "guess"),
            ])
            .send()
    }))
    .await;
    let peak = peak_memory_kb(server.id());
    drop(process);
    let statuses: Vec<u16> = answers.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 400 || *s == 429), "{statuses:?}");
    assert!(statuses.contains(&400), "{statuses:?}");
    assert!(peak < 300 * 1024, "peak memory {} MB (before the burst {} MB)", peak / 1024, before / 1024);
}
