//! Comments: the public pages of a post's threads, new comments from
//! readers (checked for floods and duplicates in the same transaction that
//! stores them), and moderation.

use std::collections::HashSet;

use govblog_shared::api::{
    Comment, CommentPage, CommentRole, ModerationItem, COMMENTS_PER_PAGE, MAX_COMMENT_DEPTH,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::comment_followers::{self, FollowRequest};
use super::rows::permalink;
use super::Mail;
use super::{mail_queue, placeholders, PostRef, Result, Store};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Closed,
    NoSuchParent,
    Duplicate,
    TooSoon,
    TooMany,
}

/// A comment that passed the shared rules, ready to store.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub name: String,
    pub email: String,
    pub text: String,
    pub parent_id: Option<i64>,
    /// The sender's address, for flood control.
    pub client_ip: String,
    /// The commenter asked to hear back, and is sent this confirmation email.
    pub follow: Option<(FollowRequest, Mail)>,
}

/// Moderation decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentStatus {
    Pending,
    Approved,
    Rejected,
    Spam,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Rejected => "rejected",
            CommentStatus::Spam => "spam",
        }
    }

    pub fn parse(s: &str) -> Option<CommentStatus> {
        [CommentStatus::Pending, CommentStatus::Approved, CommentStatus::Rejected, CommentStatus::Spam]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

const COMMENT_COLUMNS: &str = "c.id, c.parent_id, c.depth, c.author_name, c.posted_at, c.body, c.author_role";

fn comment_row(r: &AnyRow) -> Result<Comment> {
    Ok(Comment {
        id: r.try_get(0)?,
        parent_id: r.try_get(1)?,
        depth: r.try_get::<i64, _>(2)?.clamp(1, 255) as u8,
        author_name: r.try_get(3)?,
        posted_at: r.try_get(4)?,
        text: r.try_get(5)?,
        role: r.try_get::<Option<String>, _>(6)?.as_deref().and_then(CommentRole::parse),
    })
}

/// Page `page` of a post's approved threads: top-level comments oldest
/// first, with every approved reply in them.
pub(super) async fn comment_page(c: &mut AnyConnection, post_id: i64, page: u32) -> Result<CommentPage> {
    let counts = sqlx::query(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE parent_id IS NULL) FROM comments
         WHERE post_id = $1 AND status = 'approved'",
    )
    .bind(post_id)
    .fetch_one(&mut *c)
    .await?;
    let (total, threads): (i64, i64) = (counts.try_get(0)?, counts.try_get(1)?);
    let offset = i64::from(page.saturating_sub(1)) * i64::from(COMMENTS_PER_PAGE);
    let roots: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM comments WHERE post_id = $1 AND status = 'approved' AND parent_id IS NULL
         ORDER BY posted_at, id LIMIT $2 OFFSET $3",
    )
    .bind(post_id)
    .bind(i64::from(COMMENTS_PER_PAGE))
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    let mut items = Vec::new();
    if !roots.is_empty() {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.thread_id IN ({}) AND c.status = 'approved'
             ORDER BY c.posted_at, c.id",
            placeholders(1, roots.len())
        );
        let mut query = sqlx::query(&sql);
        for root in &roots {
            query = query.bind(*root);
        }
        // A reply whose parent is not approved is not shown either.
        let mut shown = HashSet::new();
        for row in query.fetch_all(&mut *c).await? {
            let comment = comment_row(&row)?;
            if comment.parent_id.is_none_or(|p| shown.contains(&p)) {
                shown.insert(comment.id);
                items.push(comment);
            }
        }
    }
    Ok(CommentPage {
        items,
        page,
        total_pages: (threads as u32).div_ceil(COMMENTS_PER_PAGE),
        total: total as u32,
    })
}

impl Store {
    /// A page of a published post's approved comments.
    pub async fn comments(&self, post: &PostRef, page: u32) -> Result<CommentPage> {
        comment_page(&mut *self.pool.acquire().await?, post.id, page).await
    }

