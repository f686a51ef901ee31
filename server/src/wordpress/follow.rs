//! Following a live WordPress: its REST API ([`rest`](super::rest)) read
//! into the same records an export holds ([`wxr`](super::wxr)), written by
//! the importer's own code ([`write`](super::write)), so a followed blog
//! looks exactly as an imported one.
//!
//! A sync asks only for what changed: posts and pages whose `modified` is
//! after the last one copied (any status, so unpublished and binned ones
//! are taken away), comments newer than the last one. Each batch of 100 is
//! written in one transaction with its mark, so an interrupted first copy
//! resumes where it stopped. What `modified_after` cannot show (deleted
//! items, comments approved or held back later) the full check finds by
//! comparing lists of IDs, on a slower schedule or when WordPress's plugin
//! says a comment changed.

use std::collections::{HashMap, HashSet};

use super::body::Attachment;
use super::links::Links;
use super::rest::{
    RestBlock, RestComment, RestError, RestId, RestMedia, RestPost, RestTerm, RestUser, Site, PER_PAGE,
};
use super::survey::Survey;
use super::write::{comment_text, timestamp, write_item, write_terms, TermIds, Written};
use super::wxr::{Item, Term};
use super::{decode, ImportError, Report};
use crate::storage::wordpress_follow::CommentToHandOver;
use crate::storage::{ImportedComment, StorageError, Store, WordPressImport, WordPressKind};

/// Statuses asked for when looking for changed posts and pages: every one
/// an author can move a post to, so that unpublishing is seen too.
const EVERY_STATUS: &str = "publish,future,draft,pending,private,trash";

#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error(transparent)]
    WordPress(#[from] RestError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("another server polls WordPress now")]
    LeaseLost,
}

/// What one sync changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Posts and pages stored or updated.
    pub written: usize,
    /// Posts, pages and comments taken away.
    pub removed: usize,
    /// Comments stored or updated.
    pub comments: usize,
    /// What was left out, as an import reports it.
    pub report: Report,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written == 0 && self.removed == 0 && self.comments == 0
    }
}

/// One blog following one WordPress site.
pub struct Follower {
    site: Site,
    store: Store,
    links: Links,
    /// Users, terms, media, reusable blocks and the page tree, as an
    /// export's first reading finds them; read again by [`Follower::refresh`].
    survey: Option<Survey>,
    ids: TermIds,
    /// WordPress's IDs for terms and users.
    categories: HashMap<i64, (String, String)>,
    tags: HashMap<i64, (String, String)>,
    users: HashMap<i64, RestUser>,
    /// The lease this follower works under (holder, seconds), renewed
    /// before each batch: a long first copy keeps it, and one that lost it
    /// stops rather than copy beside another server.
    lease: Option<(String, i64)>,
}

impl Follower {
    /// Requests sent to WordPress so far.
    pub fn requests_sent(&self) -> u64 {
        self.site.requests_sent()
    }

    pub fn new(site: Site, store: Store) -> Follower {
        let base = site.url().as_str().trim_end_matches('/').to_owned();
        Follower {
            site,
            store,
            // Images stay where WordPress serves them; the site's own
            // links become the blog's.
            links: Links { base, uploads: HashSet::new() },
            survey: None,
            ids: TermIds::default(),
            categories: HashMap::new(),
            tags: HashMap::new(),
            users: HashMap::new(),
            lease: None,
        }
    }

    /// Works under `holder`'s lease of `seconds`.
    pub fn holding(mut self, holder: String, seconds: i64) -> Follower {
        self.lease = Some((holder, seconds));
        self
    }

    /// Renews the lease before a batch; an error if another server has it.
    async fn renew_lease(&self) -> Result<(), FollowError> {
        match &self.lease {
            Some((holder, seconds)) if !self.store.take_follow_lease(holder, *seconds).await? => {
                Err(FollowError::LeaseLost)
            }
            _ => Ok(()),
        }
    }

