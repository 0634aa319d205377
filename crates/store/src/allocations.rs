//! Allocation (任务分解下达): an item of a list given, with a share of each of its targets, to
//! the regions directly below the list's region, where it becomes an item of that region's list
//! marked with the level it came from; and the allocating item's view of what each region has
//! done, read from the regions' own ledgers — a figure is entered once, at the bottom
//! (docs/LEVELS.md).

use crate::audit::Change;
use crate::editor::{EditTx, Place};
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::draft::{ItemDraft, TargetDraft};
use minsheng_domain::ledger::{Assessment, PeriodReportState};
use minsheng_domain::{
    ItemId, PlanId, PlanState, Refusal, Region, RegionId, RegionLevel, TargetId, TargetKind,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashSet;

/// What one region is given of an item: a share of some of its targets.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationInput {
    /// A region directly below the item's list's region.
    pub region: RegionId,
    /// (target of the item, the share given), each target at most once.
    pub shares: Vec<(TargetId, f64)>,
}

/// Where an allocation went: the region, and its list and item there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocated {
    /// The region.
    pub region: RegionId,
    /// The region's list of the year (made as a draft when it had none).
    pub plan: PlanId,
    /// The item made in it.
    pub item: ItemId,
}

/// One target of an allocating item: its value, how much of it was allocated and how much
/// the regions below have achieved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetAllocation {
    /// The target.
    pub target: TargetId,
    /// Its indicator.
    pub metric: String,
    /// Its unit of measure.
    pub unit: String,
    /// Its value.
    pub value: f64,
    /// The shares given, added up.
    pub allocated: f64,
    /// What the regions achieved on their shares, added up.
    pub achieved: f64,
}

impl TargetAllocation {
    /// Value minus what was allocated: positive when part is not allocated, negative when
    /// more was allocated than the target.
    pub fn gap(&self) -> f64 {
        self.value - self.allocated
    }
}

/// One region's part of an allocating item, as its own ledger shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RegionPart {
    /// The region.
    pub region: Region,
    /// Its list and that list's state.
    pub plan: PlanId,
    /// Whether its list is published (a draft list is not reported on yet).
    pub plan_state: PlanState,
    /// The item there.
    pub item: ItemId,
    /// Per target of the allocating item given to it: (target, share, achieved below).
    pub shares: Vec<(TargetId, f64, Option<f64>)>,
    /// Its item's assessment (light, status, percents) when its list is published.
    pub assessment: Option<Assessment>,
    /// Its lead's report state for the current period, when its list is published.
    pub current_state: Option<PeriodReportState>,
    /// Whether someone answers for the item there: a unit the region put in charge, or the
    /// regions below it that the region allocated it to.
    pub has_units: bool,
    /// The units there that owe a report for the last closed period.
    pub not_reported: Vec<String>,
}

/// An allocating item's allocation: per target the totals, per region its part.
#[derive(Debug, Clone, Serialize)]
pub struct AllocationView {
    /// The item.
    pub item: ItemId,
    /// Its targets with what was allocated and achieved below.
    pub targets: Vec<TargetAllocation>,
    /// The regions it was allocated to, by region name.
    pub regions: Vec<RegionPart>,
}

/// Puts list `$1` (and every list below it) below list `$2` and every list above that one.
pub(crate) const LINK_BELOW: &str = "INSERT INTO plan_links (plan_id, above_id, depth) \
     SELECT b.id, a.id, b.d + 1 + a.d FROM \
       (SELECT $1 AS id, 0 AS d UNION SELECT plan_id, depth FROM plan_links WHERE above_id = $1) b, \
       (SELECT $2 AS id, 0 AS d UNION SELECT above_id, depth FROM plan_links WHERE plan_id = $2) a \
     WHERE b.id <> a.id ON CONFLICT DO NOTHING";

/// A stored allocation with one of its shares: region, child plan, child item, then target,
/// child target and share — the child target's value as it is now, so a region's edit of its
/// item changes it (none for an item allocated without targets).
type ShareRow = (i64, i64, i64, Option<i64>, Option<i64>, Option<f64>);

