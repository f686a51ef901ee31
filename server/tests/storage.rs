//! Storage on its own, below HTTP: the queries and their edge cases, on a
//! new database each (SQLite, and PostgreSQL when `make test` runs this
//! again against it): sticky posts, nested categories, paging bounds,
//! posts not yet published, replies whose parent is taken down, old
//! addresses, attempt limits and the secrets servers share.

mod common;

use govblog_server::storage::{ImportedPost, Limit, PostFilter, Store};
use govblog_shared::dates::Date;
use govblog_shared::permalink::Route;

async fn empty_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    (Store::open(&database).await.unwrap(), dir)
}

fn post(wp_id: i64, slug: &str, published_at: &str) -> ImportedPost {
    ImportedPost {
        wp_id,
        slug: slug.into(),
        title: format!("Post {slug}"),
        published_at: published_at.into(),
        path_date: published_at[..10].into(),
        modified_at: None,
        summary: String::new(),
        description: String::new(),
        body_html: "<p>Words.</p>".into(),
        body_text: "Words.".into(),
        comments_open: true,
        sticky: false,
        image: None,
        author_ids: Vec::new(),
        category_ids: Vec::new(),
        tag_ids: Vec::new(),
        old_slugs: Vec::new(),
    }
}

async fn slugs(store: &Store, filter: PostFilter, page: u32, per_page: u32) -> (Vec<String>, u32) {
    let (posts, total) = store.list_posts(filter, page, per_page).await.unwrap();
    (posts.into_iter().map(|p| p.slug).collect(), total)
}

/// Five posts a day apart, the third sticky, the last not published until 2999.
async fn five_posts(store: &Store) {
    let mut import = store.begin_wordpress_import().await.unwrap();
    for (i, day) in ["01", "02", "03", "04"].iter().enumerate() {
        let mut p = post(i as i64 + 1, &format!("post-{day}"), &format!("2024-03-{day}T09:00:00Z"));
        p.sticky = *day == "02";
        import.post(&p).await.unwrap();
    }
    import.post(&post(5, "in-the-future", "2999-01-01T09:00:00Z")).await.unwrap();
    import.commit().await.unwrap();
}

#[tokio::test]
async fn the_home_list_puts_sticky_posts_first_and_pages_within_bounds() {
    let (store, _dir) = empty_store().await;
    five_posts(&store).await;
    let home = PostFilter::default();
    assert_eq!(
        slugs(&store, home.clone(), 1, 10).await,
        (vec!["post-02", "post-04", "post-03", "post-01"].into_iter().map(String::from).collect(), 4)
    );
    // Pages of two: the last page is short, past it is empty, page 0 is page 1.
    assert_eq!(slugs(&store, home.clone(), 1, 2).await.0, ["post-02", "post-04"]);
    assert_eq!(slugs(&store, home.clone(), 2, 2).await.0, ["post-03", "post-01"]);
    assert_eq!(slugs(&store, home.clone(), 3, 2).await, (Vec::new(), 4));
    assert_eq!(slugs(&store, home.clone(), 0, 2).await.0, ["post-02", "post-04"]);
    assert_eq!(slugs(&store, home, u32::MAX, 2).await, (Vec::new(), 4));
    // A month's list is in date order: stickiness is for the home page.
    let march = PostFilter { period: Some((2024, Some(3))), ..Default::default() };
    assert_eq!(slugs(&store, march, 1, 10).await.0, ["post-04", "post-03", "post-02", "post-01"]);
}

#[tokio::test]
async fn posts_not_yet_published_are_nowhere() {
    let (store, _dir) = empty_store().await;
    five_posts(&store).await;
    let date = Date { year: 2999, month: 1, day: 1 };
    assert!(store.post_at(date, "in-the-future").await.unwrap().is_none());
    assert!(store.wordpress_address(5, false).await.unwrap().is_none());
    let (_, total) = store.search(govblog_shared::search::terms("words").unwrap(), 1, 10).await.unwrap();
    assert_eq!(total, 4);
    assert!(store.months().await.unwrap().iter().all(|m| m.year != 2999));
    let published = Date { year: 2024, month: 3, day: 4 };
    assert!(store.post_at(published, "post-04").await.unwrap().is_some());
}

