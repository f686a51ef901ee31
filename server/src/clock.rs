//! The current time as stored: RFC 3339 UTC text, which sorts in time order.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Now, to the second, e.g. `2026-11-27T06:40:00Z`.
pub fn now() -> String {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc());
    now.format(&Rfc3339).unwrap_or_default()
}

/// The time `secs` seconds ago, in the same form.
pub fn seconds_ago(secs: u64) -> String {
    let then = OffsetDateTime::now_utc() - time::Duration::seconds(secs.min(i64::MAX as u64) as i64);
    then.replace_nanosecond(0).unwrap_or(then).format(&Rfc3339).unwrap_or_default()
}

/// `secs` seconds from now, for token expiry.
pub fn seconds_from_now(secs: u64) -> String {
    let then = OffsetDateTime::now_utc() + time::Duration::seconds(secs.min(i64::MAX as u64) as i64);
    then.replace_nanosecond(0).unwrap_or(then).format(&Rfc3339).unwrap_or_default()
}

/// Now as Unix seconds, for the times signed into tokens.
pub fn unix_now() -> u64 {
    OffsetDateTime::now_utc().unix_timestamp().max(0) as u64
}

/// Seconds from `stored` (RFC 3339, as stored) until now; 0 if unreadable.
pub fn seconds_since(stored: &str) -> i64 {
    OffsetDateTime::parse(stored, &Rfc3339)
        .map_or(0, |t| (OffsetDateTime::now_utc() - t).whole_seconds().max(0))
}
