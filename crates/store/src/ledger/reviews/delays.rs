//! Delay explanations: a lead unit explains, the office approves (the deadline moves and the
//! change is recorded) or returns it.

use super::super::Now;
use super::text;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::ledger::ReviewState;
use minsheng_domain::refusal::Field;
use minsheng_domain::{DelayId, ItemId, PlanId, UnitId};
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

impl Store {
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
        let explanation = text(Field::Explanation, &d.explanation, 2000)?;
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
                step: text(Field::Step, &s.step, 500)?,
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
}
