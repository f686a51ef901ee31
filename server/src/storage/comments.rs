//! Comments: the public pages of a post's threads, new comments from
//! readers (checked for floods and duplicates in the same transaction that
//! stores them), and moderation.

use govblog_shared::api::{Comment, CommentPage, ModerationItem, COMMENTS_PER_PAGE, MAX_COMMENT_DEPTH};
use govblog_shared::dates::Date;
use govblog_shared::permalink::post_path;
use govblog_shared::validation::CommentInput;
use r2d2_sqlite::rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};

use super::{Result, StorageError, Store};
use crate::clock;

/// How many comments one sender may post, and how often.
#[derive(Clone, Copy, Debug)]
pub struct FloodLimits {
    /// Seconds between two comments from the same address.
    pub min_interval_secs: u64,
    /// Comments from the same address in any hour.
    pub per_hour: u32,
}

/// Why a comment was not stored. Nothing is written in any of these cases.
#[derive(Debug)]
pub enum Refusal {
    NoSuchPost,
    Closed,
    NoSuchParent,
    Duplicate,
    TooSoon,
    TooMany,
}

/// Moderation decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Rejected,
    Spam,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Spam => "spam",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Pending, Status::Approved, Status::Rejected, Status::Spam]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

const COMMENT_COLUMNS: &str = "id, parent_id, depth, author_name, posted_at, body";

fn comment_row(r: &r2d2_sqlite::rusqlite::Row) -> r2d2_sqlite::rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        depth: r.get(2)?,
        author_name: r.get(3)?,
        posted_at: r.get(4)?,
        text: r.get(5)?,
    })
}

