//! `govblog-server import-wordpress FILE`: a WordPress blog's export (WXR,
//! Tools → Export → All content) into govblog, at the same addresses.
//!
//! The file is read twice, as a stream each time ([`wxr`]): first for what
//! posts refer to ([`survey`]: users, categories, tags, co-authors, images,
//! reusable blocks, the page tree), then for the posts, pages and comments
//! themselves, converted ([`body`], with links rewritten by [`links`]) and
//! written ([`write`]) in one transaction
//! ([`crate::storage::WordPressImport`]); [`uploads`] copies the files. A file that is not well-formed,
//! not a WordPress export or cut short stops the import before anything is
//! written, with the line and column.
//!
//! What is carried over, and what is not, is in the README ("Moving a
//! WordPress blog to govblog").

pub mod autop;
pub mod body;
pub mod follow;
mod links;
pub mod rest;
mod survey;
mod uploads;
mod write;
pub mod wxr;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::storage::{StorageError, Store};
use links::Links;
use survey::Survey;
use uploads::copy_uploads;
use write::write;
use wxr::WxrError;

pub struct Options {
    /// Read and convert everything, then store nothing.
    pub dry_run: bool,
    /// The blog's `wp-content/uploads` folder, to copy in and serve.
    pub uploads_from: Option<PathBuf>,
    /// Where govblog keeps uploads (`GOVBLOG_UPLOADS`).
    pub uploads_to: PathBuf,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    pub posts: usize,
    /// Scheduled posts, imported to be published at their time.
    pub scheduled: Vec<i64>,
    pub pages: usize,
    pub authors: usize,
    pub categories: usize,
    pub tags: usize,
    pub comments: usize,
    pub pending_comments: usize,
    pub uploads_copied: usize,
    /// What was left out, by reason, with WordPress IDs.
    pub skipped: BTreeMap<String, Vec<i64>>,
    /// Categories and tags left out because their slugs are no address.
    pub skipped_terms: Vec<String>,
}

impl Report {
    fn skip(&mut self, reason: &str, id: i64) {
        self.skipped.entry(reason.to_owned()).or_default().push(id);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "{} posts ({} scheduled), {} pages, {} authors, {} categories, {} tags, {} comments ({} awaiting moderation)",
            self.posts,
            self.scheduled.len(),
            self.pages,
            self.authors,
            self.categories,
            self.tags,
            self.comments,
            self.pending_comments
        )?;
        if self.uploads_copied > 0 {
            writeln!(f, "{} uploaded files copied", self.uploads_copied)?;
        }
        if !self.skipped.is_empty() || !self.skipped_terms.is_empty() {
            writeln!(f, "Not imported:")?;
        }
        if !self.skipped_terms.is_empty() {
            let slugs = self.skipped_terms.join(", ");
            writeln!(f, "  categories and tags whose slugs are not addresses: {slugs}")?;
        }
        for (reason, ids) in &self.skipped {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            writeln!(f, "  {reason}: {} (WordPress IDs {})", ids.len(), ids.join(", "))?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] WxrError),
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("the uploads folder {0}")]
    Uploads(String),
}

/// Imports the export at `file` into `store`.
pub async fn import(store: &Store, file: &Path, options: &Options) -> Result<Report, ImportError> {
    let survey = Survey::read(file)?;
    let mut report = Report::default();
    let uploads = match &options.uploads_from {
        Some(from) if !options.dry_run => copy_uploads(from, &options.uploads_to)?,
        _ => HashSet::new(),
    };
    report.uploads_copied = uploads.len();
    let links = Links { base: survey.channel.base_url.clone(), uploads };
    let mut import = store.begin_wordpress_import().await?;
    let result = write(&mut import, file, &survey, &links, &mut report).await;
    match result {
        Ok(()) if options.dry_run => import.roll_back().await?,
        Ok(()) => import.commit().await?,
        Err(e) => {
            import.roll_back().await?;
            return Err(e);
        }
    }
    Ok(report)
}

/// Text WordPress stored with HTML entities (`&amp;` from its filters),
/// decoded once.
fn decode(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}
