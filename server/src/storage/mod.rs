//! The one place that knows how the blog is stored. Handlers and commands
//! call these async methods and never see SQL.
//!
//! One module per kind of thing: [`posts`], [`taxonomies`] (categories,
//! authors, tags), [`comments`], [`subscriptions`], the blog's [`site`]
//! settings, and [`content_import`] for the content folder.
//!
//! Queries go through sqlx's runtime-chosen driver, so the same SQL serves
//! SQLite (the embedded default) and PostgreSQL; the few statements the two
//! write differently (full-text search, locks) ask [`Dialect`].

mod comments;
mod content_import;
mod posts;
mod site;
mod subscriptions;
mod taxonomies;

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};

pub use comments::{CommentStatus, FloodLimits, NewComment, Refusal};
pub use content_import::ImportReport;
pub use posts::{PostFilter, PostRef};
pub use subscriptions::{Announcement, SubscribeOutcome};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Invalid(String),
}

impl StorageError {
    /// 500: the problem is ours, not the reader's.
    pub fn status(&self) -> axum::http::StatusCode {
        axum::http::StatusCode::INTERNAL_SERVER_ERROR
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// Which SQL the database speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// Migrations in order, per database; each database records how many have run.
const SQLITE_MIGRATIONS: &[&str] = &[
    include_str!("migrations/sqlite/001_schema.sql"),
    include_str!("migrations/sqlite/002_search.sql"),
    include_str!("migrations/sqlite/003_conversation.sql"),
    include_str!("migrations/sqlite/004_related.sql"),
    include_str!("migrations/sqlite/005_permalinks_and_images.sql"),
];

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path` and migrates it.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}?mode=rwc", percent_encode_path(&path.to_string_lossy()));
        let options: AnyConnectOptions = url.parse()?;
        let options = options.disable_statement_logging();
        // WAL lets readers go on while a comment is written. It is a
        // property of the file, so it is set once, before the pool opens
        // its connections at the same time.
        let mut first = options.connect().await?;
        first.execute("PRAGMA journal_mode = WAL").await?;
        migrate(&mut first, Dialect::Sqlite).await?;
        first.close().await?;
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, dialect: Dialect::Sqlite })
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

async fn migrate(conn: &mut AnyConnection, dialect: Dialect) -> Result<()> {
    let migrations = match dialect {
        Dialect::Sqlite => SQLITE_MIGRATIONS,
        Dialect::Postgres => &[],
    };
    let done: i64 = sqlx::query_scalar("PRAGMA user_version").fetch_one(&mut *conn).await?;
    for (i, sql) in migrations.iter().enumerate().skip(done as usize) {
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::raw_sql(&format!("PRAGMA user_version = {}", i + 1)).execute(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(migration = i + 1, "database migrated");
    }
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
