//! Password hashes (argon2id with a random salt, PHC string format) and random tokens.

use crate::StoreError;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

/// Password hashing takes about 19 MiB and a core for a moment (argon2id is slow on purpose):
/// at most this many run at once, however many sign-ins arrive, so a flood queues instead of
/// taking the memory.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        tokio::sync::Semaphore::new(cores.clamp(1, 4))
    })
}

/// Hashes a password off the async threads, in one of the bounded hashing slots.
pub(crate) async fn hash(password: &str) -> Result<String, StoreError> {
    let pw = password.to_string();
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(|e| StoreError::Internal(format!("password hashing interrupted: {e}")))?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(pw.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Internal(format!("password could not be hashed: {e}")))
    })
    .await
    .map_err(|e| StoreError::Internal(format!("password hashing interrupted: {e}")))?
}

/// Whether `password` matches a stored hash, checked in one of the bounded hashing slots.
pub(crate) async fn verify(password: &str, stored: &str) -> bool {
    let (pw, stored) = (password.to_string(), stored.to_string());
    let Ok(_slot) = hashing_slots().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|h| Argon2::default().verify_password(pw.as_bytes(), &h).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// 32 random bytes as lowercase hex (session ids, CSRF tokens, API tokens).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the OS random source");
    hex::encode(b)
}

/// An initial password that meets the policy (upper, lower, digit, symbol), for an
/// administrator to hand over; the user must change it at first sign-in.
pub fn initial_password() -> String {
    let r = random_token();
    format!("Ms-{}{}", &r[..4], &r[4..10].to_uppercase())
}

/// How a high-entropy secret is stored: its SHA-256.
pub(crate) fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}
