//! The address a request came from, for flood control and sign-in limits.
//! Behind a reverse proxy (`GOVBLOG_TRUST_PROXY=true`) it is the
//! `X-Forwarded-For` entry the proxy itself added: the rightmost, or the
//! `GOVBLOG_PROXY_HOPS`-th from the right behind a chain of proxies. Every
//! entry left of that was written by the client and proves nothing, so a
//! missing or unreadable entry means the connection's address, never one
//! further left.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::error::ApiError;
use crate::state::AppState;

pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let settings = &state.settings;
        let forwarded =
            if settings.trust_proxy { forwarded_client(&parts.headers, settings.proxy_hops) } else { None };
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let ip = forwarded.or(peer).map(|ip| ip.to_canonical().to_string());
        Ok(ClientIp(ip.unwrap_or_else(|| "unknown".into())))
    }
}

/// The address `hops` proxies back, as the nearest of them recorded it: the
/// `hops`-th `X-Forwarded-For` entry from the right (each proxy appends the
/// address it was reached from). `None` when that entry is missing or is
/// not an address.
pub fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    let mut entries = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        entries.extend(value.to_str().ok()?.split(',').map(str::trim));
    }
    let entry = entries.len().checked_sub(hops.max(1)).map(|i| entries[i])?;
    parse_address(entry)
}

/// `203.0.113.7`, `203.0.113.7:5123`, `2001:db8::1`, `[2001:db8::1]` or
/// `[2001:db8::1]:5123`.
fn parse_address(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(addr) = entry.parse::<SocketAddr>() {
        return Some(addr.ip());
    }
    entry.strip_prefix('[')?.strip_suffix(']')?.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn client(values: &[&str], hops: usize) -> Option<String> {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        forwarded_client(&headers, hops).map(|ip| ip.to_string())
    }

    #[test]
    fn takes_the_entry_the_proxy_added_and_nothing_further_left() {
        assert_eq!(client(&["203.0.113.7"], 1).as_deref(), Some("203.0.113.7"));
        // What the client wrote comes first; the proxy's entry is last.
        assert_eq!(client(&["1.2.3.4, 203.0.113.7"], 1).as_deref(), Some("203.0.113.7"));
        assert_eq!(client(&["1.2.3.4", "203.0.113.7"], 1).as_deref(), Some("203.0.113.7"));
        // Junk where the proxy's entry should be: not an earlier entry.
        assert_eq!(client(&["1.2.3.4, junk"], 1), None);
        assert_eq!(client(&["1.2.3.4, "], 1), None);
        assert_eq!(client(&["1.2.3.4,"], 1), None);
        assert_eq!(client(&[""], 1), None);
        assert_eq!(client(&[], 1), None);
    }

    #[test]
    fn reads_ports_and_ipv6() {
        assert_eq!(client(&["203.0.113.7:5123"], 1).as_deref(), Some("203.0.113.7"));
        assert_eq!(client(&["2001:db8::1"], 1).as_deref(), Some("2001:db8::1"));
        assert_eq!(client(&["[2001:db8::1]"], 1).as_deref(), Some("2001:db8::1"));
        assert_eq!(client(&["[2001:db8::1]:443"], 1).as_deref(), Some("2001:db8::1"));
        assert_eq!(client(&["[2001:db8::1"], 1), None);
    }

    #[test]
    fn behind_several_proxies_counts_hops_from_the_right() {
        let chain = ["9.9.9.9, 203.0.113.7, 10.0.0.2"];
        assert_eq!(client(&chain, 2).as_deref(), Some("203.0.113.7"));
        assert_eq!(client(&chain, 1).as_deref(), Some("10.0.0.2"));
        // Fewer entries than proxies: the client cannot fill the gap.
        assert_eq!(client(&["203.0.113.7"], 2), None);
        assert_eq!(client(&["9.9.9.9, junk, 10.0.0.2"], 2), None);
    }
}
