//! Reading plans: the list by region and year, one plan with its items grouped by category
//! and their units, leaders and targets, and plan state changes.

use crate::rows::{
    CategoryRow, ITEM_COLS, ItemLeaderRow, ItemRow, ItemUnitRow, PLAN_COLS, PlanRow, RegionRow,
    TARGET_COLS, TargetRow,
};
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use minsheng_domain::{
    Category, Item, ItemId, Leader, LeaderId, Plan, PlanId, PlanState, Region, RegionId, Role,
    Target, Unit, UnitId,
};
use serde::Serialize;

/// A plan in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    /// The plan.
    pub plan: Plan,
    /// Name of its region.
    pub region: String,
    /// Number of items.
    pub items: i64,
}

/// One item with everything shown next to it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemDetail {
    /// The item.
    pub item: Item,
    /// Its category's name.
    pub category: Option<String>,
    /// Its targets, in order.
    pub targets: Vec<Target>,
    /// Lead units, in order.
    pub lead_units: Vec<Unit>,
    /// Co-operating units, in order.
    pub co_units: Vec<Unit>,
    /// Leaders in charge, in order.
    pub leaders: Vec<Leader>,
}

/// A plan with its region, categories and items.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDetail {
    /// The plan.
    pub plan: Plan,
    /// Its region.
    pub region: Region,
    /// Categories in order.
    pub categories: Vec<Category>,
    /// Items in order.
    pub items: Vec<ItemDetail>,
}

/// Which plans to list, one page at a time.
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    /// Only this year.
    pub year: Option<i32>,
    /// Only regions whose name contains this.
    pub region: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Drafts only of this region and the regions below it (an office confined to a region).
    pub drafts_within: Option<RegionId>,
    /// Page size (1–1000).
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

