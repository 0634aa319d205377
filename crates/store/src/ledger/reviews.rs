//! What the coordinating office decides on: delay explanations (approve → the deadline moves
//! and the change is recorded), acceptance requests (accept → the item counts as completed),
//! dispositions (terminate, carry over), period locks and unit assignments.

use super::{Attachment, Now, OwnerKind};
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::ledger::{Disposition, ReviewState};
use minsheng_domain::{AcceptanceId, DelayId, ItemId, PlanId, Role, TargetId, UnitId};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One corrective step of a delay explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DelayStep {
    /// What will be done.
    pub step: String,
    /// By when.
    pub due_on: Option<NaiveDate>,
}

/// A lead unit's delay explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct DelayInput {
    /// One of the plan's causes.
    pub cause: String,
    /// Why.
    pub explanation: String,
    /// Corrective steps.
    pub steps: Vec<DelayStep>,
    /// The new date the unit commits to.
    pub new_deadline: NaiveDate,
}

/// A delay explanation as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DelayExplanation {
    /// Identifier.
    pub id: DelayId,
    /// The item.
    pub item_id: ItemId,
    /// The unit that explained.
    pub unit: String,
    /// Cause.
    pub cause: String,
    /// Why.
    pub explanation: String,
    /// Corrective steps.
    pub steps: Vec<DelayStep>,
    /// Committed new deadline.
    pub new_deadline: NaiveDate,
    /// Pending, approved or returned.
    pub state: ReviewState,
    /// The coordinator's note.
    pub review_note: Option<String>,
    /// Who decided.
    pub reviewed_by: Option<String>,
    /// When decided.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Submitted.
    pub created_at: DateTime<Utc>,
}

/// A recorded change of an item's deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineChange {
    /// From.
    pub from_date: NaiveDate,
    /// To.
    pub to_date: NaiveDate,
    /// Why.
    pub reason: String,
    /// The approved explanation behind it.
    pub explanation_id: Option<DelayId>,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// A lead unit's request for acceptance.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptanceInput {
    /// The day the work was completed.
    pub completed_on: NaiveDate,
    /// What was delivered.
    pub summary: String,
}

/// An acceptance request as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcceptanceRequest {
    /// Identifier.
    pub id: AcceptanceId,
    /// The item.
    pub item_id: ItemId,
    /// The requesting unit.
    pub unit: String,
    /// Completed on.
    pub completed_on: NaiveDate,
    /// What was delivered.
    pub summary: String,
    /// Pending, accepted (approved) or returned.
    pub state: ReviewState,
    /// Reasons or remarks.
    pub decision_note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// The acceptance (or return) date.
    pub decided_on: Option<NaiveDate>,
    /// Requested.
    pub created_at: DateTime<Utc>,
    /// Before/after photos and completion documents.
    pub attachments: Vec<Attachment>,
}

/// (from, to, reason, explanation, when) of a deadline change.
type ChangeRow = (NaiveDate, NaiveDate, String, Option<i64>, DateTime<Utc>);

#[derive(sqlx::FromRow)]
struct DelayRow {
    id: i64,
    item_id: i64,
    unit: String,
    cause: String,
    explanation: String,
    steps: String,
    new_deadline: NaiveDate,
    state: String,
    review_note: Option<String>,
    reviewed_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AcceptRow {
    id: i64,
    item_id: i64,
    unit: String,
    completed_on: NaiveDate,
    summary: String,
    state: String,
    decision_note: Option<String>,
    decided_by: Option<String>,
    decided_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

fn text(field: &str, s: &str, max: usize) -> Result<String, StoreError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(StoreError::Invalid(format!(
            "请填写{field} ({field} is required)"
        )));
    }
    if t.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "{field}不能超过 {max} 字 ({field} too long)"
        )));
    }
    Ok(t.to_string())
}

impl Store {
    async fn require_lead(&self, item: ItemId, unit: UnitId) -> Result<(), StoreError> {
        let n: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM item_units WHERE item_id = $1 AND unit_id = $2 AND role = 'lead'").bind(item.0).bind(unit.0).fetch_one(p).await?);
        if n == 0 {
            return Err(Refusal::OnlyLeadUnit.into());
        }
        Ok(())
    }

    /// (original deadline, current deadline) of an item, with the plan's fallback.
    pub async fn item_deadlines(&self, item: ItemId) -> Result<(NaiveDate, NaiveDate), StoreError> {
        let row: Option<(i64, Option<NaiveDate>, Option<NaiveDate>)> = on_pool!(self, p => sqlx::query_as("SELECT plan_id, deadline, current_deadline FROM items WHERE id = $1").bind(item.0).fetch_optional(p).await?);
        let (plan_id, deadline, current) = row.ok_or(StoreError::NotFound("项目 (item)"))?;
        let plan = self.plan(PlanId(plan_id)).await?;
        let original = deadline.unwrap_or_else(|| super::PlanSettings::default_deadline(&plan));
        Ok((original, current.unwrap_or(original)))
    }

