//! Period locks with snapshots (周期锁定与快照): when a period closes (the day its reporters
//! are named for the bulletin) or a bulletin is issued, the period is locked and its figures
//! frozen with a content hash. Reports filed afterwards are amendments with a reason.

use crate::audit::Change;
use crate::ledger::Now;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::PlanId;
use minsheng_domain::Refusal;
use minsheng_domain::ledger::Period;
use minsheng_domain::supervision::ReminderStep;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// A frozen period.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Snapshot {
    /// Identifier.
    pub id: i64,
    /// The period.
    pub period_start: NaiveDate,
    /// `close`, `bulletin` or `manual`.
    pub cause: String,
    /// When.
    pub taken_at: DateTime<Utc>,
    /// The figures, JSON: roll-up and per item percent, light, status and values.
    pub figures: String,
    /// SHA-256 of `figures`.
    pub hash: String,
}

/// A report filed after its period was locked.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Amendment {
    /// The report version.
    pub report_id: i64,
    /// Item.
    pub item_id: i64,
    /// Its list number.
    pub seq: String,
    /// Unit.
    pub unit: String,
    /// Period.
    pub period_start: NaiveDate,
    /// Version.
    pub version: i32,
    /// Reason given.
    pub reason: Option<String>,
    /// When.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The periods of a plan whose closing day (the ladder's bulletin step) has come by `today`
/// within the catch-up window: those a pass locks and freezes (unless done already).
fn closing(
    settings: &crate::PlanSettings,
    plan: &minsheng_domain::Plan,
    today: NaiveDate,
) -> Vec<Period> {
    let start = settings.start_for(plan);
    let pol = settings.reminders;
    settings
        .rule
        .periods(start, today)
        .into_iter()
        .filter(|p| pol.fires_on(ReminderStep::Bulletin, p) <= today && pol.in_window(p, today))
        .collect()
}

impl Store {
    /// Locks a period and freezes its figures (as of the period's last day) under `cause`.
    /// Doing it again adds nothing. Returns whether a new snapshot was taken.
    pub async fn freeze_period(
        &self,
        plan: PlanId,
        period_start: NaiveDate,
        cause: &str,
        now: Now,
    ) -> Result<bool, StoreError> {
        let settings = self.plan_settings(plan).await?;
        let period = settings
            .rule
            .period_starting(period_start)
            .ok_or(Refusal::NotPeriodStart { day: period_start })?;
        if period.end >= now.today {
            return Err(Refusal::PeriodNotFinished.into());
        }
        // Already frozen for this cause: nothing to compute (the scheduler asks every pass).
        let taken: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM period_snapshots WHERE plan_id = $1 AND period_start = $2 AND cause = $3")
            .bind(plan.0).bind(period.start).bind(cause).fetch_one(p).await?);
        if taken > 0 {
            return Ok(false);
        }
        let ledger = self.plan_ledger(plan, period.end).await?;
        let items: Vec<serde_json::Value> = ledger
            .items
            .iter()
            .map(|it| {
                json!({
                    "item": it.detail.item.id, "seq": it.detail.item.seq,
                    "percent": it.assessment.actual, "expected": it.assessment.expected,
                    "light": it.assessment.light, "status": it.assessment.status,
                    "values": it.targets.iter().map(|t| json!([t.target.id, t.achieved])).collect::<Vec<_>>(),
                })
            })
            .collect();
        let figures =
            json!({"plan": plan, "period": period, "rollup": ledger.rollup, "items": items})
                .to_string();
        let hash = hex::encode(Sha256::digest(figures.as_bytes()));
        let (taken, moved) = in_write_tx!(self, tx => {
            let locked = sqlx::query("INSERT INTO period_locks (plan_id, period_start, locked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(plan.0).bind(period.start).bind(now.at).execute(&mut *tx).await?.rows_affected() > 0;
            // The lock moved the plan's version by one (its trigger, under the row's lock);
            // nothing a ledger is assessed from changed.
            let moved: Option<i64> = if locked {
                sqlx::query_scalar("SELECT version FROM plan_versions WHERE plan_id = $1").bind(plan.0).fetch_optional(&mut *tx).await?
            } else {
                None
            };
            let n = sqlx::query("INSERT INTO period_snapshots (plan_id, period_start, cause, taken_at, figures, hash) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .bind(plan.0).bind(period.start).bind(cause).bind(now.at).bind(&figures).bind(&hash)
                .execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                tx.audit(&self.actor, Change::new("period.lock", "plan", plan).after(json!({"period_start": period.start, "cause": cause, "hash": hash}))).await?;
            }
            (n > 0, moved)
        });
        if let Some(v) = moved {
            self.carry_kept(plan, v - 1, v);
        }
        Ok(taken)
    }

    /// Closes the periods of `plans` (published ones) whose closing day (the ladder's bulletin
    /// step) has come within the catch-up window: locks them and takes the `close` snapshot.
    pub async fn close_due_periods(&self, plans: &[PlanId], now: Now) -> Result<usize, StoreError> {
        let mut closed = 0;
        for &plan in plans {
            let summary = self.plan(plan).await?;
            let settings = self.plan_settings(plan).await?;
            for p in closing(&settings, &summary, now.today) {
                if self.freeze_period(plan, p.start, "close", now).await? {
                    closed += 1;
                }
            }
        }
        Ok(closed)
    }

    /// Assesses a published plan as of today and as of the last day of each period a pass
    /// will close, reading its facts once, so that scheduling its reminders and freezing its
    /// periods find the ledgers kept. Only saves work: what it keeps is what they would
    /// assess.
    pub async fn prime_for_pass(&self, plan: PlanId, now: Now) -> Result<(), StoreError> {
        self.prime_ledgers(plan, now.today, |settings, row| {
            closing(settings, row, now.today)
                .into_iter()
                .map(|p| p.end)
                .collect()
        })
        .await
    }

    /// The last day of the latest locked period of a plan: the day its public figures stand on.
    pub async fn last_locked_period_end(
        &self,
        plan: PlanId,
    ) -> Result<Option<NaiveDate>, StoreError> {
        let start: Option<NaiveDate> = on_pool!(self, p => sqlx::query_scalar("SELECT MAX(period_start) FROM period_locks WHERE plan_id = $1").bind(plan.0).fetch_one(p).await?);
        let Some(start) = start else { return Ok(None) };
        let rule = self.plan_settings(plan).await?.rule;
        Ok(Some(rule.period_containing(start).end))
    }

    /// A plan's snapshots, newest period first.
    pub async fn snapshots(&self, plan: PlanId) -> Result<Vec<Snapshot>, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_as("SELECT id, period_start, cause, taken_at, figures, hash FROM period_snapshots WHERE plan_id = $1 ORDER BY period_start DESC, id").bind(plan.0).fetch_all(p).await?),
        )
    }

    /// Reports filed after their period was locked, newest first.
    pub async fn amendments(&self, plan: PlanId) -> Result<Vec<Amendment>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT r.id AS report_id, r.item_id, i.seq, u.name AS unit, r.period_start, r.version, r.correction_reason AS reason, r.submitted_at \
             FROM reports r JOIN items i ON i.id = r.item_id JOIN units u ON u.id = r.unit_id WHERE i.plan_id = $1 AND r.amendment = TRUE ORDER BY r.submitted_at DESC",
        ).bind(plan.0).fetch_all(p).await?))
    }
}
