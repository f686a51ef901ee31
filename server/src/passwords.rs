//! Moderators' passwords: Argon2id with the crate's recommended cost and a
//! random salt, kept as PHC strings; generated passwords for new accounts.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Passwords a server hashes at once, at most: Argon2's recommended cost
/// holds 19 MiB for each, so a burst of sign-ins cannot grow the server
/// past about 80 MB of hashing, and two cores stay busy.
pub const AT_ONCE: usize = 4;

/// Has memory blocks as large as a hash's given back to the system as soon
/// as they are freed. glibc raises the size it maps blocks at as they are
/// freed, so after the first sign-ins each thread's arena would keep a
/// hash's 19 MiB: a burst of sign-ins over the blocking threads left the
/// server at 440 MB. A fixed threshold keeps only concurrent hashes
/// ([`AT_ONCE`]) in memory. Called once, at start.
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning, under its own
    // locks; no memory is touched.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// The hash to store for `password`.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("could not hash the password: {e}"))
}

/// Whether `password` matches `stored`. With no account, `stored` is
/// `None` and a hash is still computed, so the time taken does not tell
/// whether the account exists.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(stored) => {
            let Ok(parsed) = PasswordHash::new(stored) else { return false };
            Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
        }
        None => {
            let _ = hash(password);
            false
        }
    }
}

/// A new password: 20 letters and digits (about 119 bits), told to the
/// moderator once by `govblog-server moderators add`.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    // 256 is not a multiple of the alphabet's length: the slight bias costs
    // well under a bit of the password's strength.
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let stored = hash("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", Some(&stored)));
        assert!(!verify("wrong horse", Some(&stored)));
        assert!(!verify("no such account", None));
        assert!(!verify("anything", Some("not a hash")));
    }

    #[test]
    fn generated_passwords_differ() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
    }
}
