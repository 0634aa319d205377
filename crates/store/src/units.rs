//! Units (责任单位) of a region with their aliases.

use crate::rows::UnitRow;
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use minsheng_domain::refusal::SetupRefusal;
use minsheng_domain::{RegionId, Unit, UnitId};

impl Store {
    /// Units, optionally of one region, by name, with aliases.
    pub async fn units(&self, region: Option<RegionId>) -> Result<Vec<Unit>, StoreError> {
        on_pool!(self, p => {
            let rows: Vec<UnitRow> = sqlx::query_as(
                "SELECT id, region_id, name, kind FROM units WHERE (CAST($1 AS BIGINT) IS NULL OR region_id = $1) ORDER BY region_id, name",
            )
            .bind(region.map(|r| r.0))
            .fetch_all(p)
            .await?;
            let aliases: Vec<(i64, String)> = sqlx::query_as("SELECT unit_id, alias FROM unit_aliases ORDER BY alias").fetch_all(p).await?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    let a = aliases.iter().filter(|(u, _)| *u == r.id).map(|(_, a)| a.clone()).collect();
                    r.into_unit(a)
                })
                .collect())
        })
    }

    /// The units with these ids (a user's own), in the order of [`Store::units`].
    pub async fn units_by_id(&self, ids: &[UnitId]) -> Result<Vec<Unit>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids
            .iter()
            .map(|u| u.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        on_pool!(self, p => {
            let rows: Vec<UnitRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, region_id, name, kind FROM units WHERE id IN ({list}) ORDER BY region_id, name"
            )))
            .fetch_all(p)
            .await?;
            let aliases: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT unit_id, alias FROM unit_aliases WHERE unit_id IN ({list}) ORDER BY alias"
            )))
            .fetch_all(p)
            .await?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    let a = aliases.iter().filter(|(u, _)| *u == r.id).map(|(_, a)| a.clone()).collect();
                    r.into_unit(a)
                })
                .collect())
        })
    }

    /// Adds another name a unit goes by; importing that name later finds the same unit.
    pub async fn add_unit_alias(&self, unit: UnitId, alias: &str) -> Result<(), StoreError> {
        let alias = alias.trim();
        if alias.is_empty() {
            return Err(SetupRefusal::AliasEmpty.into());
        }
        crate::in_write_tx!(self, tx => {
            let n = sqlx::query("INSERT INTO unit_aliases (unit_id, alias) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(unit.0).bind(alias).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                tx.audit(&self.actor, crate::audit::Change::new("unit.alias_add", "unit", unit).after(serde_json::json!({"alias": alias}))).await?;
            }
        });
        Ok(())
    }
}