/// Page `page` of a post's approved threads: top-level comments oldest
/// first, with every approved reply in them.
pub(super) fn comment_page(c: &Connection, post_id: i64, page: u32) -> Result<CommentPage> {
    let (total, threads): (u32, u32) = c
        .prepare_cached(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE parent_id IS NULL) FROM comments
             WHERE post_id = ?1 AND status = 'approved'",
        )?
        .query_row([post_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let offset = i64::from(page.saturating_sub(1)) * i64::from(COMMENTS_PER_PAGE);
    let roots: Vec<i64> = c
        .prepare_cached(
            "SELECT id FROM comments WHERE post_id = ?1 AND status = 'approved' AND parent_id IS NULL
             ORDER BY posted_at, id LIMIT ?2 OFFSET ?3",
        )?
        .query_map(params![post_id, COMMENTS_PER_PAGE, offset], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut items = Vec::new();
    if !roots.is_empty() {
        let marks = vec!["?"; roots.len()].join(",");
        // A reply whose parent is not approved is not shown either.
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM comments WHERE thread_id IN ({marks}) AND status = 'approved'
             ORDER BY posted_at, id"
        );
        let mut stmt = c.prepare(&sql)?;
        let all: Vec<Comment> =
            stmt.query_map(params_from_iter(&roots), comment_row)?.collect::<std::result::Result<_, _>>()?;
        let mut shown = std::collections::HashSet::new();
        for comment in all {
            if comment.parent_id.is_none_or(|p| shown.contains(&p)) {
                shown.insert(comment.id);
                items.push(comment);
            }
        }
    }
    Ok(CommentPage { items, page, total_pages: threads.div_ceil(COMMENTS_PER_PAGE), total })
}

impl Store {
    /// A page of a published post's comments, by the post's slug.
    pub async fn comments(&self, slug: String, page: u32) -> Result<Option<CommentPage>> {
        self.run(move |c| {
            let id: Option<i64> = c
                .query_row(
                    "SELECT id FROM posts WHERE slug = ?1 AND published_at <= ?2",
                    params![slug, clock::now()],
                    |r| r.get(0),
                )
                .optional()?;
            id.map(|id| comment_page(c, id, page)).transpose()
        })
        .await
    }

    /// Stores a new pending comment, unless it is refused. The checks and
    /// the insert run in one write transaction, so two requests at once
    /// cannot both slip past the flood or duplicate checks.
    pub async fn add_comment(
        &self,
        slug: String,
        input: CommentInput,
        client_ip: String,
        limits: FloodLimits,
    ) -> Result<std::result::Result<Comment, Refusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = clock::now();
            let post: Option<(i64, bool)> = tx
                .query_row(
                    "SELECT id, comments_open FROM posts WHERE slug = ?1 AND published_at <= ?2",
                    params![slug, now],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((post_id, open)) = post else { return Ok(Err(Refusal::NoSuchPost)) };
            if !open {
                return Ok(Err(Refusal::Closed));
            }
            let text = input.text.trim().to_owned();
            let duplicate: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM comments WHERE post_id = ?1 AND body = ?2
                                AND status IN ('pending', 'approved'))",
                params![post_id, text],
                |r| r.get(0),
            )?;
            if duplicate {
                return Ok(Err(Refusal::Duplicate));
            }
            let since_interval = clock::seconds_ago(limits.min_interval_secs);
            let since_hour = clock::seconds_ago(3600);
            let (recent, last_hour): (u32, u32) = tx.query_row(
                "SELECT COUNT(*) FILTER (WHERE posted_at > ?2), COUNT(*) FROM comments
                 WHERE client_ip = ?1 AND posted_at > ?3",
                params![client_ip, since_interval, since_hour],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if recent > 0 {
                return Ok(Err(Refusal::TooSoon));
            }
            if last_hour >= limits.per_hour {
                return Ok(Err(Refusal::TooMany));
            }
            // A reply must be to an approved comment on the same post; past
            // the deepest level it joins that level, under the same parent.
            let (parent_id, thread_id, depth) = match input.parent_id {
                None => (None, None, 1u8),
                Some(parent) => {
                    let found: Option<(Option<i64>, i64, u8)> = tx
                        .query_row(
                            "SELECT parent_id, thread_id, depth FROM comments
                             WHERE id = ?1 AND post_id = ?2 AND status = 'approved'",
                            params![parent, post_id],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                        )
                        .optional()?;
                    match found {
                        None => return Ok(Err(Refusal::NoSuchParent)),
                        Some((grandparent, thread, d)) if d >= MAX_COMMENT_DEPTH => {
                            (grandparent, Some(thread), MAX_COMMENT_DEPTH)
                        }
                        Some((_, thread, d)) => (Some(parent), Some(thread), d + 1),
                    }
                }
            };
            let name = input.name.trim().to_owned();
            let id: i64 = tx.query_row(
                "INSERT INTO comments (post_id, parent_id, thread_id, depth, author_name, author_email,
                                       body, posted_at, status, client_ip)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending', ?9) RETURNING id",
                params![post_id, parent_id, thread_id, depth, name, input.email.trim(), text, now, client_ip],
                |r| r.get(0),
            )?;
            if thread_id.is_none() {
                tx.execute("UPDATE comments SET thread_id = id WHERE id = ?1", [id])?;
            }
            tx.commit()?;
            Ok(Ok(Comment { id, parent_id, depth, author_name: name, posted_at: now, text }))
        })
        .await
    }

    /// Comments with `status`, oldest first, as moderators see them.
    pub async fn moderation_queue(&self, status: Status) -> Result<Vec<ModerationItem>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.id, c.parent_id, c.depth, c.author_name, c.posted_at, c.body, c.author_email,
                        c.status, p.title, p.slug, p.published_at
                 FROM comments c JOIN posts p ON p.id = c.post_id
                 WHERE c.status = ?1 ORDER BY c.posted_at, c.id",
            )?;
            let rows = stmt.query_map([status.as_str()], |r| {
                let slug: String = r.get(9)?;
                let published: String = r.get(10)?;
                let date = Date::parse(&published).unwrap_or(Date { year: 1970, month: 1, day: 1 });
                Ok(ModerationItem {
                    comment: comment_row(r)?,
                    author_email: r.get(6)?,
                    status: r.get(7)?,
                    post_title: r.get(8)?,
                    post_permalink: post_path(date, &slug),
                })
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
        .await
    }

    /// Approves, rejects or marks a comment as spam. `false` if there is no such comment.
    pub async fn set_comment_status(&self, id: i64, status: Status) -> Result<bool> {
        if status == Status::Pending {
            return Err(StorageError::Invalid("a comment cannot be returned to pending".into()));
        }
        self.run(move |c| {
            let changed =
                c.execute("UPDATE comments SET status = ?1 WHERE id = ?2", params![status.as_str(), id])?;
            Ok(changed == 1)
        })
        .await
    }
}
