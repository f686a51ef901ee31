//! Pages as crawlers and readers without JavaScript get them: rendered by
//! the app's own components, with escaped link-preview tags and the page's
//! data embedded for the app.

mod common;

use common::{start, TestServer};
use serde_json::Value;

async fn page(s: &TestServer, path: &str) -> (u16, String) {
    let r = s.raw(reqwest::Method::GET, path).await;
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The `content` of `<meta {attr}="{key}">`, unescaped of nothing: as sent.
fn meta<'a>(html: &'a str, attr: &str, key: &str) -> Vec<&'a str> {
    let needle = format!("<meta {attr}=\"{key}\" content=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn embedded(html: &str) -> Value {
    let start = html.find("<script type=\"application/json\" id=\"govblog-data\">").unwrap();
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap()
}

fn mount(html: &str) -> &str {
    let start = html.find("<div id=\"govblog\"").unwrap();
    &html[start..html.find("<script type=\"application/json\"").unwrap()]
}

#[tokio::test]
async fn a_post_page_is_rendered_with_its_preview_tags() {
    let s = start().await;
    let path = "/2025/06/12/designing-policy-with-the-people-it-affects/";
    let (status, html) = page(&s, path).await;
    assert_eq!(status, 200);
    let url = format!("https://blog.example.gov.uk{path}");
    assert!(html.contains(
        "<title>Designing policy with the people it affects: a field guide - Civic Design Lab</title>"
    ));
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert_eq!(
        meta(&html, "property", "og:title"),
        ["Designing policy with the people it affects: a field guide"]
    );
    assert_eq!(meta(&html, "property", "og:url"), [url.as_str()]);
    assert_eq!(meta(&html, "property", "og:type"), ["article"]);
    // The post's own image is an SVG, which link previews do not show:
    // the blog's default raster image, with its size and text alternative.
    assert_eq!(
        meta(&html, "property", "og:image"),
        ["https://blog.example.gov.uk/assets/images/govuk-opengraph-image.png"]
    );
    assert_eq!(meta(&html, "property", "og:image:width"), ["1200"]);
    assert_eq!(meta(&html, "property", "og:image:height"), ["630"]);
    assert_eq!(meta(&html, "property", "og:image:alt"), ["GOV.UK"]);
    assert_eq!(meta(&html, "property", "og:site_name"), ["Civic Design Lab"]);
    assert_eq!(meta(&html, "property", "article:published_time"), ["2025-06-12T09:30:00Z"]);
    assert_eq!(meta(&html, "property", "article:author"), ["Amara Okafor", "Priya Raman"]);
    assert_eq!(meta(&html, "name", "twitter:card"), ["summary_large_image"]);
    assert!(meta(&html, "name", "description")[0].starts_with("Everything we have learned"));

    // The whole post page structure, from the app's components.
    let body = mount(&html);
    assert!(body.contains("<a href=\"#main-content\" class=\"govuk-skip-link\""));
    assert!(body.contains(
        "<h1 class=\"govuk-heading-xl\">Designing policy with the people it affects: a field guide</h1>"
    ));
    assert!(body.contains("<span class=\"govuk-visually-hidden\">Posted on: </span>"));
    assert!(body.contains("<time datetime=\"2025-06-12\">12 June 2025</time>"));
    assert!(body
        .contains("<a href=\"/category/open-policy-making/\" class=\"govuk-link\">Open policy making</a>"));
    assert!(body.contains("<table class=\"govuk-table\">"));
    assert!(body.contains("Share this page"));
    assert!(body.contains("4 comments"));
    assert!(body.contains("Leave a comment"));

    // A post's JSON-LD for search engines.
    let ld = &html[html.find("<script type=\"application/ld+json\">").unwrap()..];
    let ld: Value =
        serde_json::from_str(&ld[ld.find('>').unwrap() + 1..ld.find("</script>").unwrap()]).unwrap();
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["headline"], "Designing policy with the people it affects: a field guide");
    assert_eq!(ld["datePublished"], "2025-06-12T09:30:00Z");
    assert_eq!(ld["author"][1]["name"], "Priya Raman");
    assert_eq!(ld["publisher"]["name"], "Department for Public Services");
    assert_eq!(ld["mainEntityOfPage"], url);

    // The embedded data is what the API says: the same page, from the same loader.
    let data = embedded(&html);
    let (status, api) = s.get(&format!("/api/v1/pages?path={path}")).await;
    assert_eq!(status, 200);
    assert_eq!(data["page"], api);
    assert_eq!(data["page"]["url"], path);
    let (_, post) = s.get("/api/v1/posts/2025/06/12/designing-policy-with-the-people-it-affects").await;
    assert_eq!(data["page"]["content"]["post"]["post"], post);
    let (_, site) = s.get("/api/v1/site").await;
    assert_eq!(data["frame"]["site"], site);
    let (_, categories) = s.get("/api/v1/categories").await;
    assert_eq!(data["frame"]["categories"], categories);
}

