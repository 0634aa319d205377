//! The reminder ladder in storage (催报): a scheduler pass that enqueues one `remind` job per
//! (plan, unit, period, step) that has come due, and the job itself, which checks again which
//! reports are still missing and tells the right people. The job's key and the `reminders`
//! row make every step happen once, across restarts and several server instances.

use super::{ContactLevel, Notice};
use crate::audit::Change;
use crate::ledger::{Now, PlanLedger};
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::NaiveDate;
use minsheng_domain::ledger::{ItemStatus, Period};
use minsheng_domain::supervision::{Audience, ReminderStep};
use minsheng_domain::{ItemId, LeaderId, PlanId, UnitId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// Records a reminder step (once: a step already recorded writes nothing) and tells its
/// audience, in the write transaction `$tx`; the deliveries enqueued. A macro, as the
/// transaction's type differs by database.
macro_rules! write_reminder {
    ($tx:ident, $actor:expr, $step:expr, $now:expr) => {{
        let (st, now): (&ReminderSteps, Now) = ($step, $now);
        let r = &st.reminder;
        let fresh = sqlx::query("INSERT INTO reminders (plan_id, unit_id, period_start, step, items, recipients, at) VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT DO NOTHING")
            .bind(r.plan.0).bind(r.unit.0).bind(r.period_start).bind(r.step.code()).bind(&st.seqs).bind(now.at)
            .execute(&mut *$tx).await?.rows_affected() > 0;
        let mut sent = 0usize;
        if fresh {
            for n in &st.notices {
                sent += $tx.notify(n, now.at).await?;
            }
            if sent > 0 {
                sqlx::query("UPDATE reminders SET recipients = $1 WHERE plan_id = $2 AND unit_id = $3 AND period_start = $4 AND step = $5")
                    .bind(sent as i64).bind(r.plan.0).bind(r.unit.0).bind(r.period_start).bind(r.step.code())
                    .execute(&mut *$tx).await?;
            }
            $tx.audit($actor, Change::new("reminder.send", "unit", r.unit).after(json!({"plan": r.plan, "period_start": r.period_start, "step": r.step, "items": st.item_ids, "deliveries": sent}))).await?;
        }
        sent
    }};
}

/// The payload of a `remind` job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    /// The plan.
    pub plan: PlanId,
    /// The unit that owes reports.
    pub unit: UnitId,
    /// The period.
    pub period_start: NaiveDate,
    /// The rung.
    pub step: ReminderStep,
}

impl Reminder {
    fn key(&self) -> String {
        format!(
            "remind:{}:{}:{}:{}",
            self.plan.0, self.unit.0, self.period_start, self.step
        )
    }
}

/// A reminder as recorded (for the bulletin and the supervision page).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ReminderRecord {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub unit: String,
    /// The period.
    pub period_start: NaiveDate,
    /// Step code.
    pub step: String,
    /// Item list numbers, JSON.
    pub items: String,
    /// Deliveries enqueued.
    pub recipients: i64,
    /// When it was sent.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// What became of the office's reminder to a unit (一键催报).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeReminder {
    /// Sent: the deliveries enqueued (0: nobody of the unit can be reached).
    Sent(usize),
    /// Sent before for this period: not again.
    AlreadySent,
    /// The unit owes nothing for the period (any more).
    NothingOwed,
}

/// Whether an item still owes reports.
fn active(status: ItemStatus) -> bool {
    matches!(
        status,
        ItemStatus::NotStarted
            | ItemStatus::InProgress
            | ItemStatus::Overdue
            | ItemStatus::Extended
    )
}

/// Items each unit has not reported on for `period`.
fn missing(ledger: &PlanLedger, period: &Period) -> BTreeMap<UnitId, Vec<usize>> {
    let mut out: BTreeMap<UnitId, Vec<usize>> = BTreeMap::new();
    for (i, it) in ledger.items.iter().enumerate() {
        if !active(it.assessment.status) || it.fed || it.start > period.end {
            continue;
        }
        for u in &it.reporters {
            if !ledger
                .first_submitted
                .contains_key(&(it.detail.item.id.0, u.0, period.start))
            {
                out.entry(*u).or_default().push(i);
            }
        }
    }
    out
}

