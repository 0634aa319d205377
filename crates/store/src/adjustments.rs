//! Adjustments (调整) of a published plan: proposed by a lead unit or the office with the item
//! as it should be, shown as a diff, approved (and applied in the same transaction) or returned
//! by the office; a major one needs its decision record. Applying keeps the item's targets by
//! id, so reports already filed stay attached and are assessed against the new values; a new
//! deadline becomes the item's current deadline, recorded like an approved delay.

use crate::Now;
use crate::audit::Change;
use crate::editor::{EditTx, Place};
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::adjustment::{self, AdjustmentKind, AdjustmentState, DecisionRecord};
use minsheng_domain::draft::{FieldChange, ItemDraft, diff};
use minsheng_domain::{ItemId, PlanId, PlanState, Refusal, UnitId};
use serde::Serialize;
use serde_json::json;

/// An adjustment as proposed.
#[derive(Debug, Clone)]
pub struct AdjustmentInput {
    /// What it does.
    pub kind: AdjustmentKind,
    /// The item changed or terminated; none for a new item.
    pub item: Option<ItemId>,
    /// The item as it should be (change, new item); none for a termination.
    pub after: Option<ItemDraft>,
    /// Why.
    pub reason: String,
    /// A major change, which takes effect only with a decision record.
    pub major: bool,
    /// The unit proposing it, when a unit does.
    pub unit: Option<UnitId>,
    /// A split: the items split off.
    pub parts: Vec<ItemDraft>,
    /// A merge: the other items merged into this one.
    pub merged: Vec<ItemId>,
}

/// An adjustment with its diff.
#[derive(Debug, Clone, Serialize)]
pub struct Adjustment {
    /// Identifier.
    pub id: i64,
    /// The plan.
    pub plan_id: PlanId,
    /// The item (for a new item, once approved).
    pub item_id: Option<ItemId>,
    /// What it does.
    pub kind: AdjustmentKind,
    /// Where it is.
    pub state: AdjustmentState,
    /// Major: needs a decision record.
    pub major: bool,
    /// Why.
    pub reason: String,
    /// The item before (none for a new item).
    pub before: Option<ItemDraft>,
    /// The item after (none for a termination).
    pub after: Option<ItemDraft>,
    /// What differs, field by field.
    pub changes: Vec<FieldChange>,
    /// The deadline moves into a later year than the plan's.
    pub into_later_year: bool,
    /// The unit that proposed it.
    pub unit_id: Option<UnitId>,
    /// Its name.
    pub unit_name: Option<String>,
    /// Who proposed it.
    pub proposed_by: String,
    /// When.
    pub proposed_at: DateTime<Utc>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The office's note (a return's reasons).
    pub decision_note: Option<String>,
    /// The decision it rests on.
    pub decision: Option<DecisionRecord>,
    /// The decision's file(s).
    pub files: Vec<crate::Attachment>,
    /// A split: the items split off.
    pub parts: Vec<ItemDraft>,
    /// A merge: the items merged in, with their number and name as shown.
    pub merged: Vec<(ItemId, String)>,
}

/// The office's decision on an adjustment.
#[derive(Debug, Clone)]
pub struct AdjustmentDecision {
    /// Approve (and apply) or return.
    pub approve: bool,
    /// Note; a return needs one.
    pub note: String,
    /// The decision record (required to approve a major adjustment).
    pub decision: Option<DecisionRecord>,
}

const COLS: &str = "a.id, a.plan_id, a.item_id, a.kind, a.state, a.major, a.reason, a.before_json, a.after_json, a.unit_id, \
     a.proposed_by, a.proposed_at, a.decided_by, a.decided_at, a.decision_note, a.decision_body, a.decision_number, a.decision_date, u.name AS unit_name, a.parts_json, a.merged_json";

#[derive(sqlx::FromRow)]
struct AdjRow {
    id: i64,
    plan_id: i64,
    item_id: Option<i64>,
    kind: String,
    state: String,
    major: bool,
    reason: String,
    before_json: Option<String>,
    after_json: Option<String>,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    proposed_by: String,
    proposed_at: DateTime<Utc>,
    decided_by: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    decision_note: Option<String>,
    decision_body: Option<String>,
    decision_number: Option<String>,
    decision_date: Option<NaiveDate>,
    parts_json: Option<String>,
    merged_json: Option<String>,
}

