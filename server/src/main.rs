use clap::{Parser, Subcommand};
use govblog_server::{app, content, open_store, storage::Store, Config};

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
    /// Import the content folder into the database, adding or updating posts by slug.
    Import,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "govblog_server=info,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Import => {
            let content = content::load(&config.content)?;
            let report = Store::open(&config.database)?.import(content).await?;
            println!(
                "Imported {} posts and {} new comments into {}",
                report.posts,
                report.comments_added,
                config.database.display()
            );
            Ok(())
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let listener = tokio::net::TcpListener::bind((config.host, config.port)).await?;
    let addr = listener.local_addr()?;
    tracing::info!("govblog is running: open http://{addr}/");
    axum::serve(listener, app(&config, store).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