#[tokio::test]
async fn a_category_lists_the_posts_of_the_categories_under_it_and_no_others() {
    let (store, _dir) = empty_store().await;
    let mut import = store.begin_wordpress_import().await.unwrap();
    let data = import.category("data", "data", "Data", "", None).await.unwrap();
    let open = import.category("open", "data/open", "Open data", "", Some(data)).await.unwrap();
    let deep = import.category("deep", "data/open/deep", "Deep", "", Some(open)).await.unwrap();
    // A name that starts like the parent's is not under it.
    let science = import.category("data-science", "data-science", "Data science", "", None).await.unwrap();
    for (i, (slug, category)) in
        [("in-data", data), ("in-open", open), ("in-deep", deep), ("in-science", science)]
            .into_iter()
            .enumerate()
    {
        let mut p = post(i as i64 + 10, slug, &format!("2024-04-0{}T09:00:00Z", i + 1));
        p.category_ids = vec![category];
        import.post(&p).await.unwrap();
    }
    import.commit().await.unwrap();
    let list = |path: &str| PostFilter { category: Some(path.into()), ..Default::default() };
    assert_eq!(slugs(&store, list("data"), 1, 10).await.0, ["in-deep", "in-open", "in-data"]);
    assert_eq!(slugs(&store, list("data/open"), 1, 10).await.0, ["in-deep", "in-open"]);
    assert_eq!(slugs(&store, list("data/open/deep"), 1, 10).await.0, ["in-deep"]);
    assert_eq!(slugs(&store, list("data-science"), 1, 10).await.0, ["in-science"]);
    assert_eq!(slugs(&store, list("data/op"), 1, 10).await, (Vec::new(), 0));
    // A child is found by its path, and by its slug alone (WordPress allows it).
    assert_eq!(store.category_at("data/open").await.unwrap().unwrap().name, "Open data");
    assert!(store.category_at("open").await.unwrap().is_none());
    assert_eq!(store.category("deep").await.unwrap().unwrap().path, "data/open/deep");
}

#[tokio::test]
async fn old_addresses_are_routes_to_where_posts_and_pages_are_now() {
    let (store, _dir) = empty_store().await;
    let mut import = store.begin_wordpress_import().await.unwrap();
    let mut p = post(42, "new-name", "2024-05-06T09:00:00Z");
    p.old_slugs = vec!["old-name".into()];
    import.post(&p).await.unwrap();
    import.commit().await.unwrap();
    let now = Route::post(Date { year: 2024, month: 5, day: 6 }, "new-name");
    assert_eq!(store.renamed_post("old-name").await.unwrap(), Some(now.clone()));
    assert_eq!(store.renamed_post("new-name").await.unwrap(), None);
    assert_eq!(store.wordpress_address(42, false).await.unwrap(), Some(now));
    assert_eq!(store.wordpress_address(42, true).await.unwrap(), None, "a post's ID is no page's");
}