impl Store {
    /// All plans, newest year first, then by region.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        on_pool!(self, p => {
            let rows: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT p.id, r.name, (SELECT COUNT(*) FROM items i WHERE i.plan_id = p.id) \
                 FROM plans p JOIN regions r ON r.id = p.region_id ORDER BY p.year DESC, r.name, p.id",
            )
            .fetch_all(p)
            .await?;
            let plans: Vec<PlanRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {PLAN_COLS} FROM plans p"))).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            let mut by_id: std::collections::HashMap<i64, Plan> = plans.into_iter().map(|r| (r.id, Plan::from(r))).collect();
            for (id, region, items) in rows {
                if let Some(plan) = by_id.remove(&id) {
                    out.push(PlanSummary { plan, region, items });
                }
            }
            Ok(out)
        })
    }

    /// One page of plans, newest year first, then by region: of `year` if given, of regions
    /// whose name contains `region`, drafts only if `drafts`; with the number that match.
    pub async fn plans_page(&self, f: &PlanFilter) -> Result<(Vec<PlanSummary>, i64), StoreError> {
        let where_ = format!(
            "FROM plans p JOIN regions r ON r.id = p.region_id \
             WHERE ($1 IS NULL OR p.year = $1) AND ($2 IS NULL OR r.name LIKE $2) AND ($3 OR p.state <> 'draft') \
             AND (p.state <> 'draft' OR $4 IS NULL OR p.region_id IN {})",
            crate::regions::within_sql("$4")
        );
        let like = f
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| format!("%{}%", r.replace(['%', '_'], "")));
        let limit = f.limit.clamp(1, 1000);
        on_pool!(self, p => {
            let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {where_}")))
                .bind(f.year).bind(&like).bind(f.drafts).bind(f.drafts_within.map(|r| r.0)).fetch_one(p).await?;
            let rows: Vec<(i64, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT p.id, r.name, (SELECT COUNT(*) FROM items i WHERE i.plan_id = p.id) {where_} \
                 ORDER BY p.year DESC, r.name, p.id LIMIT $5 OFFSET $6"
            )))
            .bind(f.year).bind(&like).bind(f.drafts).bind(f.drafts_within.map(|r| r.0)).bind(limit).bind(f.offset.max(0))
            .fetch_all(p).await?;
            // The page's plans in one query, not one each.
            let ids = rows.iter().map(|r| r.0.to_string()).collect::<Vec<_>>().join(",");
            let plans: Vec<PlanRow> = if ids.is_empty() {
                Vec::new()
            } else {
                sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {PLAN_COLS} FROM plans p WHERE p.id IN ({ids})"))).fetch_all(p).await?
            };
            let mut by_id: std::collections::HashMap<i64, Plan> = plans.into_iter().map(|r| (r.id, Plan::from(r))).collect();
            let out = rows
                .into_iter()
                .filter_map(|(id, region, items)| by_id.remove(&id).map(|plan| PlanSummary { plan, region, items }))
                .collect();
            Ok((out, total))
        })
    }

    /// The years that have plans, newest first.
    pub async fn plan_years(&self) -> Result<Vec<i32>, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_scalar("SELECT DISTINCT year FROM plans ORDER BY year DESC").fetch_all(p).await?),
        )
    }

    /// One plan.
    pub async fn plan(&self, id: PlanId) -> Result<Plan, StoreError> {
        on_pool!(self, p => {
            let row: Option<PlanRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {PLAN_COLS} FROM plans p WHERE p.id = $1"))).bind(id.0).fetch_optional(p).await?;
            row.map(Into::into).ok_or(StoreError::NotFound("计划 (plan)"))
        })
    }

    /// A plan with everything its page shows. `unit` keeps only items that unit works on.
    pub async fn plan_detail(
        &self,
        id: PlanId,
        unit: Option<UnitId>,
    ) -> Result<PlanDetail, StoreError> {
        let plan = self.plan(id).await?;
        let (region, categories, items, targets, units, leaders) = on_pool!(self, p => {
            let region: RegionRow = sqlx::query_as("SELECT id, name, level, parent_id FROM regions WHERE id = $1").bind(plan.region_id.0).fetch_one(p).await?;
            let categories: Vec<CategoryRow> = sqlx::query_as("SELECT id, plan_id, position, name FROM categories WHERE plan_id = $1 ORDER BY position").bind(id.0).fetch_all(p).await?;
            let items: Vec<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {ITEM_COLS} FROM items i WHERE i.plan_id = $1 ORDER BY i.position"))).bind(id.0).fetch_all(p).await?;
            let targets: Vec<TargetRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {TARGET_COLS} FROM targets t JOIN items i ON i.id = t.item_id WHERE i.plan_id = $1 ORDER BY t.item_id, t.position",
            ))).bind(id.0).fetch_all(p).await?;
            let units: Vec<ItemUnitRow> = sqlx::query_as(
                "SELECT iu.item_id, iu.role, u.id, u.region_id, u.name, u.kind FROM item_units iu \
                 JOIN units u ON u.id = iu.unit_id JOIN items i ON i.id = iu.item_id WHERE i.plan_id = $1 ORDER BY iu.item_id, iu.role, iu.position",
            ).bind(id.0).fetch_all(p).await?;
            let leaders: Vec<ItemLeaderRow> = sqlx::query_as(
                "SELECT il.item_id, l.id, l.region_id, l.name, l.title FROM item_leaders il \
                 JOIN leaders l ON l.id = il.leader_id JOIN items i ON i.id = il.item_id WHERE i.plan_id = $1 ORDER BY il.item_id, il.position",
            ).bind(id.0).fetch_all(p).await?;
            (region, categories, items, targets, units, leaders)
        });
        let categories: Vec<Category> = categories.into_iter().map(Into::into).collect();
        let mut details = Vec::with_capacity(items.len());
        let targets: Vec<Target> = targets.into_iter().map(Into::into).collect();
        for row in items {
            let item: Item = row.into();
            let of_role = |role: Role| -> Vec<Unit> {
                units
                    .iter()
                    .filter(|u| u.item_id == item.id.0 && u.role == role.code())
                    .map(|u| Unit {
                        id: UnitId(u.id),
                        region_id: RegionId(u.region_id),
                        name: u.name.clone(),
                        kind: u.kind.parse().unwrap_or(minsheng_domain::UnitKind::Other),
                        aliases: vec![],
                    })
                    .collect()
            };
            let (lead_units, co_units) = (of_role(Role::Lead), of_role(Role::Co));
            if let Some(u) = unit
                && !lead_units.iter().chain(&co_units).any(|x| x.id == u)
            {
                continue;
            }
            details.push(ItemDetail {
                category: item
                    .category_id
                    .and_then(|c| categories.iter().find(|x| x.id == c))
                    .map(|c| c.name.clone()),
                targets: targets
                    .iter()
                    .filter(|t| t.item_id == item.id)
                    .cloned()
                    .collect(),
                leaders: leaders
                    .iter()
                    .filter(|l| l.item_id == item.id.0)
                    .map(|l| Leader {
                        id: LeaderId(l.id),
                        region_id: RegionId(l.region_id),
                        name: l.name.clone(),
                        title: l.title.clone(),
                    })
                    .collect(),
                lead_units,
                co_units,
                item,
            });
        }
        Ok(PlanDetail {
            plan,
            region: region.into(),
            categories,
            items: details,
        })
    }

    /// The plan an item belongs to, and that plan's state (one small query).
    pub async fn item_plan(&self, id: ItemId) -> Result<(PlanId, PlanState), StoreError> {
        let row: Option<(i64, String)> = on_pool!(self, p => sqlx::query_as("SELECT p.id, p.state FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1").bind(id.0).fetch_optional(p).await?);
        let (plan, state) = row.ok_or(StoreError::NotFound("项目 (item)"))?;
        Ok((PlanId(plan), state.parse().unwrap_or(PlanState::Draft)))
    }

    /// One item with its plan's context.
    pub async fn item_detail(&self, id: ItemId) -> Result<(Plan, ItemDetail), StoreError> {
        let plan_id: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1").bind(id.0).fetch_optional(p).await?);
        let plan_id = plan_id.ok_or(StoreError::NotFound("项目 (item)"))?;
        let detail = self.plan_detail(PlanId(plan_id), None).await?;
        let item = detail
            .items
            .into_iter()
            .find(|i| i.item.id == id)
            .ok_or(StoreError::NotFound("项目 (item)"))?;
        Ok((detail.plan, item))
    }

    /// Moves a plan to a new state, if the life cycle allows it.
    pub async fn set_plan_state(&self, id: PlanId, next: PlanState) -> Result<Plan, StoreError> {
        let plan = self.plan(id).await?;
        if !plan.state.can_become(next) {
            return Err(minsheng_domain::Refusal::PlanStateChange {
                from: plan.state,
                to: next,
            }
            .into());
        }
        crate::in_write_tx!(self, tx => {
            sqlx::query("UPDATE plans SET state = $1 WHERE id = $2").bind(next.code()).bind(id.0).execute(&mut *tx).await?;
            tx.audit(&self.actor, crate::audit::Change::new("plan.state", "plan", id)
                .before(serde_json::json!({"state": plan.state})).after(serde_json::json!({"state": next}))).await?;
        });
        self.plan(id).await
    }

    /// The source document a plan was imported from: file name and bytes.
    pub async fn plan_source(&self, id: PlanId) -> Result<(String, Vec<u8>), StoreError> {
        on_pool!(self, p => {
            let row: Option<(String, Vec<u8>)> = sqlx::query_as("SELECT name, bytes FROM plan_sources WHERE plan_id = $1").bind(id.0).fetch_optional(p).await?;
            row.ok_or(StoreError::NotFound("原始文件 (source file)"))
        })
    }
}

