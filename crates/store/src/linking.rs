//! Import links levels: a region's list names items of a level above (its 市级民生实事); each
//! is linked to the item that level allocated to the region, in the place of the copy the
//! allocation made, so the region's figure is entered once on its own item and flows up. Sure
//! matches are linked on import; the others are asked (docs/LEVELS.md, "Import links levels").

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::linking::{Match, choose, from_above, likeness};
use minsheng_domain::{ItemId, PlanId, Refusal, TargetKind};
use serde::Serialize;
use serde_json::json;

/// An item allocated to the region that an imported item may be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkCandidate {
    /// The allocating item, above.
    pub above: ItemId,
    /// Its list's title, its number and name: 济宁市2024年民生实事 · 3. 建设城市公园.
    pub label: String,
    /// How alike the two are, 0 to 1.
    pub likeness: f64,
    /// The copy the allocation made in the region (gone once linked).
    pub copy: ItemId,
    /// The copy already has reports: it cannot be replaced (`allocated_copy_reported`).
    pub copy_reported: bool,
}

/// Where an imported item of a level above stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum LinkState {
    /// Linked to this allocating item.
    Linked(LinkCandidate),
    /// One allocated item is clearly the same (linked on import).
    Sure(LinkCandidate),
    /// Several may be, or one only somewhat: the office chooses.
    Ask(Vec<LinkCandidate>),
    /// Nothing allocated to the region is like it (the level above has not allocated it).
    None,
}

/// An item of a list marked as coming from a level above, and its link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRow {
    /// The item.
    pub item: ItemId,
    /// Its number and name.
    pub label: String,
    /// Its mark: 市级民生实事.
    pub mark: String,
    /// Its link or its candidates.
    pub state: LinkState,
}

/// An allocation to a region still held by its copy: (allocating item, list title, number,
/// name, content, copy, whether the copy has reports).
type OpenAllocation = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    bool,
);

impl Store {
    /// The items of `plan` marked as coming from a level above its region, each with its link
    /// or the allocated items it may be, best first.
    pub async fn level_links(&self, plan: PlanId) -> Result<Vec<LinkRow>, StoreError> {
        let detail = self.plan_detail(plan, None).await?;
        let level = detail.region.level;
        let open: Vec<OpenAllocation> = on_pool!(self, p => sqlx::query_as(
            "SELECT a.item_id, ap.title, ai.seq, ai.name, COALESCE(ai.content, ai.summary), a.child_item_id, \
             EXISTS (SELECT 1 FROM reports r WHERE r.item_id = a.child_item_id) \
             FROM allocations a JOIN items ai ON ai.id = a.item_id JOIN plans ap ON ap.id = ai.plan_id \
             WHERE a.region_id = $1 AND ap.year = $2 AND a.linked_at IS NULL ORDER BY ai.position, ai.id",
        ).bind(detail.region.id.0).bind(detail.plan.year).fetch_all(p).await?);
        let mut rows = Vec::new();
        for d in &detail.items {
            let Some(mark) = d
                .item
                .level
                .clone()
                .or_else(|| d.category.clone())
                .filter(|m| from_above(m, level))
            else {
                continue;
            };
            // An allocation's own copy is not asked about: it is what an item is linked to.
            if open.iter().any(|o| o.5 == d.item.id.0) {
                continue;
            }
            let label = format!("{}. {}", d.item.seq, d.item.display_title());
            let state = match self.allocated_from(d.item.id).await? {
                Some(above) => LinkState::Linked(self.linked(above, d.item.id).await?),
                None => {
                    let name = d.item.display_title();
                    let content = d.item.content.clone().unwrap_or_default();
                    let scored: Vec<(usize, f64)> = open
                        .iter()
                        .enumerate()
                        .map(|(i, o)| {
                            let other = o.3.clone().unwrap_or_default();
                            let other_content = o.4.clone().unwrap_or_default();
                            (i, likeness(&name, &content, &other, &other_content))
                        })
                        .collect();
                    let c = |i: usize, s: f64| {
                        let o = &open[i];
                        LinkCandidate {
                            above: ItemId(o.0),
                            label: format!(
                                "{} · {}. {}",
                                o.1,
                                o.2,
                                o.3.clone().unwrap_or_default()
                            ),
                            likeness: s,
                            copy: ItemId(o.5),
                            copy_reported: o.6,
                        }
                    };
                    match choose(&scored) {
                        Match::Sure(i) => LinkState::Sure(c(i, scored[i].1)),
                        Match::Ask(v) => {
                            LinkState::Ask(v.into_iter().map(|(i, s)| c(i, s)).collect())
                        }
                        Match::None => LinkState::None,
                    }
                }
            };
            rows.push(LinkRow {
                item: d.item.id,
                label,
                mark,
                state,
            });
        }
        Ok(rows)
    }

    /// The item `item` is linked to, as a candidate that was taken.
    async fn linked(&self, above: ItemId, item: ItemId) -> Result<LinkCandidate, StoreError> {
        let (plan, d) = self.item_detail(above).await?;
        Ok(LinkCandidate {
            above,
            label: format!(
                "{} · {}. {}",
                plan.title,
                d.item.seq,
                d.item.display_title()
            ),
            likeness: 1.0,
            copy: item,
            copy_reported: false,
        })
    }

