//! Allocations across a generated world (任务分解下达): in the current year, each list whose
//! region has regions below gives one item with a count to all of them, an equal share each;
//! a city gives on the item it received from its province, so a figure reported in a county
//! flows up two levels. Made through [`Store::allocate`], as an office makes them; the bottom
//! regions' items are then put in the charge of their bureau of the same name.

use crate::{AllocationInput, Store, StoreError, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::{ItemId, PlanId, RegionId, TargetKind};

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
            // What it received from above, else its first item with a count.
            let counted = |i: &&crate::ItemDetail| {
                i.targets
                    .iter()
                    .any(|t| t.kind == TargetKind::Count && t.value >= 1.0)
            };
            let Some(item) = detail
                .items
                .iter()
                .filter(counted)
                .find(|i| i.item.level.is_some())
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
        // Items at the bottom answered for by the bureau of the same name as above.
        on_pool!(self, p => sqlx::query(
            "INSERT INTO item_units (item_id, unit_id, role, position) \
             SELECT DISTINCT a.child_item_id, cu.id, 'lead', 1 FROM allocations a \
             JOIN item_units pu ON pu.item_id = a.item_id AND pu.role = 'lead' \
             JOIN units pun ON pun.id = pu.unit_id \
             JOIN items ci ON ci.id = a.child_item_id JOIN plans cp ON cp.id = ci.plan_id \
             JOIN units cu ON cu.region_id = cp.region_id AND cu.name = pun.name \
             WHERE NOT EXISTS (SELECT 1 FROM allocations b WHERE b.item_id = a.child_item_id) \
               AND NOT EXISTS (SELECT 1 FROM item_units x WHERE x.item_id = a.child_item_id)",
        ).execute(p).await.map(|_| ())?);
        on_pool!(self, p => sqlx::query(
            "UPDATE plan_versions SET version = version + 1 WHERE plan_id IN \
             (SELECT ci.plan_id FROM allocations a JOIN items ci ON ci.id = a.child_item_id)",
        ).execute(p).await.map(|_| ())?);
        Ok(made)
    }
}
