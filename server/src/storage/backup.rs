//! Copies of an SQLite database for backups: made while the blog serves,
//! consistent (SQLite's `VACUUM INTO` reads one snapshot), and checked by
//! what they hold. PostgreSQL has its own tools (`pg_dump`, `pg_restore`;
//! see the README).

use std::path::Path;

use super::{Dialect, Result, StorageError, Store};

/// What a database holds, to tell a backup by.
#[derive(Debug, PartialEq, Eq)]
pub struct Holdings {
    pub posts: i64,
    pub pages: i64,
    pub comments: i64,
    pub subscribers: i64,
    pub moderators: i64,
}

impl Store {
    /// Writes a consistent copy of this SQLite database to `to`, which must
    /// not exist yet.
    pub async fn backup_into(&self, to: &Path) -> Result<()> {
        if self.dialect != Dialect::Sqlite {
            return Err(StorageError::Invalid("backup copies SQLite; for PostgreSQL use pg_dump".into()));
        }
        if to.exists() {
            return Err(StorageError::Invalid(format!("{} exists already: name a new file", to.display())));
        }
        sqlx::query("VACUUM INTO $1").bind(to.to_string_lossy().into_owned()).execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection: SQLite then folds its write-ahead log into
    /// the file, so the file alone is the whole database.
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// How many posts, pages, comments, subscribers and moderators it holds.
    pub async fn holdings(&self) -> Result<Holdings> {
        let count = |table: &'static str| async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.pool).await
        };
        Ok(Holdings {
            posts: count("posts").await?,
            pages: count("pages").await?,
            comments: count("comments").await?,
            subscribers: count("subscriptions").await?,
            moderators: count("moderators").await?,
        })
    }
}
