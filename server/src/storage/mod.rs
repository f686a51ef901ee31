//! The one place that knows how the blog is stored. Handlers and commands
//! call these async methods and never see SQL.
//!
//! One module per kind of thing: [`posts`], [`pages`], old addresses
//! [`redirects`], [`taxonomies`] (categories,
//! authors, tags), [`comments`] and [`comment_followers`], [`moderation`]
//! and [`moderators`], sign-in [`attempts`], [`subscriptions`], the
//! [`mail_queue`], the blog's [`site`] settings, the servers' shared
//! [`secrets`], the imports, and SQLite's [`backup`] copies.
//!
//! Queries go through sqlx's runtime-chosen driver, so the same SQL serves
//! SQLite (the embedded default) and PostgreSQL (several servers on one
//! database); the few statements the two write differently (full-text
//! search, locks, migrations) ask [`Dialect`]. Each has its own migrations,
//! under `migrations/`, run when a server starts.

mod attempts;
mod backup;
mod comment_followers;
mod comments;
mod content_import;
mod mail_queue;
mod moderation;
mod moderators;
mod network;
mod pages;
mod posts;
mod redirects;
mod rows;
mod secrets;
mod site;
mod subscriptions;
mod taxonomies;
pub mod wordpress_follow;
mod wordpress_import;

use std::path::PathBuf;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};

pub use attempts::Limit;
pub use backup::Holdings;
pub use comment_followers::{FollowRequest, FollowUp, FollowUpKind};
pub use comments::{CommentStatus, FloodLimits, NewComment, Refusal};
pub use content_import::ImportReport;
pub use mail_queue::{Claimed, Mail, MAX_ATTEMPTS};
pub use moderation::Compose;
pub use moderators::Session;
pub use network::{BlogEntry, FollowedSite, Network};
pub use posts::{PostFilter, PostRef};
pub use subscriptions::{Announcement, SubscribeOutcome};
pub use wordpress_import::{ImportedComment, ImportedPage, ImportedPost, WordPressImport, WordPressKind};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Invalid(String),
}

impl StorageError {
    /// Whether the database cannot be reached or is busy: it will be back,
    /// so the caller may try again (rather than a fault of ours).
    /// Whether the store was closed (its blog removed): it will not be back.
    pub fn is_closed(&self) -> bool {
        matches!(self, StorageError::Database(sqlx::Error::PoolClosed))
    }

    pub fn is_unavailable(&self) -> bool {
        match self {
            StorageError::Database(e) => match e {
                sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                // PostgreSQL: connection exceptions (08), shutting down or
                // starting up (57P01-57P03); SQLite: busy or locked.
                sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                    code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "5" | "6")
                }),
                _ => false,
            },
            StorageError::Invalid(_) => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// Which SQL the database speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// Where the blog is stored: an SQLite file (the embedded default), or a
/// PostgreSQL server, for more than one instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    /// A `postgres://` URL; `?sslmode=require` (or `verify-full`) for TLS.
    Postgres(String),
}

impl Database {
    /// `DATABASE_URL` if it is set (`postgres://...`, `sqlite://path` or a
    /// plain path), else the SQLite file at `path`.
    pub fn from_settings(url: Option<&str>, path: &std::path::Path) -> Database {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                Database::Postgres(u.to_owned())
            }
            Some(u) => Database::Sqlite(PathBuf::from(u.strip_prefix("sqlite://").unwrap_or(u))),
            None => Database::Sqlite(path.to_owned()),
        }
    }

    /// For messages and logs: never the password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("the SQLite file {}", path.display()),
            Database::Postgres(url) => match url::Url::parse(url) {
                Ok(mut u) => {
                    if u.password().is_some() {
                        let _ = u.set_password(Some("********"));
                    }
                    format!("the PostgreSQL database {u}")
                }
                Err(_) => "a PostgreSQL database whose URL cannot be read".to_owned(),
            },
        }
    }
}

/// Connections each server keeps to the database at most.
const POOL_SIZE: u32 = 8;
/// Connections each server keeps to each further blog's database at most:
/// a deployment of 200 blogs must not hold 200 full pools (each SQLite
/// connection holds its own page cache and schema).
const BLOG_POOL_SIZE: u32 = 2;
/// SQLite's page cache per connection: its default for the first blog;
/// small for each further one, so a server with many blogs open stays small.
const PAGE_CACHE_KB: u32 = 2000;
const BLOG_PAGE_CACHE_KB: u32 = 256;
/// Connections unused this long are closed, so quiet blogs hold none.
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a request waits for a connection before it is answered 503:
/// with the database gone, readers hear so at once rather than wait.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Migrations in order, per database; each database records how many have run.
const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("migrations/postgres/001_schema.sql"),
    include_str!("migrations/postgres/002_wordpress.sql"),
    include_str!("migrations/postgres/003_moderation.sql"),
    include_str!("migrations/postgres/004_home_order.sql"),
    include_str!("migrations/postgres/005_attempts_and_secrets.sql"),
    include_str!("migrations/postgres/006_wordpress_follow.sql"),
    include_str!("migrations/postgres/007_search_in_row.sql"),
];
const SQLITE_MIGRATIONS: &[&str] = &[
    include_str!("migrations/sqlite/001_schema.sql"),
    include_str!("migrations/sqlite/002_search.sql"),
    include_str!("migrations/sqlite/003_conversation.sql"),
    include_str!("migrations/sqlite/004_related.sql"),
    include_str!("migrations/sqlite/005_permalinks_and_images.sql"),
    include_str!("migrations/sqlite/006_wordpress.sql"),
    include_str!("migrations/sqlite/007_moderation.sql"),
    include_str!("migrations/sqlite/008_home_order.sql"),
    include_str!("migrations/sqlite/009_attempts_and_secrets.sql"),
    include_str!("migrations/sqlite/010_wordpress_follow.sql"),
];

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
}

