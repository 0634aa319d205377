//! What an edit does inside its write transaction, written once for both databases: find or
//! create a unit, leader or category by name, and write one item whole — its row, targets
//! (kept by id, so reports filed against a target stay attached), units with their shares and
//! leaders.

use crate::StoreError;
use minsheng_domain::draft::ItemDraft;
use minsheng_domain::{Refusal, Role, UnitKind};

/// Where an item is written.
pub(crate) struct Place {
    /// The plan.
    pub plan: i64,
    /// The plan's region (units and leaders are found and created there).
    pub region: i64,
    /// The item to overwrite; a new item when `None`.
    pub item: Option<i64>,
    /// Columns the importer read that have no field (stored with a new item only).
    pub extra: Option<String>,
}

pub(crate) trait EditTx {
    /// The plan's state and region, refused unless it is a draft.
    async fn draft_plan(&mut self, plan: i64) -> Result<i64, StoreError>;

    /// The unit of `region` with this name or alias, created if none; and whether it is new.
    async fn unit_named(&mut self, region: i64, name: &str) -> Result<(i64, bool), StoreError>;

    /// The leader of `region` with this name, created if none.
    async fn leader_named(&mut self, region: i64, name: &str) -> Result<i64, StoreError>;

    /// The plan's category with this name, created at the end if none.
    async fn category_named(&mut self, plan: i64, name: &str) -> Result<i64, StoreError>;

    /// Writes `d` (checked) at `at`; the item's id and the number of units created.
    async fn put_item(&mut self, at: &Place, d: &ItemDraft) -> Result<(i64, usize), StoreError>;
}

