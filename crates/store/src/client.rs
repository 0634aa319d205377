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

    /// The key of the address alone.
    pub(crate) fn origin(&self) -> String {
        hex::encode(Sha256::digest(self.address.as_bytes()))
    }
}
