use anyhow::Context;
use clap::{Parser, Subcommand};
use govblog_server::host_name::HostName;
use govblog_server::mail::Mailer;
use govblog_server::storage::{BlogEntry, CommentStatus, Database, FollowedSite, Holdings, Network, Store};
use std::future::IntoFuture;
use std::time::Duration;

use govblog_server::following::{Followers, Schedule};
use govblog_server::metrics::Metrics;
use govblog_server::state::Lifecycle;
use govblog_server::{app_with, comments, content, open_database, open_store, passwords, wordpress, Config};

#[derive(Parser)]
#[command(name = "govblog-server", about = "govblog's JSON API and SPA server")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the blog (the default).
    Serve,
    /// The blogs this deployment serves, each at its own host name.
    Blogs {
        #[command(subcommand)]
        action: BlogsCommand,
    },
    /// Write a consistent copy of a blog's SQLite database to FILE while
    /// the blog serves, check that it opens, and say what it holds.
    /// (PostgreSQL: use pg_dump; see the README.)
    Backup {
        /// A new file for the copy.
        file: std::path::PathBuf,
        #[command(flatten)]
        which: Which,
    },
    /// Replace the SQLite database with the copy in FILE. Stop the server
    /// first; asks for --yes.
    Restore {
        file: std::path::PathBuf,
        /// Yes, replace the database.
        #[arg(long)]
        yes: bool,
    },
    /// Import the content folder into a blog, adding or updating posts by slug.
    Import {
        #[command(flatten)]
        which: Which,
    },
    /// Import a WordPress export (Tools → Export → All content): posts,
    /// pages, categories, tags, authors and comments, at the same addresses.
    /// Run again, it updates what it imported before.
    ImportWordpress {
        /// The export, an XML (WXR) file.
        file: std::path::PathBuf,
        /// Read and check everything and print the report, storing nothing.
        #[arg(long)]
        dry_run: bool,
        /// The blog's `wp-content/uploads` folder: its files are copied in
        /// and served by govblog.
        #[arg(long)]
        uploads: Option<std::path::PathBuf>,
        #[command(flatten)]
        which: Which,
    },
    /// Email a blog's confirmed subscribers about posts published since the last run.
    Notify {
        #[command(flatten)]
        which: Which,
    },
    /// Moderate a blog's comments.
    Comments {
        #[command(subcommand)]
        action: CommentsCommand,
        #[command(flatten)]
        which: Which,
    },
    /// A blog's moderator accounts, for the moderation pages at /moderate/.
    Moderators {
        #[command(subcommand)]
        action: ModeratorsCommand,
        #[command(flatten)]
        which: Which,
    },
}

/// Which blog a command acts on.
#[derive(clap::Args, Clone)]
struct Which {
    /// The blog's host name, e.g. `gds.blog.gov.uk`; may be left out while
    /// the deployment has one blog.
    #[arg(long, value_name = "HOST", global = true)]
    blog: Option<String>,
}

/// A blog's own settings, as `blogs add` and `blogs set` take them.
#[derive(clap::Args, Clone, Default)]
struct BlogSettings {
    /// The blog's name, e.g. "Policy Lab".
    #[arg(long)]
    name: Option<String>,
    /// The organisation that runs it, e.g. "Cabinet Office".
    #[arg(long)]
    organisation: Option<String>,
    /// One sentence about the blog.
    #[arg(long)]
    description: Option<String>,
    /// Where readers learn how their comments and emails are handled.
    #[arg(long)]
    privacy_notice_url: Option<String>,
}

/// A live WordPress for a blog to follow (checked before it is stored).
#[derive(clap::Args)]
struct FollowSettings {
    /// Follow this live WordPress site (its address as WordPress knows it):
    /// its content is copied and kept in step, readers' comments are
    /// moderated there. The blog's own posts stay.
    #[arg(long, value_name = "URL", requires_all = ["wordpress_user", "wordpress_app_password_file"])]
    wordpress_url: Option<String>,
    /// The WordPress user govblog signs in as (an editor or administrator).
    #[arg(long, value_name = "USER", requires = "wordpress_url")]
    wordpress_user: Option<String>,
    /// A file holding that user's application password (so it is in no
    /// shell history or process list).
    #[arg(long, value_name = "FILE", requires = "wordpress_url")]
    wordpress_app_password_file: Option<std::path::PathBuf>,
    /// A file holding the secret the site's govblog plugin signs its calls with.
    #[arg(long, value_name = "FILE", requires = "wordpress_url")]
    wordpress_secret_file: Option<std::path::PathBuf>,
    /// Stop following: what was copied stays, comments are moderated here again.
    #[arg(long, conflicts_with = "wordpress_url")]
    no_wordpress: bool,
}