impl Store {
    /// Schedules reminders for `plans` (published ones): for each, every period within the
    /// ladder's reach, every unit with missing reports and every step due by today, enqueue
    /// the `remind` job unless it exists. Returns the number of new jobs.
    pub async fn schedule_reminders(
        &self,
        plans: &[PlanId],
        now: Now,
    ) -> Result<usize, StoreError> {
        let mut added = 0;
        for &plan in plans {
            let ledger = self.plan_ledger(plan, now.today).await?;
            let policy = ledger.settings.reminders;
            let start = ledger.settings.start_for(&ledger.plan);
            let mut jobs = Vec::new();
            for period in ledger.settings.rule.periods(start, now.today) {
                let steps = policy.due_steps(&period, now.today);
                if steps.is_empty() {
                    continue;
                }
                for unit in missing(&ledger, &period).into_keys() {
                    for step in &steps {
                        jobs.push(Reminder {
                            plan,
                            unit,
                            period_start: period.start,
                            step: *step,
                        });
                    }
                }
            }
            if jobs.is_empty() {
                continue;
            }
            let jobs: Vec<(String, String)> = jobs
                .iter()
                .map(|r| {
                    (
                        r.key(),
                        serde_json::to_string(r).expect("job payloads serialise"),
                    )
                })
                .collect();
            added += in_write_tx!(self, tx => tx.enqueue_many("remind", &jobs, now.at).await?);
        }
        Ok(added)
    }

    /// Runs a `remind` job: finds which of the unit's reports for the period are still
    /// missing and, if any, records the step and tells its audience. Returns the deliveries
    /// enqueued (0 when the reports have come in or the step was already taken).
    pub async fn run_reminder(&self, r: &Reminder, now: Now) -> Result<usize, StoreError> {
        let Some(step) = self.prepare_reminder(r, now).await? else {
            return Ok(0);
        };
        Ok(in_write_tx!(self, tx => write_reminder!(tx, &self.actor, &step, now)))
    }

    /// The office's reminder to `unit` about its reports missing for the period starting
    /// `period_start` (一键催报): recorded in the ladder as its own step, once per period,
    /// through the unit's liaison channels, audited as the office's act.
    pub async fn remind_now(
        &self,
        plan: PlanId,
        unit: UnitId,
        period_start: NaiveDate,
        now: Now,
    ) -> Result<OfficeReminder, StoreError> {
        let r = Reminder {
            plan,
            unit,
            period_start,
            step: ReminderStep::Office,
        };
        let Some(step) = self.prepare_reminder(&r, now).await? else {
            return Ok(OfficeReminder::NothingOwed);
        };
        let done = self
            .reminders(plan, Some(ReminderStep::Office))
            .await?
            .iter()
            .any(|x| x.unit_id == unit.0 && x.period_start == period_start);
        if done {
            return Ok(OfficeReminder::AlreadySent);
        }
        Ok(OfficeReminder::Sent(
            in_write_tx!(self, tx => write_reminder!(tx, &self.actor, &step, now)),
        ))
    }

    /// Runs `remind` jobs (id and payload) together: what each must say is worked out from
    /// the kept ledgers, then one transaction records every step taken, tells its audience
    /// and marks every job done. When that transaction fails, each job is written on its own,
    /// so that one job's error is its own. Returns per job the deliveries enqueued, or the
    /// error.
    pub async fn run_reminder_jobs(
        &self,
        jobs: &[(i64, Reminder)],
        now: Now,
    ) -> Vec<Result<usize, StoreError>> {
        let mut prepared = Vec::with_capacity(jobs.len());
        for (job, r) in jobs {
            prepared.push(self.prepare_reminder(r, now).await.map(|step| (*job, step)));
        }
        let ready: Vec<(i64, Option<ReminderSteps>)> = prepared
            .iter()
            .filter_map(|p| p.as_ref().ok().cloned())
            .collect();
        if ready.len() == jobs.len()
            && let Ok(sent) = self.write_reminders(&ready, now).await
        {
            return sent.into_iter().map(Ok).collect();
        }
        let mut out = Vec::with_capacity(jobs.len());
        for p in prepared {
            out.push(match p {
                Ok(one) => self
                    .write_reminders(std::slice::from_ref(&one), now)
                    .await
                    .map(|sent| sent[0]),
                Err(e) => Err(e),
            });
        }
        out
    }

    /// Writes reminder steps worked out for their jobs (a job with nothing to say is only
    /// marked done) in one transaction; the deliveries each enqueued.
    async fn write_reminders(
        &self,
        steps: &[(i64, Option<ReminderSteps>)],
        now: Now,
    ) -> Result<Vec<usize>, StoreError> {
        Ok(in_write_tx!(self, tx => {
            let mut sent = Vec::with_capacity(steps.len());
            for (job, step) in steps {
                sent.push(match step {
                    Some(step) => write_reminder!(tx, &self.actor, step, now),
                    None => 0,
                });
                sqlx::query(super::jobs::FINISH).bind(now.at).bind(job).execute(&mut *tx).await?;
            }
            sent
        }))
    }

