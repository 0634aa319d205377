//! What the coordinating office decides on: delay explanations (approve → the deadline moves
//! and the change is recorded), acceptance requests (accept → the item counts as completed),
//! dispositions (terminate, carry over), period locks and unit assignments. Delays and
//! acceptance in files of their own.

use super::Now;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::NaiveDate;
use minsheng_domain::Refusal;
use minsheng_domain::ledger::Disposition;
use minsheng_domain::refusal::Field;
use minsheng_domain::{ItemId, PlanId, Role, TargetId, UnitId};
use serde_json::json;

mod acceptance;
mod delays;

pub use acceptance::{AcceptanceInput, AcceptanceRequest};
pub use delays::{DeadlineChange, DelayExplanation, DelayInput, DelayStep};

pub(super) fn text(field: Field, s: &str, max: usize) -> Result<String, StoreError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Refusal::FieldRequired { field }.into());
    }
    if t.chars().count() > max {
        return Err(Refusal::FieldTooLong { field, max }.into());
    }
    Ok(t.to_string())
}

impl Store {
    /// Refuses unless `unit` leads `item` and the item's plan is under way (not a draft:
    /// nothing is explained or accepted before the list is published).
    pub(super) async fn require_lead(&self, item: ItemId, unit: UnitId) -> Result<(), StoreError> {
        let row: Option<(i64, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM item_units WHERE item_id = $1 AND unit_id = $2 AND role = 'lead'), p.state \
             FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1",
        ).bind(item.0).bind(unit.0).fetch_optional(p).await?);
        let (n, state) = row.ok_or(StoreError::NotFound("项目 (item)"))?;
        if state == minsheng_domain::PlanState::Draft.code() {
            return Err(Refusal::PlanNotPublished.into());
        }
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
