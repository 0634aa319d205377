//! Regions: found or created by name; the hierarchy is kept through `parent_id`.

use crate::rows::RegionRow;
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use minsheng_domain::{PlanId, Region, RegionId, RegionLevel};

impl Store {
    /// Finds a region by name, creating it (level inferred from the name) if missing.
    pub async fn ensure_region(
        &self,
        name: &str,
        parent: Option<RegionId>,
    ) -> Result<Region, StoreError> {
        let level = RegionLevel::infer(name).code();
        let row: RegionRow = crate::in_write_tx!(self, tx => {
            let n = sqlx::query("INSERT INTO regions (name, level, parent_id) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
                .bind(name).bind(level).bind(parent.map(|r| r.0))
                .execute(&mut *tx).await?.rows_affected();
            let row: RegionRow = sqlx::query_as("SELECT id, name, level, parent_id FROM regions WHERE name = $1")
                .bind(name).fetch_one(&mut *tx).await?;
            if n > 0 {
                tx.audit(&self.actor, crate::audit::Change::new("region.create", "region", row.id)
                    .after(serde_json::json!({"name": name, "level": level, "parent": parent}))).await?;
            }
            row
        });
        Ok(row.into())
    }

    /// A region by id.
    pub async fn region(&self, id: RegionId) -> Result<Region, StoreError> {
        let row: Option<RegionRow> = on_pool!(self, p => sqlx::query_as("SELECT id, name, level, parent_id FROM regions WHERE id = $1")
            .bind(id.0).fetch_optional(p).await?);
        row.map(Into::into)
            .ok_or(StoreError::NotFound("地区 (region)"))
    }

    /// The published and closed plans of `year` in `region` and every region below it, the
    /// region's own first, in one query.
    pub async fn region_plans(
        &self,
        region: RegionId,
        year: i32,
    ) -> Result<Vec<PlanId>, StoreError> {
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
            "WITH RECURSIVE tree(id, depth) AS (SELECT id, 0 FROM regions WHERE id = $1 \
             UNION ALL SELECT r.id, t.depth + 1 FROM regions r JOIN tree t ON r.parent_id = t.id) \
             SELECT p.id FROM plans p JOIN tree t ON t.id = p.region_id \
             WHERE p.year = $2 AND p.state <> 'draft' ORDER BY t.depth, p.region_id, p.id",
        ).bind(region.0).bind(year).fetch_all(p).await?);
        Ok(ids.into_iter().map(PlanId).collect())
    }

    /// All regions, by name.
    pub async fn regions(&self) -> Result<Vec<Region>, StoreError> {
        on_pool!(self, p => {
            let rows: Vec<RegionRow> = sqlx::query_as("SELECT id, name, level, parent_id FROM regions ORDER BY name").fetch_all(p).await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }
}
