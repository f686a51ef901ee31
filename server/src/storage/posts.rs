//! Posts: lists, search, months, one post by its permalink, and the posts
//! around it. Only published posts (dated now or earlier) are ever returned.

use std::collections::HashMap;

use govblog_shared::api::{MonthArchive, Post, PostLink, PostSummary};
use govblog_shared::dates::Date;
use govblog_shared::markdown::{self, RenderContext};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::rows::{link_row, summary_row};
use super::{comments, taxonomies, Dialect, Result, Store};
use crate::{clock, html_body};

/// Which posts a list holds. The API sets at most one of these.
#[derive(Debug, Default, Clone)]
pub struct PostFilter {
    /// A category's path: its posts and those of the categories under it.
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

/// A published post found by its permalink: enough to store a comment on
/// it or to load the rest.
#[derive(Debug, Clone)]
pub struct PostRef {
    pub id: i64,
    pub comments_open: bool,
}

/// The WHERE clause shared by a list and its count: published, and in the
/// filter's category (or one under it), author, tag or period. `$1` is now.
const LIST_WHERE: &str = "p.published_at <= $1
    AND ($2 IS NULL OR p.id IN (SELECT pc.post_id FROM post_categories pc
                                JOIN categories c ON c.id = pc.category_id
                                WHERE c.path = $2 OR substr(c.path, 1, length($2) + 1) = $2 || '/'))
    AND ($3 IS NULL OR p.id IN (SELECT pa.post_id FROM post_authors pa
                                JOIN authors a ON a.id = pa.author_id WHERE a.slug = $3))
    AND ($4 IS NULL OR p.id IN (SELECT pt.post_id FROM post_tags pt
                                JOIN tags t ON t.id = pt.tag_id WHERE t.slug = $4))
    AND ($5 IS NULL OR (p.published_at >= $5 AND p.published_at < $6))";

pub(super) const SUMMARY_COLUMNS: &str = "p.id, p.slug, p.title, p.published_at, p.summary, p.path_date,
    (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.status = 'approved'),
    p.image, p.image_width, p.image_height, p.image_alt";
/// How many columns [`SUMMARY_COLUMNS`] names: a query's next column is its own.
const SUMMARY_COLUMN_COUNT: usize = 11;

impl Store {
    /// One page of published posts, newest first, and how many there are in all.
    pub async fn list_posts(
        &self,
        filter: PostFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<PostSummary>, u32)> {
        let mut c = self.pool.acquire().await?;
        let now = clock::now();
        let (from, until) = filter.period_bounds();
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM posts p WHERE {LIST_WHERE}"))
            .bind(&now)
            .bind(&filter.category)
            .bind(&filter.author)
            .bind(&filter.tag)
            .bind(&from)
            .bind(&until)
            .fetch_one(&mut *c)
            .await?;
        // The home page's list starts with its sticky posts, as WordPress's
        // does. Either order has an index, so the page's ids are read in
        // order and no further; only those rows get their comment counts.
        let everything =
            filter.category.is_none() && filter.author.is_none() && filter.tag.is_none() && from.is_none();
        let order = if everything {
            "p.sticky DESC, p.published_at DESC, p.id DESC"
        } else {
            "p.published_at DESC, p.id DESC"
        };
        let rows = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM posts p JOIN (
                 SELECT p.id FROM posts p WHERE {LIST_WHERE} ORDER BY {order} LIMIT $7 OFFSET $8
             ) page ON page.id = p.id
             ORDER BY {order}"
        ))
        .bind(&now)
        .bind(&filter.category)
        .bind(&filter.author)
        .bind(&filter.tag)
        .bind(&from)
        .bind(&until)
        .bind(i64::from(per_page))
        .bind(offset)
        .fetch_all(&mut *c)
        .await?;
        let rows = rows.iter().map(summary_row).collect::<Result<Vec<_>>>()?;
        Ok((taxonomies::attach(&mut c, rows).await?, total as u32))
    }

    /// One page of published posts matching every word in `terms`, best first.
    pub async fn search(
        &self,
        terms: Vec<String>,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<PostSummary>, u32)> {
        let mut c = self.pool.acquire().await?;
        let now = clock::now();
        let (limit, offset) = (i64::from(per_page), i64::from(page.saturating_sub(1)) * i64::from(per_page));
        // Each word is quoted as a word with a prefix match, so what a
        // reader types is only ever words, never query syntax.
        let (total, rows): (i64, Vec<AnyRow>) = match self.dialect {
            Dialect::Sqlite => {
                let query = terms
                    .iter()
                    .map(|t| format!("\"{}\"*", t.replace('"', "")))
                    .collect::<Vec<_>>()
                    .join(" ");
                // Unpublished posts are few, so they are left out by id
                // rather than by joining every match to `posts`.
                const MATCHES: &str =
                    "posts_fts MATCH $1 AND rowid NOT IN (SELECT id FROM posts WHERE published_at > $2)";
                let total = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM posts_fts WHERE {MATCHES}"))
                    .bind(&query)
                    .bind(&now)
                    .fetch_one(&mut *c)
                    .await?;
                // Rank and cut to one page first; only that page's rows get
                // their comment counts and taxonomies.
                let rows = sqlx::query(&format!(
                    "SELECT {SUMMARY_COLUMNS} FROM (
                         SELECT rowid AS id, bm25(posts_fts, 10.0, 4.0, 1.0) AS score FROM posts_fts
                         WHERE {MATCHES} ORDER BY score, rowid DESC LIMIT $3 OFFSET $4
                     ) hit JOIN posts p ON p.id = hit.id ORDER BY hit.score, hit.id DESC"
                ))
                .bind(&query)
                .bind(&now)
                .bind(limit)
                .bind(offset)
                .fetch_all(&mut *c)
                .await?;
                (total, rows)
            }
            Dialect::Postgres => {
                // Every word must match, as its English stem or as written.
                let words: Vec<String> =
                    terms.iter().map(|t| format!("'{}':*", t.replace(['\'', '\\'], ""))).collect();
                // The query for the words bound from `$first` on.
                let matches = |first: usize| {
                    (first..first + words.len())
                        .map(|n| format!("(to_tsquery('simple', ${n}) || to_tsquery('english', ${n}))"))
                        .collect::<Vec<_>>()
                        .join(" && ")
                };
                // The query is made once, in its own row: written inline, a
                // prepared statement's generic plan made it again for every
                // post it looked at (twice the time for a common word).
                let query =
                    |first: usize| format!("q AS MATERIALIZED (SELECT ({}) AS query)", matches(first));
                // The matches are read and ranked once, and counted from
                // there: a second scan to count them cost a common word 8 ms
                // of its 30 among 10,000 posts. The count rides on each row
                // of the page, after the summary's columns. Weights for body
                // (C), summary (B) and title (A): 1, 4 and 10, as for SQLite.
                let sql = format!(
                    "WITH {query}, hit AS MATERIALIZED (
                         SELECT id, ts_rank('{{0, 0.1, 0.4, 1.0}}', search, q.query) AS score
                         FROM q, posts WHERE search @@ q.query AND published_at <= $1
                     )
                     SELECT {SUMMARY_COLUMNS}, (SELECT COUNT(*) FROM hit) FROM (
                         SELECT id, score FROM hit ORDER BY score DESC, id DESC LIMIT $2 OFFSET $3
                     ) hit JOIN posts p ON p.id = hit.id ORDER BY hit.score DESC, hit.id DESC",
                    query = query(4)
                );
                let mut page = sqlx::query(&sql).bind(&now).bind(limit).bind(offset);
                for word in &words {
                    page = page.bind(word);
                }
                let rows = page.fetch_all(&mut *c).await?;
                let total = match rows.first() {
                    Some(row) => row.try_get(SUMMARY_COLUMN_COUNT)?,
                    // Past the last page: counted on their own.
                    None if offset > 0 => {
                        let count_sql = format!(
                            "WITH {} SELECT COUNT(*) FROM q, posts WHERE search @@ q.query AND published_at <= $1",
                            query(2)
                        );
                        let mut count = sqlx::query_scalar(&count_sql).bind(&now);
                        for word in &words {
                            count = count.bind(word);
                        }
                        count.fetch_one(&mut *c).await?
                    }
                    None => 0,
                };
                (total, rows)
            }
        };
        let rows = rows.iter().map(summary_row).collect::<Result<Vec<_>>>()?;
        Ok((taxonomies::attach(&mut c, rows).await?, total as u32))
    }

    /// Months with published posts, newest first.
    pub async fn months(&self) -> Result<Vec<MonthArchive>> {
        let rows = sqlx::query(
            "SELECT substr(path_date, 1, 4), substr(path_date, 6, 2), COUNT(*)
             FROM posts WHERE published_at <= $1 GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC",
        )
        .bind(clock::now())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let (year, month): (String, String) = (r.try_get(0)?, r.try_get(1)?);
                Ok(MonthArchive {
                    year: year.parse().unwrap_or_default(),
                    month: month.parse().unwrap_or_default(),
                    post_count: r.try_get::<i64, _>(2)? as u32,
                })
            })
            .collect()
    }

    /// The published post at the permalink `date` and `slug`: the one
    /// lookup every path (API, pages, both comment forms) makes.
    pub async fn post_at(&self, date: Date, slug: &str) -> Result<Option<PostRef>> {
        let row = sqlx::query(
            "SELECT id, comments_open, (SELECT COUNT(*) FROM site WHERE key = 'comments_closed') FROM posts
             WHERE slug = $1 AND path_date = $2 AND published_at <= $3",
        )
        .bind(slug)
        .bind(date.iso())
        .bind(clock::now())
        .fetch_optional(&self.pool)
        .await?;
        // Closed on the post, or on the whole blog.
        row.map(|r| {
            Ok(PostRef {
                id: r.try_get(0)?,
                comments_open: r.try_get::<i64, _>(1)? != 0 && r.try_get::<i64, _>(2)? == 0,
            })
        })
        .transpose()
    }

    /// Part `part` of a published post, its body rendered for `render`,
    /// with a page of its approved comments and the posts around it;
    /// `None` past its last part.
    pub async fn post(
        &self,
        post: &PostRef,
        comment_page: u32,
        part: u32,
        render: &RenderContext<'_>,
    ) -> Result<Option<Post>> {
        let mut c = self.pool.acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS}, p.body_markdown, p.body_html, p.description, p.modified_at
             FROM posts p WHERE p.id = $1"
        ))
        .bind(post.id)
        .fetch_one(&mut *c)
        .await?;
        let summary = summary_row(&row)?;
        let (markdown, html): (String, Option<String>) = (row.try_get(11)?, row.try_get(12)?);
        // Markdown posts have one part; WordPress's may have several.
        let (body_html, parts) = match &html {
            Some(html) => match html_body::render(html, part, render) {
                Some(body) => (body, html_body::parts(html).len() as u32),
                None => return Ok(None),
            },
            None if part == 1 => (markdown::render(&markdown, render), 1),
            None => return Ok(None),
        };
        let description: String = row.try_get(13)?;
        let modified_at: Option<String> = row.try_get(14)?;
        let published_at = summary.1.published_at.clone();
        let mut summary = taxonomies::attach(&mut c, vec![summary]).await?.remove(0);
        if let Some(image) = &mut summary.image {
            image.url = render.absolute_url(&image.url);
        }
        let comments = comments::comment_page(&mut c, post.id, comment_page).await?;
        let (previous, next) = neighbours(&mut c, post.id, &published_at).await?;
        let related = related(&mut c, post.id).await?;
        Ok(Some(Post {
            summary,
            body_html,
            modified_at: modified_at.filter(|m| *m > published_at),
            description: Some(description).filter(|d| !d.is_empty()),
            part,
            parts,
            comments_open: post.comments_open,
            comments,
            previous,
            next,
            related,
        }))
    }
}

