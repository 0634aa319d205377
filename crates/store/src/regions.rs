//! Regions: found or created by name; the hierarchy is kept through `parent_id`.

use crate::rows::RegionRow;
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
        on_pool!(self, p => {
            sqlx::query("INSERT INTO regions (name, level, parent_id) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
                .bind(name).bind(level).bind(parent.map(|r| r.0))
                .execute(p).await?;
            let row: RegionRow = sqlx::query_as("SELECT id, name, level, parent_id FROM regions WHERE name = $1")
                .bind(name).fetch_one(p).await?;
            Ok(row.into())
        })
    }

    /// All regions, by name.
    pub async fn regions(&self) -> Result<Vec<Region>, StoreError> {
        on_pool!(self, p => {
            let rows: Vec<RegionRow> = sqlx::query_as("SELECT id, name, level, parent_id FROM regions ORDER BY name").fetch_all(p).await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }
}
