//! Settings, from the command line or the environment.

use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// The SQLite database file; created and migrated if missing.
    #[arg(long, env = "DATABASE", default_value = "govblog.db")]
    pub database: PathBuf,
    /// The content folder imported on first start and by `import`.
    #[arg(long, env = "GOVBLOG_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// The SPA built by Trunk.
    #[arg(long, env = "GOVBLOG_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// The blog's public address, for absolute links in feeds and the
    /// sitemap, e.g. `https://blog.example.gov.uk`. Defaults to where it listens.
    #[arg(long, env = "GOVBLOG_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl Config {
    /// The public address without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}:{}", self.host, self.port),
        }
    }
}