    /// Reads what posts refer to again (users, categories, tags, media,
    /// reusable blocks, the page tree) and stores the site's name and terms.
    pub async fn refresh(&mut self) -> Result<(), FollowError> {
        let site = &self.site;
        let index: serde_json::Value = site.one("/", &[]).await?.unwrap_or_default();
        let text = |key: &str| index.get(key).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let users: Vec<RestUser> =
            site.all("/wp/v2/users", &[("context", "edit"), ("_fields", "id,username,name,slug")]).await?;
        let categories: Vec<RestTerm> =
            site.all("/wp/v2/categories", &[("_fields", "id,slug,name,description,parent")]).await?;
        let tags: Vec<RestTerm> = site.all("/wp/v2/tags", &[("_fields", "id,slug,name")]).await?;
        let media: Vec<RestMedia> = site
            .all(
                "/wp/v2/media",
                &[("context", "edit"), ("_fields", "id,source_url,alt_text,caption,post,media_details")],
            )
            .await?;
        let blocks: Vec<RestBlock> =
            site.all("/wp/v2/blocks", &[("context", "edit"), ("_fields", "id,content")]).await?;
        let pages: Vec<RestPost> = site
            .all(
                "/wp/v2/pages",
                &[("context", "edit"), ("status", EVERY_STATUS), ("_fields", "id,slug,parent")],
            )
            .await?;

        let mut survey = Survey::default();
        survey.channel.title = text("name");
        survey.channel.description = text("description");
        survey.channel.base_url = self.links.base.clone();
        self.categories = categories.iter().map(|t| (t.id, (t.slug.clone(), t.name.clone()))).collect();
        self.tags = tags.iter().map(|t| (t.id, (t.slug.clone(), t.name.clone()))).collect();
        for t in &categories {
            let parent = self.categories.get(&t.parent).map(|(slug, _)| slug.clone()).unwrap_or_default();
            survey.categories.push(Term {
                taxonomy: "category".into(),
                slug: t.slug.clone(),
                name: t.name.clone(),
                parent,
                description: t.description.clone(),
            });
        }
        for t in &tags {
            survey.tags.push(Term {
                taxonomy: "post_tag".into(),
                slug: t.slug.clone(),
                name: t.name.clone(),
                ..Term::default()
            });
        }
        for u in &users {
            survey.users.insert(u.username.clone(), (u.id, u.name.clone()));
        }
        self.users = users.into_iter().map(|u| (u.id, u)).collect();
        for m in media {
            survey.attachments.insert(
                m.id,
                Attachment {
                    url: m.source_url,
                    alt: m.alt_text,
                    caption: m.caption.source().to_owned(),
                    parent: m.post.unwrap_or(0),
                    menu_order: 0,
                    width: m.media_details.width,
                    height: m.media_details.height,
                },
            );
        }
        survey.blocks = blocks.into_iter().map(|b| (b.id, b.content.source().to_owned())).collect();
        survey.pages = pages.into_iter().map(|p| (p.id, (p.slug, p.parent))).collect();

        let mut sync = self.store.begin_wordpress_sync().await?;
        sync.site(&decode(&survey.channel.title), &decode(&survey.channel.description)).await?;
        let mut report = Report::default();
        let result = write_terms(&mut sync, &survey, &mut report).await;
        self.ids = finish(sync, result).await?;
        self.survey = Some(survey);
        Ok(())
    }

    /// Copies what changed since the last sync (everything, the first
    /// time); with `full`, also reads the lists of IDs to find what was
    /// deleted and comments whose status changed.
    pub async fn sync(&mut self, full: bool) -> Result<Changes, FollowError> {
        if self.survey.is_none() || full {
            self.refresh().await?;
        }
        let mut changes = Changes::default();
        self.changed_items("/wp/v2/posts", "posts_modified", &mut changes).await?;
        self.changed_items("/wp/v2/pages", "pages_modified", &mut changes).await?;
        for status in ["approve", "hold"] {
            self.new_comments(status, &mut changes).await?;
        }
        if full {
            self.deletions(&mut changes).await?;
        }
        Ok(changes)
    }

