//! The directory the administrator keeps: regions, units (kind, region, aliases) and leaders.
//! Lists import new names into it; here they are corrected.

use crate::audit::Change;
use crate::rows::RegionRow;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use minsheng_domain::refusal::{Field, Named, SetupRefusal};
use minsheng_domain::{Leader, LeaderId, RegionId, RegionLevel, UnitId, UnitKind};
use serde_json::json;

fn name(what: Named, s: &str) -> Result<String, StoreError> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 100 {
        return Err(SetupRefusal::NameLength { what }.into());
    }
    Ok(s.to_string())
}

/// A unit has a handful of other names (old names, abbreviations), never hundreds: their
/// characters together.
const MAX_ALIASES: usize = 2000;

fn taken(e: sqlx::Error, what: Named) -> StoreError {
    if crate::ledger::is_unique_violation(&e) {
        SetupRefusal::NameTaken { what }.into()
    } else {
        e.into()
    }
}

impl Store {
    /// Creates or renames a region (`id` None creates).
    pub async fn save_region(
        &self,
        id: Option<RegionId>,
        region: &str,
        level: RegionLevel,
        parent: Option<RegionId>,
    ) -> Result<RegionId, StoreError> {
        let region = name(Named::Region, region)?;
        if parent.is_some() && parent == id {
            return Err(SetupRefusal::OwnParent.into());
        }
        let before: Option<RegionRow> = match id {
            Some(r) => Some(on_pool!(self, p => sqlx::query_as("SELECT id, name, level, parent_id FROM regions WHERE id = $1").bind(r.0).fetch_optional(p).await?)
                .ok_or(StoreError::NotFound("地区 (region)"))?),
            None => None,
        };
        let out: Result<i64, StoreError> = in_write_tx!(self, tx => {
            let res = match id {
                Some(r) => sqlx::query("UPDATE regions SET name = $1, level = $2, parent_id = $3 WHERE id = $4")
                    .bind(&region).bind(level.code()).bind(parent.map(|p| p.0)).bind(r.0).execute(&mut *tx).await.map(|_| r.0),
                None => sqlx::query_scalar("INSERT INTO regions (name, level, parent_id) VALUES ($1, $2, $3) RETURNING id")
                    .bind(&region).bind(level.code()).bind(parent.map(|p| p.0)).fetch_one(&mut *tx).await,
            };
            let rid = match res {
                Ok(v) => v,
                Err(e) => return Err(taken(e, Named::Region)),
            };
            tx.audit(&self.actor, Change::new(if id.is_some() { "region.update" } else { "region.create" }, "region", rid)
                .before(before.as_ref().map(|b| json!({"name": b.name, "level": b.level, "parent": b.parent_id})).unwrap_or_default())
                .after(json!({"name": region, "level": level, "parent": parent}))).await?;
            Ok(rid)
        });
        out.map(RegionId)
    }

    /// Creates or changes a unit: name, kind, region and the full list of aliases.
    pub async fn save_unit(
        &self,
        id: Option<UnitId>,
        region: RegionId,
        unit: &str,
        kind: UnitKind,
        aliases: &[String],
    ) -> Result<UnitId, StoreError> {
        let unit = name(Named::Unit, unit)?;
        crate::within(&aliases.concat(), MAX_ALIASES, Field::Aliases)?;
        for a in aliases {
            crate::within(a, 100, Field::Alias)?;
        }
        let aliases: Vec<String> = aliases
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty() && *a != unit)
            .collect();
        let before = match id {
            Some(u) => Some(
                self.units(None)
                    .await?
                    .into_iter()
                    .find(|x| x.id == u)
                    .ok_or(StoreError::NotFound("单位 (unit)"))?,
            ),
            None => None,
        };
        let out: Result<i64, StoreError> = in_write_tx!(self, tx => {
            let res = match id {
                Some(u) => sqlx::query("UPDATE units SET name = $1, kind = $2, region_id = $3 WHERE id = $4")
                    .bind(&unit).bind(kind.code()).bind(region.0).bind(u.0).execute(&mut *tx).await.map(|_| u.0),
                None => sqlx::query_scalar("INSERT INTO units (region_id, name, kind) VALUES ($1, $2, $3) RETURNING id")
                    .bind(region.0).bind(&unit).bind(kind.code()).fetch_one(&mut *tx).await,
            };
            let uid = match res {
                Ok(v) => v,
                Err(e) => return Err(taken(e, Named::Unit)),
            };
            sqlx::query("DELETE FROM unit_aliases WHERE unit_id = $1").bind(uid).execute(&mut *tx).await?;
            for a in &aliases {
                sqlx::query("INSERT INTO unit_aliases (unit_id, alias) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(uid).bind(a).execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new(if id.is_some() { "unit.update" } else { "unit.create" }, "unit", uid)
                .before(before.as_ref().map(|b| json!({"name": b.name, "kind": b.kind, "region": b.region_id, "aliases": b.aliases})).unwrap_or_default())
                .after(json!({"name": unit, "kind": kind, "region": region, "aliases": aliases}))).await?;
            Ok(uid)
        });
        out.map(UnitId)
    }

