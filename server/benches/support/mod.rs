//! What the benchmarks share: generated content and percentiles.
#![allow(dead_code)]

use std::time::Duration;

use govblog_server::content::{AuthorEntry, CategoryEntry, Content, PostEntry};
use govblog_shared::api::Site;

/// A small, seeded pseudo-random generator: the same posts every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

pub const WORDS: &[&str] = &[
    "policy",
    "service",
    "research",
    "data",
    "people",
    "design",
    "evidence",
    "public",
    "team",
    "digital",
    "form",
    "letter",
    "trial",
    "user",
    "support",
    "council",
    "housing",
    "benefit",
    "school",
    "health",
    "transport",
    "library",
    "survey",
    "interview",
    "workshop",
    "prototype",
    "metric",
    "outcome",
    "budget",
    "staff",
    "citizen",
    "access",
    "online",
    "paper",
    "queue",
    "waiting",
    "decision",
    "appeal",
    "guidance",
];

pub fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| WORDS[rng.next(WORDS.len())]).collect();
    s[0] = "The";
    format!("{}.", s.join(" "))
}

/// `posts` generated posts (the same for the same `seed`) by 30 authors in
/// 12 categories; one post in 2,000 holds the rare word "zephyrine".
pub fn content(posts: usize, seed: u64) -> Content {
    let mut rng = Lcg(seed);
    let categories: Vec<CategoryEntry> = (0..12)
        .map(|i| CategoryEntry {
            slug: format!("category-{i}"),
            name: format!("Category {i}"),
            description: String::new(),
        })
        .collect();
    let authors: Vec<AuthorEntry> = (0..30)
        .map(|i| AuthorEntry { slug: format!("author-{i}"), name: format!("Author {i}"), bio: String::new() })
        .collect();
    let posts = (0..posts)
        .map(|i| {
            let day = i % 28 + 1;
            let month = (i / 28) % 12 + 1;
            let year = 2000 + i / (28 * 12);
            let mut body: Vec<String> = (0..6).map(|_| sentence(&mut rng, 40)).collect();
            // A rare word, in one post of 2,000.
            if i % 2000 == 7 {
                body.push("A zephyrine morning.".into());
            }
            PostEntry {
                title: format!("Post {i}: {}", sentence(&mut rng, 6)),
                slug: format!("post-{i}"),
                date: format!("{year:04}-{month:02}-{day:02}T09:00:00Z"),
                authors: vec![format!("author-{}", rng.next(30))],
                categories: vec![format!("category-{}", rng.next(12)), format!("category-{}", rng.next(12))]
                    .into_iter()
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                tags: vec![format!("tag {}", rng.next(200))],
                summary: sentence(&mut rng, 30),
                comments_open: true,
                image: None,
                image_alt: String::new(),
                image_size: None,
                body: body.join("\n\n"),
            }
        })
        .collect();
    Content {
        site: Site {
            name: "Bench blog".into(),
            organisation: "Bench".into(),
            description: String::new(),
            ..Site::default()
        },
        authors,
        categories,
        posts,
        comments: Vec::new(),
    }
}

pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// A figure of a process's memory in MB from `/proc/PID/status`: `VmRSS`
/// (resident now) or `VmHWM` (the most it was).
pub fn process_mb(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|rest| rest.starts_with(':')))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}
