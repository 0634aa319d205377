//! Allocations across a generated world (任务分解下达): in the current year, each list whose
//! region has regions below gives one item with a count to all of them, an equal share each;
//! a city gives on the item it received from its province, so a figure reported in a county
//! flows up two levels. Made through [`Store::allocate`], as an office makes them; the bottom
//! regions' items are then put in the charge of their bureau of the same name, which reports
//! on them week by week at the pace the top item was reported at, on its share.

use crate::{AllocationInput, Store, StoreError, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::{ItemId, PlanId, RegionId, TargetKind};

/// Each allocated item with every item above it (`root`), up the chain of allocations.
const CHAIN: &str = "WITH RECURSIVE up(child, root) AS (\
     SELECT child_item_id, item_id FROM allocations \
     UNION ALL SELECT up.child, a.item_id FROM up JOIN allocations a ON a.child_item_id = up.root) ";
/// Of those: the items at the bottom (not allocated further), each with the top of its chain.
const BOTTOM: &str = "NOT EXISTS (SELECT 1 FROM allocations b WHERE b.child_item_id = up.root) \
     AND NOT EXISTS (SELECT 1 FROM allocations c WHERE c.item_id = up.child)";

impl Store {
    /// Allocates one item of each of `year`'s published lists with regions below it, top
    /// level first; returns how many allocations (region shares) were made.
    pub(super) async fn generate_allocations(
        &self,
        year: i32,
        at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        // Lists whose region has regions below, the highest regions first.
        let lists: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "WITH RECURSIVE depth(id, d) AS (SELECT id, 0 FROM regions WHERE parent_id IS NULL \
             UNION ALL SELECT r.id, depth.d + 1 FROM regions r JOIN depth ON r.parent_id = depth.id WHERE depth.d < 16) \
             SELECT p.id, p.region_id FROM plans p JOIN depth ON depth.id = p.region_id \
             WHERE p.year = $1 AND p.state = 'published' \
               AND EXISTS (SELECT 1 FROM regions c WHERE c.parent_id = p.region_id) \
             ORDER BY depth.d, p.id",
        ).bind(year).fetch_all(p).await?);
        let mut made = 0;
        for (plan, region) in lists {
            let below = self.regions_below(RegionId(region)).await?;
            let detail = self.plan_detail(PlanId(plan), None).await?;
            // What it received from above, else its first item with a count that its unit
            // reports on (the regions below report at that item's pace).
            let counted = |i: &&crate::ItemDetail| {
                i.targets
                    .iter()
                    .any(|t| t.kind == TargetKind::Count && t.value >= 1.0)
            };
            let reported: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
                "SELECT DISTINCT r.item_id FROM reports r JOIN items i ON i.id = r.item_id WHERE i.plan_id = $1",
            ).bind(plan).fetch_all(p).await?);
            let Some(item) = detail
                .items
                .iter()
                .filter(counted)
                .find(|i| i.item.level.is_some())
                .or_else(|| {
                    detail
                        .items
                        .iter()
                        .filter(counted)
                        .find(|i| reported.contains(&i.item.id.0))
                })
                .or_else(|| detail.items.iter().find(counted))
            else {
                continue;
            };
            let target = item
                .targets
                .iter()
                .find(|t| t.kind == TargetKind::Count && t.value >= 1.0)
                .expect("a count");
            let share = (target.value / below.len().max(1) as f64).ceil().max(1.0);
            let to: Vec<AllocationInput> = below
                .iter()
                .map(|r| AllocationInput {
                    region: r.id,
                    shares: vec![(target.id, share)],
                })
                .collect();
            made += self.allocate(ItemId(item.item.id.0), &to, at).await?.len();
        }
        // Items at the bottom answered for by the bureau of the same name as the top item's
        // (the items between, each a region's copy allocated on, have none).
        let leads = format!(
            "{CHAIN}INSERT INTO item_units (item_id, unit_id, role, position) \
             SELECT DISTINCT up.child, cu.id, 'lead', 1 FROM up \
             JOIN item_units pu ON pu.item_id = up.root AND pu.role = 'lead' \
             JOIN units pun ON pun.id = pu.unit_id \
             JOIN items ci ON ci.id = up.child JOIN plans cp ON cp.id = ci.plan_id \
             JOIN units cu ON cu.region_id = cp.region_id AND cu.name = pun.name \
             WHERE {BOTTOM} AND NOT EXISTS (SELECT 1 FROM item_units x WHERE x.item_id = up.child)"
        );
        on_pool!(self, p => sqlx::query(sqlx::AssertSqlSafe(leads.clone())).execute(p).await.map(|_| ())?);
        self.generate_allocated_reports().await?;
        on_pool!(self, p => sqlx::query(
            "UPDATE plan_versions SET version = version + 1 WHERE plan_id IN \
             (SELECT ci.plan_id FROM allocations a JOIN items ci ON ci.id = a.child_item_id)",
        ).execute(p).await.map(|_| ())?);
        Ok(made)
    }

    /// Reports on the bottom regions' allocated items, by their bureau: for each period the
    /// top item of the chain was reported on, the same percent of the item's own share, so
    /// the figures from below are not all 0 at every level above. (On PostgreSQL the version
    /// triggers are off meanwhile; the caller moves the versions afterwards.)
    async fn generate_allocated_reports(&self) -> Result<(), StoreError> {
        let reports = format!(
            "{CHAIN}INSERT INTO reports (item_id, unit_id, period_start, version, state, revision, percent, progress, created_at, updated_at, submitted_at, submitted_on) \
             SELECT up.child, iu.unit_id, r.period_start, 1, 'submitted', 1, r.percent, r.progress, r.created_at, r.updated_at, r.submitted_at, r.submitted_on \
             FROM up JOIN item_units iu ON iu.item_id = up.child AND iu.role = 'lead' \
             JOIN reports r ON r.item_id = up.root AND r.state = 'submitted' \
             WHERE {BOTTOM} AND NOT EXISTS (SELECT 1 FROM reports x WHERE x.item_id = up.child)"
        );
        let values = "INSERT INTO report_values (report_id, target_id, value) \
             SELECT r.id, t.id, ROUND(t.value * r.percent) / 100.0 FROM reports r \
             JOIN allocations a ON a.child_item_id = r.item_id \
             JOIN allocation_shares s ON s.allocation_id = a.id JOIN targets t ON t.id = s.child_target_id \
             WHERE r.percent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM report_values v WHERE v.report_id = r.id)";
        let postgres = self.backend() == crate::Backend::Postgres;
        if postgres {
            self.version_triggers("DISABLE").await?;
        }
        let out: Result<(), StoreError> = async {
            on_pool!(self, p => sqlx::query(sqlx::AssertSqlSafe(reports.clone())).execute(p).await.map(|_| ())?);
            on_pool!(self, p => sqlx::query(values).execute(p).await.map(|_| ())?);
            Ok(())
        }
        .await;
        if postgres {
            self.version_triggers("ENABLE").await?;
        }
        out
    }
}
