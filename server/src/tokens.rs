//! Random tokens: 32 bytes from the operating system, as 64 hex digits;
//! and tokens the servers sign, so that only one they issued is accepted.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// A new token, 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    hex(&bytes)
}

/// Could `s` be one of ours? Checked before any database work.
pub fn is_well_formed(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A token issued at `now` (Unix seconds) for `purpose`, signed with `key`:
/// 12 random bytes and the time, then the first 16 bytes of their
/// HMAC-SHA256. 64 hex digits, like every other token.
pub fn signed(key: &str, purpose: &str, now: u64) -> String {
    let mut body = [0u8; 16];
    getrandom::fill(&mut body[..12]).expect("the operating system's random source failed");
    body[12..].copy_from_slice(&(now as u32).to_be_bytes());
    let body = hex(&body);
    let mac = mac(key, purpose, &body);
    format!("{body}{}", hex(&mac[..16]))
}

/// Whether `token` is one [`signed`] made with `key` for `purpose`, at
/// most `max_age` seconds before `now`.
pub fn verify_signed(key: &str, purpose: &str, token: &str, now: u64, max_age: u64) -> bool {
    if !is_well_formed(token) {
        return false;
    }
    let (body, given) = token.split_at(32);
    let expected = hex(&mac(key, purpose, body)[..16]);
    let issued = u32::from_str_radix(&body[24..], 16).map(u64::from).unwrap_or(0);
    let fresh = issued <= now && now - issued <= max_age;
    bool::from(given.as_bytes().ct_eq(expected.as_bytes())) && fresh
}

fn mac(key: &str, purpose: &str, body: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(body.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_well_formed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(is_well_formed(&a));
        assert!(!is_well_formed("abc"));
        assert!(!is_well_formed(&a.to_uppercase()));
    }

    #[test]
    fn only_tokens_signed_with_the_key_for_the_purpose_and_still_fresh_pass() {
        let key = new_token();
        let token = signed(&key, "sign-in", 1_000_000);
        assert!(is_well_formed(&token));
        assert!(verify_signed(&key, "sign-in", &token, 1_000_100, 3600));
        assert!(!verify_signed(&key, "sign-in", &token, 1_000_000 + 3601, 3600), "expired");
        assert!(!verify_signed(&key, "sign-in", &token, 999_000, 3600), "from the future");
        assert!(!verify_signed(&new_token(), "sign-in", &token, 1_000_100, 3600), "another key");
        assert!(!verify_signed(&key, "other", &token, 1_000_100, 3600), "another purpose");
        // Any 64 hex digits, as a forger would send in cookie and field alike.
        assert!(!verify_signed(&key, "sign-in", &new_token(), 1_000_100, 3600));
        let mut changed = token.clone();
        changed.replace_range(0..1, if token.starts_with('0') { "1" } else { "0" });
        assert!(!verify_signed(&key, "sign-in", &changed, 1_000_100, 3600));
    }
}