    /// What a reminder step must record and say, from the plan's kept ledger; None when the
    /// unit owes nothing for the period (any more).
    async fn prepare_reminder(
        &self,
        r: &Reminder,
        now: Now,
    ) -> Result<Option<ReminderSteps>, StoreError> {
        let ledger = self.plan_ledger(r.plan, now.today).await?;
        let ledger = &*ledger;
        let Some(period) = ledger.settings.rule.period_starting(r.period_start) else {
            return Ok(None);
        };
        let Some(idx) = missing(ledger, &period).remove(&r.unit) else {
            return Ok(None);
        };
        let items: Vec<&crate::ItemLedger> = idx.iter().map(|&i| &ledger.items[i]).collect();
        let unit_name = items
            .iter()
            .flat_map(|it| it.detail.lead_units.iter().chain(&it.detail.co_units))
            .find(|u| u.id == r.unit)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let label = period.label_zh(ledger.settings.rule.cadence);
        let lines: Vec<String> = items
            .iter()
            .map(|it| {
                format!(
                    "第{}项 {}",
                    it.detail.item.seq,
                    it.detail.item.display_title()
                )
            })
            .collect();
        let late_days = (now.today - period.due).num_days();
        let closing = match r.step {
            ReminderStep::Before => format!("请于 {} 前登录系统填报。", period.due),
            ReminderStep::Due => "今天截止，请尽快登录系统填报。".to_string(),
            ReminderStep::Overdue => "已逾期，请立即补报并说明原因。".to_string(),
            ReminderStep::Head => "经联络员催报仍未报送，请单位负责人督促落实。".to_string(),
            ReminderStep::Leader => format!("已逾期 {late_days} 天，提请分管领导督促。"),
            ReminderStep::Bulletin => "逾期未报，将在下期通报中点名。".to_string(),
            ReminderStep::Office => "民生实事办公室提醒：请尽快登录系统填报。".to_string(),
        };
        let title = format!(
            "【民生实事·{}】{}：{}进度未报送（{}项）",
            r.step.label_zh(),
            unit_name,
            label,
            items.len()
        );
        let body = format!(
            "{unit_name}：\n{} {}（{}—{}）的进度应于 {} 前报送，以下 {} 项尚未报送：\n{}\n{closing}",
            ledger.plan.title,
            label,
            period.start,
            period.end,
            period.due,
            items.len(),
            lines.join("\n"),
        );
        // One item due: the link opens its report form; several: the unit's workbench.
        let link = match items.as_slice() {
            [one] => format!("/items/{}/report?unit={}", one.detail.item.id.0, r.unit.0),
            _ => format!("/workbench?unit={}", r.unit.0),
        };
        let seqs: Vec<&str> = items.iter().map(|it| it.detail.item.seq.as_str()).collect();
        let mut notices = Vec::new();
        let base = Notice {
            kind: format!("remind.{}", r.step),
            unit: Some(r.unit),
            leader: None,
            level: ContactLevel::Liaison,
            title,
            body,
            link,
            key: r.key(),
            attach: None,
        };
        match r.step.audience() {
            Audience::Liaison => notices.push(base),
            Audience::Head | Audience::Bulletin => notices.push(Notice {
                level: ContactLevel::Head,
                ..base
            }),
            Audience::Leader => {
                let mut leaders: Vec<LeaderId> = items
                    .iter()
                    .flat_map(|it| it.detail.leaders.iter().map(|l| l.id))
                    .collect();
                leaders.sort();
                leaders.dedup();
                for l in leaders {
                    notices.push(Notice {
                        unit: None,
                        leader: Some(l),
                        level: ContactLevel::Leader,
                        key: format!("{}:leader{}", base.key, l.0),
                        ..base.clone()
                    });
                }
            }
        }
        let item_ids: Vec<ItemId> = items.iter().map(|it| it.detail.item.id).collect();
        Ok(Some(ReminderSteps {
            reminder: r.clone(),
            seqs: serde_json::to_string(&seqs).unwrap_or_default(),
            item_ids,
            notices,
        }))
    }

    /// Reminders recorded for a plan, optionally only one step, in period order.
    pub async fn reminders(
        &self,
        plan: PlanId,
        step: Option<ReminderStep>,
    ) -> Result<Vec<ReminderRecord>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT r.unit_id, u.name AS unit, r.period_start, r.step, r.items, r.recipients, r.at FROM reminders r JOIN units u ON u.id = r.unit_id \
             WHERE r.plan_id = $1 AND (CAST($2 AS TEXT) IS NULL OR r.step = $2) ORDER BY r.period_start, u.name, r.step",
        ).bind(plan.0).bind(step.map(|s| s.code())).fetch_all(p).await?))
    }
}

/// A reminder step worked out: what to record and whom to tell.
#[derive(Clone)]
struct ReminderSteps {
    reminder: Reminder,
    /// The items' list numbers, JSON.
    seqs: String,
    item_ids: Vec<ItemId>,
    notices: Vec<Notice>,
}
