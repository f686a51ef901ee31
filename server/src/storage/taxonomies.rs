//! Categories, authors and tags: lists with their published post counts,
//! one by slug, and the ones each post in a list has.

use std::collections::HashMap;

use govblog_shared::api::{Author, AuthorRef, Category, CategoryRef, PostSummary, Tag, TagRef};
use sqlx::{AnyConnection, Row};

use super::rows::SummaryRow;
use super::{placeholders, Result, Store};
use crate::clock;

impl Store {
    /// Categories by name, with their published post counts.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        self.categories_named(None).await
    }

    /// A category by its slug.
    pub async fn category(&self, slug: &str) -> Result<Option<Category>> {
        Ok(self.categories_where("c.slug = $2", Some(slug)).await?.pop())
    }

    /// A category by its path: its slug after its parents'.
    pub async fn category_at(&self, path: &str) -> Result<Option<Category>> {
        Ok(self.categories_where("c.path = $2", Some(path)).await?.pop())
    }

    async fn categories_named(&self, slug: Option<&str>) -> Result<Vec<Category>> {
        self.categories_where("$2 IS NULL", slug).await
    }

    /// Categories matching `condition` on `c` and `$2`, by name, with the
    /// number of published posts in each (not counting those under it, as
    /// WordPress counts).
    async fn categories_where(&self, condition: &str, key: Option<&str>) -> Result<Vec<Category>> {
        let rows = sqlx::query(&format!(
            "SELECT c.slug, c.name, c.description,
               (SELECT COUNT(*) FROM post_categories pc JOIN posts p ON p.id = pc.post_id
                WHERE pc.category_id = c.id AND p.published_at <= $1),
               c.path, (SELECT parent.slug FROM categories parent WHERE parent.id = c.parent_id)
             FROM categories c WHERE {condition} ORDER BY lower(c.name), c.name"
        ))
        .bind(clock::now())
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Category {
                    slug: r.try_get(0)?,
                    name: r.try_get(1)?,
                    description: r.try_get(2)?,
                    post_count: r.try_get::<i64, _>(3)? as u32,
                    path: r.try_get(4)?,
                    parent: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// Authors by name, with their published post counts.
    pub async fn authors(&self) -> Result<Vec<Author>> {
        self.authors_named(None).await
    }

    pub async fn author(&self, slug: &str) -> Result<Option<Author>> {
        Ok(self.authors_named(Some(slug)).await?.pop())
    }

    async fn authors_named(&self, slug: Option<&str>) -> Result<Vec<Author>> {
        let rows = sqlx::query(
            "SELECT a.slug, a.name, a.bio,
               (SELECT COUNT(*) FROM post_authors pa JOIN posts p ON p.id = pa.post_id
                WHERE pa.author_id = a.id AND p.published_at <= $1)
             FROM authors a WHERE $2 IS NULL OR a.slug = $2 ORDER BY lower(a.name), a.name",
        )
        .bind(clock::now())
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Author {
                    slug: r.try_get(0)?,
                    name: r.try_get(1)?,
                    bio: r.try_get(2)?,
                    post_count: r.try_get::<i64, _>(3)? as u32,
                })
            })
            .collect()
    }

    /// Tags with at least one published post.
    pub async fn tags(&self) -> Result<Vec<Tag>> {
        self.tags_named(None).await
    }

    pub async fn tag(&self, slug: &str) -> Result<Option<Tag>> {
        Ok(self.tags_named(Some(slug)).await?.pop())
    }

    async fn tags_named(&self, slug: Option<&str>) -> Result<Vec<Tag>> {
        let rows = sqlx::query(
            "SELECT t.slug, t.name, COUNT(p.id) FROM tags t
             JOIN post_tags pt ON pt.tag_id = t.id
             JOIN posts p ON p.id = pt.post_id AND p.published_at <= $1
             WHERE $2 IS NULL OR t.slug = $2
             GROUP BY t.id, t.slug, t.name ORDER BY lower(t.name), t.name",
        )
        .bind(clock::now())
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Tag {
                    slug: r.try_get(0)?,
                    name: r.try_get(1)?,
                    post_count: r.try_get::<i64, _>(2)? as u32,
                })
            })
            .collect()
    }
}

/// Attaches authors, categories and tags to posts: three queries for the
/// whole page rather than three per post.
pub(super) async fn attach(c: &mut AnyConnection, rows: Vec<SummaryRow>) -> Result<Vec<PostSummary>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let marks = placeholders(1, ids.len());
    let by_post = |sql: &str| sql.replace("{ids}", &marks);
    let authors = pairs(
        c,
        &by_post(
            "SELECT x.post_id, a.slug, a.name FROM post_authors x JOIN authors a ON a.id = x.author_id
             WHERE x.post_id IN ({ids}) ORDER BY x.post_id, x.position",
        ),
        &ids,
    )
    .await?;
    // A category's path rides with its slug: "slug path".
    let categories = pairs(
        c,
        &by_post(
            "SELECT x.post_id, c.slug || ' ' || c.path, c.name FROM post_categories x
             JOIN categories c ON c.id = x.category_id
             WHERE x.post_id IN ({ids}) ORDER BY x.post_id, x.position",
        ),
        &ids,
    )
    .await?;
    let tags = pairs(
        c,
        &by_post(
            "SELECT x.post_id, t.slug, t.name FROM post_tags x JOIN tags t ON t.id = x.tag_id
             WHERE x.post_id IN ({ids}) ORDER BY x.post_id, x.position",
        ),
        &ids,
    )
    .await?;
    let (mut authors, mut categories, mut tags) = (authors, categories, tags);
    Ok(rows
        .into_iter()
        .map(|(id, mut post)| {
            let take = |m: &mut HashMap<i64, Vec<(String, String)>>| m.remove(&id).unwrap_or_default();
            post.authors =
                take(&mut authors).into_iter().map(|(slug, name)| AuthorRef { slug, name }).collect();
            post.categories = take(&mut categories)
                .into_iter()
                .map(|(key, name)| {
                    let (slug, path) = key.split_once(' ').unwrap_or((&key, &key));
                    CategoryRef { slug: slug.to_owned(), path: path.to_owned(), name }
                })
                .collect();
            post.tags = take(&mut tags).into_iter().map(|(slug, name)| TagRef { slug, name }).collect();
            post
        })
        .collect())
}

/// `(post id, slug, name)` rows grouped by post, in the query's order.
async fn pairs(c: &mut AnyConnection, sql: &str, ids: &[i64]) -> Result<HashMap<i64, Vec<(String, String)>>> {
    let mut query = sqlx::query(sql);
    for id in ids {
        query = query.bind(*id);
    }
    let mut map: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for row in query.fetch_all(&mut *c).await? {
        map.entry(row.try_get(0)?).or_default().push((row.try_get(1)?, row.try_get(2)?));
    }
    Ok(map)
}