/// The published posts just before and just after a post, in date order.
async fn neighbours(
    c: &mut AnyConnection,
    id: i64,
    published_at: &str,
) -> Result<(Option<PostLink>, Option<PostLink>)> {
    let previous = sqlx::query(
        "SELECT slug, title, path_date FROM posts
         WHERE (published_at, id) < ($1, $2) ORDER BY published_at DESC, id DESC LIMIT 1",
    )
    .bind(published_at)
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    let next = sqlx::query(
        "SELECT slug, title, path_date FROM posts
         WHERE (published_at, id) > ($1, $2) AND published_at <= $3
         ORDER BY published_at, id LIMIT 1",
    )
    .bind(published_at)
    .bind(id)
    .bind(clock::now())
    .fetch_optional(&mut *c)
    .await?;
    Ok((previous.as_ref().map(link_row).transpose()?, next.as_ref().map(link_row).transpose()?))
}

/// How many of the latest posts of each shared category or tag are weighed:
/// related posts are recent ones, and the cost stays flat as the blog grows.
const RELATED_CANDIDATES: i64 = 50;

/// Up to three published posts sharing the most categories and tags with
/// post `id`, the most recent first among equals.
async fn related(c: &mut AnyConnection, id: i64) -> Result<Vec<PostLink>> {
    let now = clock::now();
    // post id → (categories and tags shared, published_at)
    let mut shared: HashMap<i64, (u32, String)> = HashMap::new();
    let taxonomies = [
        (
            "SELECT category_id FROM post_categories WHERE post_id = $1",
            "SELECT post_id, published_at FROM post_categories
             WHERE category_id = $1 AND post_id != $2 AND published_at <= $3
             ORDER BY published_at DESC LIMIT $4",
        ),
        (
            "SELECT tag_id FROM post_tags WHERE post_id = $1",
            "SELECT post_id, published_at FROM post_tags
             WHERE tag_id = $1 AND post_id != $2 AND published_at <= $3
             ORDER BY published_at DESC LIMIT $4",
        ),
    ];
    for (mine, latest) in taxonomies {
        let ids: Vec<i64> = sqlx::query_scalar(mine).bind(id).fetch_all(&mut *c).await?;
        for taxonomy in ids {
            let rows = sqlx::query(latest)
                .bind(taxonomy)
                .bind(id)
                .bind(&now)
                .bind(RELATED_CANDIDATES)
                .fetch_all(&mut *c)
                .await?;
            for row in rows {
                let (post, published_at): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
                shared.entry(post).or_insert((0, published_at)).0 += 1;
            }
        }
    }
    let mut ranked: Vec<(i64, (u32, String))> = shared.into_iter().collect();
    ranked.sort_by(|(a_id, (a_n, a_at)), (b_id, (b_n, b_at))| {
        b_n.cmp(a_n).then_with(|| b_at.cmp(a_at)).then_with(|| b_id.cmp(a_id))
    });
    let mut links = Vec::new();
    for (post, _) in ranked.iter().take(3) {
        let row = sqlx::query("SELECT slug, title, path_date FROM posts WHERE id = $1")
            .bind(post)
            .fetch_one(&mut *c)
            .await?;
        links.push(link_row(&row)?);
    }
    Ok(links)
}
