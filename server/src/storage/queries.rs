//! Reads for the public API. Only published posts (dated now or earlier)
//! and approved comments are ever returned; email addresses never are.

use std::collections::HashMap;

use govblog_shared::api::{
    Author, AuthorRef, Category, CategoryRef, MonthArchive, Post, PostLink, PostSummary, Site, Tag, TagRef,
};
use govblog_shared::dates::Date;
use govblog_shared::markdown;
use govblog_shared::permalink::post_path;
use r2d2_sqlite::rusqlite::{named_params, params, params_from_iter, Connection, OptionalExtension, Row};

use super::{Result, Store};
use crate::clock;

/// Which posts a list holds. The API sets at most one of these.
#[derive(Debug, Default, Clone)]
pub struct PostFilter {
    pub category: Option<String>,
    pub author: Option<String>,
    pub tag: Option<String>,
    /// A year, or a month of a year.
    pub period: Option<(u16, Option<u8>)>,
}

impl PostFilter {
    /// `[from, until)` as RFC 3339 prefixes, which compare like the timestamps.
    fn period_bounds(&self) -> (Option<String>, Option<String>) {
        match self.period {
            None => (None, None),
            Some((y, None)) => (Some(format!("{y:04}")), Some(format!("{:04}", y + 1))),
            Some((y, Some(12))) => (Some(format!("{y:04}-12")), Some(format!("{:04}", y + 1))),
            Some((y, Some(m))) => (Some(format!("{y:04}-{m:02}")), Some(format!("{y:04}-{:02}", m + 1))),
        }
    }
}

/// The WHERE clause shared by a list and its count: published, and in the
/// filter's category, author, tag or period.
const LIST_WHERE: &str = "p.published_at <= :now
    AND (:category IS NULL OR p.id IN (SELECT pc.post_id FROM post_categories pc
                                JOIN categories c ON c.id = pc.category_id WHERE c.slug = :category))
    AND (:author IS NULL OR p.id IN (SELECT pa.post_id FROM post_authors pa
                                JOIN authors a ON a.id = pa.author_id WHERE a.slug = :author))
    AND (:tag IS NULL OR p.id IN (SELECT pt.post_id FROM post_tags pt
                                JOIN tags t ON t.id = pt.tag_id WHERE t.slug = :tag))
    AND (:from IS NULL OR (p.published_at >= :from AND p.published_at < :until))";

const SUMMARY_COLUMNS: &str = "p.id, p.slug, p.title, p.published_at, p.summary,
    (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.status = 'approved')";

impl Store {
    pub async fn site(&self) -> Result<Site> {
        self.run(|c| {
            let mut stmt = c.prepare("SELECT key, value FROM site")?;
            let map: HashMap<String, String> =
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
            let get = |k: &str| map.get(k).cloned().unwrap_or_default();
            Ok(Site {
                name: get("name"),
                organisation: get("organisation"),
                description: get("description"),
                privacy_notice_url: get("privacy_notice_url"),
                // The public address is configuration, not content: handlers fill it in.
                url: String::new(),
            })
        })
        .await
    }