impl Store {
    /// Allocates `item` to regions directly below its list's region: in each, an item of the
    /// region's list of the same year (a draft list is made when it has none), with the
    /// item's name, content, deadline and acceptance standard, the level it came from, and
    /// one target per share. All regions or none.
    pub async fn allocate(
        &self,
        item: ItemId,
        to: &[AllocationInput],
        now: DateTime<Utc>,
    ) -> Result<Vec<Allocated>, StoreError> {
        let (plan, d) = self.item_detail(item).await?;
        let above = self.region(plan.region_id).await?;
        let level = level_mark(above.level).to_string();
        let has_counts = d.targets.iter().any(|t| t.kind == TargetKind::Count);
        for a in to {
            if a.shares.is_empty() && has_counts {
                return Err(Refusal::SharesNeeded.into());
            }
            let mut seen = HashSet::new();
            for (t, share) in &a.shares {
                let Some(target) = d.targets.iter().find(|x| x.id == *t) else {
                    return Err(Refusal::TargetNotOnItem { target: t.0 }.into());
                };
                if target.kind != TargetKind::Count {
                    return Err(Refusal::OnlyCountsShared { target: t.0 }.into());
                }
                if !seen.insert(*t) {
                    return Err(Refusal::TargetTwice { target: t.0 }.into());
                }
                if !(share.is_finite() && *share > 0.0) {
                    return Err(Refusal::ShareNotPositive.into());
                }
            }
        }
        let done = in_write_tx!(self, tx => {
            let mut done = Vec::with_capacity(to.len());
            for a in to {
                let region: Option<(String, Option<i64>)> =
                    sqlx::query_as("SELECT name, parent_id FROM regions WHERE id = $1")
                        .bind(a.region.0).fetch_optional(&mut *tx).await?;
                let (name, parent) = region.ok_or(StoreError::NotFound("地区 (region)"))?;
                if parent != Some(above.id.0) {
                    return Err(Refusal::RegionNotBelow { region: name }.into());
                }
                let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM allocations WHERE item_id = $1 AND region_id = $2")
                    .bind(item.0).bind(a.region.0).fetch_optional(&mut *tx).await?;
                if taken.is_some() {
                    return Err(Refusal::AlreadyAllocated { region: name }.into());
                }
                // The region's list of the year: a published one first, else the newest.
                let list: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM plans WHERE region_id = $1 AND year = $2 AND state <> 'closed' \
                     ORDER BY CASE state WHEN 'published' THEN 0 ELSE 1 END, id DESC LIMIT 1",
                ).bind(a.region.0).bind(plan.year).fetch_optional(&mut *tx).await?;
                // A list at or above the allocating one cannot receive it (the regions' tree
                // was changed since): figures would go round in a circle.
                if let Some(id) = list {
                    let above: Option<i64> = sqlx::query_scalar("SELECT above_id FROM plan_links WHERE plan_id = $1 AND above_id = $2")
                        .bind(plan.id.0).bind(id).fetch_optional(&mut *tx).await?;
                    if id == plan.id.0 || above.is_some() {
                        return Err(Refusal::RegionNotBelow { region: name }.into());
                    }
                }
                let list = match list {
                    Some(id) => id,
                    None => {
                        let title = format!("{name}{}年民生实事", plan.year);
                        let id: i64 = sqlx::query_scalar("INSERT INTO plans (region_id, year, title, state) VALUES ($1, $2, $3, 'draft') RETURNING id")
                            .bind(a.region.0).bind(plan.year).bind(&title).fetch_one(&mut *tx).await?;
                        tx.audit(&self.actor, Change::new("plan.create", "plan", id)
                            .after(json!({"title": title, "year": plan.year, "for_allocation": item}))).await?;
                        id
                    }
                };
                let like = |t: &minsheng_domain::Target, value: f64| TargetDraft {
                    kind: Some(t.kind),
                    comparator: t.comparator,
                    baseline: t.baseline,
                    optional: t.optional,
                    source_text: t.source_text.clone(),
                    ..TargetDraft::new(&t.metric, value, &t.unit)
                };
                // The shares first (in the order given: the allocation's rows follow them),
                // then the item's levels and rates, which each region meets as they are.
                let mut targets: Vec<TargetDraft> = a.shares.iter().filter_map(|(t, share)| {
                    Some(like(d.targets.iter().find(|x| x.id == *t)?, *share))
                }).collect();
                targets.extend(d.targets.iter()
                    .filter(|t| t.kind != TargetKind::Count && !a.shares.iter().any(|s| s.0 == t.id))
                    .map(|t| like(t, t.value)));
                let draft = ItemDraft {
                    category: Some(format!("{level}民生实事")),
                    name: d.item.name.clone().or_else(|| d.item.summary.clone()).unwrap_or_else(|| d.item.seq.clone()),
                    content: d.item.content.clone(),
                    level: Some(level.clone()),
                    deadline: d.item.deadline,
                    deadline_text: d.item.deadline_text.clone(),
                    acceptance_standard: d.item.acceptance_standard.clone(),
                    fund_source: d.item.fund_source.clone(),
                    targets,
                    ..ItemDraft::default()
                }.checked()?;
                let at = Place { plan: list, region: a.region.0, item: None, extra: None };
                let (child, _) = tx.put_item(&at, &draft).await?;
                let child_targets: Vec<i64> = sqlx::query_scalar("SELECT id FROM targets WHERE item_id = $1 ORDER BY position, id")
                    .bind(child).fetch_all(&mut *tx).await?;
                // Two offices allocating to one region at the same moment: the second waits
                // for the first and is told it is done, not given a database error.
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO allocations (item_id, region_id, child_item_id, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (item_id, region_id) DO NOTHING RETURNING id",
                ).bind(item.0).bind(a.region.0).bind(child).bind(now).fetch_optional(&mut *tx).await?;
                let Some(id) = id else {
                    return Err(Refusal::AlreadyAllocated { region: name }.into());
                };
                for ((t, share), ct) in a.shares.iter().zip(&child_targets) {
                    sqlx::query("INSERT INTO allocation_shares (allocation_id, target_id, child_target_id, share) VALUES ($1, $2, $3, $4)")
                        .bind(id).bind(t.0).bind(ct).bind(share).execute(&mut *tx).await?;
                }
                // The new list (and every list below it) now sits below the allocating list
                // and every list above that one.
                sqlx::query(LINK_BELOW).bind(list).bind(plan.id.0).execute(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("item.allocate", "item", item.0).after(json!({
                    "region": a.region, "plan": list, "child_item": child,
                    "shares": a.shares.iter().map(|(t, s)| json!({"target": t, "share": s})).collect::<Vec<_>>(),
                }))).await?;
                done.push(Allocated { region: a.region, plan: PlanId(list), item: ItemId(child) });
            }
            done
        });
        // A region whose list already names the item as from above (it imported its list
        // first) has it linked in the copy's place when that is sure.
        let mut done = done;
        for a in &mut done {
            if self.names_items_from_above(a.plan, a.item).await? {
                self.link_sure(a.plan, now).await?;
                a.item = self
                    .allocated_child(item, a.region)
                    .await?
                    .unwrap_or(a.item);
            }
        }
        Ok(done)
    }

    /// Whether `plan` has an item other than `besides` marked with a level or under a
    /// category that names one (a cheap test before matching).
    async fn names_items_from_above(
        &self,
        plan: PlanId,
        besides: ItemId,
    ) -> Result<bool, StoreError> {
        let n: i64 = on_pool!(self, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM items i LEFT JOIN categories c ON c.id = i.category_id \
             WHERE i.plan_id = $1 AND i.id <> $2 AND (i.level IS NOT NULL OR c.name LIKE '%级%')",
        ).bind(plan.0).bind(besides.0).fetch_one(p).await?);
        Ok(n > 0)
    }

    /// The item `item` is held by in `region`: the allocation's copy or the region's own
    /// item linked in its place.
    async fn allocated_child(
        &self,
        item: ItemId,
        region: RegionId,
    ) -> Result<Option<ItemId>, StoreError> {
        let id: Option<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT child_item_id FROM allocations WHERE item_id = $1 AND region_id = $2",
        ).bind(item.0).bind(region.0).fetch_optional(p).await?);
        Ok(id.map(ItemId))
    }

    /// The item an allocated item came from (`None`: the region's own item).
    pub async fn allocated_from(&self, child: ItemId) -> Result<Option<ItemId>, StoreError> {
        let id: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT item_id FROM allocations WHERE child_item_id = $1")
            .bind(child.0).fetch_optional(p).await?);
        Ok(id.map(ItemId))
    }

    /// What `item` was allocated, and what each region has done of it as of `today`, read
    /// from the regions' own ledgers (kept per list version; a region that allocated its item
    /// further down has the figures from below it, at any depth); `None` when it was not
    /// allocated.
    pub async fn allocation(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<Option<AllocationView>, StoreError> {
        let rows: Vec<ShareRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT a.region_id, ci.plan_id, a.child_item_id, s.target_id, s.child_target_id, ct.value \
             FROM allocations a JOIN items ci ON ci.id = a.child_item_id \
             LEFT JOIN allocation_shares s ON s.allocation_id = a.id \
             LEFT JOIN targets ct ON ct.id = s.child_target_id \
             WHERE a.item_id = $1 ORDER BY a.region_id, s.target_id",
        ).bind(item.0).fetch_all(p).await?);
        if rows.is_empty() {
            return Ok(None);
        }
        let (_, d) = self.item_detail(item).await?;
        let mut regions: Vec<RegionPart> = Vec::new();
        for (region, plan, child, _, _, _) in &rows {
            if regions.iter().any(|r| r.item.0 == *child) {
                continue;
            }
            let region = self.region(RegionId(*region)).await?;
            let ledger = self.plan_ledger(PlanId(*plan), today).await?;
            let it = ledger.items.iter().find(|i| i.detail.item.id.0 == *child);
            let published = ledger.plan.state != PlanState::Draft;
            // A region that allocated its item further down has its figures from below in
            // its own ledger already (`PlanFacts::below`).
            let shares = rows
                .iter()
                .filter(|r| r.2 == *child)
                .filter_map(|r| {
                    let (target, child_target, share) = (r.3?, r.4?, r.5?);
                    let achieved = it.and_then(|i| {
                        i.targets
                            .iter()
                            .find(|t| t.target.id.0 == child_target)
                            .and_then(|t| t.achieved)
                    });
                    Some((TargetId(target), share, achieved))
                })
                .collect();
            regions.push(RegionPart {
                region,
                plan: PlanId(*plan),
                plan_state: ledger.plan.state,
                item: ItemId(*child),
                shares,
                assessment: it.filter(|_| published).map(|i| i.assessment),
                current_state: it.filter(|_| published).map(|i| i.current_state),
                has_units: it.is_some_and(|i| !i.detail.lead_units.is_empty())
                    || self.allocation_count(ItemId(*child)).await? > 0,
                not_reported: ledger
                    .not_reported
                    .iter()
                    .filter(|n| n.item_id.0 == *child)
                    .map(|n| n.unit.clone())
                    .collect(),
            });
        }
        regions.sort_by(|a, b| a.region.name.cmp(&b.region.name));
        let targets = d
            .targets
            .iter()
            .map(|t| {
                let given = regions
                    .iter()
                    .flat_map(|r| &r.shares)
                    .filter(|s| s.0 == t.id);
                TargetAllocation {
                    target: t.id,
                    metric: t.metric.clone(),
                    unit: t.unit.clone(),
                    value: t.value,
                    allocated: given.clone().map(|s| s.1).sum(),
                    achieved: given.filter_map(|s| s.2).sum(),
                }
            })
            .collect();
        Ok(Some(AllocationView {
            item,
            targets,
            regions,
        }))
    }

    /// The items of `plan` allocated to regions below, in list order.
    pub async fn allocated_items(&self, plan: PlanId) -> Result<Vec<ItemId>, StoreError> {
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT i.id FROM items i WHERE i.plan_id = $1 AND EXISTS (SELECT 1 FROM allocations a WHERE a.item_id = i.id) \
             ORDER BY i.position, i.id",
        ).bind(plan.0).fetch_all(p).await?);
        Ok(ids.into_iter().map(ItemId).collect())
    }

    /// How many regions `item` was allocated to.
    async fn allocation_count(&self, item: ItemId) -> Result<i64, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM allocations WHERE item_id = $1")
            .bind(item.0).fetch_one(p).await?),
        )
    }

    /// The regions directly below `region`, by name (where its items may be allocated).
    pub async fn regions_below(&self, region: RegionId) -> Result<Vec<Region>, StoreError> {
        let rows: Vec<crate::rows::RegionRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT id, name, level, parent_id FROM regions WHERE parent_id = $1 ORDER BY name",
        ).bind(region.0).fetch_all(p).await?);
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

/// The level an allocated item is marked with, from the allocating region's level.
pub fn level_mark(level: RegionLevel) -> &'static str {
    match level {
        RegionLevel::Province => "省级",
        RegionLevel::City => "市级",
        RegionLevel::District => "县级",
        RegionLevel::SubDistrict => "乡镇级",
    }
}
