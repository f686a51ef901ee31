//! The one place that knows how posts, taxonomies and comments are stored.
//! Handlers call these async methods and never see SQL, so another database
//! (PostgreSQL, when one machine is not enough) can be added here alone.
//!
//! SQLite is used through a small connection pool; each call runs on
//! Tokio's blocking threads so a slow query never stalls the async runtime.

mod comments;
mod content_import;
mod queries;
mod subscriptions;

use std::path::Path;

use r2d2_sqlite::rusqlite::{self, Connection};
use r2d2_sqlite::SqliteConnectionManager;

pub use comments::{FloodLimits, Refusal, Status as CommentStatus};
pub use content_import::ImportReport;
pub use queries::PostFilter;
pub use subscriptions::{Announcement, SubscribeOutcome};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// Migrations in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("search.sql"),
    include_str!("conversation.sql"),
    include_str!("related.sql"),
];

#[derive(Clone)]
pub struct Store {
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        // WAL lets readers go on while a comment is written. It is a
        // property of the file, so it is set once, before the pool opens
        // its connections at the same time.
        let mut first = Connection::open(path)?;
        first.busy_timeout(std::time::Duration::from_secs(5))?;
        first.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&mut first)?;
        drop(first);
        let manager = SqliteConnectionManager::file(path).with_init(|c| {
            c.execute_batch(
                "PRAGMA busy_timeout = 5000;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;",
            )
        });
        let pool = r2d2::Pool::builder().max_size(8).build(manager)?;
        Ok(Store { pool })
    }

    /// Runs `f` with a pooled connection on a blocking thread.
    async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || f(&mut *pool.get()?)).await?
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let done: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
        tracing::info!(migration = i + 1, "database migrated");
    }
    Ok(())
}
