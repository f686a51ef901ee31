//! What the blog counts, for Prometheus: requests by route template (never
//! a raw path), their durations, answers kept in memory or read from the
//! database, comments received and refused by reason, sign-in failures and
//! throttled attempts, and, read when scraped, the database pool and the
//! mail queue. Served as Prometheus text on `GOVBLOG_METRICS_ADDR` only,
//! never on the public port. Every label comes from a fixed set (route
//! templates, methods, statuses, reasons), so none can grow without bound.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::storage::{StorageError, Store};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

/// Every metric, shared by the server's handlers.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram>,
    answers: Family<SourceLabels, Counter>,
    comments_received: Counter,
    comments_refused: Family<ReasonLabels, Counter>,
    sign_in_failures: Counter,
    sign_in_throttled: Family<ReasonLabels, Counter>,
    pool_connections: Gauge,
    pool_in_use: Gauge,
    mail_queue_depth: Gauge,
    mail_queue_oldest: Gauge,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            requests.clone(),
        );
        let durations = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route template",
            durations.clone(),
        );
        let answers = Family::<SourceLabels, Counter>::default();
        registry.register(
            "api_answers",
            "API answers kept in memory (cache) or read from the database",
            answers.clone(),
        );
        let comments_received = Counter::default();
        registry.register(
            "comments_received",
            "Comments stored, awaiting moderation",
            comments_received.clone(),
        );
        let comments_refused = Family::<ReasonLabels, Counter>::default();
        registry.register("comments_refused", "Comments refused, by reason", comments_refused.clone());
        let sign_in_failures = Counter::default();
        registry.register(
            "sign_in_failures",
            "Moderators' sign-ins with a wrong email or password",
            sign_in_failures.clone(),
        );
        let sign_in_throttled = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "sign_in_throttled",
            "Sign-in and admin-token attempts refused as too many, by reason",
            sign_in_throttled.clone(),
        );
        let pool_connections = Gauge::default();
        registry.register("db_pool_connections", "Database connections open", pool_connections.clone());
        let pool_in_use = Gauge::default();
        registry.register("db_pool_in_use", "Database connections in use", pool_in_use.clone());
        let mail_queue_depth = Gauge::default();
        registry.register("mail_queue_depth", "Emails waiting to be sent", mail_queue_depth.clone());
        let mail_queue_oldest = Gauge::default();
        registry.register(
            "mail_queue_oldest_seconds",
            "Age of the oldest email waiting",
            mail_queue_oldest.clone(),
        );
        Metrics(Arc::new(Inner {
            registry,
            requests,
            durations,
            answers,
            comments_received,
            comments_refused,
            sign_in_failures,
            sign_in_throttled,
            pool_connections,
            pool_in_use,
            mail_queue_depth,
            mail_queue_oldest,
        }))
    }
}

impl Metrics {
    /// A request answered: `route` is the template it matched.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let labels = RequestLabels { route: route.to_owned(), method: method.to_owned(), status };
        self.0.requests.get_or_create(&labels).inc();
        self.0.durations.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
    }

    /// An API answer, kept in memory or read from the database.
    pub fn answer(&self, from_cache: bool) {
        let source = if from_cache { "cache" } else { "database" };
        self.0.answers.get_or_create(&SourceLabels { source }).inc();
    }

    pub fn comment_received(&self) {
        self.0.comments_received.inc();
    }

    /// A comment refused: `reason` is one of a fixed few.
    pub fn comment_refused(&self, reason: &'static str) {
        self.0.comments_refused.get_or_create(&ReasonLabels { reason }).inc();
    }

    pub fn sign_in_failed(&self) {
        self.0.sign_in_failures.inc();
    }

    /// An attempt refused as one too many: `reason` is one of a fixed few.
    pub fn throttled(&self, reason: &'static str) {
        self.0.sign_in_throttled.get_or_create(&ReasonLabels { reason }).inc();
    }

    /// Everything, as Prometheus text, with what is read when scraped
    /// (the pool and the mail queue) brought up to date.
    pub async fn scrape(&self, store: &Store) -> Result<String, StorageError> {
        let (open, idle) = store.pool_size();
        self.0.pool_connections.set(open as i64);
        self.0.pool_in_use.set(i64::from(open).saturating_sub(idle as i64));
        let (depth, oldest) = store.mail_queue_stats().await?;
        self.0.mail_queue_depth.set(depth);
        self.0.mail_queue_oldest.set(oldest);
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.0.registry)
            .map_err(|e| StorageError::Invalid(format!("metrics could not be written: {e}")))?;
        Ok(text)
    }
}
