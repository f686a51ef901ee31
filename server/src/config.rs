//! Settings, from the command line or the environment.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::storage::{Database, FloodLimits};

/// What handlers need from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub admin_token: Option<String>,
    pub flood: FloodLimits,
    pub trust_proxy: bool,
    pub ssr: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// The SQLite database file; created and migrated if missing.
    #[arg(long, env = "DATABASE", default_value = "govblog.db")]
    pub database: PathBuf,
    /// The database as a URL: `postgres://user:password@host/name` (add
    /// `?sslmode=require` for TLS) for PostgreSQL, shared by several
    /// servers; a path or `sqlite://path` for SQLite. Overrides `DATABASE`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The content folder imported on first start and by `import`.
    #[arg(long, env = "GOVBLOG_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// The SPA built by Trunk.
    #[arg(long, env = "GOVBLOG_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Files copied in from a WordPress blog (`import-wordpress --uploads`),
    /// served at `/wp-content/uploads/`.
    #[arg(long, env = "GOVBLOG_UPLOADS", default_value = "uploads")]
    pub uploads: PathBuf,
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
    /// Moderators' bearer token for the admin API; without it the admin API is off.
    #[arg(long, env = "GOVBLOG_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// SMTP server, e.g. `smtps://user:password@smtp.example.com:465`. Without
    /// it, emails are written to the outbox folder.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Where emails go when there is no SMTP server.
    #[arg(long, env = "GOVBLOG_OUTBOX", default_value = "outbox")]
    pub outbox: PathBuf,
    /// The sender of every email.
    #[arg(long, env = "GOVBLOG_MAIL_FROM", default_value = "govblog <noreply@localhost>")]
    pub mail_from: String,
    /// Seconds between two comments from one address.
    #[arg(long, env = "GOVBLOG_COMMENT_INTERVAL", default_value_t = 15)]
    pub comment_interval: u64,
    /// Comments from one address in an hour.
    #[arg(long, env = "GOVBLOG_COMMENTS_PER_HOUR", default_value_t = 20)]
    pub comments_per_hour: u32,
    /// Sites allowed to embed the blog and call its API from the browser,
    /// comma-separated origins like `https://www.example.gov.uk`.
    #[arg(long, env = "GOVBLOG_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Sites allowed to show the blog in a frame (CSP `frame-ancestors`),
    /// comma-separated origins; by default only the blog itself.
    #[arg(long, env = "GOVBLOG_FRAME_ANCESTORS", value_delimiter = ',')]
    pub frame_ancestors: Vec<String>,
    /// Render pages on the server (the default). `false` sends the bare app
    /// shell, which the app fills in: only for measuring what rendering saves.
    #[arg(long, env = "GOVBLOG_SSR", default_value_t = true, action = clap::ArgAction::Set)]
    pub ssr: bool,
    /// Take the client's address from `X-Forwarded-For` (set only behind a reverse proxy).
    #[arg(long, env = "GOVBLOG_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
}

impl Config {
    /// Where the blog is stored.
    pub fn database(&self) -> Database {
        Database::from_settings(self.database_url.as_deref(), &self.database)
    }

    /// The settings handlers read on every request.
    pub fn settings(&self) -> Settings {
        Settings {
            admin_token: self.admin_token.clone().filter(|t| !t.trim().is_empty()),
            flood: FloodLimits { min_interval_secs: self.comment_interval, per_hour: self.comments_per_hour },
            trust_proxy: self.trust_proxy,
            ssr: self.ssr,
        }
    }

    /// The public address without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}:{}", self.host, self.port),
        }
    }
}