    /// An approved comment on `post`, to show whom a reply answers.
    pub async fn approved_comment(&self, post: &PostRef, id: i64) -> Result<Option<Comment>> {
        let row = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.id = $1 AND c.post_id = $2 AND c.status = 'approved'"
        ))
        .bind(id)
        .bind(post.id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(comment_row).transpose()
    }

    /// Stores a new pending comment on `post`, unless it is refused. The
    /// checks and the insert run in one write transaction that no other
    /// comment write (from this or any other server) can interleave with,
    /// so two requests at once cannot both slip past flood or duplicate checks.
    pub async fn add_comment(
        &self,
        post: &PostRef,
        new: NewComment,
        limits: FloodLimits,
    ) -> Result<std::result::Result<Comment, Refusal>> {
        if !post.comments_open {
            return Ok(Err(Refusal::Closed));
        }
        let mut tx = self.begin_write("comments").await?;
        let now = clock::now();
        let text = new.text.trim().to_owned();
        let duplicate: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM comments WHERE post_id = $1 AND body = $2 AND status IN ('pending', 'approved')",
        )
        .bind(post.id)
        .bind(&text)
        .fetch_one(&mut *tx)
        .await?;
        if duplicate > 0 {
            return Ok(Err(Refusal::Duplicate));
        }
        let flood = sqlx::query(
            "SELECT COUNT(*) FILTER (WHERE posted_at > $2), COUNT(*) FROM comments
             WHERE client_ip = $1 AND posted_at > $3",
        )
        .bind(&new.client_ip)
        .bind(clock::seconds_ago(limits.min_interval_secs))
        .bind(clock::seconds_ago(3600))
        .fetch_one(&mut *tx)
        .await?;
        let (recent, last_hour): (i64, i64) = (flood.try_get(0)?, flood.try_get(1)?);
        if recent > 0 {
            return Ok(Err(Refusal::TooSoon));
        }
        if last_hour >= i64::from(limits.per_hour) {
            return Ok(Err(Refusal::TooMany));
        }
        let Some(place) = place(&mut tx, post.id, new.parent_id).await? else {
            return Ok(Err(Refusal::NoSuchParent));
        };
        let name = new.name.trim().to_owned();
        let email = new.email.trim();
        let id = insert(&mut tx, post.id, place, &name, email, &text, &now, "pending", None, &new.client_ip)
            .await?;
        if let Some((request, mail)) = &new.follow {
            comment_followers::add(&mut tx, id, email, request).await?;
            mail_queue::queue(&mut tx, mail).await?;
        }
        let (parent_id, _, depth) = place;
        tx.commit().await?;
        Ok(Ok(Comment { id, parent_id, depth, author_name: name, posted_at: now, text, role: None }))
    }

    /// Comments with `status`, oldest first (the promise to commenters is
    /// about waiting time), as moderators see them: `limit` of them.
    pub async fn moderation_queue(&self, status: CommentStatus, limit: i64) -> Result<Vec<ModerationItem>> {
        let mut c = self.pool.acquire().await?;
        let rows = sqlx::query(&format!(
            "{MODERATION_SELECT} WHERE c.status = $1 ORDER BY c.posted_at, c.id LIMIT $2"
        ))
        .bind(status.as_str())
        .bind(limit)
        .fetch_all(&mut *c)
        .await?;
        moderation_items(&mut c, rows).await
    }

    /// One comment, whatever its status, as moderators see it.
    pub async fn moderation_item(&self, id: i64) -> Result<Option<ModerationItem>> {
        let mut c = self.pool.acquire().await?;
        let rows =
            sqlx::query(&format!("{MODERATION_SELECT} WHERE c.id = $1")).bind(id).fetch_all(&mut *c).await?;
        Ok(moderation_items(&mut c, rows).await?.pop())
    }

    /// A comment's status, if there is such a comment.
    pub async fn comment_status(&self, id: i64) -> Result<Option<CommentStatus>> {
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(status.as_deref().and_then(CommentStatus::parse))
    }

    /// How many comments have `status`.
    pub async fn comment_count(&self, status: CommentStatus) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE status = $1")
            .bind(status.as_str())
            .fetch_one(&self.pool)
            .await?)
    }
}

/// What moderators see of a comment: its post, author, status, and the comment it answers.
const MODERATION_SELECT: &str =
    "SELECT c.id, c.parent_id, c.depth, c.author_name, c.posted_at, c.body, c.author_role,
    c.author_email, c.status, p.title, p.slug, p.path_date
     FROM comments c JOIN posts p ON p.id = c.post_id";

async fn moderation_items(c: &mut AnyConnection, rows: Vec<AnyRow>) -> Result<Vec<ModerationItem>> {
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let comment = comment_row(r)?;
        let in_reply_to = match comment.parent_id {
            Some(parent) => sqlx::query(&format!("SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.id = $1"))
                .bind(parent)
                .fetch_optional(&mut *c)
                .await?
                .as_ref()
                .map(comment_row)
                .transpose()?,
            None => None,
        };
        items.push(ModerationItem {
            comment,
            author_email: r.try_get(7)?,
            status: r.try_get(8)?,
            post_title: r.try_get(9)?,
            post_permalink: permalink(&r.try_get::<String, _>(10)?, &r.try_get::<String, _>(11)?),
            in_reply_to,
        });
    }
    Ok(items)
}

/// Where a comment goes in its post's threads: (parent, thread, depth).
pub(super) type Place = (Option<i64>, Option<i64>, u8);

/// Where a comment answering `parent` goes: a reply must be to an approved
/// comment on the same post; past the deepest level it joins that level,
/// under the same parent. `None` if there is no such comment.
pub(super) async fn place(c: &mut AnyConnection, post_id: i64, parent: Option<i64>) -> Result<Option<Place>> {
    let Some(parent) = parent else { return Ok(Some((None, None, 1))) };
    let found = sqlx::query(
        "SELECT parent_id, thread_id, depth FROM comments WHERE id = $1 AND post_id = $2 AND status = 'approved'",
    )
    .bind(parent)
    .bind(post_id)
    .fetch_optional(&mut *c)
    .await?;
    let Some(found) = found else { return Ok(None) };
    let (grandparent, thread, d): (Option<i64>, i64, i64) =
        (found.try_get(0)?, found.try_get(1)?, found.try_get(2)?);
    Ok(Some(if d as u8 >= MAX_COMMENT_DEPTH {
        (grandparent, Some(thread), MAX_COMMENT_DEPTH)
    } else {
        (Some(parent), Some(thread), d as u8 + 1)
    }))
}

/// Stores a comment at `place`; a new thread's id is its first comment's.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert(
    c: &mut AnyConnection,
    post_id: i64,
    (parent_id, thread_id, depth): Place,
    name: &str,
    email: &str,
    text: &str,
    posted_at: &str,
    status: &str,
    role: Option<CommentRole>,
    client_ip: &str,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (post_id, parent_id, thread_id, depth, author_name, author_email,
                               body, posted_at, status, client_ip, author_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(post_id)
    .bind(parent_id)
    .bind(thread_id)
    .bind(i64::from(depth))
    .bind(name)
    .bind(email)
    .bind(text)
    .bind(posted_at)
    .bind(status)
    .bind(client_ip)
    .bind(role.map(CommentRole::as_str))
    .fetch_one(&mut *c)
    .await?;
    if thread_id.is_none() {
        sqlx::query("UPDATE comments SET thread_id = id WHERE id = $1").bind(id).execute(&mut *c).await?;
    }
    Ok(id)
}
