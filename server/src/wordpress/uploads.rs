//! `--uploads DIR`: the blog's `wp-content/uploads` copied into govblog's.

use std::collections::HashSet;
use std::path::Path;

use super::ImportError;

/// Copies an uploads folder into `to`, keeping its layout; the relative
/// paths copied.
pub(super) fn copy_uploads(from: &Path, to: &Path) -> Result<HashSet<String>, ImportError> {
    let fail = |e: std::io::Error| ImportError::Uploads(format!("{}: {e}", from.display()));
    let mut copied = HashSet::new();
    let mut folders = vec![from.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(fail)? {
            let entry = entry.map_err(fail)?;
            let path = entry.path();
            if entry.file_type().map_err(fail)?.is_dir() {
                folders.push(path);
                continue;
            }
            let relative = path.strip_prefix(from).expect("inside the folder");
            let target = to.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(fail)?;
            }
            std::fs::copy(&path, &target).map_err(fail)?;
            copied.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(copied)
}
