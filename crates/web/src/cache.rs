//! Rendered public pages kept in memory while the data they were made from is unchanged: an
//! entry is served only if the version it was rendered at (a plan's version, which every write
//! to what the plan's pages show moves in the database) is still current, and the moment it
//! goes stale by itself (a satisfaction campaign opening or closing) has not come. Each
//! instance keeps its own entries and checks the shared database, so several instances never
//! serve each other's stale pages.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Entries kept before the cache starts over.
const CAPACITY: usize = 4096;

/// What is kept, the version it was made at, and the moment it goes stale by itself, if any.
type Entry<T> = (i64, Option<DateTime<Utc>>, Arc<T>);

/// Anything made from versioned data, kept while its version is current; cheap to clone.
#[derive(Debug)]
pub struct Kept<T: ?Sized>(Arc<Mutex<HashMap<String, Entry<T>>>>);

impl<T: ?Sized> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept(self.0.clone())
    }
}

impl<T: ?Sized> Default for Kept<T> {
    fn default() -> Self {
        Kept(Arc::default())
    }
}

/// Rendered pages.
pub type PageCache = Kept<str>;

impl<T: ?Sized> Kept<T> {
    /// What is kept under `key` if it was made at `version` and has not gone stale by
    /// itself by `now` (the application clock's).
    pub fn get(&self, key: &str, version: i64, now: DateTime<Utc>) -> Option<Arc<T>> {
        let map = self.0.lock().ok()?;
        map.get(key)
            .filter(|(v, until, _)| *v == version && until.is_none_or(|u| now < u))
            .map(|(.., kept)| kept.clone())
    }

    /// Keeps `made` at `version`, until `until` at the latest.
    pub fn keep(&self, key: String, version: i64, until: Option<DateTime<Utc>>, made: Arc<T>) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CAPACITY && !map.contains_key(&key) {
                map.clear();
            }
            map.insert(key, (version, until, made));
        }
    }
}

impl PageCache {
    /// Keeps a page rendered at `version`, until `until` at the latest.
    pub fn put(&self, key: String, version: i64, until: Option<DateTime<Utc>>, html: &str) {
        self.keep(key, version, until, Arc::from(html));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_serves_only_its_own_version_until_it_goes_stale() {
        let c = PageCache::default();
        let now = Utc::now();
        c.put("plan:1:zh".into(), 7, None, "<p>7</p>");
        assert_eq!(c.get("plan:1:zh", 7, now).as_deref(), Some("<p>7</p>"));
        assert_eq!(c.get("plan:1:zh", 8, now), None);
        assert_eq!(c.get("plan:1:en", 7, now), None);
        c.put("item:1:zh".into(), 3, Some(now), "<p>3</p>");
        assert!(
            c.get("item:1:zh", 3, now - chrono::Duration::seconds(1))
                .is_some()
        );
        assert_eq!(c.get("item:1:zh", 3, now), None, "gone stale by itself");
        for k in 0..CAPACITY {
            c.put(format!("k{k}"), 1, None, "x");
        }
        assert!(
            c.get("plan:1:zh", 7, now).is_none(),
            "started over when full"
        );
    }
}
