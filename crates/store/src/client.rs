//! An anonymous citizen as far as a server can tell: the address a request came from and the
//! browser it named. Neither is stored as given, only as SHA-256 hashes: the pair keys the
//! once-per-client rules; the address alone keys the caps that a changed browser name cannot
//! get round (one address may still be a household or an office behind one router).

use sha2::{Digest, Sha256};

/// A citizen's request origin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    /// The client address.
    pub address: String,
    /// The `User-Agent` it sent.
    pub agent: String,
}

impl Client {
    /// The key of this browser at this address.
    pub(crate) fn key(&self) -> String {
        hex::encode(Sha256::digest(format!("{}|{}", self.address, self.agent)))
    }

    /// The key of the address alone (the network a request came from).
    pub fn origin(&self) -> String {
        hex::encode(Sha256::digest(self.address.as_bytes()))
    }
}

/// The key under which verified mobile numbers are kept (HMAC-SHA256): 32 random bytes in a
/// file beside the evidence files (`.phone-key` in the files directory, which every instance
/// shares and every backup copies), never in the database, so a copy of the database alone
/// cannot be searched for a number.
#[derive(Clone)]
pub struct PhoneKey([u8; 32]);

impl std::fmt::Debug for PhoneKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhoneKey(…)")
    }
}

impl PhoneKey {
    /// The key in `dir`, made on first use (only its creator writes it; others read it).
    pub fn load_or_create(dir: &std::path::Path) -> std::io::Result<PhoneKey> {
        use std::io::Write;
        let file = dir.join(".phone-key");
        let read = |file: &std::path::Path| -> std::io::Result<PhoneKey> {
            let text = std::fs::read_to_string(file)?;
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{} is not 64 hex digits", file.display()),
                    )
                })?;
            Ok(PhoneKey(bytes))
        };
        if file.exists() {
            return read(&file);
        }
        std::fs::create_dir_all(dir)?;
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(&file) {
            Ok(mut f) => {
                f.write_all(hex::encode(key).as_bytes())?;
                f.sync_all()?;
                Ok(PhoneKey(key))
            }
            // Another instance made it first.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&file),
            Err(e) => Err(e),
        }
    }

    /// The number as stored.
    pub fn hash(&self, mobile: &minsheng_domain::verify::Mobile) -> String {
        use hmac::{KeyInit, Mac};
        let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC takes any key length");
        mac.update(mobile.national().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}
