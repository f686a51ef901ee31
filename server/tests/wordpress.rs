//! Moving a WordPress blog to govblog: a real export (WXR, made by WordPress
//! 6.1's own exporter, `fixtures/wordpress/set-a.wxr`, unchanged) imported
//! into a new database, then every published post checked at its
//! WordPress address against what WordPress itself showed for it
//! (`set-a.expected.json`, read from that WordPress's database).

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use common::{start_imported, TestServer};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress").join(name)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("set-a.expected.json")).unwrap()).unwrap()
}

/// Text as the fixture's `content_text` has it: tags and the contents of
/// scripts and styles removed, entities decoded, whitespace collapsed.
fn text(html: &str) -> String {
    govblog_server::html_body::text(html)
}

/// Our text without the differences from WordPress's that govblog makes on
/// purpose: a video is a link with its title (WordPress showed a frame,
/// whose title is no text), given WordPress's own HTML for the post.
fn without_accepted_differences(text: &str, wordpress_html: &str) -> String {
    let mut text = text.to_owned();
    let titles = regex::Regex::new(r#"<iframe[^>]*\btitle="([^"]*)""#).unwrap();
    for title in titles.captures_iter(wordpress_html) {
        let title = html_escape::decode_html_entities(&title[1]).into_owned();
        text = text.replace(&format!("Watch the video on YouTube: {title}"), "");
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn page(s: &TestServer, path: &str) -> (u16, Value) {
    s.get(&format!("/api/v1/pages?path={}", govblog_shared::permalink::percent_encode(path))).await
}

#[tokio::test]
async fn every_published_post_is_at_its_wordpress_address_as_wordpress_showed_it() {
    let s = start_imported(&fixture("set-a.wxr")).await;
    let expected = expected();
    let mut failures = Vec::new();
    for want in expected["posts"].as_array().unwrap() {
        let path = want["path"].as_str().unwrap();
        let (status, found) = page(&s, path).await;
        if status != 200 {
            failures.push(format!("{path}: status {status}"));
            continue;
        }
        let post = &found["content"]["post"]["post"];
        let mut check = |what: &str, got: Value, want: Value| {
            if got != want {
                failures.push(format!("{path}: {what}: got {got}, want {want}"));
            }
        };
        check("title", post["title"].clone(), want["title_text"].clone());
        let names = |list: &Value| -> Value {
            list.as_array().unwrap().iter().map(|a| a["name"].clone()).collect::<Vec<_>>().into()
        };
        check("byline", names(&post["authors"]), want["authors"].clone());
        check("categories", names(&post["categories"]), want["categories"].clone());
        check("tags", names(&post["tags"]), want["tags"].clone());
        // The text of every part.
        let parts = post["parts"].as_u64().unwrap();
        let mut body = text(post["body_html"].as_str().unwrap());
        for part in 2..=parts {
            let (_, next) = page(&s, &format!("{path}{part}/")).await;
            body.push(' ');
            body.push_str(&text(next["content"]["post"]["post"]["body_html"].as_str().unwrap()));
        }
        let want_text = want["content_text"].as_str().unwrap();
        let wordpress_html: String =
            want["content_html_pages"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
        check(
            "text",
            without_accepted_differences(&body, &wordpress_html).into(),
            want_text.split_whitespace().collect::<Vec<_>>().join(" ").into(),
        );
        check("parts", parts.into(), want["content_html_pages"].as_array().unwrap().len().into());

        // Approved comments (not pingbacks or trackbacks, which are left
        // out), threaded as WordPress had them, the post's authors marked.
        let (_, comments) = s.get(&format!("/api/v1/posts{path}comments")).await;
        let ours: HashMap<String, &Value> = comments["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (format!("{} {}", c["posted_at"].as_str().unwrap(), c["author_name"].as_str().unwrap()), c)
            })
            .collect();
        let ours_by_id: HashMap<i64, &Value> =
            ours.values().map(|c| (c["id"].as_i64().unwrap(), *c)).collect();
        let theirs = want["comments"].as_array().unwrap();
        let readers: Vec<&Value> = theirs.iter().filter(|c| c["type"] == "comment").collect();
        check("comment count", comments["total"].clone(), readers.len().into());
        let key = |c: &Value| {
            let date = c["date_gmt"].as_str().unwrap().replace(' ', "T");
            format!("{date}Z {}", html_escape::decode_html_entities(c["author"].as_str().unwrap()))
        };
        let by_wp_id: HashMap<i64, &Value> = theirs.iter().map(|c| (c["id"].as_i64().unwrap(), c)).collect();
        let author_logins = want["author_logins"].as_array().unwrap();
        for c in readers {
            let Some(our) = ours.get(&key(c)) else {
                failures.push(format!("{path}: comment {} is missing", c["id"]));
                continue;
            };
            // A reply whose parent WordPress had in the bin hangs from the
            // post (that parent was a top-level comment).
            let parent = match c["parent_approved"].as_bool() {
                Some(true) => by_wp_id.get(&c["parent"].as_i64().unwrap()).map(|p| key(p)),
                _ => None,
            };
            let our_parent = our["parent_id"].as_i64().and_then(|id| ours_by_id.get(&id)).map(|p| {
                format!("{} {}", p["posted_at"].as_str().unwrap(), p["author_name"].as_str().unwrap())
            });
            if our_parent != parent {
                failures
                    .push(format!("{path}: comment {}'s parent: {our_parent:?}, want {parent:?}", c["id"]));
            }
            let by_author =
                c["user_login"].as_str().is_some_and(|login| author_logins.iter().any(|a| a == login));
            if (our["role"] == "post_author") != by_author {
                failures.push(format!(
                    "{path}: comment {} marked {}, by the post's author: {by_author}",
                    c["id"], our["role"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn what_was_not_published_is_not_there() {
    let s = start_imported(&fixture("set-a.wxr")).await;
    let expected = expected();
    let (_, posts) = s.get("/api/v1/posts?per_page=50").await;
    assert_eq!(posts["total"], expected["posts"].as_array().unwrap().len());
    let titles: Vec<&str> =
        posts["items"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap()).collect();
    for item in expected["not_published"].as_array().unwrap() {
        let title = html_escape::decode_html_entities(item["title"].as_str().unwrap()).into_owned();
        assert!(!titles.contains(&title.as_str()), "{title} is listed");
        let slug = item["slug"].as_str().unwrap();
        if !slug.is_empty() {
            let date = &item["date"].as_str().unwrap()[..10].replace('-', "/");
            let (status, _) = page(&s, &format!("/{date}/{slug}/")).await;
            assert_eq!(status, 404, "{title}");
        }
        let (_, found) =
            s.get(&format!("/api/v1/search?q={}", title.split_whitespace().last().unwrap())).await;
        assert!(
            found["items"].as_array().unwrap().iter().all(|p| p["title"] != title.as_str()),
            "{title} found"
        );
    }
    // Pages are there, at their paths, without a byline or comments.
    for want in expected["pages"].as_array().unwrap() {
        let (status, found) = page(&s, want["path"].as_str().unwrap()).await;
        assert_eq!(status, 200, "{}", want["path"]);
        assert_eq!(found["content"]["static_page"]["page"]["title"], want["title_text"]);
        assert_eq!(
            text(found["content"]["static_page"]["page"]["body_html"].as_str().unwrap()),
            want["content_text"].as_str().unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
}

#[tokio::test]
async fn a_second_import_changes_nothing() {
    use govblog_server::storage::Store;
    use govblog_server::wordpress::{import, Options};

    let s = start_imported(&fixture("set-a.wxr")).await;
    let snapshot = |s: &TestServer| {
        let s = s.clone_handle();
        async move {
            let mut all = Vec::new();
            for path in ["/api/v1/posts?per_page=50", "/api/v1/categories", "/api/v1/tags", "/api/v1/authors"]
            {
                all.push(s.get(path).await.1);
            }
            let (_, posts) = s.get("/api/v1/posts?per_page=50").await;
            for post in posts["items"].as_array().unwrap() {
                let path = post["permalink"].as_str().unwrap();
                all.push(s.get(&format!("/api/v1/posts{path}comments")).await.1);
                all.push(page(&s, path).await.1);
            }
            all.push(
                s.raw(reqwest::Method::GET, "/api/v1/admin/comments").await.json::<Value>().await.unwrap(),
            );
            all
        }
    };
    let before = snapshot(&s).await;
    let store = Store::open(&s.database).await.unwrap();
    let options = Options { dry_run: false, uploads_from: None, uploads_to: s.config.uploads.clone() };
    let report = import(&store, &fixture("set-a.wxr"), &options).await.unwrap();
    assert_eq!(report.posts, 18, "17 published and 1 scheduled");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let after = snapshot(&s).await;
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a, b);
    }
}

#[tokio::test]
async fn the_report_counts_what_was_imported_and_what_was_skipped() {
    use govblog_server::storage::Store;
    use govblog_server::wordpress::{import, Options};

    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let store = Store::open(&database).await.unwrap();
    let options = Options { dry_run: true, uploads_from: None, uploads_to: dir.path().join("uploads") };
    let report = import(&store, &fixture("set-a.wxr"), &options).await.unwrap();
    assert_eq!((report.posts, report.pages, report.scheduled.as_slice()), (18, 2, &[37][..]));
    assert_eq!(report.categories, 10);
    assert_eq!(report.tags, 13);
    assert_eq!(report.comments, 35 + 2, "approved and pending");
    assert_eq!(report.pending_comments, 2);
    let skipped = |reason: &str| report.skipped.get(reason).cloned().unwrap_or_default();
    assert_eq!(skipped("post, draft"), [26, 35]);
    assert_eq!(skipped("post, pending"), [32]);
    assert_eq!(skipped("post, private"), [31]);
    assert_eq!(skipped("post, in the bin"), [22]);
    assert_eq!(skipped("pingback (a link from another site, not a reader's comment)"), [4]);
    assert_eq!(skipped("trackback (a link from another site, not a reader's comment)"), [14]);
    assert_eq!(skipped("comment in the bin").len(), 1);
    // A dry run stores nothing.
    assert!(store.is_empty().await.unwrap());
    let shown = report.to_string();
    assert!(shown.contains("18 posts (1 scheduled), 2 pages"), "{shown}");
    assert!(shown.contains("post, draft: 2 (WordPress IDs 26, 35)"), "{shown}");
}

#[tokio::test]
async fn old_addresses_keep_working() {
    let s = start_imported(&fixture("set-a.wxr")).await;
    let no_redirects =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let location = |path: &'static str| {
        let client = no_redirects.clone();
        let url = format!("{}{path}", s.base);
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 301, "{path}");
            r.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(location("/?p=36").await, "/2026/01/21/our-priorities-for-2026/");
    assert_eq!(location("/?page_id=5").await, "/about/comments-policy/");
    assert_eq!(location("/2018/07/01/our-api-is-live/").await, "/2018/07/01/our-datasets-api-is-now-live/");
    assert_eq!(
        location("/2025/05/20/data-quality-framework-a-year-on/").await,
        "/2025/05/20/data-quality-framework-one-year-on/"
    );
    assert_eq!(
        location("/category/data-standards/").await,
        "/category/open-data/publishing-data/data-standards/"
    );
    // In the app, a moved page is data to move on from.
    let (status, moved) = page(&s, "/?p=36").await;
    assert_eq!(
        (status, moved["content"]["redirect"]["location"].as_str()),
        (200, Some("/2026/01/21/our-priorities-for-2026/"))
    );

    for (path, want) in [
        ("/2014/02/11/data-standards-a-beginners-guide/2/", 200),
        ("/2014/02/11/data-standards-a-beginners-guide/3/", 200),
        ("/2014/02/11/data-standards-a-beginners-guide/4/", 404),
        ("/2022/03/14/ten-years-of-the-public-data-studio-%F0%9F%8E%89/", 200),
        ("/category/open-data/", 200),
        ("/category/open-data/publishing-data/data-standards/", 200),
        ("/tag/%e7%bb%9f%e8%ae%a1/", 200),
        ("/author/sian-llewelyn/", 200),
        ("/author/kchen/", 200),
        ("/about/", 200),
        ("/about/comments-policy/", 200),
        ("/about/nothing/", 404),
    ] {
        let r = s.raw(reqwest::Method::GET, path).await;
        assert_eq!(r.status().as_u16(), want, "{path}");
    }
    // A parent category lists its children's posts, as WordPress's does.
    let expected = expected();
    let tree = ["open-data", "publishing-data", "data-standards", "data-quality"];
    let in_tree = expected["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["category_slugs"].as_array().unwrap().iter().any(|c| tree.contains(&c.as_str().unwrap()))
        })
        .count();
    let (_, open_data) = page(&s, "/category/open-data/").await;
    assert_eq!(open_data["content"]["archive"]["posts"]["total"], in_tree);
    for feed in
        ["/feed/", "/category/open-data/publishing-data/feed/", "/tag/csv/feed/", "/author/hpatel/feed/"]
    {
        let (status, content_type, body) = s.text(feed).await;
        assert_eq!(status, 200, "{feed}");
        assert!(content_type.starts_with("application/atom+xml"), "{feed}");
        assert!(body.contains("<entry>"), "{feed}");
    }
}

#[tokio::test]
async fn featured_images_descriptions_and_sticky_posts() {
    let s = start_imported(&fixture("set-a.wxr")).await;
    let (_, found) = page(&s, "/2014/02/11/data-standards-a-beginners-guide/").await;
    let head = &found["head"];
    assert_eq!(
        head["image"]["url"],
        "http://127.0.0.1:8094/wp-content/uploads/2014/02/standards-diagram.png"
    );
    assert_eq!(
        head["image"]["alt"],
        "Diagram showing a dataset, its schema and the standard the schema follows"
    );
    assert!(head["image"]["width"].as_u64().is_some());
    assert!(head["description"].as_str().unwrap().starts_with("A plain English guide to data standards"));
    let (_, home) = s.get("/api/v1/posts").await;
    assert_eq!(home["items"][0]["slug"], "our-priorities-for-2026", "the sticky post first");
    // The old site's links to its own pages are the blog's.
    let body = found["content"]["post"]["post"]["body_html"].as_str().unwrap();
    assert!(!body.contains("127.0.0.1:8094/2"), "{body}");
}

#[tokio::test]
async fn broken_files_import_nothing_and_say_where() {
    use govblog_server::storage::Store;
    use govblog_server::wordpress::{import, Options};

    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read_to_string(fixture("set-a.wxr")).unwrap();
    let cut = whole.char_indices().nth(whole.len() * 2 / 3).unwrap().0;
    let cases = [
        ("truncated.xml", whole[..cut].to_owned(), "ends before the export does"),
        ("malformed.xml", whole.replacen("</wp:post_name>", "</wp:post_nam>", 3), "not well-formed"),
        (
            "feed.xml",
            "<?xml version=\"1.0\"?>\n<rss><channel><title>A feed</title></channel></rss>\n".to_owned(),
            "not a WordPress export",
        ),
        ("page.html", "<!DOCTYPE html>\n<html><body>Hello</body></html>".to_owned(), "not"),
        (
            "entities.xml",
            whole.replacen("<title>Public Data Studio</title>", "<title>&nbsp;</title>", 1),
            "unknown entity",
        ),
    ];
    let position = regex::Regex::new(r", line \d+, column \d+: ").unwrap();
    for (name, contents, says) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        let database = common::fresh_database(&dir.path().join(name.replace('.', "-"))).await;
        std::fs::create_dir_all(dir.path().join(name.replace('.', "-"))).unwrap();
        let store = Store::open(&database).await.unwrap();
        let options = Options { dry_run: false, uploads_from: None, uploads_to: dir.path().join("uploads") };
        let error = import(&store, &file, &options).await.unwrap_err().to_string();
        assert!(error.contains(says), "{name}: {error}");
        assert!(position.is_match(&error), "{name}: {error}");
        assert!(store.is_empty().await.unwrap(), "{name}: nothing imported");
    }
}

#[tokio::test]
async fn uploads_are_copied_in_and_served() {
    use govblog_server::storage::Store;
    use govblog_server::wordpress::{import, Options};

    let s = start_imported(&fixture("set-a.wxr")).await;
    let uploads = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(uploads.path().join("2014/02")).unwrap();
    std::fs::write(uploads.path().join("2014/02/standards-diagram-1024x683.png"), b"\x89PNG fake").unwrap();
    let store = Store::open(&s.database).await.unwrap();
    let options = Options {
        dry_run: false,
        uploads_from: Some(uploads.path().to_owned()),
        uploads_to: s.config.uploads.clone(),
    };
    let report = import(&store, &fixture("set-a.wxr"), &options).await.unwrap();
    assert_eq!(report.uploads_copied, 1);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, found) = page(&s, "/2014/02/11/data-standards-a-beginners-guide/").await;
    let body = found["content"]["post"]["post"]["body_html"].as_str().unwrap();
    assert!(
        body.contains(
            "src=\"https://blog.example.gov.uk/wp-content/uploads/2014/02/standards-diagram-1024x683.png\""
        ),
        "{body}"
    );
    let r = s.raw(reqwest::Method::GET, "/wp-content/uploads/2014/02/standards-diagram-1024x683.png").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\x89PNG fake");
}

#[tokio::test]
async fn imported_pages_read_back_as_the_app_reads_them() {
    let s = start_imported(&fixture("set-a.wxr")).await;
    for path in ["/2014/02/11/data-standards-a-beginners-guide/", "/about/", "/category/open-data/", "/?p=36"]
    {
        let (_, json) = page(&s, path).await;
        let parsed: Result<govblog_shared::page::Page, _> = serde_json::from_value(json.clone());
        assert!(parsed.is_ok(), "{path}: {parsed:?}");
    }
}

/// A redirect's `Location` for `path`, if it is one.
async fn redirect_of(s: &TestServer, path: &str) -> (u16, Option<String>) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = client.get(format!("{}{path}", s.base)).send().await.unwrap();
    let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    (r.status().as_u16(), location)
}

#[tokio::test]
async fn hostile_slugs_and_page_paths_are_left_out_of_an_import_and_redirect_nowhere() {
    let whole = std::fs::read_to_string(fixture("set-a.wxr")).unwrap();
    let hostile = whole
        // The page "about" (ID 4, parent of "comments-policy", ID 5).
        .replacen("<wp:post_name><![CDATA[about]]>", "<wp:post_name><![CDATA[/evil.example]]>", 1)
        // A post's old slug, and a category's slug.
        .replacen("<![CDATA[our-api-is-live]]>", "<![CDATA[//evil.example]]>", 1)
        .replacen(
            "<wp:category_nicename><![CDATA[events]]>",
            "<wp:category_nicename><![CDATA[\\\\evil.example]]>",
            1,
        );
    assert_ne!(hostile, whole);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.xml");
    std::fs::write(&file, hostile).unwrap();
    let s = common::start_imported(&file).await;
    for path in ["/?page_id=4", "/?page_id=5"] {
        let (status, location) = redirect_of(&s, path).await;
        assert_eq!((status, location), (404, None), "{path}");
    }
    // The rest of the export is there, at its addresses.
    assert_eq!(redirect_of(&s, "/?p=36").await.1.as_deref(), Some("/2026/01/21/our-priorities-for-2026/"));
    assert_eq!(redirect_of(&s, "/category/events/").await.0, 404);
    let store = govblog_server::storage::Store::open(&s.database).await.unwrap();
    let options = govblog_server::wordpress::Options {
        dry_run: true,
        uploads_from: None,
        uploads_to: dir.path().join("uploads"),
    };
    let report = govblog_server::wordpress::import(&store, &file, &options).await.unwrap().to_string();
    assert!(report.contains("page, its path is not an address: 2 (WordPress IDs 4, 5)"), "{report}");
    assert!(report.contains("\\\\evil.example"), "{report}");
}

#[tokio::test]
async fn a_stored_address_that_leads_off_the_blog_is_never_a_redirect() {
    // Content stored before imports checked addresses, or by any other way in.
    let s = common::start().await;
    let store = govblog_server::storage::Store::open(&s.database).await.unwrap();
    let mut import = store.begin_wordpress_import().await.unwrap();
    let hostile =
        ["/evil.example", "/\\evil.example", "evil.example/..//x", "../../x", "a/b?c", "category/x"];
    for (i, path) in hostile.iter().enumerate() {
        let page = govblog_server::storage::ImportedPage {
            wp_id: 900 + i as i64,
            path: (*path).into(),
            title: "Hostile".into(),
            published_at: "2020-01-01T00:00:00Z".into(),
            modified_at: None,
            summary: String::new(),
            body_html: "<p>Hostile</p>".into(),
        };
        import.page(&page).await.unwrap();
    }
    import.commit().await.unwrap();
    for (i, path) in hostile.iter().enumerate() {
        let (status, location) = redirect_of(&s, &format!("/?page_id={}", 900 + i)).await;
        assert_eq!((status, location), (404, None), "{path}");
    }
}