fn draft(json: &Option<String>) -> Option<ItemDraft> {
    json.as_deref().and_then(|j| serde_json::from_str(j).ok())
}

impl AdjRow {
    fn into_adjustment(self, plan_year: i32) -> Adjustment {
        let before = draft(&self.before_json);
        let after = draft(&self.after_json);
        let parts: Vec<ItemDraft> = self
            .parts_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let merged: Vec<(i64, String)> = self
            .merged_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let mut changes = match (&before, &after) {
            (Some(b), Some(a)) => diff(b, a),
            (None, Some(a)) => diff(&ItemDraft::default(), a),
            _ => Vec::new(),
        };
        for p in &parts {
            let targets: Vec<String> = p
                .targets
                .iter()
                .map(|t| format!("{}：{}", t.metric, t.describe()))
                .collect();
            changes.push(FieldChange {
                field: "拆出项目".into(),
                before: String::new(),
                after: [p.name.clone()]
                    .into_iter()
                    .chain(targets)
                    .collect::<Vec<_>>()
                    .join("；"),
            });
        }
        for (_, name) in &merged {
            changes.push(FieldChange {
                field: "并入项目".into(),
                before: name.clone(),
                after: "并入本项目，原项目终止".into(),
            });
        }
        let moved = after
            .as_ref()
            .map(|a| a.deadline)
            .filter(|d| before.as_ref().map(|b| b.deadline) != Some(*d))
            .flatten();
        Adjustment {
            id: self.id,
            plan_id: PlanId(self.plan_id),
            item_id: self.item_id.map(ItemId),
            kind: self.kind.parse().unwrap_or(AdjustmentKind::Change),
            state: self.state.parse().unwrap_or(AdjustmentState::Pending),
            major: self.major,
            reason: self.reason,
            into_later_year: adjustment::into_later_year(plan_year, moved),
            before,
            after,
            changes,
            unit_id: self.unit_id.map(UnitId),
            unit_name: self.unit_name,
            proposed_by: self.proposed_by,
            proposed_at: self.proposed_at,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            decision_note: self.decision_note,
            decision: match (self.decision_body, self.decision_number, self.decision_date) {
                (Some(body), Some(number), Some(date)) => {
                    Some(DecisionRecord { body, number, date })
                }
                _ => None,
            },
            files: Vec::new(),
            parts,
            merged: merged.into_iter().map(|(i, n)| (ItemId(i), n)).collect(),
        }
    }
}