    /// Files a delay explanation from the item's lead unit.
    pub async fn submit_delay(
        &self,
        item: ItemId,
        unit: UnitId,
        d: &DelayInput,
        now: Now,
    ) -> Result<DelayId, StoreError> {
        self.require_lead(item, unit).await?;
        let plan_id: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1").bind(item.0).fetch_one(p).await?);
        let settings = self.plan_settings(PlanId(plan_id)).await?;
        if !settings.delay_causes.iter().any(|c| c == d.cause.trim()) {
            return Err(Refusal::DelayCauseNotListed {
                causes: settings.delay_causes.clone(),
            }
            .into());
        }
        let explanation = text("情况说明", &d.explanation, 2000)?;
        let (_, current) = self.item_deadlines(item).await?;
        if d.new_deadline <= current || d.new_deadline <= now.today {
            return Err(Refusal::DeadlineNotLater { current }.into());
        }
        let mut steps = Vec::new();
        for s in &d.steps {
            if s.step.trim().is_empty() {
                continue;
            }
            steps.push(DelayStep {
                step: text("整改措施", &s.step, 500)?,
                due_on: s.due_on,
            });
        }
        if steps.is_empty() {
            return Err(Refusal::StepsRequired.into());
        }
        let steps = serde_json::to_string(&steps).expect("steps serialise");
        let id: i64 = in_write_tx!(self, tx => {
            let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM delay_explanations WHERE item_id = $1 AND state = 'pending'").bind(item.0).fetch_one(&mut *tx).await?;
            if pending > 0 {
                return Err(Refusal::ExplanationPending.into());
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO delay_explanations (item_id, unit_id, cause, explanation, steps, new_deadline, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING id",
            ).bind(item.0).bind(unit.0).bind(d.cause.trim()).bind(&explanation).bind(&steps).bind(d.new_deadline).bind(now.at)
            .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("delay.submit", "delay", id).after(json!({
                "item": item, "unit": unit, "cause": d.cause.trim(), "explanation": explanation, "new_deadline": d.new_deadline, "from": current}))).await?;
            id
        });
        Ok(DelayId(id))
    }

