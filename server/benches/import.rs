//! `make bench`: importing a large WordPress export. A generated export of
//! 10,000 posts and 50,000 comments (WXR, as WordPress writes it: classic
//! bodies, categories, tags, co-authors, threaded comments) is imported by
//! the release server's own command into a new SQLite file; it prints posts
//! a second and the command's peak memory. Baseline, in the same run: the
//! same 10,000 posts as a content folder of Markdown, imported by `import`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const POSTS: usize = 10_000;
const COMMENTS_PER_POST: usize = 5;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let server = std::env::var("GOVBLOG_SERVER").unwrap_or_else(|_| {
        format!("{}/release/govblog-server", std::env::var("CARGO_TARGET_DIR").unwrap_or("target".into()))
    });
    let export = dir.path().join("export.xml");
    write_export(&export);
    let size = std::fs::metadata(&export).unwrap().len() as f64 / 1e6;
    println!(
        "Generated a WordPress export of {POSTS} posts and {} comments: {size:.1} MB",
        POSTS * COMMENTS_PER_POST
    );

    let started = Instant::now();
    let out = Command::new(&server)
        .args(["import-wordpress", export.to_str().unwrap()])
        .env("DATABASE", dir.path().join("wordpress.db"))
        .env("DATABASE_URL", "")
        .env("GOVBLOG_UPLOADS", dir.path().join("uploads"))
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server's import command runs");
    let took = started.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "import failed: {report}{}", String::from_utf8_lossy(&out.stderr));
    let peak = report.lines().find_map(|l| l.split("peak memory ").nth(1)).unwrap_or("unknown").to_owned();
    assert!(report.contains(&format!("{POSTS} posts")), "{report}");

    let content = dir.path().join("content");
    write_content(&content);
    let started = Instant::now();
    let out = Command::new(&server)
        .arg("import")
        .env("DATABASE", dir.path().join("markdown.db"))
        .env("DATABASE_URL", "")
        .env("GOVBLOG_CONTENT", &content)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server's import command runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let baseline = started.elapsed().as_secs_f64();

    println!("{:<44} {:>10} {:>12}  peak memory", "import", "seconds", "posts/s");
    println!(
        "{:<44} {took:>10.1} {:>12.0}  {peak}",
        "WordPress export (+ 50,000 comments)",
        POSTS as f64 / took
    );
    println!(
        "{:<44} {baseline:>10.1} {:>12.0}",
        "baseline: the same posts as Markdown",
        POSTS as f64 / baseline
    );
    println!(
        "ratio (WordPress / Markdown posts per second): {:.2}x; memory stays bounded: the export is {size:.0} MB",
        (POSTS as f64 / took) / (POSTS as f64 / baseline)
    );
}