impl Store {
    /// Adjustments chosen by `filter` (an SQL condition on `a` with `$1`), newest first.
    async fn adjustments_where(
        &self,
        filter: &str,
        id: i64,
    ) -> Result<Vec<Adjustment>, StoreError> {
        let sql = format!(
            "SELECT {COLS}, p.year FROM adjustments a JOIN plans p ON p.id = a.plan_id LEFT JOIN units u ON u.id = a.unit_id WHERE {filter} ORDER BY a.id DESC"
        );
        let rows: Vec<(i32, AdjRow)> = on_pool!(self, p => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                use sqlx::{FromRow, Row};
                out.push((r.try_get::<i32, _>("year")?, AdjRow::from_row(r)?));
            }
            out
        });
        let mut out: Vec<Adjustment> = rows
            .into_iter()
            .map(|(y, r)| r.into_adjustment(y))
            .collect();
        let ids: Vec<i64> = out
            .iter()
            .filter(|a| a.decision.is_some())
            .map(|a| a.id)
            .collect();
        let mut files = self
            .attachments_of(crate::OwnerKind::Decision, &ids)
            .await?;
        for a in &mut out {
            a.files = files.remove(&a.id).unwrap_or_default();
        }
        Ok(out)
    }

    /// One adjustment.
    pub async fn adjustment(&self, id: i64) -> Result<Adjustment, StoreError> {
        self.adjustments_where("a.id = $1", id)
            .await?
            .pop()
            .ok_or(StoreError::NotFound("调整 (adjustment)"))
    }

    /// A plan's adjustments, newest first.
    pub async fn plan_adjustments(&self, plan: PlanId) -> Result<Vec<Adjustment>, StoreError> {
        self.adjustments_where("a.plan_id = $1", plan.0).await
    }

    /// An item's adjustments, newest first: its own, and the merges it was merged away by.
    pub async fn item_adjustments(&self, item: ItemId) -> Result<Vec<Adjustment>, StoreError> {
        // merged_json is [[id, "…"], …]: an id is found as "[id,".
        self.adjustments_where(
            "(a.item_id = $1 OR a.merged_json LIKE '%[' || CAST($1 AS TEXT) || ',%')",
            item.0,
        )
        .await
    }

    /// The item as it stands, for an adjustment: its current deadline in place of the issued one.
    pub async fn item_as_adjusted(&self, item: ItemId) -> Result<(PlanId, ItemDraft), StoreError> {
        let (plan, mut d) = self.item_draft(item).await?;
        let (_, current) = self.item_deadlines(item).await?;
        d.deadline = Some(current);
        Ok((plan, d))
    }

    /// Proposes an adjustment of a published plan.
    pub async fn propose_adjustment(
        &self,
        plan: PlanId,
        input: AdjustmentInput,
        now: Now,
    ) -> Result<i64, StoreError> {
        let p = self.plan(plan).await?;
        match p.state {
            PlanState::Draft => return Err(Refusal::AdjustDraft.into()),
            PlanState::Closed => return Err(Refusal::PlanClosed.into()),
            PlanState::Published => {}
        }
        let reason = adjustment::reason(&input.reason)?;
        // A unit proposes on the items it leads; new items come from the office.
        if let Some(unit) = input.unit {
            if input.kind == AdjustmentKind::NewItem {
                return Err(Refusal::NewItemByOffice.into());
            }
            for m in &input.merged {
                let leads: i64 = on_pool!(self, p => sqlx::query_scalar(
                    "SELECT COUNT(*) FROM item_units WHERE item_id = $1 AND unit_id = $2 AND role = 'lead'",
                ).bind(m.0).bind(unit.0).fetch_one(p).await?);
                if leads == 0 {
                    return Err(Refusal::OnlyLeadUnit.into());
                }
            }
        }
        let before = match input.item {
            Some(item) => {
                let (item_plan, d) = self.item_as_adjusted(item).await?;
                if item_plan != plan {
                    return Err(StoreError::NotFound("项目 (item)"));
                }
                Some(d)
            }
            None => None,
        };
        let after = input.after.map(ItemDraft::checked).transpose()?;
        let parts = input
            .parts
            .into_iter()
            .map(ItemDraft::checked)
            .collect::<Result<Vec<_>, _>>()?;
        if input.kind == AdjustmentKind::Split && parts.is_empty() {
            return Err(Refusal::SplitNeedsParts.into());
        }
        let mut merged: Vec<(i64, String)> = Vec::new();
        if input.kind == AdjustmentKind::Merge {
            let detail = self.plan_detail(plan, None).await?;
            for m in &input.merged {
                let found = detail.items.iter().find(|i| i.item.id == *m);
                match found {
                    Some(i) if Some(*m) != input.item && !merged.iter().any(|x| x.0 == m.0) => {
                        merged.push((
                            m.0,
                            format!("第{}项 {}", i.item.seq, i.item.display_title()),
                        ));
                    }
                    _ => return Err(Refusal::MergeNeedsItems.into()),
                }
            }
            if merged.is_empty() {
                return Err(Refusal::MergeNeedsItems.into());
            }
        }
        match (input.kind, &before, &after) {
            (AdjustmentKind::Split | AdjustmentKind::Merge, Some(b), Some(a)) => {
                self.keeps_reported_targets(b, a).await?;
            }
            (AdjustmentKind::Change, Some(b), Some(a)) => {
                if diff(b, a).is_empty() {
                    return Err(Refusal::AdjustmentUnchanged.into());
                }
                self.keeps_reported_targets(b, a).await?;
            }
            (AdjustmentKind::NewItem, _, Some(_)) | (AdjustmentKind::Terminate, Some(_), _) => {}
            // Every kind but a termination says what the item is to be; all but a new item
            // name the item.
            (_, _, None) => {
                return Err(Refusal::FieldRequired {
                    field: minsheng_domain::refusal::Field::ItemName,
                }
                .into());
            }
            (_, None, _) => return Err(StoreError::NotFound("项目 (item)")),
        }
        let (item, before, after) = match input.kind {
            AdjustmentKind::NewItem => (None, None, after),
            AdjustmentKind::Terminate => (input.item.map(|i| i.0), before, None),
            _ => (input.item.map(|i| i.0), before, after),
        };
        let id = in_write_tx!(self, tx => {
            // An item that has ended (terminated, merged away, carried over) is not adjusted,
            // nor merged into another.
            for i in item.into_iter().chain(merged.iter().map(|m| m.0)) {
                let gone: Option<Option<String>> = sqlx::query_scalar("SELECT disposition FROM items WHERE id = $1")
                    .bind(i).fetch_optional(&mut *tx).await?;
                if gone.flatten().is_some() {
                    return Err(Refusal::ItemEnded.into());
                }
            }
            // Items waiting for an adjustment: their own, or a merge they are part of.
            let waiting: Vec<(Option<i64>, Option<String>)> = sqlx::query_as(
                "SELECT item_id, merged_json FROM adjustments WHERE plan_id = $1 AND state = 'pending'",
            )
            .bind(plan.0).fetch_all(&mut *tx).await?;
            let busy = |i: i64| waiting.iter().any(|(own, m)| {
                *own == Some(i)
                    || m.as_deref()
                        .and_then(|j| serde_json::from_str::<Vec<(i64, String)>>(j).ok())
                        .is_some_and(|m| m.iter().any(|x| x.0 == i))
            });
            if item.into_iter().chain(merged.iter().map(|m| m.0)).any(busy) {
                return Err(Refusal::AdjustmentPending.into());
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO adjustments (plan_id, item_id, kind, state, major, reason, before_json, after_json, unit_id, proposed_by, proposed_at, parts_json, merged_json) \
                 VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(plan.0).bind(item).bind(input.kind.code()).bind(input.major).bind(&reason)
            .bind(before.as_ref().map(|b| json!(b).to_string())).bind(after.as_ref().map(|a| json!(a).to_string()))
            .bind(input.unit.map(|u| u.0)).bind(&self.actor.name).bind(now.at)
            .bind((!parts.is_empty()).then(|| json!(parts).to_string()))
            .bind((!merged.is_empty()).then(|| json!(merged).to_string()))
            .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("adjustment.propose", "adjustment", id).after(json!({
                "plan": plan, "item": item, "kind": input.kind, "major": input.major, "reason": reason,
                "before": before, "after": after, "parts": parts, "merged": merged}))).await?;
            id
        });
        Ok(id)
    }

    /// Refuses a change that removes a target units have reported on.
    async fn keeps_reported_targets(&self, b: &ItemDraft, a: &ItemDraft) -> Result<(), StoreError> {
        for t in &b.targets {
            let Some(id) = t.id else { continue };
            if a.targets.iter().any(|x| x.id == Some(id)) {
                continue;
            }
            let n: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM report_values WHERE target_id = $1")
                .bind(id).fetch_one(p).await?);
            if n > 0 {
                return Err(Refusal::TargetHasReports {
                    metric: t.metric.clone(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// An allocated item's adjustment goes to the level that allocated it: an office confined
    /// to a region decides it only when the allocating list lies in its region.
    async fn decides_allocated(&self, item: ItemId) -> Result<(), StoreError> {
        let (Some(scope), Some(parent)) = (self.actor.region, self.allocated_from(item).await?)
        else {
            return Ok(());
        };
        let up = self
            .region_path_of(minsheng_domain::access::Scoped::Item, parent.0)
            .await?;
        if up.contains(&scope) {
            return Ok(());
        }
        let region = match up.first() {
            Some(r) => self.region(*r).await?.name,
            None => String::new(),
        };
        Err(Refusal::DecidedAbove { region }.into())
    }

    /// Approves (and applies) or returns a pending adjustment.
    pub async fn decide_adjustment(
        &self,
        id: i64,
        d: AdjustmentDecision,
        now: Now,
    ) -> Result<Adjustment, StoreError> {
        let a = self.adjustment(id).await?;
        if a.state != AdjustmentState::Pending {
            return Err(Refusal::AdjustmentDecided.into());
        }
        if let Some(item) = a.item_id {
            self.decides_allocated(item).await?;
        }
        let note = d.note.trim().to_string();
        if !d.approve && note.is_empty() {
            return Err(Refusal::ReturnNeedsReason.into());
        }
        let decision = d.decision.map(DecisionRecord::checked).transpose()?;
        if d.approve && a.major && decision.is_none() {
            return Err(Refusal::DecisionRecordRequired.into());
        }
        if d.approve
            && let (Some(b), Some(after)) = (&a.before, &a.after)
        {
            self.keeps_reported_targets(b, after).await?;
        }
        let next = if d.approve {
            AdjustmentState::Approved
        } else {
            AdjustmentState::Returned
        };
        let plan = self.plan(a.plan_id).await?;
        let (issued, seq) = match a.item_id {
            Some(i) => {
                let it = self.item_detail(i).await?.1.item;
                (it.deadline, it.seq)
            }
            None => (None, String::new()),
        };
        let (_, current) = match a.item_id {
            Some(i) => self.item_deadlines(i).await?,
            None => (now.today, now.today),
        };
        in_write_tx!(self, tx => {
            let done = sqlx::query(
                "UPDATE adjustments SET state = $1, decided_by = $2, decided_at = $3, decision_note = $4, \
                 decision_body = $5, decision_number = $6, decision_date = $7 WHERE id = $8 AND state = 'pending'",
            )
            .bind(next.code()).bind(&self.actor.name).bind(now.at).bind(Some(&note).filter(|n| !n.is_empty()))
            .bind(decision.as_ref().map(|x| &x.body)).bind(decision.as_ref().map(|x| &x.number)).bind(decision.as_ref().map(|x| x.date))
            .bind(id).execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Err(Refusal::AdjustmentDecided.into());
            }
            // Ended meanwhile (a disposition decided on the item page): nothing to apply to.
            if d.approve {
                for i in a.item_id.filter(|_| a.kind != AdjustmentKind::NewItem).into_iter().chain(a.merged.iter().map(|m| m.0)) {
                    let gone: Option<Option<String>> = sqlx::query_scalar("SELECT disposition FROM items WHERE id = $1")
                        .bind(i.0).fetch_optional(&mut *tx).await?;
                    if gone.flatten().is_some() {
                        return Err(Refusal::ItemEnded.into());
                    }
                }
            }
            if d.approve {
                let region: i64 = sqlx::query_scalar("SELECT region_id FROM plans WHERE id = $1").bind(plan.id.0).fetch_one(&mut *tx).await?;
                let why = format!("调整获批：{}", a.reason);
                match (a.kind, &a.after) {
                    (AdjustmentKind::Terminate, _) => {
                        sqlx::query("UPDATE items SET disposition = 'terminated', disposition_note = $1 WHERE id = $2")
                            .bind(&why).bind(a.item_id.map(|i| i.0)).execute(&mut *tx).await?;
                    }
                    (AdjustmentKind::NewItem, Some(after)) => {
                        let at = Place { plan: plan.id.0, region, item: None, extra: None };
                        let (item, _) = tx.put_item(&at, after).await?;
                        sqlx::query("UPDATE adjustments SET item_id = $1 WHERE id = $2").bind(item).bind(id).execute(&mut *tx).await?;
                    }
                    (AdjustmentKind::Change | AdjustmentKind::Split | AdjustmentKind::Merge, Some(after)) => {
                        let item = a.item_id.map(|i| i.0).unwrap_or_default();
                        // The issued deadline stays; a new one becomes the current deadline.
                        let mut written = after.clone();
                        written.deadline = issued;
                        let at = Place { plan: plan.id.0, region, item: Some(item), extra: None };
                        tx.put_item(&at, &written).await?;
                        if let Some(new) = after.deadline.filter(|n| *n != current) {
                            sqlx::query("UPDATE items SET current_deadline = $1 WHERE id = $2").bind(new).bind(item).execute(&mut *tx).await?;
                            sqlx::query("INSERT INTO deadline_changes (item_id, from_date, to_date, reason, changed_at) VALUES ($1, $2, $3, $4, $5)")
                                .bind(item).bind(current).bind(new).bind(&why).bind(now.at).execute(&mut *tx).await?;
                        }
                        let at = Place { plan: plan.id.0, region, item: None, extra: None };
                        for p in &a.parts {
                            tx.put_item(&at, p).await?;
                        }
                        let into = format!("并入第{}项：{}", seq, a.reason);
                        for (m, _) in &a.merged {
                            sqlx::query("UPDATE items SET disposition = 'terminated', disposition_note = $1 WHERE id = $2")
                                .bind(&into).bind(m.0).execute(&mut *tx).await?;
                        }
                    }
                    _ => {}
                }
            }
            tx.audit(&self.actor, Change::new(if d.approve { "adjustment.approve" } else { "adjustment.return" }, "adjustment", id)
                .before(json!({"state": a.state, "item": a.before}))
                .after(json!({"state": next, "note": note, "decision": decision, "item": a.after, "parts": a.parts, "merged": a.merged}))).await?;
        });
        self.adjustment(id).await
    }
}