impl FollowSettings {
    fn given(&self) -> bool {
        self.wordpress_url.is_some() || self.no_wordpress
    }

    /// The site to follow, checked by signing in to it: `None` if none was given.
    async fn checked(&self, blog: &BlogEntry) -> anyhow::Result<Option<FollowedSite>> {
        let (Some(url), Some(user), Some(password_file)) =
            (&self.wordpress_url, &self.wordpress_user, &self.wordpress_app_password_file)
        else {
            return Ok(None);
        };
        let secret = self.wordpress_secret_file.as_deref().map(secret_file).transpose()?;
        let mut site = FollowedSite {
            blog_id: blog.id,
            url: url.trim().to_owned(),
            user: user.trim().to_owned(),
            app_password: secret_file(password_file)?,
            secret,
        };
        if site.user.is_empty() {
            anyhow::bail!("--wordpress-user is empty");
        }
        let connected = wordpress::rest::Site::connect(site.settings()?).await?;
        site.url = connected.url().as_str().trim_end_matches('/').to_owned();
        Ok(Some(site))
    }
}

/// The first line of a file holding a secret, which must not be empty.
fn secret_file(path: &std::path::Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let secret = text.lines().next().unwrap_or("").trim().to_owned();
    if secret.is_empty() {
        anyhow::bail!("{} is empty", path.display());
    }
    Ok(secret)
}