    /// Posts or pages modified since the mark `key`, a batch at a time, each
    /// batch written with the mark moved on. The mark is `modified` (the
    /// site's time, as `modified_after` compares) and the IDs already copied
    /// at that second, so that nothing is copied twice or missed when many
    /// items share a second.
    async fn changed_items(
        &mut self,
        route: &str,
        key: &str,
        changes: &mut Changes,
    ) -> Result<(), FollowError> {
        let mut page = 1;
        loop {
            let mark = Mark::read(&self.store, key).await?;
            let after = mark.query_after();
            let mut query = vec![
                ("context", "edit"),
                ("status", EVERY_STATUS),
                ("orderby", "modified"),
                ("order", "asc"),
            ];
            if let Some(after) = after.as_deref() {
                query.push(("modified_after", after));
            }
            let answer = self.site.page::<RestPost>(route, &query, page).await?;
            let listed = answer.items.len();
            let fresh: Vec<RestPost> =
                answer.items.into_iter().filter(|p| !mark.has(&p.modified, (p.id, fingerprint(p)))).collect();
            tracing::debug!(route, after, page, listed, fresh = fresh.len(), "WordPress: changed items");
            if fresh.is_empty() {
                // Every item here was copied already: more may share the
                // second on the next page.
                if page >= answer.total_pages {
                    return Ok(());
                }
                page += 1;
                continue;
            }
            self.ensure_known(&fresh).await?;
            self.renew_lease().await?;
            let items: Vec<Item> = fresh.iter().map(|p| self.item(p)).collect();
            let (survey, links, ids) =
                (self.survey.as_ref().expect("refreshed above"), &self.links, &mut self.ids);
            let mut sync = self.store.begin_wordpress_sync().await?;
            let mut mark = mark;
            let result: Result<(), FollowError> = async {
                for (post, item) in fresh.iter().zip(&items) {
                    let written =
                        write_item(&mut sync, item, survey, links, ids, &mut changes.report).await?;
                    match (written, post.kind.as_str()) {
                        (Written::Shown, _) => changes.written += 1,
                        (Written::NotShown, "page") => {
                            changes.removed += usize::from(sync.remove_page(post.id).await?)
                        }
                        (Written::NotShown, _) => {
                            changes.removed += usize::from(sync.remove_post(post.id).await?)
                        }
                    }
                    mark.advance(&post.modified, (post.id, fingerprint(post)), in_future(&post.modified_gmt));
                }
                sync.set_follow_mark(key, &mark.to_string()).await?;
                Ok(())
            }
            .await;
            finish(sync, result).await?;
            page = 1;
            if fresh.len() < PER_PAGE as usize && answer.total_pages <= 1 {
                return Ok(());
            }
        }
    }

    /// Comments with `status` posted since the last one copied, by their
    /// local time (which the API's `after` compares, as `modified_after`
    /// does for posts).
    async fn new_comments(&mut self, status: &str, changes: &mut Changes) -> Result<(), FollowError> {
        let key = format!("comments_{status}");
        let mut page = 1;
        loop {
            let mark = Mark::read(&self.store, &key).await?;
            let after = mark.query_after();
            let mut query =
                vec![("context", "edit"), ("status", status), ("orderby", "date"), ("order", "asc")];
            if let Some(after) = after.as_deref() {
                query.push(("after", after));
            }
            let answer = self.site.page::<RestComment>("/wp/v2/comments", &query, page).await?;
            let fresh: Vec<RestComment> =
                answer.items.into_iter().filter(|c| !mark.has(&c.date, (c.id, 0))).collect();
            if fresh.is_empty() {
                if page >= answer.total_pages {
                    return Ok(());
                }
                page += 1;
                continue;
            }
            self.renew_lease().await?;
            let mut sync = self.store.begin_wordpress_sync().await?;
            let mut mark = mark;
            let result: Result<(), FollowError> = async {
                for c in &fresh {
                    changes.comments += usize::from(self.write_comment(&mut sync, c).await?);
                    mark.advance(&c.date, (c.id, 0), in_future(&c.date_gmt));
                }
                sync.set_follow_mark(&key, &mark.to_string()).await?;
                Ok(())
            }
            .await;
            finish(sync, result).await?;
            page = 1;
            if fresh.len() < PER_PAGE as usize && answer.total_pages <= 1 {
                return Ok(());
            }
        }
    }

