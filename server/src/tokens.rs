//! Random tokens for emailed links: 32 bytes from the operating system, hex.

/// A new token, 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Could `s` be one of ours? Checked before any database work.
pub fn is_well_formed(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_distinct_and_well_formed() {
        let (a, b) = (super::new_token(), super::new_token());
        assert_ne!(a, b);
        assert!(super::is_well_formed(&a));
        assert!(!super::is_well_formed("abc"));
        assert!(!super::is_well_formed(&a.to_uppercase()));
    }
}
