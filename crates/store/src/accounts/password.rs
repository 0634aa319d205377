//! Password hashes (argon2id with a random salt, PHC string format) and random tokens.

use crate::StoreError;
use argon2::{Argon2, PasswordHash, PasswordHasher};
use sha2::{Digest, Sha256};

/// A piece of hashing work for the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// Password hashing takes about 19 MiB and a core for a moment (argon2id is slow on purpose).
/// It runs on a few threads of its own (one per core, at most 4), started once, so however many
/// sign-ins arrive a flood queues instead of taking memory: the same threads reuse the same
/// memory (see [`verify_here`]).
fn hashing_threads() -> &'static std::sync::Mutex<std::sync::mpsc::Sender<Job>> {
    static POOL: std::sync::OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> =
        std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        for k in 0..cores.clamp(1, 4) {
            let rx = rx.clone();
            let _ = std::thread::Builder::new()
                .name(format!("password-hashing-{k}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
        }
        std::sync::Mutex::new(tx)
    })
}

/// Runs `f` on a hashing thread and waits for it without holding an async thread.
async fn on_hashing_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    hashing_threads()
        .lock()
        .map_err(|_| StoreError::Internal("password hashing stopped".into()))?
        .send(job)
        .map_err(|_| StoreError::Internal("password hashing stopped".into()))?;
    rx.await
        .map_err(|e| StoreError::Internal(format!("password hashing interrupted: {e}")))
}

/// Hashes a password on the hashing threads.
pub(crate) async fn hash(password: &str) -> Result<String, StoreError> {
    let pw = password.to_string();
    on_hashing_thread(move || {
        Argon2::default()
            .hash_password(pw.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Internal(format!("password could not be hashed: {e}")))
    })
    .await?
}

/// Whether `password` matches a stored hash, checked on the hashing threads.
pub(crate) async fn verify(password: &str, stored: &str) -> bool {
    let (pw, stored) = (password.to_string(), stored.to_string());
    on_hashing_thread(move || verify_here(pw.as_bytes(), &stored))
        .await
        .unwrap_or(false)
}

thread_local! {
    /// A hashing thread's argon2 working memory, kept between checks (19 MiB with the
    /// parameters in use): a check allocates nothing large, so the memory a flood of sign-ins
    /// needs is one block per hashing thread, whatever the allocator would keep.
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Largest working memory a stored hash may ask for (256 MiB), so a bad row cannot take more.
const MAX_BLOCKS: usize = 256 * 1024;

/// [`verify`] on this thread: the stored hash's own algorithm, version, parameters and salt, in
/// this thread's working memory, compared in constant time.
fn verify_here(password: &[u8], stored: &str) -> bool {
    use argon2::{Algorithm, Params, Version};
    let Ok(h) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&h.salt, &h.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (h.algorithm.parse::<Algorithm>(), Params::try_from(&h))
    else {
        return false;
    };
    let version = h
        .version
        .map_or(Ok(Version::default()), Version::try_from)
        .unwrap_or_default();
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    let done = BLOCKS.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        argon.hash_password_into_with_memory(
            password,
            salt.as_ref(),
            &mut out,
            &mut memory[..blocks],
        )
    });
    done.is_ok() && constant_eq(&out, expected.as_bytes())
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    /// The check in reused memory agrees with the crate's own verifier, right and wrong.
    #[test]
    fn checks_in_reused_memory_agree_with_the_crate() {
        let stored = Argon2::default()
            .hash_password(b"Right-pass-1")
            .unwrap()
            .to_string();
        let parsed = PasswordHash::new(&stored).unwrap();
        for (pw, right) in [("Right-pass-1", true), ("Wrong-pass-1", false), ("", false)] {
            assert_eq!(verify_here(pw.as_bytes(), &stored), right, "{pw}");
            assert_eq!(
                Argon2::default()
                    .verify_password(pw.as_bytes(), &parsed)
                    .is_ok(),
                right
            );
        }
        // The dummy hash checked for unknown names reads, and a second check reuses memory.
        assert!(!verify_here(b"x", super::super::login::DUMMY_HASH));
        assert!(verify_here(b"Right-pass-1", &stored));
        assert!(!verify_here(b"Right-pass-1", "not a hash"));
    }
}
