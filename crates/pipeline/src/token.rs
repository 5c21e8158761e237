//! API tokens: made from the operating system's randomness, shown once, kept only as a SHA-256 hash.

use crate::digest::{hex, sha256};

/// Every token starts with this, so a leaked one is easy to recognise and search for.
pub const PREFIX: &str = "pl_";

/// A new token, `pl_` and 64 hexadecimal characters (256 random bits).
pub fn generate() -> Result<String, crate::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::Error::Internal(format!("no randomness for a token: {e}")))?;
    Ok(format!("{PREFIX}{}", hex(&bytes)))
}

/// What the database keeps instead of the token.
pub fn hash(token: &str) -> String {
    sha256(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX) && a.len() == 67);
        assert_eq!(hash(&a).len(), 64);
        assert!(!hash(&a).contains(&a[3..]));
    }
}