impl Store {
    /// The published plans that have an item some of `units` reports on (lead, co-unit or
    /// target share), that `leader` is in charge of, or that is among `items`: the plans a
    /// workbench has to look at, without touching the others.
    pub async fn published_plans_of(
        &self,
        units: &[minsheng_domain::UnitId],
        leader: Option<minsheng_domain::LeaderId>,
        items: &[ItemId],
    ) -> Result<Vec<PlanId>, StoreError> {
        let list = |ids: Vec<i64>| {
            if ids.is_empty() {
                "NULL".to_string()
            } else {
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            }
        };
        let units = list(units.iter().map(|u| u.0).collect());
        let items = list(items.iter().map(|i| i.0).collect());
        let leader = leader.map(|l| l.0).unwrap_or(-1);
        // A union of three indexed lookups (an OR of them defeats PostgreSQL's planner).
        let sql = format!(
            "SELECT id FROM plans WHERE state = 'published' AND id IN ( \
               SELECT i.plan_id FROM items i JOIN item_units u ON u.item_id = i.id WHERE u.unit_id IN ({units}) \
               UNION SELECT plan_id FROM items WHERE id IN ({items}) \
               UNION SELECT i.plan_id FROM items i JOIN item_leaders l ON l.item_id = i.id WHERE l.leader_id = {leader}) \
             ORDER BY id"
        );
        let ids: Vec<i64> =
            on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?);
        Ok(ids.into_iter().map(PlanId).collect())
    }
}
