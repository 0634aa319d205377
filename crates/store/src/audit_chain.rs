//! Group commit of the audit chain. A write transaction appends its entry to `audit_pending`
//! (one insert, no shared row), and entries are chained into `audit_log` in batches: one
//! transaction takes the head row, gives each pending entry the next sequence number, the
//! previous hash and its own hash, moves it and moves the head. Writers no longer queue on the
//! head row, and the chain is as tamper-evident as before once an entry is chained — which
//! happens after [`CHAIN_AFTER`] writes of this process, at most [`CHAIN_DELAY`] after a
//! write, at every scheduler pass, before the log is read or checked, and when the store is
//! closed. On PostgreSQL instances sharing a database, the one holding the head chains and
//! the others go on; it looks again after committing, so no entry is left behind.

use crate::audit::AuditEntry;
use crate::{Backend, Store, StoreError, in_write_tx};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Writes of this process after which the writer chains what is pending.
pub const CHAIN_AFTER: usize = 64;
/// How long an entry may wait for the next chaining when no more writes come.
pub const CHAIN_DELAY: Duration = Duration::from_millis(500);
/// Entries chained per transaction.
const BATCH: i64 = 256;

#[derive(sqlx::FromRow)]
struct Pending {
    id: i64,
    at: String,
    user_id: Option<i64>,
    actor: String,
    role: String,
    ip: String,
    action: String,
    entity: String,
    entity_id: String,
    before_json: String,
    after_json: String,
}

impl Pending {
    fn chained(self, seq: i64, prev_hash: String) -> AuditEntry {
        let mut e = AuditEntry {
            seq,
            at: self.at,
            user_id: self.user_id,
            actor: self.actor,
            role: self.role,
            ip: self.ip,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            before_json: self.before_json,
            after_json: self.after_json,
            prev_hash,
            hash: String::new(),
        };
        e.hash = e.computed_hash();
        e
    }
}

impl Store {
    /// Called after every committed write transaction: chains now when enough writes have
    /// gathered, or makes sure a chaining follows shortly.
    pub(crate) async fn after_write(&self) {
        let n = self.unchained.fetch_add(1, Ordering::Relaxed) + 1;
        if n >= CHAIN_AFTER {
            if let Err(e) = self.chain_audit().await {
                tracing::warn!(error = %e, "chaining the audit log");
            }
        } else if n == 1
            && let Ok(rt) = tokio::runtime::Handle::try_current()
        {
            let s = self.clone();
            rt.spawn(async move {
                tokio::time::sleep(CHAIN_DELAY).await;
                if let Err(e) = s.chain_audit().await {
                    tracing::debug!(error = %e, "chaining the audit log later");
                }
            });
        }
    }

    /// Chains every pending audit entry; how many this call chained (0 when another
    /// instance holds the head: it will chain them).
    pub async fn chain_audit(&self) -> Result<usize, StoreError> {
        self.chain_pending(false).await
    }

    /// [`Store::chain_audit`] before the log is read: when another transaction holds the head
    /// (on PostgreSQL, another instance or a chaining of this one in the background), waits
    /// for it and chains what is left, so the read sees every entry committed before it.
    pub(crate) async fn chain_audit_for_reading(&self) -> Result<usize, StoreError> {
        self.chain_pending(true).await
    }

    async fn chain_pending(&self, wait: bool) -> Result<usize, StoreError> {
        self.unchained.store(0, Ordering::Relaxed);
        let mut total = 0;
        loop {
            match self.chain_batch(wait).await? {
                Some(0) | None => return Ok(total),
                Some(n) => total += n,
            }
        }
    }

    /// One batch; `None` when another transaction holds the head (and `wait` is false).
    async fn chain_batch(&self, wait: bool) -> Result<Option<usize>, StoreError> {
        let take_head = match (self.backend(), wait) {
            (Backend::Sqlite, _) => "SELECT seq, hash FROM audit_head WHERE id = 1",
            (Backend::Postgres, true) => "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
            (Backend::Postgres, false) => {
                "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE SKIP LOCKED"
            }
        };
        let n = in_write_tx!(@unhooked self, tx => {
            let head: Option<(i64, String)> = sqlx::query_as(take_head).fetch_optional(&mut *tx).await?;
            let Some((seq, mut prev)) = head else {
                let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_head").fetch_one(&mut *tx).await?;
                return if rows == 0 { Err(StoreError::AuditHeadMissing) } else { Ok(None) };
            };
            let pending: Vec<Pending> = sqlx::query_as(
                "SELECT id, at, user_id, actor, role, ip, action, entity, entity_id, before_json, after_json FROM audit_pending ORDER BY id LIMIT $1",
            ).bind(BATCH).fetch_all(&mut *tx).await?;
            if pending.is_empty() {
                return Ok(Some(0));
            }
            let n = pending.len();
            let ids: Vec<String> = pending.iter().map(|p| p.id.to_string()).collect();
            let entries: Vec<AuditEntry> = pending
                .into_iter()
                .enumerate()
                .map(|(k, p)| {
                    let e = p.chained(seq + 1 + k as i64, prev.clone());
                    prev = e.hash.clone();
                    e
                })
                .collect();
            for chunk in entries.chunks(64) {
                let sql = format!(
                    "INSERT INTO audit_log (seq, at, user_id, actor, role, ip, action, entity, entity_id, before_json, after_json, prev_hash, hash) VALUES {}",
                    crate::placeholders(chunk.len(), 13)
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for e in chunk {
                    q = q.bind(e.seq).bind(&e.at).bind(e.user_id).bind(&e.actor).bind(&e.role).bind(&e.ip)
                        .bind(&e.action).bind(&e.entity).bind(&e.entity_id).bind(&e.before_json)
                        .bind(&e.after_json).bind(&e.prev_hash).bind(&e.hash);
                }
                q.execute(&mut *tx).await?;
            }
            // The ids are numbers read above.
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM audit_pending WHERE id IN ({})", ids.join(","))))
                .execute(&mut *tx).await?;
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(seq + n as i64).bind(&prev).execute(&mut *tx).await?;
            Some(n)
        });
        Ok(n)
    }
}
