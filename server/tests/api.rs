//! The server over HTTP, against a real temporary SQLite file seeded from
//! the demo content folder.

mod common;

use common::{assert_error, start};
use serde_json::Value;

#[tokio::test]
async fn lists_published_posts_newest_first_with_pages() {
    let s = start().await;
    let (status, body) = s.get("/api/v1/posts").await;
    assert_eq!(status, 200);
    // 14 posts in content/, one dated in the future: 13 published.
    assert_eq!(body["total"], 13);
    assert_eq!(body["page"], 1);
    assert_eq!(body["per_page"], 10);
    assert_eq!(body["total_pages"], 2);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let dates: Vec<&str> = items.iter().map(|p| p["published_at"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let first = &items[0];
    assert_eq!(first["slug"], "designing-policy-with-the-people-it-affects");
    assert_eq!(first["permalink"], "/2025/06/12/designing-policy-with-the-people-it-affects/");
    assert_eq!(first["authors"][0]["name"], "Amara Okafor");
    assert_eq!(first["categories"][1]["slug"], "user-research");
    assert_eq!(first["comment_count"], 4);
    assert!(items.iter().all(|p| p["slug"] != "our-roadmap-for-the-next-five-years"));

    let (_, page2) = s.get("/api/v1/posts?page=2").await;
    assert_eq!(page2["items"].as_array().unwrap().len(), 3);
    let (_, small) = s.get("/api/v1/posts?per_page=5&page=3").await;
    assert_eq!(small["items"].as_array().unwrap().len(), 3);
    assert_eq!(small["total_pages"], 3);
    let (_, all) = s.get("/api/v1/posts?per_page=50").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 13);
}

#[tokio::test]
async fn pagination_edges_and_malformed_queries() {
    let s = start().await;
    let (status, body) = s.get("/api/v1/posts?page=3").await;
    assert_error(status, &body, 404, "not_found");
    for bad in [
        "page=0",
        "page=-1",
        "page=abc",
        "page=99999999999",
        "per_page=0",
        "per_page=51",
        "per_page=1.5",
        "page=1&page=2",
        "category=Not%20A%20Slug",
        "author=..%2F..",
        "category=data-and-evidence&tag=trials",
        "page=%FF",
    ] {
        let (status, body) = s.get(&format!("/api/v1/posts?{bad}")).await;
        assert_error(status, &body, 400, "bad_request");
    }
    // Unknown parameters are ignored, like most APIs do.
    let (status, _) = s.get("/api/v1/posts?utm_source=x").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn filters_by_category_author_and_tag() {
    let s = start().await;
    let (status, body) = s.get("/api/v1/posts?category=data-and-evidence&per_page=50").await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|p| p["categories"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["slug"] == "data-and-evidence")));

    let (_, body) = s.get("/api/v1/posts?author=priya-raman&per_page=50").await;
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    assert!(items.iter().all(|p| p["authors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["slug"] == "priya-raman")));

    let (_, body) = s.get("/api/v1/posts?tag=trials").await;
    assert_eq!(body["total"], 2);

    let (status, body) = s.get("/api/v1/posts?category=no-such-category").await;
    assert_error(status, &body, 404, "not_found");
}

#[tokio::test]
async fn gets_one_post_by_permalink() {
    let s = start().await;
    let (status, post) = s.get("/api/v1/posts/2025/06/12/designing-policy-with-the-people-it-affects").await;
    assert_eq!(status, 200);
    assert_eq!(post["title"], "Designing policy with the people it affects: a field guide");
    assert_eq!(post["comments_open"], true);
    let html = post["body_html"].as_str().unwrap();
    for part in [
        "<h2 class=\"govuk-heading-l\">",
        "<table class=\"govuk-table\">",
        "<blockquote",
        "<img src=\"https://blog.example.gov.uk/images/workshop-journey.svg\"",
        "<ol class=\"govuk-list govuk-list--number\">",
        "rel=\"external\"",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
    let comments = post["comments"]["items"].as_array().unwrap();
    assert_eq!(post["comments"]["total"], 4);
    assert_eq!(comments.len(), 4);
    assert_eq!(comments[1]["parent_id"], comments[0]["id"]);
    assert!(comments.iter().all(|c| c.get("author_email").is_none()));
    assert!(!post.to_string().contains("@example"), "no email address in a public response");

    let (_, closed) = s.get("/api/v1/posts/2024/09/17/a-day-at-the-jobcentre").await;
    assert_eq!(closed["comments_open"], false);

    // Right slug, wrong date; unknown slug; unpublished post.
    for missing in [
        "/api/v1/posts/2025/06/13/designing-policy-with-the-people-it-affects",
        "/api/v1/posts/2025/06/12/no-such-post",
        "/api/v1/posts/2099/01/01/our-roadmap-for-the-next-five-years",
    ] {
        let (status, body) = s.get(missing).await;
        assert_error(status, &body, 404, "not_found");
    }
    for bad in ["/api/v1/posts/2025/13/12/x", "/api/v1/posts/25/06/12/x", "/api/v1/posts/2025/06/12/Bad_Slug"]
    {
        let (status, body) = s.get(bad).await;
        assert_error(status, &body, 400, "bad_request");
    }
}

#[tokio::test]
async fn taxonomies_and_site() {
    let s = start().await;
    let (_, cats) = s.get("/api/v1/categories").await;
    let cats = cats.as_array().unwrap();
    assert_eq!(cats.len(), 4);
    let names: Vec<&str> = cats.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Data and evidence", "Digital services", "Open policy making", "User research"]);
    // The future post is not counted.
    let open = cats.iter().find(|c| c["slug"] == "open-policy-making").unwrap();
    assert_eq!(open["post_count"], 6);

    let (status, cat) = s.get("/api/v1/categories/user-research").await;
    assert_eq!(status, 200);
    assert!(cat["description"].as_str().unwrap().starts_with("What we learn"));
    let (status, body) = s.get("/api/v1/categories/nope").await;
    assert_error(status, &body, 404, "not_found");
    // A NUL byte anywhere in a query is refused or not found, never a 500.
    for path in [
        "/api/v1/posts?category=%00",
        "/api/v1/posts?author=a%00",
        "/api/v1/posts?tag=%00",
        "/api/v1/search?q=%00",
        "/api/v1/search?q=data%00",
        "/api/v1/pages?path=/%00/",
        "/api/v1/pages?path=/?s=%00",
        "/api/v1/pages?path=/category/%00/",
        "/api/v1/posts/2025/04/03/a%00b",
    ] {
        let r = s.raw(reqwest::Method::GET, path).await;
        assert!(r.status().as_u16() < 500, "{path}: {}", r.status());
    }
    // What cannot be a slug is no such thing; PostgreSQL refused a NUL with a 500.
    for kind in ["categories", "authors", "tags"] {
        for slug in ["%00", "a%00b", "..", "%2e%2e"] {
            let (status, body) = s.get(&format!("/api/v1/{kind}/{slug}")).await;
            assert_error(status, &body, 404, "not_found");
        }
    }

    let (_, authors) = s.get("/api/v1/authors").await;
    assert_eq!(authors.as_array().unwrap().len(), 3);
    let (_, tom) = s.get("/api/v1/authors/tom-whitfield").await;
    assert_eq!(tom["post_count"], 6);
    let (_, tags) = s.get("/api/v1/tags").await;
    assert!(tags.as_array().unwrap().iter().any(|t| t["slug"] == "co-design"));
    let (status, _) = s.get("/api/v1/tags/co-design").await;
    assert_eq!(status, 200);

    let (_, site) = s.get("/api/v1/site").await;
    assert_eq!(site["name"], "Civic Design Lab");
    assert_eq!(site["organisation"], "Department for Public Services");
    assert!(site["privacy_notice_url"].as_str().unwrap().starts_with("https://"));
}

#[tokio::test]
async fn openapi_document_lists_every_endpoint() {
    let s = start().await;
    let (status, doc) = s.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/site",
        "/api/v1/posts",
        "/api/v1/posts/{year}/{month}/{day}/{slug}",
        "/api/v1/categories",
        "/api/v1/categories/{slug}",
        "/api/v1/authors",
        "/api/v1/authors/{slug}",
        "/api/v1/tags",
        "/api/v1/tags/{slug}",
    ] {
        assert!(paths.contains_key(p), "{p} not documented");
    }
    assert!(doc["components"]["schemas"]["PostPage"].is_object());
}

#[tokio::test]
async fn unknown_api_routes_are_json_404s() {
    let s = start().await;
    for path in [
        "/api/v1/nope",
        "/api/v2/posts",
        "/api/",
        "/api",
        "/api/v1/",
        "/api/v1",
        "/api/v1/posts/2025/06/12",
        "/api/v1/posts/x/y/z/w/v",
    ] {
        let (status, body) = s.get(path).await;
        assert_error(status, &body, 404, "not_found");
    }
    let r = s.raw(reqwest::Method::DELETE, "/api/v1/posts").await;
    assert_eq!(r.status().as_u16(), 405);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn pages_get_the_spa_with_the_right_status() {
    let s = start().await;
    for (path, want) in [
        ("/", 200),
        ("/page/2/", 200),
        ("/page/3/", 404),
        ("/2025/06/12/designing-policy-with-the-people-it-affects/", 200),
        ("/2025/06/12/designing-policy-with-the-people-it-affects", 200),
        ("/2025/06/11/designing-policy-with-the-people-it-affects/", 404),
        ("/2099/01/01/our-roadmap-for-the-next-five-years/", 404),
        ("/2025/06/12/no-such-post/", 404),
        ("/category/user-research/", 200),
        ("/category/nope/", 404),
        ("/author/amara-okafor/", 200),
        ("/tag/trials/", 200),
        ("/no/such/page", 404),
        ("/index.php", 404),
    ] {
        let r = s.raw(reqwest::Method::GET, path).await;
        assert_eq!(r.status().as_u16(), want, "{path}");
        assert_eq!(r.headers()["cache-control"], govblog_server::cache_control::SHARED, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = r.text().await.unwrap();
        assert!(html.starts_with("<!DOCTYPE html><html><head><title>"), "{path}");
        assert!(html.contains("<script type=\"application/json\" id=\"govblog-data\">"), "{path}");
        if want == 404 {
            assert!(html.contains("<h1 class=\"govuk-heading-l\">Page not found</h1>"), "{path}");
        }
    }
}

#[tokio::test]
async fn static_files_are_cached_by_name() {
    let s = start().await;
    let r = s.raw(reqwest::Method::GET, "/govblog-0123456789abcdef_bg.wasm").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    let r = s.raw(reqwest::Method::GET, "/assets/plain.txt").await;
    assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let s = start().await;
    let get = |origin: &'static str| {
        s.client.get(format!("{}/api/v1/posts", s.base)).header("origin", origin).send()
    };
    let allowed = get("https://www.example.gov.uk").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://www.example.gov.uk");
    let other = get("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let preflight = |origin: &'static str, headers: &'static str| {
        s.client
            .request(reqwest::Method::OPTIONS, format!("{}/api/v1/posts/2025/06/12/x/comments", s.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", headers)
            .send()
    };
    let ok = preflight("https://www.example.gov.uk", "content-type").await.unwrap();
    assert_eq!(ok.headers()["access-control-allow-origin"], "https://www.example.gov.uk");
    assert!(ok.headers()["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    let evil = preflight("https://evil.example", "content-type").await.unwrap();
    assert!(evil.headers().get("access-control-allow-origin").is_none());
    // The admin API's Authorization header is never allowed across origins.
    let admin = preflight("https://www.example.gov.uk", "authorization").await.unwrap();
    let allowed_headers = admin
        .headers()
        .get("access-control-allow-headers")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(!allowed_headers.contains("authorization"));
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let s = start().await;
    for path in ["/", "/api/v1/posts", "/api/v1/nope", "/govblog-0123456789abcdef_bg.wasm", "/feed/"] {
        let r = s.raw(reqwest::Method::GET, path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert!(csp.contains("frame-ancestors 'self'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        // The test server's public address is https.
        assert!(h["strict-transport-security"].to_str().unwrap().starts_with("max-age="), "{path}");
    }
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let s = start().await;
    for encoding in ["br", "gzip"] {
        let r = s
            .client
            .get(format!("{}/api/v1/posts?per_page=50", s.base))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-encoding"], encoding);
    }
    let plain = s.raw(reqwest::Method::GET, "/api/v1/posts").await;
    assert!(plain.headers().get("content-encoding").is_none());

    // Built files go out as the brotli copy made at build time.
    let wasm = format!("{}/govblog-0123456789abcdef_bg.wasm", s.base);
    let r = s.client.get(&wasm).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert!(r.headers().get_all("vary").iter().any(|v| v == "accept-encoding"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"brotli copy");
    let r = s.client.get(&wasm).send().await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\0asm");
}

/// Behind a CDN: what is the same for every reader may be kept by a shared
/// cache, briefly and with a validator; what carries one reader's own state
/// is kept by nobody.
#[tokio::test]
async fn shared_caches_keep_public_answers_and_never_private_ones() {
    use govblog_server::cache_control::{PRIVATE, SHARED};

    let s = start().await;
    assert!(SHARED.contains("s-maxage=") && SHARED.contains("stale-while-revalidate="));
    for path in [
        "/",
        "/2025/06/12/designing-policy-with-the-people-it-affects/",
        "/category/user-research/",
        "/feed/",
        "/category/user-research/feed/",
        "/sitemap.xml",
        "/api/v1/posts",
        "/api/v1/pages?path=/",
        "/api/v1/categories",
    ] {
        let r = s.raw(reqwest::Method::GET, path).await;
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], SHARED, "{path}");
        let tag = r.headers()["etag"].to_str().unwrap().to_owned();
        // The validator works: the same answer again is a bodiless 304.
        let again =
            s.client.get(format!("{}{path}", s.base)).header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert!(again.bytes().await.unwrap().is_empty());
    }
    // One reader's own: an emailed link's page, a form's answer, moderation.
    let r = s.raw(reqwest::Method::GET, "/unsubscribe/?token=abc").await;
    assert_eq!(r.headers()["cache-control"], PRIVATE);
    assert!(r.headers().get("etag").is_none());
    let r = s.client.post(format!("{}/", s.base)).form(&[("subscribe-email", "nope")]).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], PRIVATE);
    let r = s
        .client
        .get(format!("{}/api/v1/admin/comments", s.base))
        .bearer_auth(common::ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["cache-control"], PRIVATE);
}
