//! Events for the systems around (a provincial platform, a dashboard): written in the
//! transaction of the change that caused them (`WriteTx::event`), read in order by the runner
//! that tells each outbound webhook, which keeps how far it has told each one.

use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Event {
    /// Its number, increasing.
    pub id: i64,
    /// `report.filed`, `order.issued`, `bulletin.issued`, `light.changed`.
    pub kind: String,
    /// What happened, as JSON.
    pub payload: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl Store {
    /// The newest event's number (0 when none).
    pub async fn last_event(&self) -> Result<i64, StoreError> {
        let id: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT MAX(id) FROM events").fetch_one(p).await?);
        Ok(id.unwrap_or(0))
    }

    /// Events after `after` up to `upto`, in order, at most `limit`.
    pub async fn events_between(
        &self,
        after: i64,
        upto: i64,
        limit: i64,
    ) -> Result<Vec<Event>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT id, kind, payload, at FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3")
            .bind(after).bind(upto).bind(limit).fetch_all(p).await?))
    }

    /// How far `url` has been told; a webhook seen for the first time starts at `start` (it is
    /// told what happens from now on, not the history).
    pub async fn event_cursor(
        &self,
        url: &str,
        start: i64,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        crate::write_on_pool!(self, p => sqlx::query("INSERT INTO event_cursors (url, last_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT (url) DO NOTHING")
            .bind(url).bind(start).bind(now).execute(p).await?.rows_affected());
        Ok(
            on_pool!(self, p => sqlx::query_scalar("SELECT last_id FROM event_cursors WHERE url = $1").bind(url).fetch_one(p).await?),
        )
    }

    /// `url` has taken the events up to `id`.
    pub async fn event_told(
        &self,
        url: &str,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        crate::write_on_pool!(self, p => sqlx::query("UPDATE event_cursors SET last_id = $2, failures = 0, last_error = NULL, updated_at = $3 WHERE url = $1 AND last_id < $2")
            .bind(url).bind(id).bind(now).execute(p).await?.rows_affected());
        Ok(())
    }

    /// `url` did not take the next event; it is tried again at the next pass.
    pub async fn event_refused(
        &self,
        url: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        crate::write_on_pool!(self, p => sqlx::query("UPDATE event_cursors SET failures = failures + 1, last_error = $2, updated_at = $3 WHERE url = $1")
            .bind(url).bind(error).bind(now).execute(p).await?.rows_affected());
        Ok(())
    }
}