    /// A post or page as WordPress has it now, in any status (a draft, a
    /// scheduled post), written into this follower's store as if published
    /// now, closed to comments: the address it is shown at there. `None` if
    /// WordPress has no such post or page. The store must be a throwaway
    /// one, used for this alone: nothing unpublished goes into a blog's.
    pub async fn preview(&mut self, wp_id: i64) -> Result<Option<String>, FollowError> {
        let mut found = None;
        for route in ["/wp/v2/posts", "/wp/v2/pages"] {
            found = self.site.one::<RestPost>(&format!("{route}/{wp_id}"), &[("context", "edit")]).await?;
            if found.is_some() {
                break;
            }
        }
        let Some(mut post) = found else { return Ok(None) };
        self.refresh().await?;
        post.status = "publish".into();
        post.comment_status = "closed".into();
        post.password.clear();
        // A scheduled post is shown as if published now.
        if post.date_gmt.as_deref().is_some_and(in_future) {
            let now = time::OffsetDateTime::now_utc();
            post.date = time::PrimitiveDateTime::new(now.date(), now.time()).format(TIME).ok();
            post.date_gmt = post.date.clone();
        }
        let survey = self.survey.as_ref().expect("refreshed above");
        let item = self.item(&post);
        let mut sync = self.store.begin_wordpress_sync().await?;
        let mut report = Report::default();
        let result = write_item(&mut sync, &item, survey, &self.links, &mut self.ids, &mut report).await;
        if finish(sync, result).await? == Written::NotShown {
            return Ok(None);
        }
        let path = if post.kind == "page" {
            format!("/{}/", survey.page_path(wp_id))
        } else {
            let slug = if item.name.is_empty() { item.id.to_string() } else { item.name.clone() };
            format!("/{}/{slug}/", item.date.get(..10).unwrap_or_default().replace('-', "/"))
        };
        Ok(Some(path))
    }

    /// One comment WordPress's plugin says changed (approved, held back,
    /// marked as spam, binned, deleted): stored as WordPress has it now.
    pub async fn comment_changed(&mut self, wp_id: i64) -> Result<Changes, FollowError> {
        if self.survey.is_none() {
            self.refresh().await?;
        }
        let mut changes = Changes::default();
        let comment: Option<RestComment> =
            self.site.one(&format!("/wp/v2/comments/{wp_id}"), &[("context", "edit")]).await?;
        let mut sync = self.store.begin_wordpress_sync().await?;
        let result: Result<(), FollowError> = async {
            match comment {
                Some(c) if c.status == "approved" || c.status == "hold" => {
                    changes.comments += usize::from(self.write_comment(&mut sync, &c).await?);
                }
                _ => changes.removed += usize::from(sync.remove_comment(wp_id).await?),
            }
            Ok(())
        }
        .await;
        finish(sync, result).await?;
        Ok(changes)
    }