#[tokio::test]
async fn attempts_stop_at_their_limit_and_right_ones_are_forgotten() {
    let (store, _dir) = empty_store().await;
    let since = "2000-01-01T00:00:00Z";
    let limit = [Limit { key: "pair:a|1", max: 2 }];
    let first = store.begin_attempt(&limit, &["account:a"], since).await.unwrap().expect("under the limit");
    store.forget_attempt(&first).await.unwrap();
    assert_eq!(store.failed_attempts("account:a", since).await.unwrap(), 0, "a right attempt is forgotten");
    assert!(store.begin_attempt(&limit, &["account:a"], since).await.unwrap().is_some());
    assert!(store.begin_attempt(&limit, &["account:a"], since).await.unwrap().is_some());
    assert!(store.begin_attempt(&limit, &["account:a"], since).await.unwrap().is_none(), "the third");
    assert_eq!(store.failed_attempts("account:a", since).await.unwrap(), 2, "refused ones are not recorded");
    // Attempts before the window are forgotten.
    let later = "2999-01-01T00:00:00Z";
    assert!(store.begin_attempt(&limit, &[], later).await.unwrap().is_some());
    // At once, through several connections: never past the limit.
    let limit = [Limit { key: "address:2", max: 5 }];
    let all = futures::future::join_all((0..20).map(|_| store.begin_attempt(&limit, &[], since))).await;
    assert_eq!(all.into_iter().filter(|a| a.as_ref().unwrap().is_some()).count(), 5);
}

#[tokio::test]
async fn servers_share_one_secret_made_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    // Two servers on one database, asking at once.
    let (one, two) = (Store::open(&database).await.unwrap(), Store::open(&database).await.unwrap());
    let (a, b) =
        futures::future::join(one.server_secret("sign-in form"), two.server_secret("sign-in form")).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b);
    assert_eq!(a.len(), 64);
    assert_eq!(a, one.server_secret("sign-in form").await.unwrap(), "made once");
    assert_ne!(a, one.server_secret("another").await.unwrap());
    // Another blog's database has its own.
    let (elsewhere, _dir) = empty_store().await;
    assert_ne!(a, elsewhere.server_secret("sign-in form").await.unwrap());
}

#[tokio::test]
async fn a_reply_whose_parent_is_taken_down_is_not_shown() {
    use govblog_server::storage::{CommentStatus, FloodLimits, FollowUp, Mail, NewComment};
    use govblog_shared::markdown::RenderContext;

    let (store, _dir) = empty_store().await;
    five_posts(&store).await;
    let date = Date { year: 2024, month: 3, day: 4 };
    let found = store.post_at(date, "post-04").await.unwrap().unwrap();
    let limits = FloodLimits { min_interval_secs: 0, per_hour: 100 };
    let comment = |text: &str, parent_id: Option<i64>| NewComment {
        name: "Ada Reader".into(),
        email: "ada@example.com".into(),
        text: text.into(),
        parent_id,
        client_ip: "10.4.0.1".into(),
        follow: None,
    };
    let first = store.add_comment(&found, comment("A first comment.", None), limits).await.unwrap().unwrap();
    let compose = |_: &FollowUp| Mail {
        to: String::new(),
        subject: String::new(),
        body: String::new(),
        unsubscribe_url: None,
    };
    store.decide(&[first.id], CommentStatus::Approved, "test", &compose).await.unwrap();
    let reply =
        store.add_comment(&found, comment("A reply to it.", Some(first.id)), limits).await.unwrap().unwrap();
    assert_eq!((reply.parent_id, reply.depth), (Some(first.id), 2));
    store.decide(&[reply.id], CommentStatus::Approved, "test", &compose).await.unwrap();
    let shown = |store: Store, found| async move {
        let post =
            store.post(&found, 1, 1, &RenderContext { base_path: "", site_url: "" }).await.unwrap().unwrap();
        post.comments.items.iter().map(|c| c.id).collect::<Vec<_>>()
    };
    assert_eq!(shown(store.clone(), found.clone()).await, [first.id, reply.id]);
    // The parent taken down: its reply goes with it, and no new reply may hang from it.
    store.decide(&[first.id], CommentStatus::Rejected, "test", &compose).await.unwrap();
    assert_eq!(shown(store.clone(), found.clone()).await, Vec::<i64>::new());
    let refused = store.add_comment(&found, comment("Another reply.", Some(first.id)), limits).await.unwrap();
    assert!(refused.is_err(), "a reply to a comment not shown is refused");
}