/// A deterministic export, written as a stream.
fn write_export(path: &Path) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut s = String::new();
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n\
         <title>Bench blog</title><description>A large blog</description>\n\
         <wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>\n",
    );
    for a in 0..20 {
        let _ = writeln!(
            s,
            "<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login><![CDATA[author{a}]]></wp:author_login>\
             <wp:author_display_name><![CDATA[Author {a}]]></wp:author_display_name></wp:author>"
        );
    }
    for c in 0..30 {
        let parent = if c >= 10 { format!("category-{}", c % 10) } else { String::new() };
        let _ = writeln!(
            s,
            "<wp:category><wp:category_nicename><![CDATA[category-{c}]]></wp:category_nicename>\
             <wp:category_parent><![CDATA[{parent}]]></wp:category_parent><wp:cat_name><![CDATA[Category {c}]]></wp:cat_name></wp:category>"
        );
    }
    for t in 0..200 {
        let _ = writeln!(s, "<wp:tag><wp:tag_slug><![CDATA[tag-{t}]]></wp:tag_slug><wp:tag_name><![CDATA[Tag {t}]]></wp:tag_name></wp:tag>");
    }
    f.write_all(s.as_bytes()).unwrap();
    let mut comment_id = 1;
    for p in 1..=POSTS {
        s.clear();
        let (year, month, day) = (2000 + p / 600, 1 + (p / 50) % 12, 1 + p % 28);
        let date = format!("{year:04}-{month:02}-{day:02} 09:{:02}:00", p % 60);
        let body: String = (0..6)
            .map(|i| format!("Paragraph {i} of post {p}, about data, services and the people who use them.\nA second line.\n\n"))
            .collect();
        let _ = writeln!(
            s,
            "<item><title><![CDATA[Post number {p}]]></title><dc:creator><![CDATA[author{}]]></dc:creator>\
             <content:encoded><![CDATA[{body}<h2>A heading</h2>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>]]></content:encoded>\
             <excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{p}</wp:post_id>\
             <wp:post_date><![CDATA[{date}]]></wp:post_date><wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>\
             <wp:post_modified_gmt><![CDATA[{date}]]></wp:post_modified_gmt><wp:comment_status><![CDATA[open]]></wp:comment_status>\
             <wp:post_name><![CDATA[post-number-{p}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>\
             <wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type><![CDATA[post]]></wp:post_type>\
             <wp:post_password><![CDATA[]]></wp:post_password><wp:is_sticky>0</wp:is_sticky>\
             <category domain=\"category\" nicename=\"category-{}\"><![CDATA[Category]]></category>\
             <category domain=\"post_tag\" nicename=\"tag-{}\"><![CDATA[Tag]]></category>",
            p % 20,
            p % 30,
            p % 200
        );
        let first = comment_id;
        for c in 0..COMMENTS_PER_POST {
            let parent = if c % 2 == 1 { comment_id - 1 } else { 0 };
            let _ = writeln!(
                s,
                "<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author><![CDATA[Reader {c}]]></wp:comment_author>\
                 <wp:comment_author_email><![CDATA[reader{c}@example.com]]></wp:comment_author_email>\
                 <wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>\
                 <wp:comment_content><![CDATA[Comment {c} on post {p}: thank you, this was useful.]]></wp:comment_content>\
                 <wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type>\
                 <wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
            );
            comment_id += 1;
        }
        let _ = first;
        s.push_str("</item>\n");
        f.write_all(s.as_bytes()).unwrap();
    }
    f.write_all(b"</channel>\n</rss>\n").unwrap();
    f.flush().unwrap();
}

/// The same posts as a content folder: the baseline.
fn write_content(dir: &Path) {
    std::fs::create_dir_all(dir.join("posts")).unwrap();
    std::fs::write(
        dir.join("blog.toml"),
        "name = \"Bench\"\norganisation = \"O\"\ndescription = \"D\"\nprivacy_notice_url = \"/p\"\n",
    )
    .unwrap();
    let authors: String =
        (0..20).map(|a| format!("[[author]]\nslug = \"author{a}\"\nname = \"Author {a}\"\n\n")).collect();
    std::fs::write(dir.join("authors.toml"), authors).unwrap();
    let categories: String = (0..30)
        .map(|c| format!("[[category]]\nslug = \"category-{c}\"\nname = \"Category {c}\"\n\n"))
        .collect();
    std::fs::write(dir.join("categories.toml"), categories).unwrap();
    for p in 1..=POSTS {
        let (year, month, day) = (2000 + p / 600, 1 + (p / 50) % 12, 1 + p % 28);
        let body: String = (0..6).map(|i| format!("Paragraph {i} of post {p}, about data.\n\n")).collect();
        let post = format!(
            "+++\ntitle = \"Post number {p}\"\nslug = \"post-number-{p}\"\ndate = \"{year:04}-{month:02}-{day:02}T09:{:02}:00Z\"\n\
             authors = [\"author{}\"]\ncategories = [\"category-{}\"]\ntags = [\"Tag {}\"]\n+++\n\n{body}",
            p % 60,
            p % 20,
            p % 30,
            p % 200
        );
        std::fs::write(dir.join("posts").join(format!("post-{p}.md")), post).unwrap();
    }
}