    /// Hands readers' comments made here to WordPress, to be moderated
    /// there: each exactly once, even if a server stopped half-way before
    /// (each carries a key in its meta, `govblog_key`, which the plugin
    /// shows, and is looked for, with its author's address and text, before
    /// it is sent). The number handed over; one that fails stays for the
    /// next poll.
    pub async fn hand_over_comments(&mut self) -> Result<usize, FollowError> {
        let mut after = 0;
        let mut done = 0;
        while let Some(c) = self.store.next_comment_to_hand_over(after).await? {
            after = c.id;
            let key = format!("govblog:{}:{}", c.id, c.posted_at);
            let wp_id = match self.find_handed_over(&c, &key).await? {
                Some(id) => id,
                None => {
                    let made: RestComment = self
                        .site
                        .create(
                            "/wp/v2/comments",
                            &serde_json::json!({
                                "post": c.post_wp_id,
                                "parent": c.parent_wp_id.unwrap_or(0),
                                "author_name": c.author_name,
                                "author_email": c.author_email,
                                "content": c.text,
                                "date_gmt": c.posted_at.trim_end_matches('Z'),
                                "status": "hold",
                                "meta": {"govblog_key": key},
                            }),
                        )
                        .await?;
                    made.id
                }
            };
            self.store.record_handover(c.id, wp_id).await?;
            done += 1;
        }
        Ok(done)
    }

