//! The plan editor (编辑清单): a draft plan's items, targets, units, shares, leaders and
//! categories written after import — or from nothing — one whole item at a time, each edit
//! audited with the item before and after. A published plan is not edited here (refused with
//! `PlanNotDraft`): its changes are adjustments.

mod write;

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use minsheng_domain::draft::{ItemDraft, NAME_MAX, PlanDiff, SHORT_MAX, ShareDraft, TargetDraft};
use minsheng_domain::refusal::Field;
use minsheng_domain::{CategoryId, ItemId, PlanId, Refusal};
use serde_json::json;
pub(crate) use write::{EditTx, Place};

/// A category's name, trimmed and checked.
fn category_name(name: &str) -> Result<String, Refusal> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Refusal::FieldRequired {
            field: Field::CategoryName,
        });
    }
    if n.chars().count() > SHORT_MAX {
        return Err(Refusal::FieldTooLong {
            field: Field::CategoryName,
            max: SHORT_MAX,
        });
    }
    Ok(n.to_string())
}

/// An item the importer read, as a draft: its name (or, lacking one, its summary or the start
/// of its content), fields, units, leaders and targets with the kind and baseline it read.
pub fn draft_of(it: &minsheng_importer::ParsedItem) -> ItemDraft {
    let name = it
        .name
        .clone()
        .or_else(|| it.summary.clone())
        .or_else(|| it.content.clone())
        .unwrap_or_default()
        .chars()
        .take(NAME_MAX)
        .collect();
    ItemDraft {
        seq: Some(it.seq.clone()),
        category: it.category.clone(),
        name,
        content: it.content.clone(),
        level: it.level.clone(),
        deadline: it.deadline,
        deadline_text: it.deadline_text.clone(),
        lead_units: it.lead_units.clone(),
        co_units: it.co_units.clone(),
        leaders: it.leaders.clone(),
        targets: it
            .targets
            .iter()
            .map(|t| TargetDraft {
                id: None,
                metric: t.metric.clone(),
                value: t.value,
                unit: t.unit.clone(),
                comparator: t.comparator,
                kind: t.kind,
                baseline: t.baseline,
                optional: t.optional,
                shares: vec![],
                source_text: Some(t.text.clone()),
            })
            .collect(),
        ..ItemDraft::default()
    }
}

/// A share as stored: target, part, unit name.
type Share = (i64, f64, String);

/// An item read for the editor as a draft: `shares` are the item's shares (others ignored).
fn draft_of_detail(d: &crate::ItemDetail, shares: &[Share]) -> ItemDraft {
    let shares: Vec<&Share> = shares
        .iter()
        .filter(|s| d.targets.iter().any(|t| t.id.0 == s.0))
        .collect();
    let holders: Vec<&str> = shares.iter().map(|s| s.2.as_str()).collect();
    ItemDraft {
        seq: Some(d.item.seq.clone()),
        category: d.category.clone(),
        name: d.item.name.clone().unwrap_or_default(),
        content: d.item.content.clone(),
        level: d.item.level.clone(),
        deadline: d.item.deadline,
        deadline_text: d.item.deadline_text.clone(),
        budget: d.item.budget,
        fund_source: d.item.fund_source.clone(),
        acceptance_standard: d.item.acceptance_standard.clone(),
        lead_units: d.lead_units.iter().map(|u| u.name.clone()).collect(),
        // Share holders are listed with their target, not again as co-units.
        co_units: d
            .co_units
            .iter()
            .map(|u| u.name.clone())
            .filter(|n| !holders.contains(&n.as_str()))
            .collect(),
        leaders: d.leaders.iter().map(|l| l.name.clone()).collect(),
        targets: d
            .targets
            .iter()
            .map(|t| TargetDraft {
                id: Some(t.id.0),
                metric: t.metric.clone(),
                value: t.value,
                unit: t.unit.clone(),
                comparator: t.comparator,
                kind: Some(t.kind),
                baseline: t.baseline,
                optional: t.optional,
                shares: shares
                    .iter()
                    .filter(|s| s.0 == t.id.0)
                    .map(|s| ShareDraft {
                        unit: s.2.clone(),
                        share: s.1,
                    })
                    .collect(),
                source_text: t.source_text.clone(),
            })
            .collect(),
    }
}

