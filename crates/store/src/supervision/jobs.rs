//! The durable jobs table: work recorded in the database, enqueued in the same transaction as
//! the change that causes it, claimed by one runner at a time, retried with back-off, and kept
//! after it is done so a key is never run twice (reminders: once per unit, period and step).

use crate::tx::WriteTx;
use crate::{Backend, Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::refusal::SetupRefusal;
use serde::Serialize;

/// Attempts before a job is given up as failed.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a claimed job is reserved for its runner; after that another runner may take it
/// (its first runner died).
pub const LEASE: Duration = Duration::minutes(5);

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Job {
    /// Identifier.
    pub id: i64,
    /// What to do (`remind`, `deliver`).
    pub kind: String,
    /// The key that makes it unique.
    pub dedup_key: String,
    /// Its input, JSON.
    pub payload: String,
    /// queued, running, done, failed.
    pub state: String,
    /// Not before.
    pub run_at: DateTime<Utc>,
    /// Tries so far.
    pub attempts: i64,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// Enqueued.
    pub created_at: DateTime<Utc>,
    /// Done or given up.
    pub finished_at: Option<DateTime<Utc>>,
}

const COLS: &str =
    "id, kind, dedup_key, payload, state, run_at, attempts, last_error, created_at, finished_at";

/// Marks job `$2` done at `$1`.
pub(crate) const FINISH: &str = "UPDATE jobs SET state = 'done', finished_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2";

/// One delivery tried, as the delivery report shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct DeliveryRow {
    /// The job.
    pub job_id: i64,
    /// Its key: the notice and the contact.
    pub dedup_key: String,
    /// The job's payload (the delivery, with its subject).
    pub payload: String,
    /// `email`, `webhook` or `sms`.
    pub channel: String,
    /// Where to.
    pub address: String,
    /// Reached.
    pub ok: bool,
    /// Why not.
    pub detail: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl Store {
    /// Enqueues one job on its own (when nothing else is written with it).
    pub async fn enqueue_job(
        &self,
        kind: &str,
        key: &str,
        payload: &serde_json::Value,
        run_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_write_tx!(self, tx => tx.enqueue(kind, key, payload, run_at).await?))
    }

    /// Takes the oldest due job: queued and due, or running with an expired lease. The claim
    /// is one statement, so two runners (two server instances) never take the same job.
    pub async fn claim_job(&self, now: DateTime<Utc>) -> Result<Option<Job>, StoreError> {
        Ok(self.claim_jobs(now, 1).await?.pop())
    }

    /// Claims up to `n` jobs at once, as [`Store::claim_job`] claims one (lapsed leases
    /// first, then the oldest due), in one transaction: a runner working through a long queue
    /// pays one write for several claims. Each is leased for [`LEASE`].
    pub async fn claim_jobs(&self, now: DateTime<Utc>, n: i64) -> Result<Vec<Job>, StoreError> {
        // Two lookups that each walk the (state, run_at) index in order and stop after `n`
        // rows — lapsed leases first (there are few), then the oldest due jobs. One query with
        // an OR of both sorted every due job on each claim: quadratic in a long queue.
        let lock = match self.backend() {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        };
        let picks = [
            format!(
                "SELECT id FROM jobs WHERE state = 'running' AND locked_until < $1 ORDER BY run_at, id LIMIT $3{lock}"
            ),
            format!(
                "SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $1 ORDER BY run_at, id LIMIT $3{lock}"
            ),
        ];
        Ok(in_write_tx!(self, tx => {
            let mut jobs: Vec<Job> = Vec::new();
            for pick in &picks {
                let left = n - jobs.len() as i64;
                if left <= 0 {
                    break;
                }
                let sql = format!(
                    "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $2 WHERE id IN ({pick}) RETURNING {COLS}"
                );
                let got: Vec<Job> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(now).bind(now + LEASE).bind(left).fetch_all(&mut *tx).await?;
                jobs.extend(got);
            }
            jobs.sort_by_key(|j| (j.run_at, j.id));
            jobs
        }))
    }

    /// Marks a job done.
    pub async fn finish_job(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        crate::write_on_pool!(self, p => sqlx::query(FINISH).bind(now).bind(id).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Records a failed try: retried after 1, 2, 4, 8 minutes, then given up as failed.
    pub async fn fail_job(
        &self,
        job: &Job,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let give_up = job.attempts >= MAX_ATTEMPTS;
        let retry_at = now + Duration::minutes(1 << (job.attempts - 1).clamp(0, 6));
        crate::write_on_pool!(self, p => sqlx::query("UPDATE jobs SET state = $1, run_at = $2, last_error = $3, locked_until = NULL, finished_at = $4 WHERE id = $5")
            .bind(if give_up { "failed" } else { "queued" })
            .bind(retry_at)
            .bind(error)
            .bind(give_up.then_some(now))
            .bind(job.id)
            .execute(p).await?.rows_affected());
        Ok(())
    }

    /// Jobs, newest first, optionally of one state.
    pub async fn jobs(&self, state: Option<&str>, limit: i64) -> Result<Vec<Job>, StoreError> {
        let sql = format!(
            "SELECT {COLS} FROM jobs WHERE (CAST($1 AS TEXT) IS NULL OR state = $1) ORDER BY id DESC LIMIT $2"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(state).bind(limit).fetch_all(p).await?),
        )
    }

    /// Puts a failed job back in the queue (an operator fixed the address or the server).
    pub async fn retry_job(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        let n = crate::write_on_pool!(self, p => sqlx::query("UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, finished_at = NULL WHERE id = $2 AND state = 'failed'").bind(now).bind(id).execute(p).await?.rows_affected());
        if n == 0 {
            return Err(SetupRefusal::JobNotFailed.into());
        }
        Ok(())
    }

    /// Deletes jobs done before `before`, with their delivery records. Safe for the keys:
    /// a reminder step is only scheduled within its period's catch-up window, and every other
    /// notice comes from an event that happens once, so an old key is never asked for again.
    pub async fn prune_jobs(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(
            crate::write_on_pool!(self, p => sqlx::query("DELETE FROM jobs WHERE state = 'done' AND finished_at < $1").bind(before).execute(p).await?.rows_affected()),
        )
    }

    /// Records one outgoing message of a job (e-mail or webhook) and whether it went out.
    pub async fn record_delivery(
        &self,
        job: i64,
        d: &crate::Delivery,
        ok: bool,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        crate::write_on_pool!(self, p => sqlx::query("INSERT INTO deliveries (job_id, channel, address, ok, detail, at, unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(job).bind(&d.channel).bind(&d.to).bind(ok).bind(detail).bind(now).bind(d.unit).execute(p).await?.rows_affected());
        Ok(())
    }

    /// SMS delivered to a unit's people since `since` (the start of the day).
    pub async fn unit_sms_since(&self, unit: i64, since: DateTime<Utc>) -> Result<i64, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE unit_id = $1 AND channel = 'sms' AND ok AND at >= $2")
            .bind(unit).bind(since).fetch_one(p).await?),
        )
    }

    /// Moves a failed delivery's person down the ladder: its fallback is enqueued (once per
    /// person and notice, however many first rungs fail).
    pub async fn enqueue_fallback(
        &self,
        d: &crate::Delivery,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let Some(next) = &d.fallback else {
            return Ok(false);
        };
        Ok(crate::in_write_tx!(self, tx => {
            tx.enqueue("deliver", &d.fallback_key, next.as_ref(), now).await?
        }))
    }

    /// The delivery report: the latest deliveries tried, with the job's key (which notice, to
    /// whom), newest first.
    pub async fn delivery_report(&self, limit: i64) -> Result<Vec<DeliveryRow>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT d.job_id, j.dedup_key, j.payload, d.channel, d.address, d.ok, d.detail, d.at FROM deliveries d JOIN jobs j ON j.id = d.job_id ORDER BY d.at DESC, d.job_id DESC LIMIT $1")
            .bind(limit).fetch_all(p).await?))
    }
}