impl Store {
    /// Connects to `database`, creating an SQLite file if needed, and
    /// brings its schema up to date.
    pub async fn open(database: &Database) -> Result<Store> {
        sqlx::any::install_default_drivers();
        match database {
            Database::Sqlite(path) => Store::open_sqlite(path, POOL_SIZE, PAGE_CACHE_KB).await,
            Database::Postgres(url) => Store::open_postgres(url, POOL_SIZE).await,
        }
    }

    async fn open_sqlite(path: &std::path::Path, pool_size: u32, page_cache_kb: u32) -> Result<Store> {
        let url = format!("sqlite://{}?mode=rwc", percent_encode_path(&path.to_string_lossy()));
        let options: AnyConnectOptions = url.parse()?;
        let options = options.disable_statement_logging();
        // WAL lets readers go on while a comment is written. It is a
        // property of the file, so it is set once, before the pool opens
        // its connections at the same time.
        let mut first = options.connect().await?;
        first.execute("PRAGMA journal_mode = WAL").await?;
        migrate(first, Dialect::Sqlite).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(pool_size)
            .idle_timeout(IDLE_TIMEOUT)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute(format!("PRAGMA cache_size = -{page_cache_kb}").as_str()).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, dialect: Dialect::Sqlite })
    }

    async fn open_postgres(url: &str, pool_size: u32) -> Result<Store> {
        let options: AnyConnectOptions = url.parse()?;
        let options = options.disable_statement_logging();
        let mut first = options.connect().await?;
        // Two servers starting at once: one migrates, the other waits.
        sqlx::query("SELECT 1 FROM pg_advisory_lock($1)")
            .bind(lock_key("migrations"))
            .execute(&mut first)
            .await?;
        migrate(first, Dialect::Postgres).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(pool_size)
            .idle_timeout(IDLE_TIMEOUT)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        Ok(Store { pool, dialect: Dialect::Postgres })
    }

    /// Connections open, and of those idle.
    pub fn pool_size(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Whether the database answers at all: `/readyz`.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A write transaction that no other writer holding the same `lock`
    /// runs beside, in this process or any other: SQLite takes its one
    /// write lock at the start (`IMMEDIATE`), PostgreSQL an advisory lock.
    async fn begin_write(&self, lock: &str) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.dialect {
            Dialect::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Dialect::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                    .bind(lock_key(lock))
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }
}

/// A stable number for an advisory lock's name.
fn lock_key(name: &str) -> i64 {
    // FNV-1a: the same on every server, unlike the standard library's hasher.
    name.bytes().fold(0xcbf29ce484222325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3)) as i64
}

/// Runs the migrations `conn`'s database has not had yet, each in its own
/// transaction with the count it brings the database to.
async fn migrate(mut conn: AnyConnection, dialect: Dialect) -> Result<()> {
    let (migrations, done) = match dialect {
        Dialect::Sqlite => (
            SQLITE_MIGRATIONS,
            sqlx::query_scalar::<_, i64>("PRAGMA user_version").fetch_one(&mut conn).await?,
        ),
        Dialect::Postgres => {
            sqlx::raw_sql("CREATE TABLE IF NOT EXISTS govblog_schema (migrations BIGINT NOT NULL)")
                .execute(&mut conn)
                .await?;
            let done: Option<i64> =
                sqlx::query_scalar("SELECT migrations FROM govblog_schema").fetch_optional(&mut conn).await?;
            (POSTGRES_MIGRATIONS, done.unwrap_or(0))
        }
    };
    for (i, sql) in migrations.iter().enumerate().skip(done as usize) {
        let count = i as i64 + 1;
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        match dialect {
            Dialect::Sqlite => {
                sqlx::raw_sql(&format!("PRAGMA user_version = {count}")).execute(&mut *tx).await?;
            }
            Dialect::Postgres => {
                sqlx::query("DELETE FROM govblog_schema").execute(&mut *tx).await?;
                sqlx::query("INSERT INTO govblog_schema (migrations) VALUES ($1)")
                    .bind(count)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        tracing::info!(migration = count, "database migrated");
    }
    conn.close().await?;
    Ok(())
}

/// `$1, $2, ...` for `n` values starting at `$first`: lists in `IN (...)`.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// A file path as the path part of a `sqlite://` URL.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