impl Store {
    /// An item as the editor shows it: every field, targets with their ids and shares.
    pub async fn item_draft(&self, id: ItemId) -> Result<(PlanId, ItemDraft), StoreError> {
        let (plan, d) = self.item_detail(id).await?;
        let shares: Vec<Share> = on_pool!(self, p => sqlx::query_as(
            "SELECT iu.target_id, iu.share, u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
             WHERE iu.item_id = $1 AND iu.target_id IS NOT NULL AND iu.share IS NOT NULL ORDER BY iu.position",
        ).bind(id.0).fetch_all(p).await?);
        Ok((plan.id, draft_of_detail(&d, &shares)))
    }

    /// Adds an item at the end of a draft plan.
    pub async fn add_item(&self, plan: PlanId, d: ItemDraft) -> Result<ItemId, StoreError> {
        Ok(self.add_items(plan, vec![d]).await?[0])
    }

    /// Adds items at the end of a draft plan, in one transaction: all or none.
    pub async fn add_items(
        &self,
        plan: PlanId,
        drafts: Vec<ItemDraft>,
    ) -> Result<Vec<ItemId>, StoreError> {
        let drafts = drafts
            .into_iter()
            .map(ItemDraft::checked)
            .collect::<Result<Vec<_>, _>>()?;
        let ids = in_write_tx!(self, tx => {
            let region = tx.draft_plan(plan.0).await?;
            let mut ids = Vec::with_capacity(drafts.len());
            for d in &drafts {
                let at = Place { plan: plan.0, region, item: None, extra: None };
                let (id, new_units) = tx.put_item(&at, d).await?;
                tx.audit(&self.actor, Change::new("item.create", "item", id)
                    .after(json!({"plan": plan, "item": d, "new_units": new_units}))).await?;
                ids.push(ItemId(id));
            }
            ids
        });
        Ok(ids)
    }

    /// Overwrites an item of a draft plan with `d`. Targets keep their ids where `d` names
    /// them; the audit entry holds the item before and after.
    pub async fn update_item(&self, id: ItemId, d: ItemDraft) -> Result<(), StoreError> {
        let d = d.checked()?;
        let (plan, before) = self.item_draft(id).await?;
        in_write_tx!(self, tx => {
            let region = tx.draft_plan(plan.0).await?;
            let at = Place { plan: plan.0, region, item: Some(id.0), extra: None };
            let (_, new_units) = tx.put_item(&at, &d).await?;
            tx.audit(&self.actor, Change::new("item.update", "item", id)
                .before(json!(before)).after(json!({"item": d, "new_units": new_units}))).await?;
        });
        Ok(())
    }

