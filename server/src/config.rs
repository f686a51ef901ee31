//! Settings, from the command line or the environment.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::ArgAction;

use crate::host_name::HostName;
use crate::storage::{BlogEntry, Database, FloodLimits};

/// What handlers need from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub admin_token: Option<String>,
    pub trust_proxy: bool,
    /// Which `X-Forwarded-For` entry from the right the nearest trusted proxy wrote.
    pub proxy_hops: usize,
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
    /// `true`/`false`, `yes`/`no`, `1`/`0` or `on`/`off`.
    #[arg(long, env = "GOVBLOG_SSR", default_value = "true", value_parser = BoolishValueParser::new(),
          action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub ssr: bool,
    /// Take the client's address from the `X-Forwarded-For` entry the
    /// reverse proxy added (set only behind one, which must add it).
    /// `true`/`false`, `yes`/`no`, `1`/`0` or `on`/`off`.
    #[arg(long, env = "GOVBLOG_TRUST_PROXY", default_value = "false", value_parser = BoolishValueParser::new(),
          action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub trust_proxy: bool,
    /// How many trusted proxies add an `X-Forwarded-For` entry (a CDN in
    /// front of a load balancer: 2). The client's address is that many
    /// entries from the right; entries further left come from the client.
    #[arg(long, env = "GOVBLOG_PROXY_HOPS", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub proxy_hops: u8,
    /// Seconds a stop (SIGTERM or SIGINT) waits for the requests already
    /// received, and the emails being sent, before it exits anyway.
    #[arg(long, env = "GOVBLOG_SHUTDOWN_TIMEOUT", default_value_t = 20)]
    pub shutdown_timeout: u64,
    /// Seconds a stop goes on taking requests, answering `/readyz` with 503,
    /// so the load balancer sees it is stopping and sends readers elsewhere
    /// first: its health check's interval times its unhealthy threshold.
    #[arg(long, env = "GOVBLOG_SHUTDOWN_DRAIN", default_value_t = 0)]
    pub shutdown_drain: u64,
    /// `text` (the default: colours only on a terminal) or `json`, one
    /// object a line, for log shippers.
    #[arg(long, env = "GOVBLOG_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
    /// Where to serve Prometheus metrics (`/metrics`), e.g. `127.0.0.1:9464`;
    /// never on the public port. Off when unset.
    #[arg(long, env = "GOVBLOG_METRICS_ADDR")]
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// The network's own host name, e.g. `www.blog.gov.uk`: the index of
    /// every blog, the latest posts and one search across them all. Unset,
    /// there is none (and a deployment of one blog answers every host).
    #[arg(long, env = "GOVBLOG_NETWORK_HOST")]
    pub network_host: Option<String>,
    /// The network's name, on its own host.
    #[arg(long, env = "GOVBLOG_NETWORK_NAME", default_value = "GOV.UK blogs")]
    pub network_name: String,
    /// A live WordPress site this blog follows (the deployment's first
    /// blog), as WordPress knows it, e.g. `https://gds.blog.gov.uk`: its
    /// posts, pages and comments are copied through its REST API and kept
    /// in step. Unset, the blog follows none.
    #[arg(long, env = "GOVBLOG_WORDPRESS_URL")]
    pub wordpress_url: Option<url::Url>,
    /// The WordPress user govblog signs in as (an editor or administrator).
    #[arg(long, env = "GOVBLOG_WORDPRESS_USER")]
    pub wordpress_user: Option<String>,
    /// That user's application password (WordPress 5.6+: Users → Profile →
    /// Application Passwords). Never logged or shown.
    #[arg(long, env = "GOVBLOG_WORDPRESS_APP_PASSWORD", hide_env_values = true)]
    pub wordpress_app_password: Option<String>,
    /// Seconds between polls for changes.
    #[arg(long, env = "GOVBLOG_WORDPRESS_POLL", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub wordpress_poll: u64,
    /// Seconds between full checks, which find deleted posts, pages and
    /// comments and comments approved or held back later.
    #[arg(long, env = "GOVBLOG_WORDPRESS_FULL_CHECK", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub wordpress_full_check: u64,
    /// The secret WordPress's plugin signs its calls with
    /// (`POST /api/v1/wordpress/changed`). Never logged or shown.
    #[arg(long, env = "GOVBLOG_WORDPRESS_SECRET", hide_env_values = true)]
    pub wordpress_secret: Option<String>,
}

