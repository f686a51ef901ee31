//! Finding posts: date archives, search, neighbours and related posts,
//! feeds (parsed back with an independent parser), sitemap and robots.txt.

mod common;

use common::{assert_error, start};

#[tokio::test]
async fn month_archives() {
    let s = start().await;
    let (status, months) = s.get("/api/v1/archives").await;
    assert_eq!(status, 200);
    let months = months.as_array().unwrap();
    assert_eq!(months[0]["year"], 2025);
    assert_eq!(months[0]["month"], 6);
    assert_eq!(months[0]["post_count"], 1);
    let total: u64 = months.iter().map(|m| m["post_count"].as_u64().unwrap()).sum();
    assert_eq!(total, 13, "the future post is in no month");

    let (_, june) = s.get("/api/v1/posts?year=2025&month=6").await;
    assert_eq!(june["total"], 1);
    assert_eq!(june["items"][0]["slug"], "designing-policy-with-the-people-it-affects");
    let (_, year) = s.get("/api/v1/posts?year=2024&per_page=50").await;
    assert_eq!(year["total"], 7);
    assert!(year["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["published_at"].as_str().unwrap().starts_with("2024-")));
    let (_, empty) = s.get("/api/v1/posts?year=2025&month=12").await;
    assert_eq!(empty["total"], 0);
    for bad in [
        "month=6",
        "year=2025&month=13",
        "year=0",
        "year=2025&month=0",
        "year=20x5",
        "year=2025&category=data-and-evidence",
    ] {
        let (status, body) = s.get(&format!("/api/v1/posts?{bad}")).await;
        assert_error(status, &body, 400, "bad_request");
    }
    // Pages: a month with posts is a page, a month without is a 404.
    for (path, want) in [("/2025/06/", 200), ("/2025/12/", 404), ("/2025/06/page/2/", 404)] {
        assert_eq!(s.raw(reqwest::Method::GET, path).await.status().as_u16(), want, "{path}");
    }
}

#[tokio::test]
async fn search_finds_and_ranks() {
    let s = start().await;
    // A word in one title ranks that post first, though others mention it.
    let (status, r) = s.get("/api/v1/search?q=waiting").await;
    assert_eq!(status, 200);
    assert_eq!(r["items"][0]["slug"], "counting-what-matters-in-waiting-times");
    // Stemming and prefixes: "workshop" finds "workshops".
    let (_, r) = s.get("/api/v1/search?q=workshop").await;
    assert!(r["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["slug"] == "designing-policy-with-the-people-it-affects"));
    // Every word must match.
    let (_, r) = s.get("/api/v1/search?q=letter+renewals").await;
    assert_eq!(r["total"], 1);
    assert_eq!(r["items"][0]["slug"], "running-a-randomised-trial-in-a-live-service");
    // The unpublished post is never found.
    let (_, r) = s.get("/api/v1/search?q=roadmap").await;
    assert_eq!(r["total"], 0);
    let (_, r) = s.get("/api/v1/search?q=zzyzx").await;
    assert_eq!(r["total"], 0);
    assert_eq!(r["items"].as_array().unwrap().len(), 0);
    // Common word: paginated.
    let (_, r) = s.get("/api/v1/search?q=the&per_page=5").await;
    let total = r["total"].as_u64().unwrap();
    assert!(total > 5);
    assert_eq!(r["items"].as_array().unwrap().len(), 5);
    // The same total on the last page; past it, the reader is told which is last.
    let last = total.div_ceil(5);
    let (_, r) = s.get(&format!("/api/v1/search?q=the&per_page=5&page={last}")).await;
    assert_eq!(r["total"], total);
    assert_eq!(r["items"].as_array().unwrap().len() as u64, total - 5 * (last - 1));
    let (status, r) = s.get(&format!("/api/v1/search?q=the&per_page=5&page={}", last + 1)).await;
    assert_eq!(status, 404);
    let message = r["error"]["message"].as_str().unwrap();
    assert!(message.ends_with(&format!("the last page is {last}")), "{message}");
}

#[tokio::test]
async fn hostile_search_queries_never_error_the_server() {
    let s = start().await;
    let long = "a".repeat(5000);
    let long_q = format!("q={long}");
    let hostile = [
        "q=%22",
        "q=%22unterminated",
        "q=a%20OR%20b",
        "q=NEAR(a%20b)",
        "q=title%3Awaiting",
        "q=*",
        "q=a*%20-b%20%5Ec",
        "q=%27%3B%20DROP%20TABLE%20posts%3B--",
        "q=%00%01%1B%7F",
        "q=%F0%9F%98%80%20co-design",
        "q=%E2%80%AE",
        "q=%25%25%25",
        long_q.as_str(),
    ];
    for q in hostile {
        let (status, body) = s.get(&format!("/api/v1/search?{q}")).await;
        assert!(status == 200 || status == 400, "{q}: {status} {body}");
        if status == 400 {
            assert_error(status, &body, 400, "bad_request");
        }
    }
    let (status, body) = s.get(&format!("/api/v1/search?{long_q}")).await;
    assert_error(status, &body, 400, "bad_request");
    assert_eq!(body["error"]["message"], "Search must be 200 characters or less");
    let (status, body) = s.get("/api/v1/search?q=%22%2A%22").await;
    assert_error(status, &body, 400, "bad_request");
    assert_eq!(body["error"]["message"], "Enter a word to search for");
    let (status, body) = s.get("/api/v1/search?q=a%20OR%20b").await;
    assert_eq!(status, 200, "{body}");
    // And it still serves.
    let (status, _) = s.get("/api/v1/posts").await;
    assert_eq!(status, 200);
    // The search page itself is a page.
    assert_eq!(s.raw(reqwest::Method::GET, "/?s=%22%3Cscript%3E").await.status().as_u16(), 200);
}

#[tokio::test]
async fn post_neighbours_and_related() {
    let s = start().await;
    let (_, post) = s.get("/api/v1/posts/2025/04/03/counting-what-matters-in-waiting-times").await;
    assert_eq!(post["previous"]["permalink"], "/2025/02/18/running-a-randomised-trial-in-a-live-service/");
    assert_eq!(post["next"]["title"], "What we learned from a year of policy sprints");
    let related = post["related"].as_array().unwrap();
    assert!(!related.is_empty() && related.len() <= 3);
    assert!(related.iter().all(|r| r["permalink"] != "/2025/04/03/counting-what-matters-in-waiting-times/"));
    // Shares "Data and evidence" and "Metrics"-free but category-rich posts.
    assert!(related.iter().any(|r| r["title"] == "Measuring the impact of plain English"
        || r["title"] == "Running a randomised trial in a live service"));
    // The newest post has no next: the future post is not linked.
    let (_, newest) = s.get("/api/v1/posts/2025/06/12/designing-policy-with-the-people-it-affects").await;
    assert!(newest["next"].is_null());
    let (_, oldest) = s.get("/api/v1/posts/2023/11/30/working-with-frontline-staff").await;
    assert!(oldest["previous"].is_null());
}

#[tokio::test]
async fn atom_feeds_parse_back_field_by_field() {
    let s = start().await;
    let (status, ct, body) = s.text("/feed/").await;
    assert_eq!(status, 200);
    assert_eq!(ct, "application/atom+xml; charset=utf-8");
    let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.title.unwrap().content, "Civic Design Lab");
    assert_eq!(feed.id, "https://blog.example.gov.uk/feed/");
    assert_eq!(feed.entries.len(), 13);
    assert_eq!(feed.updated.unwrap().to_rfc3339(), "2025-06-12T09:30:00+00:00");
    assert!(feed
        .links
        .iter()
        .any(|l| l.href == "https://blog.example.gov.uk/feed/" && l.rel.as_deref() == Some("self")));
    let e = &feed.entries[0];
    assert_eq!(e.id, "https://blog.example.gov.uk/2025/06/12/designing-policy-with-the-people-it-affects/");
    assert_eq!(
        e.title.as_ref().unwrap().content,
        "Designing policy with the people it affects: a field guide"
    );
    assert_eq!(e.links[0].href, e.id);
    assert_eq!(e.updated.unwrap().to_rfc3339(), "2025-06-12T09:30:00+00:00");
    assert_eq!(e.published.unwrap().to_rfc3339(), "2025-06-12T09:30:00+00:00");
    let authors: Vec<&str> = e.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Amara Okafor", "Priya Raman"]);
    let categories: Vec<&str> = e.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(categories, ["open-policy-making", "user-research"]);
    assert!(e.summary.as_ref().unwrap().content.starts_with("Everything we have learned"));
    assert!(!body.contains("@example"), "no email addresses in feeds");

    let (status, _, body) = s.text("/category/data-and-evidence/feed/").await;
    assert_eq!(status, 200);
    let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
    assert_eq!(feed.title.unwrap().content, "Data and evidence - Civic Design Lab");
    assert_eq!(feed.entries.len(), 5);
    assert!(feed.entries.iter().all(|e| e.categories.iter().any(|c| c.term == "data-and-evidence")));

    // No such category: its feed is the "Page not found" page, with 404.
    let (status, _, body) = s.text("/category/nope/feed/").await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn sitemap_and_robots() {
    let s = start().await;
    let (status, ct, xml) = s.text("/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/xml"));
    let (_, tags) = s.get("/api/v1/tags").await;
    let (_, months) = s.get("/api/v1/archives").await;
    let (tags, months) = (tags.as_array().unwrap().len(), months.as_array().unwrap().len());
    // Home, 13 posts, 4 categories, 3 authors, every tag and month.
    assert_eq!(xml.matches("<url>").count(), 1 + 13 + 4 + 3 + tags + months);
    assert!(xml.contains("<loc>https://blog.example.gov.uk/2025/06/12/designing-policy-with-the-people-it-affects/</loc><lastmod>2025-06-12T09:30:00Z</lastmod>"));
    assert!(xml.contains("<loc>https://blog.example.gov.uk/2025/06/</loc>"));
    assert!(!xml.contains("our-roadmap"));
    let (status, _, robots) = s.text("/robots.txt").await;
    assert_eq!(status, 200);
    assert!(robots.contains("Sitemap: https://blog.example.gov.uk/sitemap.xml"));
}