    /// One page of published posts, newest first, and how many there are in all.
    pub async fn list_posts(
        &self,
        filter: PostFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<PostSummary>, u32)> {
        self.run(move |c| {
            let now = clock::now();
            let (from, until) = filter.period_bounds();
            let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
            let args = named_params! {
                ":now": now, ":category": filter.category, ":author": filter.author,
                ":tag": filter.tag, ":from": from, ":until": until,
            };
            let total: u32 = c
                .prepare_cached(&format!("SELECT COUNT(*) FROM posts p WHERE {LIST_WHERE}"))?
                .query_row(args, |r| r.get(0))?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM posts p WHERE {LIST_WHERE}
                 ORDER BY p.published_at DESC, p.id DESC LIMIT :limit OFFSET :offset"
            ))?;
            let rows = stmt
                .query_map(
                    named_params! {
                        ":now": now, ":category": filter.category, ":author": filter.author,
                        ":tag": filter.tag, ":from": from, ":until": until,
                        ":limit": per_page, ":offset": offset,
                    },
                    summary_row,
                )?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok((with_taxonomies(c, rows)?, total))
        })
        .await
    }

    /// One page of published posts matching every word in `terms`, best first.
    pub async fn search(
        &self,
        terms: Vec<String>,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<PostSummary>, u32)> {
        // Each word becomes a quoted FTS5 string with a prefix star, so what
        // a reader types is only ever words, never query syntax.
        let fts_query =
            terms.iter().map(|t| format!("\"{}\"*", t.replace('"', ""))).collect::<Vec<_>>().join(" ");
        // Unpublished posts are few, so they are excluded by id rather than
        // by joining every match to `posts`, which costs a row read per match.
        const MATCHES: &str = "posts_fts MATCH ?1
            AND rowid NOT IN (SELECT id FROM posts WHERE published_at > ?2)";
        self.run(move |c| {
            let now = clock::now();
            let total: u32 = c
                .prepare_cached(&format!("SELECT COUNT(*) FROM posts_fts WHERE {MATCHES}"))?
                .query_row(params![fts_query, now], |r| r.get(0))?;
            let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
            // Rank and cut to one page first; only that page's rows get
            // their comment counts and taxonomies.
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM (
                     SELECT rowid AS id, bm25(posts_fts, 10.0, 4.0, 1.0) AS score FROM posts_fts
                     WHERE {MATCHES} ORDER BY score, rowid DESC LIMIT ?3 OFFSET ?4
                 ) hit JOIN posts p ON p.id = hit.id ORDER BY hit.score, hit.id DESC"
            ))?;
            let rows = stmt
                .query_map(params![fts_query, now, per_page, offset], summary_row)?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok((with_taxonomies(c, rows)?, total))
        })
        .await
    }

    /// Months with published posts, newest first.
    pub async fn months(&self) -> Result<Vec<MonthArchive>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT substr(published_at, 1, 4), substr(published_at, 6, 2), COUNT(*)
                 FROM posts WHERE published_at <= ?1 GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC",
            )?;
            let rows = stmt.query_map([clock::now()], |r| {
                let year: String = r.get(0)?;
                let month: String = r.get(1)?;
                Ok(MonthArchive {
                    year: year.parse().unwrap_or_default(),
                    month: month.parse().unwrap_or_default(),
                    post_count: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }

    /// When the published post `slug` was published, if there is one.
    pub async fn post_date(&self, slug: String) -> Result<Option<String>> {
        self.run(move |c| {
            Ok(c.query_row(
                "SELECT published_at FROM posts WHERE slug = ?1 AND published_at <= ?2",
                params![slug, clock::now()],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    /// A published post by slug, with its body rendered and approved comments.
    pub async fn post(&self, slug: String) -> Result<Option<Post>> {
        self.run(move |c| {
            let row = c
                .query_row(
                    &format!(
                        "SELECT {SUMMARY_COLUMNS}, p.body_markdown, p.comments_open, p.image
                         FROM posts p WHERE p.slug = ?1 AND p.published_at <= ?2"
                    ),
                    params![slug, clock::now()],
                    |r| {
                        Ok((
                            summary_row(r)?,
                            r.get::<_, String>(6)?,
                            r.get::<_, bool>(7)?,
                            r.get::<_, Option<String>>(8)?,
                        ))
                    },
                )
                .optional()?;
            let Some((summary, body, comments_open, image)) = row else {
                return Ok(None);
            };
            let post_id = summary.0;
            let summary = with_taxonomies(c, vec![summary])?.remove(0);
            let comments = super::comments::comment_page(c, post_id, 1)?;
            let (previous, next) = neighbours(c, post_id, &summary.published_at)?;
            let related = related(c, post_id)?;
            Ok(Some(Post {
                summary,
                body_html: markdown::render(&body),
                comments_open,
                image,
                comments,
                previous,
                next,
                related,
            }))
        })
        .await
    }

    /// Categories by name, with their published post counts.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        self.categories_named(None).await
    }

    pub async fn category(&self, slug: &str) -> Result<Option<Category>> {
        Ok(self.categories_named(Some(slug.to_owned())).await?.pop())
    }

    async fn categories_named(&self, slug: Option<String>) -> Result<Vec<Category>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.slug, c.name, c.description,
                   (SELECT COUNT(*) FROM post_categories pc JOIN posts p ON p.id = pc.post_id
                    WHERE pc.category_id = c.id AND p.published_at <= ?1)
                 FROM categories c WHERE ?2 IS NULL OR c.slug = ?2 ORDER BY c.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map(params![clock::now(), slug], |r| {
                Ok(Category {
                    slug: r.get(0)?,
                    name: r.get(1)?,
                    description: r.get(2)?,
                    post_count: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }

    /// Authors by name, with their published post counts.
    pub async fn authors(&self) -> Result<Vec<Author>> {
        self.authors_named(None).await
    }

    pub async fn author(&self, slug: &str) -> Result<Option<Author>> {
        Ok(self.authors_named(Some(slug.to_owned())).await?.pop())
    }

    async fn authors_named(&self, slug: Option<String>) -> Result<Vec<Author>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT a.slug, a.name, a.bio,
                   (SELECT COUNT(*) FROM post_authors pa JOIN posts p ON p.id = pa.post_id
                    WHERE pa.author_id = a.id AND p.published_at <= ?1)
                 FROM authors a WHERE ?2 IS NULL OR a.slug = ?2 ORDER BY a.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map(params![clock::now(), slug], |r| {
                Ok(Author { slug: r.get(0)?, name: r.get(1)?, bio: r.get(2)?, post_count: r.get(3)? })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }

    /// Tags with at least one published post.
    pub async fn tags(&self) -> Result<Vec<Tag>> {
        self.tags_named(None).await
    }

    pub async fn tag(&self, slug: &str) -> Result<Option<Tag>> {
        Ok(self.tags_named(Some(slug.to_owned())).await?.pop())
    }

    async fn tags_named(&self, slug: Option<String>) -> Result<Vec<Tag>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT t.slug, t.name, COUNT(p.id) FROM tags t
                 JOIN post_tags pt ON pt.tag_id = t.id
                 JOIN posts p ON p.id = pt.post_id AND p.published_at <= ?1
                 WHERE ?2 IS NULL OR t.slug = ?2
                 GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map(params![clock::now(), slug], |r| {
                Ok(Tag { slug: r.get(0)?, name: r.get(1)?, post_count: r.get(2)? })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }
}

fn link_row(r: &Row) -> r2d2_sqlite::rusqlite::Result<PostLink> {
    let slug: String = r.get(0)?;
    let published_at: String = r.get(2)?;
    let date = Date::parse(&published_at).unwrap_or(Date { year: 1970, month: 1, day: 1 });
    Ok(PostLink { permalink: post_path(date, &slug), title: r.get(1)? })
}

/// The published posts just before and just after a post, in date order.
fn neighbours(c: &Connection, id: i64, published_at: &str) -> Result<(Option<PostLink>, Option<PostLink>)> {
    let previous = c
        .prepare_cached(
            "SELECT slug, title, published_at FROM posts
             WHERE (published_at, id) < (?1, ?2) ORDER BY published_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![published_at, id], link_row)
        .optional()?;
    let next = c
        .prepare_cached(
            "SELECT slug, title, published_at FROM posts
             WHERE (published_at, id) > (?1, ?2) AND published_at <= ?3
             ORDER BY published_at, id LIMIT 1",
        )?
        .query_row(params![published_at, id, clock::now()], link_row)
        .optional()?;
    Ok((previous, next))
}

/// How many of the latest posts of each shared category or tag are weighed:
/// related posts are recent ones, and the cost stays flat as the blog grows.
const RELATED_CANDIDATES: i64 = 50;

/// Up to three published posts sharing the most categories and tags with
/// post `id`, the most recent first among equals.
fn related(c: &Connection, id: i64) -> Result<Vec<PostLink>> {
    let now = clock::now();
    // post id → (categories and tags shared, published_at)
    let mut shared: HashMap<i64, (u32, String)> = HashMap::new();
    let taxonomies = [
        (
            "SELECT category_id FROM post_categories WHERE post_id = ?1",
            "SELECT post_id, published_at FROM post_categories
             WHERE category_id = ?1 AND post_id != ?2 AND published_at <= ?3
             ORDER BY published_at DESC LIMIT ?4",
        ),
        (
            "SELECT tag_id FROM post_tags WHERE post_id = ?1",
            "SELECT post_id, published_at FROM post_tags
             WHERE tag_id = ?1 AND post_id != ?2 AND published_at <= ?3
             ORDER BY published_at DESC LIMIT ?4",
        ),
    ];
    for (mine, latest) in taxonomies {
        let ids: Vec<i64> =
            c.prepare_cached(mine)?.query_map([id], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
        let mut latest = c.prepare_cached(latest)?;
        for taxonomy in ids {
            let rows = latest.query_map(params![taxonomy, id, now, RELATED_CANDIDATES], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (post, published_at) = row?;
                shared.entry(post).or_insert((0, published_at)).0 += 1;
            }
        }
    }
    let mut ranked: Vec<(i64, (u32, String))> = shared.into_iter().collect();
    ranked.sort_by(|(a_id, (a_n, a_at)), (b_id, (b_n, b_at))| {
        b_n.cmp(a_n).then_with(|| b_at.cmp(a_at)).then_with(|| b_id.cmp(a_id))
    });
    let mut link = c.prepare_cached("SELECT slug, title, published_at FROM posts WHERE id = ?1")?;
    ranked.iter().take(3).map(|(post, _)| Ok(link.query_row([post], link_row)?)).collect()
}

/// A summary row before its authors, categories and tags are attached.
type SummaryRow = (i64, PostSummary);

fn summary_row(r: &Row) -> r2d2_sqlite::rusqlite::Result<SummaryRow> {
    let slug: String = r.get(1)?;
    let published_at: String = r.get(3)?;
    let date = Date::parse(&published_at).unwrap_or(Date { year: 1970, month: 1, day: 1 });
    Ok((
        r.get(0)?,
        PostSummary {
            permalink: post_path(date, &slug),
            slug,
            title: r.get(2)?,
            published_at,
            summary: r.get(4)?,
            comment_count: r.get(5)?,
            authors: Vec::new(),
            categories: Vec::new(),
            tags: Vec::new(),
        },
    ))
}

/// Attaches authors, categories and tags to posts: three queries for the
/// whole page rather than three per post.
fn with_taxonomies(c: &Connection, rows: Vec<SummaryRow>) -> Result<Vec<PostSummary>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let marks = vec!["?"; ids.len()].join(",");
    let fetch = |sql: &str| -> Result<HashMap<i64, Vec<(String, String)>>> {
        let mut map: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        let mut stmt = c.prepare(&sql.replace("{ids}", &marks))?;
        let rows = stmt.query_map(params_from_iter(&ids), |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        for row in rows {
            let (id, pair) = row?;
            map.entry(id).or_default().push(pair);
        }
        Ok(map)
    };
    let mut authors = fetch(
        "SELECT x.post_id, a.slug, a.name FROM post_authors x JOIN authors a ON a.id = x.author_id
         WHERE x.post_id IN ({ids}) ORDER BY x.post_id, x.position",
    )?;
    let mut categories = fetch(
        "SELECT x.post_id, c.slug, c.name FROM post_categories x JOIN categories c ON c.id = x.category_id
         WHERE x.post_id IN ({ids}) ORDER BY x.post_id, x.position",
    )?;
    let mut tags = fetch(
        "SELECT x.post_id, t.slug, t.name FROM post_tags x JOIN tags t ON t.id = x.tag_id
         WHERE x.post_id IN ({ids}) ORDER BY x.post_id, x.position",
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, mut post)| {
            let take = |m: &mut HashMap<i64, Vec<(String, String)>>| m.remove(&id).unwrap_or_default();
            post.authors =
                take(&mut authors).into_iter().map(|(slug, name)| AuthorRef { slug, name }).collect();
            post.categories =
                take(&mut categories).into_iter().map(|(slug, name)| CategoryRef { slug, name }).collect();
            post.tags = take(&mut tags).into_iter().map(|(slug, name)| TagRef { slug, name }).collect();
            post
        })
        .collect())
}