    /// The coordinator approves (the deadline moves to the committed date) or returns a
    /// pending delay explanation. Returning needs a reason.
    pub async fn review_delay(
        &self,
        id: DelayId,
        approve: bool,
        note: &str,
        by: &str,
        now: Now,
    ) -> Result<ItemId, StoreError> {
        let note = note.trim();
        if !approve && note.is_empty() {
            return Err(Refusal::ReturnNeedsReason.into());
        }
        let row: Option<(i64, String, NaiveDate, String)> = on_pool!(self, p => sqlx::query_as("SELECT item_id, state, new_deadline, cause FROM delay_explanations WHERE id = $1").bind(id.0).fetch_optional(p).await?);
        let (item, state, new_deadline, cause) =
            row.ok_or(StoreError::NotFound("延期说明 (delay explanation)"))?;
        if state != ReviewState::Pending.code() {
            return Err(Refusal::AlreadyDecided.into());
        }
        let (_, current) = self.item_deadlines(ItemId(item)).await?;
        let next = if approve {
            ReviewState::Approved
        } else {
            ReviewState::Returned
        };
        in_write_tx!(self, tx => {
            let done = sqlx::query("UPDATE delay_explanations SET state = $1, review_note = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $5 AND state = 'pending'")
                .bind(next.code()).bind(note).bind(by).bind(now.at).bind(id.0).execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Stale("这份延期说明刚被他人审核 (someone else decided it just now)".into()));
            }
            if approve {
                sqlx::query("UPDATE items SET current_deadline = $1 WHERE id = $2").bind(new_deadline).bind(item).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO deadline_changes (item_id, from_date, to_date, reason, explanation_id, changed_at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(item).bind(current).bind(new_deadline).bind(format!("延期说明获批（{cause}）")).bind(id.0).bind(now.at)
                    .execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new("delay.review", "delay", id).before(json!({"state": state, "deadline": current}))
                .after(json!({"state": next, "note": note, "by": by, "deadline": if approve { new_deadline } else { current }}))).await?;
        });
        Ok(ItemId(item))
    }

    /// Delay explanations of an item, newest first.
    pub async fn delays(&self, item: ItemId) -> Result<Vec<DelayExplanation>, StoreError> {
        let rows: Vec<DelayRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT d.id, d.item_id, u.name AS unit, d.cause, d.explanation, d.steps, d.new_deadline, d.state, d.review_note, d.reviewed_by, d.reviewed_at, d.created_at \
             FROM delay_explanations d JOIN units u ON u.id = d.unit_id WHERE d.item_id = $1 ORDER BY d.id DESC",
        ).bind(item.0).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|r| DelayExplanation {
                id: DelayId(r.id),
                item_id: ItemId(r.item_id),
                unit: r.unit,
                cause: r.cause,
                explanation: r.explanation,
                steps: serde_json::from_str(&r.steps).unwrap_or_default(),
                new_deadline: r.new_deadline,
                state: r.state.parse().unwrap_or(ReviewState::Pending),
                review_note: r.review_note,
                reviewed_by: r.reviewed_by,
                reviewed_at: r.reviewed_at,
                created_at: r.created_at,
            })
            .collect())
    }

    /// Recorded deadline changes of an item, oldest first.
    pub async fn deadline_changes(&self, item: ItemId) -> Result<Vec<DeadlineChange>, StoreError> {
        let rows: Vec<ChangeRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT from_date, to_date, reason, explanation_id, changed_at FROM deadline_changes WHERE item_id = $1 ORDER BY id",
        ).bind(item.0).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(
                |(from_date, to_date, reason, e, changed_at)| DeadlineChange {
                    from_date,
                    to_date,
                    reason,
                    explanation_id: e.map(DelayId),
                    changed_at,
                },
            )
            .collect())
    }

    /// The lead unit declares the item done and asks for acceptance.
    pub async fn request_acceptance(
        &self,
        item: ItemId,
        unit: UnitId,
        a: &AcceptanceInput,
        now: Now,
    ) -> Result<AcceptanceId, StoreError> {
        self.require_lead(item, unit).await?;
        let summary = text("完成情况", &a.summary, 2000)?;
        if a.completed_on > now.today {
            return Err(Refusal::CompletionInFuture.into());
        }
        let id: i64 = in_write_tx!(self, tx => {
            let (pending, accepted): (i64, Option<NaiveDate>) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM acceptance_requests WHERE item_id = $1 AND state = 'pending'), (SELECT accepted_on FROM items WHERE id = $1)",
            ).bind(item.0).fetch_one(&mut *tx).await?;
            if accepted.is_some() {
                return Err(Refusal::AlreadyAccepted.into());
            }
            if pending > 0 {
                return Err(Refusal::AcceptancePending.into());
            }
            let id: i64 = sqlx::query_scalar("INSERT INTO acceptance_requests (item_id, unit_id, completed_on, summary, state, created_at) VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id")
                .bind(item.0).bind(unit.0).bind(a.completed_on).bind(&summary).bind(now.at).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("acceptance.request", "acceptance", id).after(json!({
                "item": item, "unit": unit, "completed_on": a.completed_on, "summary": summary}))).await?;
            id
        });
        Ok(AcceptanceId(id))
    }

    /// The coordinator (or a named inspector) accepts or returns a pending request. Returning
    /// needs reasons. Acceptance sets the item's acceptance date, which the public sees.
    pub async fn decide_acceptance(
        &self,
        id: AcceptanceId,
        accept: bool,
        note: &str,
        by: &str,
        now: Now,
    ) -> Result<ItemId, StoreError> {
        let note = note.trim();
        if !accept && note.is_empty() {
            return Err(Refusal::ReturnNeedsReason.into());
        }
        let by = text("验收人", by, 100)?;
        let next = if accept {
            ReviewState::Approved
        } else {
            ReviewState::Returned
        };
        let item: i64 = in_write_tx!(self, tx => {
            let item: Option<i64> = sqlx::query_scalar(
                "UPDATE acceptance_requests SET state = $1, decision_note = $2, decided_by = $3, decided_on = $4 WHERE id = $5 AND state = 'pending' RETURNING item_id",
            ).bind(next.code()).bind(note).bind(&by).bind(now.today).bind(id.0).fetch_optional(&mut *tx).await?;
            let Some(item) = item else {
                return Err(Refusal::AcceptanceNotPending.into());
            };
            if accept {
                sqlx::query("UPDATE items SET accepted_on = $1 WHERE id = $2").bind(now.today).bind(item).execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new("acceptance.decide", "acceptance", id).before(json!({"state": "pending"}))
                .after(json!({"item": item, "state": next, "note": note, "by": by, "accepted_on": accept.then_some(now.today)}))).await?;
            item
        });
        Ok(ItemId(item))
    }

    /// Acceptance requests of an item, newest first, with evidence.
    pub async fn acceptance_requests(
        &self,
        item: ItemId,
    ) -> Result<Vec<AcceptanceRequest>, StoreError> {
        let rows: Vec<AcceptRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT a.id, a.item_id, u.name AS unit, a.completed_on, a.summary, a.state, a.decision_note, a.decided_by, a.decided_on, a.created_at \
             FROM acceptance_requests a JOIN units u ON u.id = a.unit_id WHERE a.item_id = $1 ORDER BY a.id DESC",
        ).bind(item.0).fetch_all(p).await?);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut files = self.attachments_of(OwnerKind::Acceptance, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| AcceptanceRequest {
                attachments: files.remove(&r.id).unwrap_or_default(),
                id: AcceptanceId(r.id),
                item_id: ItemId(r.item_id),
                unit: r.unit,
                completed_on: r.completed_on,
                summary: r.summary,
                state: r.state.parse().unwrap_or(ReviewState::Pending),
                decision_note: r.decision_note,
                decided_by: r.decided_by,
                decided_on: r.decided_on,
                created_at: r.created_at,
            })
            .collect())
    }

    /// Terminates or carries over an item, or clears that with `None`. Needs a reason.
    pub async fn set_disposition(
        &self,
        item: ItemId,
        d: Option<Disposition>,
        note: &str,
    ) -> Result<(), StoreError> {
        if d.is_some() && note.trim().is_empty() {
            return Err(Refusal::DispositionNeedsReason.into());
        }
        in_write_tx!(self, tx => {
            let before: Option<(Option<String>, Option<String>)> = sqlx::query_as("SELECT disposition, disposition_note FROM items WHERE id = $1")
                .bind(item.0).fetch_optional(&mut *tx).await?;
            let Some((was, was_note)) = before else {
                return Err(StoreError::NotFound("项目 (item)"));
            };
            sqlx::query("UPDATE items SET disposition = $1, disposition_note = $2 WHERE id = $3")
                .bind(d.map(|d| d.code())).bind(note.trim()).bind(item.0).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("item.disposition", "item", item).before(json!({"disposition": was, "note": was_note}))
                .after(json!({"disposition": d.map(|d| d.code()), "note": note.trim()}))).await?;
        });
        Ok(())
    }

    /// Locks a reporting period of a plan by hand and freezes its figures; reports filed
    /// afterwards are amendments with a reason.
    pub async fn lock_period(
        &self,
        plan: PlanId,
        period_start: NaiveDate,
        now: Now,
    ) -> Result<(), StoreError> {
        self.freeze_period(plan, period_start, "manual", now)
            .await?;
        Ok(())
    }

    /// Whether a plan's period is locked.
    pub async fn period_locked(
        &self,
        plan: PlanId,
        period_start: NaiveDate,
    ) -> Result<bool, StoreError> {
        let n: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM period_locks WHERE plan_id = $1 AND period_start = $2").bind(plan.0).bind(period_start).fetch_one(p).await?);
        Ok(n > 0)
    }

    /// Assigns a unit to an item as lead or co-unit, optionally with a share of one target
    /// (the share is the part of the target's value the unit answers for).
    pub async fn assign_unit(
        &self,
        item: ItemId,
        unit: UnitId,
        role: Role,
        share: Option<(TargetId, f64)>,
    ) -> Result<(), StoreError> {
        if let Some((t, s)) = share {
            let ok: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM targets WHERE id = $1 AND item_id = $2").bind(t.0).bind(item.0).fetch_optional(p).await?);
            if ok.is_none() {
                return Err(Refusal::TargetNotOnItem { target: t.0 }.into());
            }
            if !(s.is_finite() && s > 0.0) {
                return Err(Refusal::ShareNotPositive.into());
            }
        }
        let unit_ok: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM units WHERE id = $1").bind(unit.0).fetch_optional(p).await?);
        unit_ok.ok_or(StoreError::NotFound("单位 (unit)"))?;
        in_write_tx!(self, tx => {
            let pos: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM item_units WHERE item_id = $1 AND role = $2").bind(item.0).bind(role.code()).fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO item_units (item_id, unit_id, role, position, target_id, share) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (item_id, unit_id, role) DO UPDATE SET target_id = excluded.target_id, share = excluded.share",
            ).bind(item.0).bind(unit.0).bind(role.code()).bind((pos + 1) as i32).bind(share.map(|s| s.0.0)).bind(share.map(|s| s.1))
            .execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("item.assign", "item", item).after(json!({
                "unit": unit, "role": role, "target": share.map(|s| s.0), "share": share.map(|s| s.1)}))).await?;
        });
        Ok(())
    }
}