macro_rules! edit_tx_on {
    ($conn:ty) => {
        impl EditTx for $conn {
            async fn draft_plan(&mut self, plan: i64) -> Result<i64, StoreError> {
                let row: Option<(String, i64)> =
                    sqlx::query_as("SELECT state, region_id FROM plans WHERE id = $1")
                        .bind(plan)
                        .fetch_optional(&mut *self)
                        .await?;
                match row {
                    None => Err(StoreError::NotFound("计划 (plan)")),
                    Some((state, _)) if state != "draft" => Err(Refusal::PlanNotDraft.into()),
                    Some((_, region)) => Ok(region),
                }
            }

            async fn unit_named(&mut self, region: i64, name: &str) -> Result<(i64, bool), StoreError> {
                let found: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM units WHERE region_id = $1 AND name = $2 \
                     UNION SELECT u.id FROM units u JOIN unit_aliases a ON a.unit_id = u.id WHERE u.region_id = $1 AND a.alias = $2",
                )
                .bind(region)
                .bind(name)
                .fetch_optional(&mut *self)
                .await?;
                if let Some(id) = found {
                    return Ok((id, false));
                }
                let id: i64 = sqlx::query_scalar("INSERT INTO units (region_id, name, kind) VALUES ($1, $2, $3) RETURNING id")
                    .bind(region)
                    .bind(name)
                    .bind(UnitKind::infer(name).code())
                    .fetch_one(&mut *self)
                    .await?;
                Ok((id, true))
            }

            async fn leader_named(&mut self, region: i64, name: &str) -> Result<i64, StoreError> {
                sqlx::query("INSERT INTO leaders (region_id, name) VALUES ($1, $2) ON CONFLICT (region_id, name) DO NOTHING")
                    .bind(region)
                    .bind(name)
                    .execute(&mut *self)
                    .await?;
                Ok(sqlx::query_scalar("SELECT id FROM leaders WHERE region_id = $1 AND name = $2")
                    .bind(region)
                    .bind(name)
                    .fetch_one(&mut *self)
                    .await?)
            }

            async fn category_named(&mut self, plan: i64, name: &str) -> Result<i64, StoreError> {
                let found: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE plan_id = $1 AND name = $2 ORDER BY position LIMIT 1")
                    .bind(plan)
                    .bind(name)
                    .fetch_optional(&mut *self)
                    .await?;
                if let Some(id) = found {
                    return Ok(id);
                }
                Ok(sqlx::query_scalar(
                    "INSERT INTO categories (plan_id, position, name) \
                     VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories WHERE plan_id = $1), $2) RETURNING id",
                )
                .bind(plan)
                .bind(name)
                .fetch_one(&mut *self)
                .await?)
            }

            async fn put_item(&mut self, at: &Place, d: &ItemDraft) -> Result<(i64, usize), StoreError> {
                let category = match &d.category {
                    Some(c) => Some(self.category_named(at.plan, c).await?),
                    None => None,
                };
                let item = match at.item {
                    Some(id) => {
                        let seq = match &d.seq {
                            Some(s) => s.clone(),
                            None => sqlx::query_scalar("SELECT seq FROM items WHERE id = $1").bind(id).fetch_one(&mut *self).await?,
                        };
                        sqlx::query(
                            "UPDATE items SET category_id = $1, seq = $2, name = $3, content = $4, level = $5, deadline = $6, \
                             deadline_text = $7, budget = $8, fund_source = $9, acceptance_standard = $10 WHERE id = $11",
                        )
                        .bind(category).bind(seq).bind(&d.name).bind(&d.content).bind(&d.level).bind(d.deadline)
                        .bind(&d.deadline_text).bind(d.budget).bind(&d.fund_source).bind(&d.acceptance_standard).bind(id)
                        .execute(&mut *self)
                        .await?;
                        id
                    }
                    None => {
                        let (count, last): (i64, Option<i32>) = sqlx::query_as("SELECT COUNT(*), MAX(position) FROM items WHERE plan_id = $1")
                            .bind(at.plan)
                            .fetch_one(&mut *self)
                            .await?;
                        let seq = d.seq.clone().unwrap_or_else(|| (count + 1).to_string());
                        sqlx::query_scalar(
                            "INSERT INTO items (plan_id, category_id, seq, position, name, content, level, deadline, deadline_text, \
                             budget, fund_source, acceptance_standard, extra) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                        )
                        .bind(at.plan).bind(category).bind(seq).bind(last.unwrap_or(0) + 1).bind(&d.name).bind(&d.content)
                        .bind(&d.level).bind(d.deadline).bind(&d.deadline_text).bind(d.budget).bind(&d.fund_source)
                        .bind(&d.acceptance_standard).bind(at.extra.as_deref().unwrap_or("{}"))
                        .fetch_one(&mut *self)
                        .await?
                    }
                };
                // Targets: those named by id are updated in place, the others removed, new
                // ones added; then every target's position follows the draft's order.
                let stored: Vec<i64> = sqlx::query_scalar("SELECT id FROM targets WHERE item_id = $1")
                    .bind(item)
                    .fetch_all(&mut *self)
                    .await?;
                for old in &stored {
                    if !d.targets.iter().any(|t| t.id == Some(*old)) {
                        sqlx::query("DELETE FROM targets WHERE id = $1").bind(old).execute(&mut *self).await?;
                    }
                }
                let mut target_ids = Vec::with_capacity(d.targets.len());
                for (k, t) in d.targets.iter().enumerate() {
                    let kind = t.kind().code();
                    let id = match t.id.filter(|id| stored.contains(id)) {
                        Some(id) => {
                            sqlx::query(
                                "UPDATE targets SET position = $1, metric = $2, unit = $3, value = $4, comparator = $5, kind = $6, \
                                 baseline = $7, optional = $8 WHERE id = $9",
                            )
                            .bind(k as i32 + 1).bind(&t.metric).bind(&t.unit).bind(t.value).bind(t.comparator.code())
                            .bind(kind).bind(t.baseline).bind(t.optional).bind(id)
                            .execute(&mut *self)
                            .await?;
                            id
                        }
                        None => {
                            sqlx::query_scalar(
                                "INSERT INTO targets (item_id, position, metric, unit, value, comparator, kind, baseline, optional, source_text) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                            )
                            .bind(item).bind(k as i32 + 1).bind(&t.metric).bind(&t.unit).bind(t.value).bind(t.comparator.code())
                            .bind(kind).bind(t.baseline).bind(t.optional).bind(&t.source_text)
                            .fetch_one(&mut *self)
                            .await?
                        }
                    };
                    target_ids.push(id);
                }
                // Units: leads, then co-units, then the share holders not already listed as
                // co-units; a share goes on the holder's co-unit row.
                sqlx::query("DELETE FROM item_units WHERE item_id = $1").bind(item).execute(&mut *self).await?;
                let mut created = 0;
                let mut co: Vec<(&str, Option<(i64, f64)>)> = d.co_units.iter().map(|n| (n.as_str(), None)).collect();
                for (t, id) in d.targets.iter().zip(&target_ids) {
                    for s in &t.shares {
                        match co.iter_mut().find(|c| c.0 == s.unit) {
                            Some(c) => c.1 = Some((*id, s.share)),
                            None => co.push((&s.unit, Some((*id, s.share)))),
                        }
                    }
                }
                let leads = d.lead_units.iter().map(|n| (n.as_str(), Role::Lead, None));
                let rows = leads.chain(co.into_iter().map(|(n, s)| (n, Role::Co, s)));
                let mut positions = [0i32; 2];
                for (name, role, share) in rows {
                    let (unit, new) = self.unit_named(at.region, name).await?;
                    created += usize::from(new);
                    let pos = &mut positions[usize::from(role == Role::Co)];
                    *pos += 1;
                    sqlx::query(
                        "INSERT INTO item_units (item_id, unit_id, role, position, target_id, share) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(item).bind(unit).bind(role.code()).bind(*pos).bind(share.map(|s| s.0)).bind(share.map(|s| s.1))
                    .execute(&mut *self)
                    .await?;
                }
                sqlx::query("DELETE FROM item_leaders WHERE item_id = $1").bind(item).execute(&mut *self).await?;
                for (k, name) in d.leaders.iter().enumerate() {
                    let leader = self.leader_named(at.region, name).await?;
                    sqlx::query("INSERT INTO item_leaders (item_id, leader_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(item).bind(leader).bind(k as i32 + 1)
                        .execute(&mut *self)
                        .await?;
                }
                Ok((item, created))
            }
        }
    };
}

edit_tx_on!(sqlx::SqliteConnection);
edit_tx_on!(sqlx::PgConnection);