    /// The WordPress comment a reader's comment became, if it was handed
    /// over before: by its key, else by its author's address and text.
    async fn find_handed_over(&self, c: &CommentToHandOver, key: &str) -> Result<Option<i64>, FollowError> {
        let post = c.post_wp_id.to_string();
        for status in ["all", "spam", "trash"] {
            let found: Vec<serde_json::Value> = self
                .site
                .all(
                    "/wp/v2/comments",
                    &[
                        ("context", "edit"),
                        ("post", &post),
                        ("author_email", &c.author_email),
                        ("status", status),
                        ("_fields", "id,content,meta"),
                    ],
                )
                .await?;
            let same = found.iter().find(|w| {
                w["meta"]["govblog_key"].as_str() == Some(key)
                    || w["content"]["raw"].as_str().is_some_and(|raw| raw.trim() == c.text.trim())
            });
            if let Some(id) = same.and_then(|w| w["id"].as_i64()) {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// Compares the lists of IDs WordPress shows with what is here: takes
    /// away what WordPress deleted, and brings comments' statuses in line.
    async fn deletions(&mut self, changes: &mut Changes) -> Result<(), FollowError> {
        let ids = |status: &'static str| [("status", status), ("_fields", "id"), ("context", "edit")];
        let posts: HashSet<i64> = self
            .site
            .all::<RestId>("/wp/v2/posts", &ids("publish,future"))
            .await?
            .iter()
            .map(|i| i.id)
            .collect();
        let pages: HashSet<i64> =
            self.site.all::<RestId>("/wp/v2/pages", &ids("publish")).await?.iter().map(|i| i.id).collect();
        let approved: HashSet<i64> =
            self.site.all::<RestId>("/wp/v2/comments", &ids("approve")).await?.iter().map(|i| i.id).collect();
        let held: HashSet<i64> =
            self.site.all::<RestId>("/wp/v2/comments", &ids("hold")).await?.iter().map(|i| i.id).collect();
        let mut sync = self.store.begin_wordpress_sync().await?;
        let result: Result<Vec<i64>, FollowError> = async {
            for id in sync.wordpress_ids(WordPressKind::Post).await? {
                if !posts.contains(&id) {
                    changes.removed += usize::from(sync.remove_post(id).await?);
                }
            }
            for id in sync.wordpress_ids(WordPressKind::Page).await? {
                if !pages.contains(&id) {
                    changes.removed += usize::from(sync.remove_page(id).await?);
                }
            }
            let mut differ = Vec::new();
            for (id, approved_here) in sync.wordpress_comment_statuses().await? {
                if !approved.contains(&id) && !held.contains(&id) {
                    changes.removed += usize::from(sync.remove_comment(id).await?);
                } else if approved.contains(&id) != approved_here {
                    differ.push(id);
                }
            }
            Ok(differ)
        }
        .await;
        let differ = finish(sync, result).await?;
        for id in differ {
            let c = self.comment_changed(id).await?;
            changes.comments += c.comments;
            changes.removed += c.removed;
        }
        Ok(())
    }

    /// Reads users and terms again when a post names one not seen yet.
    async fn ensure_known(&mut self, posts: &[RestPost]) -> Result<(), FollowError> {
        let unknown = posts.iter().any(|p| {
            !self.users.contains_key(&p.author)
                || p.categories.iter().any(|c| !self.categories.contains_key(c))
                || p.tags.iter().any(|t| !self.tags.contains_key(t))
                || (p.featured_media != 0
                    && !self.survey.as_ref().is_some_and(|s| s.attachments.contains_key(&p.featured_media)))
                || (p.kind == "page" && !self.survey.as_ref().is_some_and(|s| s.pages.contains_key(&p.id)))
        });
        if unknown || self.survey.is_none() {
            self.refresh().await?;
        }
        Ok(())
    }

    /// A post or page from the REST API as an export has it.
    fn item(&self, p: &RestPost) -> Item {
        let creator = self.users.get(&p.author).map(|u| u.username.clone()).unwrap_or_default();
        let mut terms = Vec::new();
        for (domain, ids, known) in
            [("category", &p.categories, &self.categories), ("post_tag", &p.tags, &self.tags)]
        {
            for id in ids {
                if let Some((slug, name)) = known.get(id) {
                    terms.push((domain.to_owned(), slug.clone(), name.clone()));
                }
            }
        }
        let mut meta = Vec::new();
        if p.featured_media != 0 {
            meta.push(("_thumbnail_id".to_owned(), p.featured_media.to_string()));
        }
        Item {
            id: p.id,
            title: p.title.source().to_owned(),
            creator,
            content: p.content.source().to_owned(),
            excerpt: p.excerpt.raw.clone(),
            date: p.date.as_deref().map(wordpress_time).unwrap_or_default(),
            date_gmt: p.date_gmt.as_deref().map(wordpress_time).unwrap_or_default(),
            modified_gmt: wordpress_time(&p.modified_gmt),
            comment_status: p.comment_status.clone(),
            name: p.slug.clone(),
            status: p.status.clone(),
            parent: p.parent,
            menu_order: p.menu_order,
            post_type: p.kind.clone(),
            password: p.password.clone(),
            sticky: p.sticky,
            attachment_url: String::new(),
            terms,
            meta,
            comments: Vec::new(),
        }
    }

    /// Stores one comment as WordPress has it; false if its post is not
    /// shown here (a draft, a page) or it has no text.
    async fn write_comment(&self, sync: &mut WordPressImport, c: &RestComment) -> Result<bool, FollowError> {
        if !(c.kind.is_empty() || c.kind == "comment") {
            return Ok(false);
        }
        let Some(post_id) = sync.post_of(c.post).await? else { return Ok(false) };
        let text = comment_text(c.content.source());
        if text.is_empty() {
            return Ok(false);
        }
        let parent = match c.parent {
            0 => None,
            parent => sync.comment_of(parent).await?,
        };
        let by_post_author = match self.users.get(&c.author) {
            Some(user) if c.author != 0 => sync.post_author_slugs(post_id).await?.contains(&user.slug),
            _ => false,
        };
        sync.comment(&ImportedComment {
            wp_id: c.id,
            post_id,
            parent,
            author_name: decode(&c.author_name).trim().to_owned(),
            author_email: c.author_email.trim().to_owned(),
            text,
            posted_at: timestamp(&wordpress_time(&c.date_gmt)).unwrap_or_default(),
            approved: c.status == "approved",
            by_post_author,
        })
        .await?;
        Ok(true)
    }
}

/// Commits `sync` if `result` is a success, else rolls it back: a batch is
/// stored whole or not at all.
async fn finish<T, E: Into<FollowError>>(
    sync: WordPressImport,
    result: Result<T, E>,
) -> Result<T, FollowError> {
    match result {
        Ok(value) => {
            sync.commit().await?;
            Ok(value)
        }
        Err(e) => {
            sync.roll_back().await?;
            Err(e.into())
        }
    }
}

/// The REST API's `2026-12-03T17:28:37` as an export's `2026-12-03 17:28:37`.
fn wordpress_time(rest: &str) -> String {
    rest.replacen('T', " ", 1)
}

/// How far a kind of change has been copied: the time of the last item and
/// the IDs copied at that very second, and the items whose time is still
/// ahead (WordPress gives a scheduled post its publication time as its
/// modified time), which must not move the mark past what is yet to come.
#[derive(Debug, Default, PartialEq)]
struct Mark {
    at: String,
    /// The items copied at the mark's second, each as it was then.
    ids: Vec<Seen>,
    /// Items copied whose time is in the future, with that time.
    ahead: Vec<(Seen, String)>,
}

/// An item as copied: its ID and a fingerprint of what WordPress said of
/// it. `modified` has whole seconds, so two changes of one item within a
/// second share a time, and only the fingerprint tells them apart.
type Seen = (i64, u32);

impl Mark {
    async fn read(store: &Store, key: &str) -> Result<Mark, StorageError> {
        Ok(store.follow_mark(key).await?.map(|v| Mark::parse(&v)).unwrap_or_default())
    }

    fn parse(value: &str) -> Mark {
        // `id:fingerprint`; a mark written before fingerprints were kept
        // has bare IDs, read as fingerprint 0 (those items are copied once more).
        let seen = |s: &str| -> Option<Seen> {
            let (id, fingerprint) = s.split_once(':').unwrap_or((s, "0"));
            Some((id.parse().ok()?, fingerprint.parse().ok()?))
        };
        let mut parts = value.split(' ');
        let at = parts.next().unwrap_or("").to_owned();
        let ids = parts.next().unwrap_or("").split(',').filter_map(seen).collect();
        let ahead = parts
            .next()
            .unwrap_or("")
            .split(';')
            .filter_map(|a| a.split_once('@'))
            .filter_map(|(item, at)| Some((seen(item)?, at.to_owned())))
            .collect();
        Mark { at, ids, ahead }
    }

    fn has(&self, at: &str, item: Seen) -> bool {
        (!self.at.is_empty() && (at < self.at.as_str() || (at == self.at && self.ids.contains(&item))))
            || self.ahead.iter().any(|(i, t)| *i == item && t == at)
    }

    /// Moves the mark past an item copied; `in_future` when its time
    /// (in UTC) is after now.
    fn advance(&mut self, at: &str, item: Seen, in_future: bool) {
        self.ahead.retain(|((id, _), _)| *id != item.0);
        if in_future {
            self.ahead.push((item, at.to_owned()));
            return;
        }
        if at > self.at.as_str() {
            self.at = at.to_owned();
            self.ids.clear();
        }
        if at == self.at {
            self.ids.retain(|(id, _)| *id != item.0);
            self.ids.push(item);
        }
        let mark = self.at.clone();
        self.ahead.retain(|(_, t)| *t >= mark);
    }

    /// `modified_after` for the next request: a second before the mark (the
    /// API's "after" leaves out the mark's own second, which may hold items
    /// not copied yet).
    fn query_after(&self) -> Option<String> {
        let t = time::PrimitiveDateTime::parse(&self.at, TIME).ok()?;
        (t - time::Duration::SECOND).format(TIME).ok()
    }
}

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let ids: Vec<String> = self.ids.iter().map(|(id, f)| format!("{id}:{f}")).collect();
        let ahead: Vec<String> = self.ahead.iter().map(|((id, f), at)| format!("{id}:{f}@{at}")).collect();
        write!(f, "{} {} {}", self.at, ids.join(","), ahead.join(";"))
    }
}

/// What WordPress says of a post or page that govblog copies, in 32 bits:
/// a change within the second of the last one copied shows here.
fn fingerprint(p: &RestPost) -> u32 {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let numbers = format!(
        "{} {} {} {:?} {:?} {} {} {}",
        p.author, p.featured_media, p.parent, p.categories, p.tags, p.menu_order, p.sticky, p.modified_gmt
    );
    for part in [
        numbers.as_str(),
        &p.slug,
        &p.status,
        p.date.as_deref().unwrap_or(""),
        p.date_gmt.as_deref().unwrap_or(""),
        &p.comment_status,
        &p.password,
        p.title.source(),
        p.excerpt.source(),
        p.content.source(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Whether a time WordPress gives in UTC (`2026-12-03T17:28:37`) is after now.
fn in_future(utc: &str) -> bool {
    let now = time::OffsetDateTime::now_utc();
    let now = time::PrimitiveDateTime::new(now.date(), now.time());
    time::PrimitiveDateTime::parse(utc, TIME).is_ok_and(|t| t > now)
}

const TIME: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_ahead() {
        assert!(in_future("2999-01-01T00:00:00"));
        assert!(!in_future("2020-01-01T00:00:00"));
        assert!(!in_future("junk"));
    }

    #[test]
    fn marks_skip_what_was_copied_at_their_second_only() {
        let mut mark = Mark::default();
        assert!(!mark.has("2026-12-03T10:00:00", (1, 0)));
        mark.advance("2026-12-03T10:00:00", (1, 0), false);
        mark.advance("2026-12-03T10:00:00", (2, 0), false);
        assert!(mark.has("2026-12-03T10:00:00", (2, 0)));
        assert!(!mark.has("2026-12-03T10:00:00", (3, 0)));
        assert!(mark.has("2026-12-03T09:59:59", (3, 0)));
        assert_eq!(Mark::parse(&mark.to_string()), mark);
        assert_eq!(mark.query_after().as_deref(), Some("2026-12-03T09:59:59"));
        mark.advance("2026-12-03T10:00:01", (5, 0), false);
        assert_eq!(mark.ids, vec![(5, 0)]);
        // A scheduled post: its time is ahead, and the mark stays.
        mark.advance("2099-01-01T09:00:00", (6, 0), true);
        assert_eq!(mark.at, "2026-12-03T10:00:01");
        assert!(mark.has("2099-01-01T09:00:00", (6, 0)));
        assert!(!mark.has("2099-01-01T09:30:00", (6, 0)), "rescheduled");
        assert_eq!(Mark::parse(&mark.to_string()), mark);
        // At its time it is copied as any other item.
        mark.advance("2026-12-03T10:00:02", (6, 0), false);
        assert!(mark.ahead.is_empty());
        assert_eq!(Mark::parse("junk"), Mark { at: "junk".into(), ids: vec![], ahead: vec![] });
        assert_eq!(Mark::parse("junk").query_after(), None);
    }

    #[test]
    fn an_item_changed_again_within_its_second_is_copied_again() {
        // WordPress's `modified` has whole seconds: a title edited and then
        // a slug changed in the same second have one time (CI found this).
        let mut mark = Mark::default();
        mark.advance("2026-12-03T10:00:00", (7, 111), false);
        assert!(mark.has("2026-12-03T10:00:00", (7, 111)));
        assert!(!mark.has("2026-12-03T10:00:00", (7, 222)), "the second change");
        mark.advance("2026-12-03T10:00:00", (7, 222), false);
        assert!(mark.has("2026-12-03T10:00:00", (7, 222)));
        assert_eq!(mark.ids, vec![(7, 222)]);
        // A scheduled post edited keeps its time (its publication time).
        mark.advance("2099-01-01T09:00:00", (8, 1), true);
        assert!(!mark.has("2099-01-01T09:00:00", (8, 2)));
        assert_eq!(Mark::parse(&mark.to_string()), mark);
        // A mark written before versions were kept: each item at its
        // second is copied once more.
        let old = Mark::parse("2026-12-03T10:00:00 7,9 ");
        assert!(!old.has("2026-12-03T10:00:00", (7, 111)));
        assert!(old.has("2026-12-03T09:00:00", (7, 111)));
    }
}