#[tokio::test]
async fn list_pages_have_their_own_tags_and_entries() {
    let s = start().await;
    let (_, home) = page(&s, "/").await;
    assert!(home.contains("<title>Civic Design Lab</title>"));
    assert_eq!(meta(&home, "property", "og:type"), ["website"]);
    assert_eq!(
        meta(&home, "property", "og:image"),
        ["https://blog.example.gov.uk/assets/images/govuk-opengraph-image.png"]
    );
    assert_eq!(mount(&home).matches("<article class=\"govblog-entry\">").count(), 10);
    let (_, posts) = s.get("/api/v1/posts").await;
    assert_eq!(embedded(&home)["page"]["content"]["home"]["posts"], posts);

    let (_, category) = page(&s, "/category/user-research/").await;
    assert!(category.contains("<title>User research - Civic Design Lab</title>"));
    assert!(meta(&category, "property", "og:description")[0].starts_with("What we learn"));
    assert_eq!(mount(&category).matches("<article class=\"govblog-entry\">").count(), 6);
    assert!(mount(&category).contains("User research</h1>"));

    let (_, author) = page(&s, "/author/tom-whitfield/").await;
    assert!(author.contains("<title>Tom Whitfield - Civic Design Lab</title>"));
    assert!(meta(&author, "property", "og:description")[0].starts_with("Tom is a data scientist"));
    assert!(mount(&author).contains("Tom Whitfield</h1>"));

    let (status, missing) = page(&s, "/2025/06/12/no-such-post/").await;
    assert_eq!(status, 404);
    assert!(missing.contains("<title>Page not found - Civic Design Lab</title>"));
}

#[tokio::test]
async fn hostile_titles_stay_text() {
    use govblog_server::storage::Store;

    let s = start().await;
    let content_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let mut content = govblog_server::content::load(&content_dir).unwrap();
    let mut post = content.posts[0].clone();
    post.slug = "hostile".into();
    post.title = "\"><script>alert(1)</script> & 'quotes'".into();
    post.summary = "</script><img src=x onerror=alert(2)>".into();
    post.date = "2026-01-01T09:00:00Z".into();
    content.posts = vec![post];
    content.comments.clear();
    Store::open(&s.database).await.unwrap().import(content).await.unwrap();

    let (status, html) = page(&s, "/2026/01/01/hostile/").await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert(1)"), "raw script in the page");
    assert!(!html.contains("<img src=x"), "raw img in the page");
    assert_eq!(
        meta(&html, "property", "og:title"),
        ["&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;quotes&#39;"]
    );
    assert!(html.contains("<title>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;quotes&#39; - Civic Design Lab</title>"));
    assert_eq!(
        embedded(&html)["page"]["content"]["post"]["post"]["title"],
        "\"><script>alert(1)</script> & 'quotes'"
    );
    // Exactly the scripts the template has: the post's JSON-LD, the embedded data and nothing else.
    assert_eq!(html.matches("<script").count(), 2);
    assert!(!html[html.find("application/ld+json").unwrap()..]
        .split("</script>")
        .next()
        .unwrap()
        .contains('<'));
}

/// The comment and subscription forms sent without JavaScript: checked by
/// the shared rules, answered with the page showing errors beside what was
/// typed, or the thanks; nothing stored on an error.
#[tokio::test]
async fn forms_sent_without_script_are_answered_with_the_page() {
    let s = start().await;
    let post = "/2025/04/03/counting-what-matters-in-waiting-times/";
    let send = |fields: &'static [(&'static str, &'static str)], path: &'static str| {
        let client = s.client.clone();
        let url = format!("{}{path}", s.base);
        async move {
            let r =
                client.post(url).header("x-forwarded-for", "10.0.0.44").form(fields).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };

    let (status, html) =
        send(&[("comment", "No name <given>"), ("author", ""), ("email", "x\"><b>bold</b>")], post).await;
    assert_eq!(status, 400);
    assert!(html.contains("<title>Error: "), "the title says there is an error");
    let form = &embedded(&html)["page"]["content"]["post"]["comment_form"];
    assert_eq!(form["input"]["text"], "No name <given>");
    let fields: Vec<&str> =
        form["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "email"]);
    let body = mount(&html);
    assert!(body.contains("govuk-error-summary") && body.contains("Enter your name"));
    let textarea = &body[body.find("<textarea").unwrap()..];
    assert!(
        textarea[..textarea.find("</textarea>").unwrap()].ends_with("No name &lt;given&gt;"),
        "kept, as text: {}",
        &textarea[..300]
    );
    let (_, comments) =
        s.get("/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times/comments").await;
    let before = comments["total"].clone();

    let (status, html) =
        send(&[("comment", "Sent without script."), ("author", "Ana"), ("email", "ana@example.com")], post)
            .await;
    assert_eq!(status, 200);
    assert!(mount(&html).contains("Thank you for your comment"));
    assert_eq!(embedded(&html)["page"]["content"]["post"]["comment_form"]["received"], true);
    assert!(!html.contains("ana@example.com"), "the address is not echoed back");
    // Pending, so the public count is unchanged; the same text again is a duplicate.
    let (_, comments) =
        s.get("/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times/comments").await;
    assert_eq!(comments["total"], before);
    let (status, html) =
        send(&[("comment", "Sent without script."), ("author", "Ana"), ("email", "ana@example.com")], post)
            .await;
    assert_eq!(status, 409, "the API's status for a duplicate");
    assert!(mount(&html).contains("Duplicate comment detected"));

    // The subscription form, on a post and on the home page.
    let (status, html) = send(&[("subscribe-email", "nope")], "/").await;
    assert_eq!(status, 400);
    assert!(html.contains("<title>Error: "));
    assert!(mount(&html).contains("Enter an email address in the correct format"));
    assert!(mount(&html).contains("value=\"nope\""), "what was typed is kept");
    assert!(s.emails().is_empty());
    let (status, html) = send(&[("subscribe-email", "ana@example.com")], post).await;
    assert_eq!(status, 200);
    assert!(mount(&html).contains("Check your email"));
    assert_eq!(s.emails().len(), 1);
    // Other pages, and forms a page does not have, take no posts.
    let (status, _) = send(&[("comment", "x")], "/category/data-and-evidence/").await;
    assert_eq!(status, 405);
    let (status, _) = send(&[("comment", "x")], "/").await;
    assert_eq!(status, 405);
}