impl Config {
    /// How to reach the WordPress this blog follows, if it follows one: all
    /// three settings, or a clear error naming the missing one.
    pub fn wordpress(&self) -> anyhow::Result<Option<crate::wordpress::rest::Settings>> {
        let Some(url) = &self.wordpress_url else {
            if self.wordpress_user.is_some() || self.wordpress_app_password.is_some() {
                anyhow::bail!(
                    "GOVBLOG_WORDPRESS_USER and GOVBLOG_WORDPRESS_APP_PASSWORD need GOVBLOG_WORDPRESS_URL"
                );
            }
            return Ok(None);
        };
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            anyhow::bail!("GOVBLOG_WORDPRESS_URL must be an http or https address, not {url}");
        }
        let user = self.wordpress_user.clone().filter(|u| !u.trim().is_empty());
        let password = self.wordpress_app_password.clone().filter(|p| !p.trim().is_empty());
        let (Some(user), Some(app_password)) = (user, password) else {
            anyhow::bail!(
                "GOVBLOG_WORDPRESS_URL needs GOVBLOG_WORDPRESS_USER and GOVBLOG_WORDPRESS_APP_PASSWORD"
            );
        };
        Ok(Some(crate::wordpress::rest::Settings { url: url.clone(), user, app_password }))
    }

    /// Where the blog is stored.
    pub fn database(&self) -> Database {
        Database::from_settings(self.database_url.as_deref(), &self.database)
    }

    /// The settings handlers read on every request.
    pub fn settings(&self) -> Settings {
        Settings {
            admin_token: self.admin_token.clone().filter(|t| !t.trim().is_empty()),
            trust_proxy: self.trust_proxy,
            proxy_hops: usize::from(self.proxy_hops),
            ssr: self.ssr,
        }
    }

    /// How often one address may comment.
    pub fn flood_limits(&self) -> FloodLimits {
        FloodLimits { min_interval_secs: self.comment_interval, per_hour: self.comments_per_hour }
    }

    /// The public address without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}:{}", self.host, self.port),
        }
    }

    /// The host name of [`Config::public_url`]: the first blog's, when a
    /// deployment is made.
    pub fn first_host(&self) -> anyhow::Result<HostName> {
        let url = url::Url::parse(&self.public_url()).map_err(|e| {
            anyhow::anyhow!("GOVBLOG_PUBLIC_URL {:?} is not a web address: {e}", self.public_url())
        })?;
        url.host_str()
            .and_then(HostName::parse)
            .ok_or_else(|| anyhow::anyhow!("GOVBLOG_PUBLIC_URL {:?} names no host", self.public_url()))
    }

    /// The network's own host name, if one is set: a clear error if it is
    /// not a host name.
    pub fn network_host(&self) -> anyhow::Result<Option<HostName>> {
        match self.network_host.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            None => Ok(None),
            Some(h) => HostName::parse(h)
                .map(Some)
                .ok_or_else(|| anyhow::anyhow!("GOVBLOG_NETWORK_HOST {h:?} is not a host name")),
        }
    }

    /// A blog's public address: the public URL itself for the blog at its
    /// host, else the host with the public URL's scheme and port.
    pub fn url_for(&self, host: &HostName) -> String {
        let public = self.public_url();
        match url::Url::parse(&public) {
            Ok(mut url) if url.host_str().and_then(HostName::parse).as_ref() != Some(host) => {
                let bare = host.as_str().trim_start_matches('[').trim_end_matches(']');
                if url.set_host(Some(bare)).is_err() {
                    return format!("https://{host}");
                }
                url.as_str().trim_end_matches('/').to_owned()
            }
            _ => public,
        }
    }

    /// Where a blog's files copied in from WordPress are: the uploads
    /// folder for the first blog, a folder beside it for each further one.
    pub fn uploads_for(&self, blog: &BlogEntry) -> PathBuf {
        if blog.is_first() {
            return self.uploads.clone();
        }
        let name = self.uploads.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.uploads.with_file_name(format!("{name}-blogs")).join(blog.id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Config;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Cli::try_parse_from(std::iter::once("govblog-server").chain(args.iter().copied())).map(|c| c.config)
    }

    #[test]
    fn every_boolean_setting_takes_every_usual_spelling() {
        for (spelling, value) in
            [("1", true), ("0", false), ("true", true), ("false", false), ("yes", true), ("no", false)]
        {
            let config =
                parse(&[&format!("--trust-proxy={spelling}"), &format!("--ssr={spelling}")]).unwrap();
            assert_eq!((config.trust_proxy, config.ssr), (value, value), "{spelling}");
        }
        let config = parse(&["--trust-proxy"]).unwrap();
        assert!(config.trust_proxy, "the bare flag means true");
        let config = parse(&[]).unwrap();
        assert!(!config.trust_proxy && config.ssr, "the documented defaults");
        assert!(parse(&["--trust-proxy=maybe"]).is_err());
        assert!(parse(&["--proxy-hops=0"]).is_err());
    }
}