#[derive(Subcommand)]
enum BlogsCommand {
    /// Add a blog at HOST, empty, with its own database.
    Add {
        host: String,
        #[command(flatten)]
        settings: BlogSettings,
    },
    /// List the blogs.
    List,
    /// Change a blog's settings, or its host name (`--host NEW`).
    Set {
        blog: String,
        /// A new host name for the blog.
        #[arg(long = "host", value_name = "NEW")]
        new_host: Option<String>,
        /// The sites that may embed this blog, comma-separated origins
        /// (`https://www.example.gov.uk`); "" for the deployment's
        /// (`GOVBLOG_CORS_ORIGINS`).
        #[arg(long, value_name = "ORIGINS")]
        embed_origins: Option<String>,
        #[command(flatten)]
        settings: BlogSettings,
        #[command(flatten)]
        follow: FollowSettings,
    },
    /// Archive a blog: it stays readable, takes no more comments or
    /// subscriptions, and says it is no longer updated.
    Archive {
        blog: String,
        /// Open it again instead.
        #[arg(long)]
        undo: bool,
    },
    /// Remove a blog and everything of it (posts, comments, subscribers,
    /// moderators, files); asks for --yes.
    Remove {
        blog: String,
        /// Yes, remove it.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum ModeratorsCommand {
    /// Add a moderator (or give one a new password, ending their sessions)
    /// and print a generated password to pass on to them.
    Add {
        email: String,
        /// A network administrator: a moderator of every blog, and of each
        /// blog added later.
        #[arg(long, conflicts_with = "blog")]
        network: bool,
    },
    /// Remove a moderator and end their sessions.
    Remove {
        email: String,
        /// A network administrator, from every blog.
        #[arg(long, conflicts_with = "blog")]
        network: bool,
    },
    /// List moderators.
    List,
}

#[derive(Subcommand)]
enum CommentsCommand {
    /// List comments with a status (default: pending).
    List {
        #[arg(long, default_value = "pending")]
        status: String,
    },
    /// Make a comment public.
    Approve { id: i64 },
    /// Keep a comment off the blog.
    Reject { id: i64 },
    /// Mark a comment as spam.
    Spam { id: i64 },
    /// Close comments on a post, given its address.
    Close { post: String },
    /// Open comments on a post again, given its address.
    Open { post: String },
    /// Close comments on every post (a pre-election period, say), telling readers why.
    CloseAll {
        #[arg(long)]
        message: String,
    },
    /// Open comments again on every post that allows them.
    OpenAll,
}

/// Who the moderation record says acted, for commands.
const COMMAND_LINE: &str = "command line";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    govblog_server::passwords::return_large_blocks();
    let cli = Cli::parse();
    let config = cli.config;
    start_logging(&config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Blogs { action } => blogs(&config, action).await,
        Command::Import { which } => {
            let (blog, store) = blog_for(&config, &which).await?;
            let content = content::load(&config.content)?.with_image_sizes(&config.dist);
            let report = store.import(content).await?;
            println!(
                "Imported {} posts and {} new comments into {}",
                report.posts, report.comments_added, blog.host
            );
            Ok(())
        }
        Command::ImportWordpress { file, dry_run, uploads, which } => {
            let (blog, store) = blog_for(&config, &which).await?;
            let options =
                wordpress::Options { dry_run, uploads_from: uploads, uploads_to: config.uploads_for(&blog) };
            let started = std::time::Instant::now();
            let report = wordpress::import(&store, &file, &options).await?;
            let verb = if dry_run { "Would import (dry run, nothing stored)" } else { "Imported" };
            print!("{verb} from {} into {}:\n{report}", file.display(), blog.host);
            println!(
                "Took {:.1} s; peak memory {}",
                started.elapsed().as_secs_f64(),
                peak_memory().unwrap_or_else(|| "unknown".into())
            );
            Ok(())
        }
        Command::Backup { file, which } => {
            let (_, store) = blog_for(&config, &which).await?;
            store.backup_into(&file).await?;
            let copy = Store::open(&Database::Sqlite(file.clone())).await?;
            let holdings = copy.holdings().await?;
            copy.close().await;
            println!("{} written: {}", file.display(), describe(&holdings));
            Ok(())
        }
        Command::Restore { file, yes } => restore(&config, &file, yes).await,
        Command::Notify { which } => {
            let (blog, store) = blog_for(&config, &which).await?;
            let mailer = mailer(&config)?;
            let report = govblog_server::notify::notify(&store, &mailer, &config.url_for(&blog.host)).await?;
            println!(
                "{} new posts: {} emails sent, {} failed (they will be retried)",
                report.posts, report.sent, report.failed
            );
            if report.failed > 0 {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Comments { action, which } => moderate(&config, &which, action).await,
        Command::Moderators { action, which } => moderators(&config, &which, action).await,
    }
}

/// The blog a command names with `--blog`, or the only one.
async fn blog_for(config: &Config, which: &Which) -> anyhow::Result<(BlogEntry, Store)> {
    let network = open_database(config).await?;
    let blogs = network.blogs().await?;
    let blog = match &which.blog {
        Some(named) => {
            let host = HostName::parse(named)
                .ok_or_else(|| anyhow::anyhow!("--blog {named:?} is not a host name"))?;
            blogs.into_iter().find(|b| b.host == host).ok_or_else(|| {
                anyhow::anyhow!("there is no blog at {host}: `blogs list` shows them, `blogs add` adds one")
            })?
        }
        None => match <[BlogEntry; 1]>::try_from(blogs) {
            Ok([only]) => only,
            Err(blogs) => anyhow::bail!(
                "this deployment has {} blogs: say which with --blog HOST ({})",
                blogs.len(),
                blogs.iter().map(|b| b.host.to_string()).collect::<Vec<_>>().join(", ")
            ),
        },
    };
    let store = network.store(&blog).await?;
    Ok((blog, store))
}

/// A host name typed on the command line, or a clear error.
fn host_argument(value: &str) -> anyhow::Result<HostName> {
    HostName::parse(value).ok_or_else(|| {
        anyhow::anyhow!(
            "{value:?} is not a host name (letters, digits, hyphens and dots, e.g. gds.blog.gov.uk)"
        )
    })
}

/// Origins typed on the command line (`https://a.gov.uk,https://b.gov.uk`),
/// each checked, in their one spelling.
fn origins_argument(value: &str) -> anyhow::Result<Vec<String>> {
    value
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| {
            let url = url::Url::parse(o)
                .map_err(|_| anyhow::anyhow!("{o:?} is not an origin like https://www.example.gov.uk"))?;
            let bare = url.path() == "/"
                && url.query().is_none()
                && url.fragment().is_none()
                && url.username().is_empty();
            if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() || !bare {
                anyhow::bail!("{o:?} is not an origin like https://www.example.gov.uk (no path)");
            }
            Ok(url.origin().ascii_serialization())
        })
        .collect()
}

/// The blog at `host`, or a clear error.
async fn named_blog(network: &Network, host: &str) -> anyhow::Result<BlogEntry> {
    let host = host_argument(host)?;
    network
        .blog(&host)
        .await?
        .ok_or_else(|| anyhow::anyhow!("there is no blog at {host}: `blogs list` shows them"))
}

/// `blogs add|list|set|archive|remove`.
async fn blogs(config: &Config, action: BlogsCommand) -> anyhow::Result<()> {
    let network = open_database(config).await?;
    match action {
        BlogsCommand::Add { host, settings } => {
            let host = host_argument(&host)?;
            if config.network_host()?.as_ref() == Some(&host) {
                anyhow::bail!("{host} is the network's own host (GOVBLOG_NETWORK_HOST), not a blog's");
            }
            let values = settings.checked()?;
            if !values.iter().any(|(key, _)| *key == "name") {
                anyhow::bail!("a new blog needs a name: --name NAME");
            }
            let blog = network.add(&host).await?;
            let stored = async { network.store(&blog).await?.put_site(&values).await };
            if let Err(e) = stored.await {
                // All or nothing: a blog without its settings is no blog.
                network.remove(&blog).await?;
                anyhow::bail!("could not add {host}: {e}");
            }
            println!("Added {host}: {}", config.url_for(&host));
        }
        BlogsCommand::List => {
            let followed = network.followed_sites().await?;
            for blog in network.blogs().await? {
                let site = network.store(&blog).await?.site().await?;
                let archived = if blog.archived { "  (archived)" } else { "" };
                let follows = followed
                    .iter()
                    .find(|f| f.blog_id == blog.id)
                    .map(|f| format!("  (follows {})", f.url))
                    .unwrap_or_default();
                println!("{}  {}  {}{archived}{follows}", blog.host, site.name, config.url_for(&blog.host));
            }
        }
        BlogsCommand::Set { blog, new_host, embed_origins, settings, follow } => {
            let entry = named_blog(&network, &blog).await?;
            let values = settings.checked()?;
            let embed_origins = embed_origins.as_deref().map(origins_argument).transpose()?;
            let new_host = new_host.as_deref().map(host_argument).transpose()?;
            if new_host.is_some() && config.network_host()? == new_host {
                anyhow::bail!("that is the network's own host (GOVBLOG_NETWORK_HOST), not a blog's");
            }
            if values.is_empty() && new_host.is_none() && embed_origins.is_none() && !follow.given() {
                anyhow::bail!(
                    "nothing to set: give --name, --organisation, --description, --privacy-notice-url, \
                     --embed-origins, --host, --wordpress-url or --no-wordpress"
                );
            }
            // Checked before anything is stored: a wrong address or password changes nothing.
            let followed = follow.checked(&entry).await?;
            network.store(&entry).await?.put_site(&values).await?;
            if let Some(site) = &followed {
                network.set_followed_site(&entry, Some(site)).await?;
                println!(
                    "{} follows {} (signed in as {}); every server starts following it within {} seconds",
                    entry.host,
                    site.url,
                    site.user,
                    govblog_server::following::LOOK_AGAIN.as_secs()
                );
            }
            if follow.no_wordpress {
                network.set_followed_site(&entry, None).await?;
                println!("{} no longer follows a WordPress; its comments are moderated here", entry.host);
            }
            if let Some(origins) = &embed_origins {
                network.set_embed_origins(&entry, origins).await?;
            }
            if let Some(host) = &new_host {
                network.set_host(&entry, host).await?;
            }
            println!("Set {}", new_host.as_ref().unwrap_or(&entry.host));
        }
        BlogsCommand::Archive { blog, undo } => {
            let entry = named_blog(&network, &blog).await?;
            network.set_archived(&entry, !undo).await?;
            let state =
                if undo { "open again" } else { "archived: readable, closed to comments and subscriptions" };
            println!("{} is {state}", entry.host);
        }
        BlogsCommand::Remove { blog, yes } => {
            let entry = named_blog(&network, &blog).await?;
            let holdings = network.store(&entry).await?.holdings().await?;
            if !yes {
                anyhow::bail!(
                    "this removes {} and everything of it ({}); run again with --yes",
                    entry.host,
                    describe(&holdings)
                );
            }
            network.remove(&entry).await?;
            let uploads = config.uploads_for(&entry);
            if !entry.is_first() && uploads.exists() {
                std::fs::remove_dir_all(&uploads)?;
            }
            println!("Removed {} ({})", entry.host, describe(&holdings));
        }
    }
    Ok(())
}

impl BlogSettings {
    /// The settings given, checked: all good, or an error naming the bad one.
    fn checked(&self) -> anyhow::Result<Vec<(&'static str, &str)>> {
        let mut values = Vec::new();
        for (key, flag, value, limit) in [
            ("name", "--name", &self.name, 100),
            ("organisation", "--organisation", &self.organisation, 200),
            ("description", "--description", &self.description, 500),
            ("privacy_notice_url", "--privacy-notice-url", &self.privacy_notice_url, 2000),
        ] {
            let Some(value) = value.as_deref().map(str::trim) else { continue };
            if (key == "name" && value.is_empty()) || value.chars().count() > limit {
                anyhow::bail!("{flag} must be 1 to {limit} characters");
            }
            if value.chars().any(char::is_control) {
                anyhow::bail!("{flag} must be one line of text");
            }
            if key == "privacy_notice_url"
                && !(value.starts_with("https://") || value.starts_with("http://") || value.starts_with('/'))
            {
                anyhow::bail!("{flag} must be a web address (https://...) or a path on the blog (/...)");
            }
            values.push((key, value));
        }
        Ok(values)
    }
}

fn mailer(config: &Config) -> anyhow::Result<Mailer> {
    Mailer::new(config.smtp_url.as_deref(), config.outbox.clone(), &config.mail_from)
}

/// `comments ...`: moderation from the command line.
async fn moderate(config: &Config, which: &Which, action: CommentsCommand) -> anyhow::Result<()> {
    let (blog, store) = blog_for(config, which).await?;
    let (id, status) = match action {
        CommentsCommand::List { status } => {
            let status = CommentStatus::parse(&status)
                .ok_or_else(|| anyhow::anyhow!("status must be pending, approved, rejected or spam"))?;
            for item in store.moderation_queue(status, i64::MAX).await? {
                println!(
                    "#{} on {} by {} <{}> at {}:\n  {}\n",
                    item.comment.id,
                    item.post_permalink,
                    item.comment.author_name,
                    item.author_email,
                    item.comment.posted_at,
                    item.comment.text.replace('\n', "\n  ")
                );
            }
            return Ok(());
        }
        CommentsCommand::Approve { id } => (id, CommentStatus::Approved),
        CommentsCommand::Reject { id } => (id, CommentStatus::Rejected),
        CommentsCommand::Spam { id } => (id, CommentStatus::Spam),
        CommentsCommand::Close { post } => return set_post_comments(&store, &post, false).await,
        CommentsCommand::Open { post } => return set_post_comments(&store, &post, true).await,
        CommentsCommand::CloseAll { message } => {
            if let Some(problem) = comments::closing_message_problem(&message) {
                anyhow::bail!("{problem}");
            }
            store.set_blog_comments_closed(Some(message.trim()), COMMAND_LINE).await?;
            println!("Comments are closed on every post");
            return Ok(());
        }
        CommentsCommand::OpenAll => {
            store.set_blog_comments_closed(None, COMMAND_LINE).await?;
            println!("Comments are open again on every post that allows them");
            return Ok(());
        }
    };
    if store.comment_status(id).await?.is_none() {
        anyhow::bail!("there is no comment {id}");
    }
    comments::decide(&store, &config.url_for(&blog.host), &[id], status, COMMAND_LINE).await?;
    println!("Comment {id} is now {}", status.as_str());
    // The emails approving it owes commenters go now.
    let sent = govblog_server::mail::deliver_queued(&store, &mailer(config)?).await?;
    if sent > 0 {
        println!("{sent} emails sent to commenters");
    }
    Ok(())
}

async fn set_post_comments(
    store: &govblog_server::storage::Store,
    address: &str,
    open: bool,
) -> anyhow::Result<()> {
    let Some(post) = comments::post_at_address(store, address).await? else {
        anyhow::bail!("there is no published post at {address}");
    };
    store.set_post_comments_open(post.id, open, COMMAND_LINE).await?;
    println!("Comments are {} on {address}", if open { "open" } else { "closed" });
    Ok(())
}

/// `moderators add|remove|list`.
async fn moderators(config: &Config, which: &Which, action: ModeratorsCommand) -> anyhow::Result<()> {
    match &action {
        ModeratorsCommand::Add { email, network: true } => {
            if let Some(problem) = govblog_shared::validation::validate_email(email) {
                anyhow::bail!("{problem}");
            }
            let password = passwords::generate();
            let added = open_database(config)
                .await?
                .put_network_moderator(email, &passwords::hash(&password)?)
                .await?;
            let verb = if added { "Added network administrator" } else { "Set a new password for" };
            println!("{verb} {}. Their password (shown once; pass it on safely):\n{password}", email.trim());
            println!("They sign in at /moderate/ on any blog");
            return Ok(());
        }
        ModeratorsCommand::Remove { email, network: true } => {
            if !open_database(config).await?.remove_network_moderator(email).await? {
                anyhow::bail!("there is no network administrator {}", email.trim());
            }
            println!("Removed {} from every blog", email.trim());
            return Ok(());
        }
        _ => {}
    }
    let (blog, store) = blog_for(config, which).await?;
    match action {
        ModeratorsCommand::Add { email, .. } => {
            if let Some(problem) = govblog_shared::validation::validate_email(&email) {
                anyhow::bail!("{problem}");
            }
            let password = passwords::generate();
            let added = store.put_moderator(&email, &passwords::hash(&password)?).await?;
            let verb = if added { "Added" } else { "Set a new password for" };
            println!("{verb} {}. Their password (shown once; pass it on safely):\n{password}", email.trim());
            println!("They sign in at {}/moderate/", config.url_for(&blog.host));
        }
        ModeratorsCommand::Remove { email, .. } => {
            if !store.remove_moderator(&email).await? {
                anyhow::bail!("there is no moderator {}", email.trim());
            }
            println!("Removed {}", email.trim());
        }
        ModeratorsCommand::List => {
            let network: Vec<String> = open_database(config)
                .await?
                .network_moderators()
                .await?
                .into_iter()
                .map(|(e, _)| e)
                .collect();
            for (email, added) in store.moderators().await? {
                let role = if network.contains(&email) { ", network administrator" } else { "" };
                println!("{email}  (added {added}{role})");
            }
        }
    }
    Ok(())
}

/// Serves until SIGTERM (what systemd and orchestrators send) or SIGINT
/// (Ctrl-C), then stops without dropping a request: `/readyz` answers 503
/// at once; after `GOVBLOG_SHUTDOWN_DRAIN` seconds no new connection is
/// taken; every request already received is answered and the emails being
/// sent are sent; then it exits 0. Past `GOVBLOG_SHUTDOWN_TIMEOUT` it exits
/// anyway (status 1), saying how many requests it dropped.
async fn serve(config: Config) -> anyhow::Result<()> {
    config.network_host()?;
    let network = open_store(&config).await?;
    let listener = tokio::net::TcpListener::bind((config.host, config.port)).await?;
    let addr = listener.local_addr()?;
    tracing::info!("govblog is running: open http://{addr}/");
    let mailer = mailer(&config)?;
    let (lifecycle, metrics) = (Lifecycle::default(), Metrics::default());
    if let Some(at) = config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(at).await?;
        tracing::info!("metrics at http://{at}/metrics");
        let metrics_app = govblog_server::metrics_app(metrics.clone(), network.first().clone());
        tokio::spawn(async move { axum::serve(listener, metrics_app).await });
    }
    let followers = follow_wordpress(&config, &network).await?;
    let router = app_with(&config, network, mailer, lifecycle.clone(), metrics, followers.clone());
    let (drain, limit) =
        (Duration::from_secs(config.shutdown_drain), Duration::from_secs(config.shutdown_timeout));
    let stop = lifecycle.clone();
    let served = axum::serve(
        govblog_server::no_delay(listener),
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        stop_signal().await;
        stop.begin_stop();
        tracing::info!(in_flight = stop.in_flight(), "stopping: answering the requests received");
        tokio::time::sleep(drain).await;
    });
    let deadline = async {
        lifecycle.stop_begun().await;
        tokio::time::sleep(drain + limit).await;
    };
    tokio::select! {
        served = served.into_future() => served?,
        () = deadline => {
            tracing::error!(dropped = lifecycle.in_flight(), "stop timed out: exiting with requests unanswered");
            std::process::exit(1);
        }
    }
    followers.stop().await;
    if !lifecycle.delivery_finished(limit).await {
        tracing::warn!("stop timed out: emails being sent are left to the next server (tried again later)");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Starts following each blog's live WordPress (`blogs set
/// --wordpress-url`, and the settings' `GOVBLOG_WORDPRESS_*` for the first
/// blog). The settings' site is checked first: a wrong address or password
/// stops the server at once, with what is wrong.
async fn follow_wordpress(config: &Config, network: &Network) -> anyhow::Result<Followers> {
    let first = match config.wordpress()? {
        Some(settings) => {
            let site = wordpress::rest::Site::connect(settings.clone()).await?;
            let blog = network.blogs().await?.first().map(|b| b.id).context("the deployment has no blog")?;
            Some(FollowedSite {
                blog_id: blog,
                url: site.url().to_string(),
                user: settings.user,
                app_password: settings.app_password,
                secret: config.wordpress_secret.clone(),
            })
        }
        None => None,
    };
    let schedule = Schedule {
        poll: Duration::from_secs(config.wordpress_poll),
        full_check: Duration::from_secs(config.wordpress_full_check),
    };
    let followers = Followers::default();
    followers.spawn(network.clone(), schedule, first);
    Ok(followers)
}

/// Logs to standard output, as text (coloured only on a terminal) or one
/// JSON object a line (`GOVBLOG_LOG_FORMAT=json`).
fn start_logging(format: &str) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "govblog_server=info,tower_http=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if format == "json" {
        logs.json().with_current_span(false).init();
    } else {
        logs.with_ansi(std::io::stdout().is_terminal()).init();
    }
}

