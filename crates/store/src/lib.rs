//! Storage for minsheng: one [`Store`] over SQLite (the embedded default, one file in the data
//! directory) or PostgreSQL. Every query is written once and run on either pool through
//! [`on_pool!`]; handlers never see which database is underneath.

pub mod accounts;
mod adjustments;
mod adoption;
mod allocations;
pub mod audit;
mod audit_chain;
pub mod backup;
mod ballots;
mod batch;
mod campaigns;
mod client;
mod connect;
mod direct;
mod directory;
mod editor;
mod error;
mod feedback;
pub mod files;
mod generate;
mod import;
mod ledger;
mod linking;
mod meetings;
mod plans;
mod proposals;
mod regions;
mod reviews;
mod rows;
mod sites;
pub mod supervision;
mod tx;
mod units;
pub mod verified;
mod waiting;

pub use adjustments::{Adjustment, AdjustmentDecision, AdjustmentInput};
pub use adoption::{CarryCandidate, CarryLink, Provenance};
pub use allocations::{
    Allocated, AllocationInput, AllocationView, RegionPart, TargetAllocation, level_mark,
};
pub use audit::{Actor, AuditCheck, AuditEntry, AuditFilter};
pub use ballots::{Ballot, BallotCandidate};
pub use campaigns::{Campaign, ItemResult, ORIGIN_RATINGS, RATINGS_PER_HOUR, Voter};
pub use client::{Client, PhoneKey};
pub use editor::draft_of;
pub use error::StoreError;
pub use feedback::{NewFeedback, PER_HOUR, PublicFeedback, QueuedFeedback};
pub use generate::{BenchSamples, GENERATED_PASSWORD, GenOptions, GenSummary, Scale, WriteSlot};
pub use import::{ImportOptions, ImportSummary};
pub use ledger::*;
pub use linking::{LinkCandidate, LinkRow, LinkState};
pub use meetings::{
    AgendaEntry, Attendee, CadenceCount, Held, LeaderTally, Matter, Meeting, MeetingDetail,
    NewMeeting, counted_from, meeting_quarters,
};
pub use plans::{ItemDetail, PlanDetail, PlanFilter, PlanSummary};
pub use proposals::{
    NewProposal, ORIGIN_PROPOSALS_PER_DAY, PROPOSALS_PER_DAY, Proposal, ProposalState,
};
pub use reviews::ImportReview;
pub use supervision::*;
pub use verified::{PendingCode, PhonePass};
pub use waiting::{QueueCounts, Waiting};

use sqlx::{PgPool, SqlitePool};

/// The two databases minsheng runs on.
#[derive(Debug, Clone)]
pub(crate) enum Db {
    /// Embedded default.
    Sqlite(SqlitePool),
    /// Production / scale-out.
    Postgres(PgPool),
}

/// Which database a store is on (for display and diagnostics only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// Handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) db: Db,
    /// Who the audit log names for writes through this handle.
    pub(crate) actor: std::sync::Arc<Actor>,
    /// Assessed plan ledgers kept while their plan's version is unchanged (see
    /// `ledger::kept`), shared by the clones of a store.
    pub(crate) kept: ledger::KeptLedgers,
    /// SQLite has one writer: write transactions of this process queue here instead of
    /// meeting at the database's lock, where a waiting connection sleeps in growing steps
    /// (SQLite's busy handler) while the lock may long be free. Shared by the clones.
    /// It holds the connection a report's write runs on (`direct`).
    pub(crate) write_gate: std::sync::Arc<tokio::sync::Mutex<direct::Writer>>,
    /// The thread that runs a report's write with the gate held (`direct`), shared by the
    /// clones.
    pub(crate) writer_thread: std::sync::Arc<direct::WriterThread>,
    /// Writes of this process since the audit log was last chained (see `audit_chain`).
    pub(crate) unchained: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Runs the same code on whichever pool the store has. The body is compiled once per
/// database, so the SQL and row types must work on both.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// [`on_pool!`] for a write of one statement outside a transaction: on SQLite it queues at the
/// store's write gate with the transactions (one writer at a time; a connection that met the
/// database's lock instead would sleep in SQLite's busy handler).
macro_rules! write_on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => {
                let _gate = $store.write_gate.lock().await;
                $body
            }
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use write_on_pool;

impl Store {
    pub(crate) fn over(db: Db) -> Store {
        Store {
            db,
            actor: std::sync::Arc::new(Actor::system()),
            kept: Default::default(),
            write_gate: Default::default(),
            writer_thread: Default::default(),
            unchained: Default::default(),
        }
    }

    /// The same database, with writes recorded in the audit log as made by `actor`.
    pub fn acting(&self, actor: Actor) -> Store {
        Store {
            db: self.db.clone(),
            actor: std::sync::Arc::new(actor),
            kept: self.kept.clone(),
            write_gate: self.write_gate.clone(),
            writer_thread: self.writer_thread.clone(),
            unchained: self.unchained.clone(),
        }
    }

    /// Who writes through this handle are recorded as.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Which database this store is on.
    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations for this database.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Db::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish. On SQLite the write-ahead log is
    /// first copied into the database and emptied (a bulk load such as `gen` leaves gigabytes
    /// in it otherwise, until the next start).
    pub async fn close(&self) {
        if let Err(e) = self.chain_audit().await {
            tracing::warn!(error = %e, "chaining the audit log before closing");
        }
        if let Db::Sqlite(p) = &self.db {
            let _gate = self.write_gate.lock().await;
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(p)
                .await
            {
                tracing::warn!(error = %e, "checkpointing the log before closing");
            }
        }
        on_pool!(self, p => p.close().await)
    }
}

/// Runs `$body` in a read-only transaction that sees one snapshot of the database (SQLite's
/// deferred transaction in WAL mode; PostgreSQL's REPEATABLE READ), so reads of several tables
/// agree with each other even while writers commit.
macro_rules! in_snapshot {
    ($store:expr, $tx:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite(p) => {
                let mut $tx = p.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Db::Postgres(p) => {
                let mut $tx = p
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}
pub(crate) use in_snapshot;

/// Runs `$body` in a write transaction and commits it. SQLite takes the write lock up front
/// (`BEGIN IMMEDIATE`) so a transaction that reads before it writes waits instead of failing.
macro_rules! in_write_tx {
    (@unhooked $store:expr, $tx:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite(p) => {
                let _gate = $store.write_gate.lock().await;
                let mut $tx = p.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Db::Postgres(p) => {
                let mut $tx = p.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
    ($store:expr, $tx:ident => $body:expr) => {{
        let out = $crate::in_write_tx!(@unhooked $store, $tx => $body);
        $store.after_write().await;
        out
    }};
}
pub(crate) use in_write_tx;

/// The one length rule for free text: at most `max` characters once trimmed, else the refusal
/// naming the field and the limit. Nothing is cut silently.
pub(crate) fn within(
    s: &str,
    max: usize,
    field: minsheng_domain::refusal::Field,
) -> Result<(), StoreError> {
    if s.trim().chars().count() > max {
        return Err(minsheng_domain::Refusal::FieldTooLong { field, max }.into());
    }
    Ok(())
}

/// An optional text as typed: trimmed, None when empty, cut to at most `max` characters.
pub(crate) fn trimmed(s: &Option<String>, max: usize) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(max).collect())
}

/// `rows` groups of `width` numbered placeholders: `($1, $2), ($3, $4)`.
pub(crate) fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let cols: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
