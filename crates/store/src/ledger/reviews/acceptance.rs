//! Acceptance: a lead unit asks with its evidence, the office accepts (the item counts as
//! completed) or returns it.

use super::super::{Attachment, Now, OwnerKind};
use super::text;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::ledger::ReviewState;
use minsheng_domain::refusal::Field;
use minsheng_domain::{AcceptanceId, ItemId, UnitId};
use serde::Serialize;
use serde_json::json;

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

impl Store {
    /// The lead unit declares the item done and asks for acceptance.
    pub async fn request_acceptance(
        &self,
        item: ItemId,
        unit: UnitId,
        a: &AcceptanceInput,
        now: Now,
    ) -> Result<AcceptanceId, StoreError> {
        self.require_lead(item, unit).await?;
        let summary = text(Field::CompletionSummary, &a.summary, 2000)?;
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
        let by = text(Field::AcceptedBy, by, 100)?;
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
}