    /// Puts a leader in charge of an item (分管领导).
    pub async fn assign_leader(
        &self,
        item: minsheng_domain::ItemId,
        leader: LeaderId,
    ) -> Result<(), StoreError> {
        in_write_tx!(self, tx => {
            let pos: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM item_leaders WHERE item_id = $1").bind(item.0).fetch_one(&mut *tx).await?;
            let n = sqlx::query("INSERT INTO item_leaders (item_id, leader_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(item.0).bind(leader.0).bind((pos + 1) as i32).execute(&mut *tx).await?.rows_affected();
            if n > 0 {
                tx.audit(&self.actor, Change::new("item.assign_leader", "item", item).after(json!({"leader": leader}))).await?;
            }
        });
        Ok(())
    }

    /// Leaders, by region and name.
    pub async fn leaders(&self) -> Result<Vec<Leader>, StoreError> {
        let rows: Vec<(i64, i64, String, Option<String>)> = on_pool!(self, p => sqlx::query_as("SELECT id, region_id, name, title FROM leaders ORDER BY region_id, name").fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(id, r, name, title)| Leader {
                id: LeaderId(id),
                region_id: RegionId(r),
                name,
                title,
            })
            .collect())
    }

    /// Creates or changes a leader (name, post, region).
    pub async fn save_leader(
        &self,
        id: Option<LeaderId>,
        region: RegionId,
        leader: &str,
        title: Option<&str>,
    ) -> Result<LeaderId, StoreError> {
        let leader = name(Named::Leader, leader)?;
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        crate::within(title.unwrap_or_default(), 100, Field::LeaderTitle)?;
        let before = match id {
            Some(l) => Some(
                self.leaders()
                    .await?
                    .into_iter()
                    .find(|x| x.id == l)
                    .ok_or(StoreError::NotFound("领导 (leader)"))?,
            ),
            None => None,
        };
        let out: Result<i64, StoreError> = in_write_tx!(self, tx => {
            let res = match id {
                Some(l) => sqlx::query("UPDATE leaders SET name = $1, title = $2, region_id = $3 WHERE id = $4")
                    .bind(&leader).bind(title).bind(region.0).bind(l.0).execute(&mut *tx).await.map(|_| l.0),
                None => sqlx::query_scalar("INSERT INTO leaders (region_id, name, title) VALUES ($1, $2, $3) RETURNING id")
                    .bind(region.0).bind(&leader).bind(title).fetch_one(&mut *tx).await,
            };
            let lid = match res {
                Ok(v) => v,
                Err(e) => return Err(taken(e, Named::Leader)),
            };
            tx.audit(&self.actor, Change::new(if id.is_some() { "leader.update" } else { "leader.create" }, "leader", lid)
                .before(before.as_ref().map(|b| json!({"name": b.name, "title": b.title, "region": b.region_id})).unwrap_or_default())
                .after(json!({"name": leader, "title": title, "region": region}))).await?;
            Ok(lid)
        });
        out.map(LeaderId)
    }
}
