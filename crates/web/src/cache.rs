//! Rendered public pages kept in memory while the data they were made from is unchanged: an
//! entry is served only if the version it was rendered at (a plan's version, which every write
//! to what the plan's pages show moves in the database) is still current. Each instance keeps
//! its own entries and checks the shared database, so several instances never serve each
//! other's stale pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Entries kept before the cache starts over.
const CAPACITY: usize = 4096;

/// A page and the data version it was rendered at.
type Entry = (i64, Arc<str>);

/// The cache; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct PageCache(Arc<Mutex<HashMap<String, Entry>>>);

impl PageCache {
    /// The page under `key` if it was rendered at data version `version`.
    pub fn get(&self, key: &str, version: i64) -> Option<Arc<str>> {
        let map = self.0.lock().ok()?;
        map.get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, html)| html.clone())
    }

    /// Keeps a page rendered at `version`.
    pub fn put(&self, key: String, version: i64, html: &str) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CAPACITY && !map.contains_key(&key) {
                map.clear();
            }
            map.insert(key, (version, Arc::from(html)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_serves_only_its_own_version() {
        let c = PageCache::default();
        c.put("plan:1:zh".into(), 7, "<p>7</p>");
        assert_eq!(c.get("plan:1:zh", 7).as_deref(), Some("<p>7</p>"));
        assert_eq!(c.get("plan:1:zh", 8), None);
        assert_eq!(c.get("plan:1:en", 7), None);
        for k in 0..CAPACITY {
            c.put(format!("k{k}"), 1, "x");
        }
        assert!(c.get("plan:1:zh", 7).is_none(), "started over when full");
    }
}
