//! Reads for the public API. Only published posts (dated now or earlier)
//! and approved comments are ever returned; email addresses never are.

use std::collections::HashMap;

use govblog_shared::api::{
    Author, AuthorRef, Category, CategoryRef, Comment, Post, PostSummary, Site, Tag, TagRef,
};
use govblog_shared::dates::Date;
use govblog_shared::markdown;
use govblog_shared::permalink::post_path;
use r2d2_sqlite::rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::{Result, Store};
use crate::clock;

/// Which posts a list holds. At most one of the three is set by the API.
#[derive(Debug, Default, Clone)]
pub struct PostFilter {
    pub category: Option<String>,
    pub author: Option<String>,
    pub tag: Option<String>,
}

/// The WHERE clause shared by a list and its count: published, and in the
/// filter's category, author or tag. `?1` is now, `?2..?4` the filter slugs.
const LIST_WHERE: &str = "p.published_at <= ?1
    AND (?2 IS NULL OR p.id IN (SELECT pc.post_id FROM post_categories pc
                                JOIN categories c ON c.id = pc.category_id WHERE c.slug = ?2))
    AND (?3 IS NULL OR p.id IN (SELECT pa.post_id FROM post_authors pa
                                JOIN authors a ON a.id = pa.author_id WHERE a.slug = ?3))
    AND (?4 IS NULL OR p.id IN (SELECT pt.post_id FROM post_tags pt
                                JOIN tags t ON t.id = pt.tag_id WHERE t.slug = ?4))";

const SUMMARY_COLUMNS: &str = "p.id, p.slug, p.title, p.published_at, p.summary,
    (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.status = 'approved')";

impl Store {
    pub async fn site(&self) -> Result<Site> {
        self.run(|c| {
            let mut stmt = c.prepare("SELECT key, value FROM site")?;
            let map: HashMap<String, String> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<std::result::Result<_, _>>()?;
            let get = |k: &str| map.get(k).cloned().unwrap_or_default();
            Ok(Site {
                name: get("name"),
                organisation: get("organisation"),
                description: get("description"),
                privacy_notice_url: get("privacy_notice_url"),
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
            let args = params![now, filter.category, filter.author, filter.tag];
            let total: u32 = c.query_row(
                &format!("SELECT COUNT(*) FROM posts p WHERE {LIST_WHERE}"),
                args,
                |r| r.get(0),
            )?;
            let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM posts p WHERE {LIST_WHERE}
                 ORDER BY p.published_at DESC, p.id DESC LIMIT ?5 OFFSET ?6"
            );
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(
                    params![
                        now,
                        filter.category,
                        filter.author,
                        filter.tag,
                        per_page,
                        offset
                    ],
                    summary_row,
                )?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok((with_taxonomies(c, rows)?, total))
        })
        .await
    }

    /// A published post by slug, with its body rendered and approved comments.
    pub async fn post(&self, slug: String) -> Result<Option<Post>> {
        self.run(move |c| {
            let row = c
                .query_row(
                    &format!(
                        "SELECT {SUMMARY_COLUMNS}, p.body_markdown, p.comments_open
                         FROM posts p WHERE p.slug = ?1 AND p.published_at <= ?2"
                    ),
                    params![slug, clock::now()],
                    |r| {
                        Ok((
                            summary_row(r)?,
                            r.get::<_, String>(6)?,
                            r.get::<_, bool>(7)?,
                        ))
                    },
                )
                .optional()?;
            let Some((summary, body, comments_open)) = row else {
                return Ok(None);
            };
            let post_id = summary.0;
            let summary = with_taxonomies(c, vec![summary])?.remove(0);
            let mut stmt = c.prepare_cached(
                "SELECT id, parent_id, author_name, posted_at, body FROM comments
                 WHERE post_id = ?1 AND status = 'approved' ORDER BY posted_at, id",
            )?;
            let comments = stmt
                .query_map([post_id], |r| {
                    Ok(Comment {
                        id: r.get(0)?,
                        parent_id: r.get(1)?,
                        author_name: r.get(2)?,
                        posted_at: r.get(3)?,
                        text: r.get(4)?,
                    })
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(Some(Post {
                summary,
                body_html: markdown::render(&body),
                comments_open,
                comments,
            }))
        })
        .await
    }

    /// Categories by name, with their published post counts.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.slug, c.name, c.description,
                   (SELECT COUNT(*) FROM post_categories pc JOIN posts p ON p.id = pc.post_id
                    WHERE pc.category_id = c.id AND p.published_at <= ?1)
                 FROM categories c ORDER BY c.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map([clock::now()], |r| {
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

    pub async fn authors(&self) -> Result<Vec<Author>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT a.slug, a.name, a.bio,
                   (SELECT COUNT(*) FROM post_authors pa JOIN posts p ON p.id = pa.post_id
                    WHERE pa.author_id = a.id AND p.published_at <= ?1)
                 FROM authors a ORDER BY a.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map([clock::now()], |r| {
                Ok(Author {
                    slug: r.get(0)?,
                    name: r.get(1)?,
                    bio: r.get(2)?,
                    post_count: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }

    /// Tags with at least one published post.
    pub async fn tags(&self) -> Result<Vec<Tag>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT t.slug, t.name, COUNT(p.id) FROM tags t
                 JOIN post_tags pt ON pt.tag_id = t.id
                 JOIN posts p ON p.id = pt.post_id AND p.published_at <= ?1
                 GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map([clock::now()], |r| {
                Ok(Tag {
                    slug: r.get(0)?,
                    name: r.get(1)?,
                    post_count: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }
}

/// A summary row before its authors, categories and tags are attached.
type SummaryRow = (i64, PostSummary);

fn summary_row(r: &Row) -> r2d2_sqlite::rusqlite::Result<SummaryRow> {
    let slug: String = r.get(1)?;
    let published_at: String = r.get(3)?;
    let date = Date::parse(&published_at).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    });
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
        let rows = stmt.query_map(params_from_iter(&ids), |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
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
            let take =
                |m: &mut HashMap<i64, Vec<(String, String)>>| m.remove(&id).unwrap_or_default();
            post.authors = take(&mut authors)
                .into_iter()
                .map(|(slug, name)| AuthorRef { slug, name })
                .collect();
            post.categories = take(&mut categories)
                .into_iter()
                .map(|(slug, name)| CategoryRef { slug, name })
                .collect();
            post.tags = take(&mut tags)
                .into_iter()
                .map(|(slug, name)| TagRef { slug, name })
                .collect();
            post
        })
        .collect())
}