    /// Links every item of `plan` whose allocated item is sure; returns (linked, still to be
    /// asked).
    pub async fn link_sure(
        &self,
        plan: PlanId,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize), StoreError> {
        let mut linked = 0;
        for row in self.level_links(plan).await? {
            if let LinkState::Sure(c) = row.state
                && !c.copy_reported
            {
                match self.link_allocated(row.item, c.above, now).await {
                    Ok(()) => linked += 1,
                    // Taken meanwhile by an earlier item of the list: asked instead.
                    Err(StoreError::Refused(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let asked = self
            .level_links(plan)
            .await?
            .iter()
            .filter(|r| matches!(r.state, LinkState::Ask(_) | LinkState::Sure(_)))
            .count();
        Ok((linked, asked))
    }

    /// Links `item` to the allocation of `above` to its region, in the place of the copy the
    /// allocation made: each share moves to the item's target of the same measure (a target
    /// is added when it has none), the copy is deleted, and the item's figures count above
    /// from now on.
    pub async fn link_allocated(
        &self,
        item: ItemId,
        above: ItemId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (plan, d) = self.item_detail(item).await?;
        let region = self.region(plan.region_id).await?;
        let (above_plan, _) = self.item_detail(above).await?;
        in_write_tx!(self, tx => {
            let found: Option<(i64, i64, Option<DateTime<Utc>>)> = sqlx::query_as(
                "SELECT id, child_item_id, linked_at FROM allocations WHERE item_id = $1 AND region_id = $2",
            ).bind(above.0).bind(region.id.0).fetch_optional(&mut *tx).await?;
            let Some((allocation, copy, linked)) = found else {
                return Err(Refusal::NotAllocatedHere { region: region.name.clone() }.into());
            };
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM allocations WHERE child_item_id = $1")
                .bind(item.0).fetch_optional(&mut *tx).await?;
            if linked.is_some() || taken.is_some() {
                return Err(Refusal::AlreadyLinked.into());
            }
            let reports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE item_id = $1")
                .bind(copy).fetch_one(&mut *tx).await?;
            if reports > 0 {
                return Err(Refusal::AllocatedCopyReported.into());
            }
            // Each share to the item's count of the same unit of measure, the likest metric
            // first; a share with none is added to the item as it was given.
            let shares: Vec<(i64, i64, String, String)> = sqlx::query_as(
                "SELECT s.target_id, s.child_target_id, t.metric, t.unit FROM allocation_shares s \
                 JOIN targets t ON t.id = s.child_target_id WHERE s.allocation_id = $1 ORDER BY s.target_id",
            ).bind(allocation).fetch_all(&mut *tx).await?;
            let mut free: Vec<_> = d.targets.iter().filter(|t| t.kind == TargetKind::Count).collect();
            let mut moved = Vec::new();
            for (target, copy_target, metric, unit) in shares {
                let best = free
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.unit == unit)
                    .max_by(|a, b| likeness(&a.1.metric, "", &metric, "").total_cmp(&likeness(&b.1.metric, "", &metric, "")))
                    .map(|(i, _)| i);
                let mine = match best {
                    Some(i) => free.swap_remove(i).id.0,
                    None => sqlx::query_scalar(
                        "INSERT INTO targets (item_id, position, metric, unit, value, comparator, kind, baseline, optional, source_text) \
                         SELECT $1, (SELECT COALESCE(MAX(position), 0) + 1 FROM targets WHERE item_id = $1), \
                         metric, unit, value, comparator, kind, baseline, optional, source_text FROM targets WHERE id = $2 RETURNING id",
                    ).bind(item.0).bind(copy_target).fetch_one(&mut *tx).await?,
                };
                sqlx::query("UPDATE allocation_shares SET child_target_id = $1 WHERE allocation_id = $2 AND target_id = $3")
                    .bind(mine).bind(allocation).bind(target).execute(&mut *tx).await?;
                moved.push(json!({"target": target, "from": copy_target, "to": mine}));
            }
            sqlx::query("UPDATE allocations SET child_item_id = $1, linked_at = $2 WHERE id = $3")
                .bind(item.0).bind(now).bind(allocation).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM items WHERE id = $1").bind(copy).execute(&mut *tx).await?;
            // The item's list (and every list below it) now sits below the allocating list
            // and the lists above that one; both move.
            sqlx::query(crate::allocations::LINK_BELOW).bind(plan.id.0).bind(above_plan.id.0).execute(&mut *tx).await?;
            for p in [plan.id.0, above_plan.id.0] {
                sqlx::query(
                    "INSERT INTO plan_versions (plan_id, version) VALUES ($1, 1) \
                     ON CONFLICT (plan_id) DO UPDATE SET version = plan_versions.version + 1",
                ).bind(p).execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new("item.link_allocation", "item", item.0).after(json!({
                "above": above, "allocation": allocation, "copy": copy, "shares": moved,
            }))).await?;
        });
        Ok(())
    }
}