fn describe(h: &Holdings) -> String {
    format!(
        "{} posts, {} pages, {} comments, {} subscriptions, {} moderators",
        h.posts, h.pages, h.comments, h.subscribers, h.moderators
    )
}

/// Replaces the SQLite database with the copy at `file`, once it is known
/// to open as a govblog database: written beside the database, then renamed
/// over it, so a failure leaves the old database as it was.
async fn restore(config: &Config, file: &std::path::Path, yes: bool) -> anyhow::Result<()> {
    let Database::Sqlite(target) = config.database() else {
        anyhow::bail!("restore replaces an SQLite database; for PostgreSQL use pg_restore (see the README)");
    };
    let copy = Store::open(&Database::Sqlite(file.to_owned()))
        .await
        .map_err(|e| anyhow::anyhow!("{} is not a govblog database: {e}", file.display()))?;
    let holdings = copy.holdings().await?;
    copy.close().await;
    if !yes {
        anyhow::bail!(
            "this replaces {} with {} ({}); stop the server, then run again with --yes",
            target.display(),
            file.display(),
            describe(&holdings)
        );
    }
    let staged = target.with_extension("restoring");
    std::fs::copy(file, &staged)?;
    std::fs::File::open(&staged)?.sync_all()?;
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", target.display()));
    }
    std::fs::rename(&staged, &target)?;
    println!("{} restored from {}: {}", target.display(), file.display(), describe(&holdings));
    Ok(())
}

/// SIGTERM or SIGINT, whichever comes first.
async fn stop_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(term) => term,
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the server gracefully");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

/// This process's peak resident memory, as Linux reports it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.1} MB", kb as f64 / 1024.0))
}
