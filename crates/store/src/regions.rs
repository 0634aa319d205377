//! Regions: found or created by name; the hierarchy is kept through `parent_id`.

use crate::rows::RegionRow;
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use minsheng_domain::{Region, RegionId, RegionLevel};

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

    /// All regions, by name.
    pub async fn regions(&self) -> Result<Vec<Region>, StoreError> {
        on_pool!(self, p => {
            let rows: Vec<RegionRow> = sqlx::query_as("SELECT id, name, level, parent_id FROM regions ORDER BY name").fetch_all(p).await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }
}