    /// Deletes an item of a draft plan, with its targets, assignments, milestones and sites.
    pub async fn delete_item(&self, id: ItemId) -> Result<PlanId, StoreError> {
        let (plan, before) = self.item_draft(id).await?;
        in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            sqlx::query("DELETE FROM items WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("item.delete", "item", id).before(json!(before))).await?;
        });
        Ok(plan)
    }

    /// Moves an item one place up or down among the items of its category.
    pub async fn move_item(&self, id: ItemId, up: bool) -> Result<PlanId, StoreError> {
        let (plan, _) = self.item_plan(id).await?;
        in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            let (pos, cat): (i32, Option<i64>) = sqlx::query_as("SELECT position, category_id FROM items WHERE id = $1")
                .bind(id.0).fetch_one(&mut *tx).await?;
            let sql = if up {
                "SELECT id, position FROM items WHERE plan_id = $1 AND position < $2 AND category_id IS NOT DISTINCT FROM $3 ORDER BY position DESC LIMIT 1"
            } else {
                "SELECT id, position FROM items WHERE plan_id = $1 AND position > $2 AND category_id IS NOT DISTINCT FROM $3 ORDER BY position LIMIT 1"
            };
            let other: Option<(i64, i32)> = sqlx::query_as(sql).bind(plan.0).bind(pos).bind(cat).fetch_optional(&mut *tx).await?;
            if let Some((other, other_pos)) = other {
                sqlx::query("UPDATE items SET position = $1 WHERE id = $2").bind(other_pos).bind(id.0).execute(&mut *tx).await?;
                sqlx::query("UPDATE items SET position = $1 WHERE id = $2").bind(pos).bind(other).execute(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("item.move", "item", id)
                    .before(json!({"position": pos})).after(json!({"position": other_pos}))).await?;
            }
        });
        Ok(plan)
    }

    /// Numbers a draft plan's items 1, 2, 3 … in their order.
    pub async fn renumber_items(&self, plan: PlanId) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            let items: Vec<(i64, String)> = sqlx::query_as("SELECT id, seq FROM items WHERE plan_id = $1 ORDER BY position")
                .bind(plan.0).fetch_all(&mut *tx).await?;
            for (k, (id, _)) in items.iter().enumerate() {
                sqlx::query("UPDATE items SET seq = $1 WHERE id = $2").bind((k + 1).to_string()).bind(id).execute(&mut *tx).await?;
            }
            let before: Vec<&String> = items.iter().map(|i| &i.1).collect();
            tx.audit(&self.actor, Change::new("plan.renumber", "plan", plan)
                .before(json!({"seq": before})).after(json!({"items": items.len()}))).await?;
        });
        Ok(())
    }

    /// Adds a category at the end of a draft plan's categories (or finds it by name).
    pub async fn add_category(&self, plan: PlanId, name: &str) -> Result<CategoryId, StoreError> {
        let name = category_name(name)?;
        let id = in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            let id = tx.category_named(plan.0, &name).await?;
            tx.audit(&self.actor, Change::new("category.create", "category", id).after(json!({"plan": plan, "name": name}))).await?;
            id
        });
        Ok(CategoryId(id))
    }

    /// The plan a category belongs to.
    async fn category_plan(&self, id: CategoryId) -> Result<(PlanId, String, i32), StoreError> {
        let row: Option<(i64, String, i32)> = on_pool!(self, p => sqlx::query_as("SELECT plan_id, name, position FROM categories WHERE id = $1")
            .bind(id.0).fetch_optional(p).await?);
        let (plan, name, pos) = row.ok_or(StoreError::NotFound("分类 (category)"))?;
        Ok((PlanId(plan), name, pos))
    }

    /// Renames a category of a draft plan.
    pub async fn rename_category(&self, id: CategoryId, name: &str) -> Result<PlanId, StoreError> {
        let name = category_name(name)?;
        let (plan, was, _) = self.category_plan(id).await?;
        in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE plan_id = $1 AND name = $2 AND id <> $3")
                .bind(plan.0).bind(&name).bind(id.0).fetch_one(&mut *tx).await?;
            if taken > 0 {
                return Err(Refusal::CategoryNameTaken.into());
            }
            sqlx::query("UPDATE categories SET name = $1 WHERE id = $2").bind(&name).bind(id.0).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("category.rename", "category", id)
                .before(json!({"name": was})).after(json!({"name": name}))).await?;
        });
        Ok(plan)
    }

    /// Deletes a category of a draft plan; its items stay, without a category.
    pub async fn delete_category(&self, id: CategoryId) -> Result<PlanId, StoreError> {
        let (plan, was, _) = self.category_plan(id).await?;
        in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            sqlx::query("UPDATE items SET category_id = NULL WHERE category_id = $1").bind(id.0).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM categories WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("category.delete", "category", id).before(json!({"plan": plan, "name": was}))).await?;
        });
        Ok(plan)
    }

    /// Moves a category one place up or down.
    pub async fn move_category(&self, id: CategoryId, up: bool) -> Result<PlanId, StoreError> {
        let (plan, _, pos) = self.category_plan(id).await?;
        in_write_tx!(self, tx => {
            tx.draft_plan(plan.0).await?;
            let sql = if up {
                "SELECT id, position FROM categories WHERE plan_id = $1 AND position < $2 ORDER BY position DESC LIMIT 1"
            } else {
                "SELECT id, position FROM categories WHERE plan_id = $1 AND position > $2 ORDER BY position LIMIT 1"
            };
            let other: Option<(i64, i32)> = sqlx::query_as(sql).bind(plan.0).bind(pos).fetch_optional(&mut *tx).await?;
            if let Some((other, other_pos)) = other {
                sqlx::query("UPDATE categories SET position = $1 WHERE id = $2").bind(other_pos).bind(id.0).execute(&mut *tx).await?;
                sqlx::query("UPDATE categories SET position = $1 WHERE id = $2").bind(pos).bind(other).execute(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("category.move", "category", id)
                    .before(json!({"position": pos})).after(json!({"position": other_pos}))).await?;
            }
        });
        Ok(plan)
    }

    /// The drafts of a plan's items, in order, with their ids: a draft plan's as stored, a
    /// published plan's as they stand (current deadlines), for a sheet to be compared with.
    /// Three queries whatever the size of the plan.
    pub async fn plan_drafts(&self, plan: PlanId) -> Result<Vec<(i64, ItemDraft)>, StoreError> {
        let detail = self.plan_detail(plan, None).await?;
        let (shares, current): (Vec<Share>, Vec<(i64, Option<chrono::NaiveDate>)>) = on_pool!(self, p => {
            let shares = sqlx::query_as(
                "SELECT iu.target_id, iu.share, u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
                 JOIN items i ON i.id = iu.item_id \
                 WHERE i.plan_id = $1 AND iu.target_id IS NOT NULL AND iu.share IS NOT NULL ORDER BY iu.item_id, iu.position",
            ).bind(plan.0).fetch_all(p).await?;
            let current = sqlx::query_as("SELECT id, current_deadline FROM items WHERE plan_id = $1")
                .bind(plan.0).fetch_all(p).await?;
            (shares, current)
        });
        let published = detail.plan.state != minsheng_domain::PlanState::Draft;
        let fallback = crate::PlanSettings::default_deadline(&detail.plan);
        Ok(detail
            .items
            .iter()
            .map(|i| {
                let mut d = draft_of_detail(i, &shares);
                // A published item as it stands: its current deadline (see item_as_adjusted).
                if published {
                    let moved = current
                        .iter()
                        .find(|c| c.0 == i.item.id.0)
                        .and_then(|c| c.1);
                    d.deadline = Some(moved.or(i.item.deadline).unwrap_or(fallback));
                }
                (i.item.id.0, d)
            })
            .collect())
    }

    /// Applies a sheet's differences to a draft plan in one transaction: changed items
    /// overwritten (targets kept by id), new ones added at the end, left-out ones deleted;
    /// each audited with before and after. All or nothing.
    pub async fn apply_plan_diff(&self, plan: PlanId, diff: &PlanDiff) -> Result<(), StoreError> {
        let added = diff
            .added
            .iter()
            .cloned()
            .map(ItemDraft::checked)
            .collect::<Result<Vec<_>, _>>()?;
        let changed = diff
            .changed
            .iter()
            .map(|(id, before, after, _)| Ok((*id, before, after.clone().checked()?)))
            .collect::<Result<Vec<_>, Refusal>>()?;
        in_write_tx!(self, tx => {
            let region = tx.draft_plan(plan.0).await?;
            for (id, before) in &diff.removed {
                let n = sqlx::query("DELETE FROM items WHERE id = $1 AND plan_id = $2").bind(id).bind(plan.0).execute(&mut *tx).await?.rows_affected();
                if n != 1 {
                    return Err(StoreError::Stale("清单刚被他人修改，请重新下载后再上传 (the list changed meanwhile)".into()));
                }
                tx.audit(&self.actor, Change::new("item.delete", "item", id).before(json!(before))).await?;
            }
            for (id, before, after) in &changed {
                let at = Place { plan: plan.0, region, item: Some(*id), extra: None };
                let (_, new_units) = tx.put_item(&at, after).await?;
                tx.audit(&self.actor, Change::new("item.update", "item", id)
                    .before(json!(before)).after(json!({"item": after, "new_units": new_units}))).await?;
            }
            for d in &added {
                let at = Place { plan: plan.0, region, item: None, extra: None };
                let (id, new_units) = tx.put_item(&at, d).await?;
                tx.audit(&self.actor, Change::new("item.create", "item", id)
                    .after(json!({"plan": plan, "item": d, "new_units": new_units}))).await?;
            }
        });
        Ok(())
    }
}
