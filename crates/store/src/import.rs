//! Saving a parsed list as a draft plan, in one transaction: plan, source file, categories,
//! items, targets, units (found by name or alias, else created), leaders and assignments.

use crate::editor::EditTx;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use minsheng_domain::access::Scoped;
use minsheng_domain::refusal::Refusal;
use minsheng_domain::{PlanId, Region, RegionId, Role, TargetKind};
use minsheng_importer::ParsedList;
use std::collections::HashMap;

/// What to import and as what.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Region the plan belongs to (created if new).
    pub region: String,
    /// Year of the plan.
    pub year: i32,
    /// File name of the source document.
    pub source_name: String,
    /// The source document itself, kept with the plan.
    pub source_bytes: Vec<u8>,
}

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The new draft plan.
    pub plan_id: PlanId,
    /// Items stored.
    pub items: usize,
    /// Targets stored.
    pub targets: usize,
    /// Categories stored.
    pub categories: usize,
    /// Units that did not exist before.
    pub new_units: usize,
    /// Items of a level above linked to what that level allocated to the region.
    pub linked: usize,
    /// Items of a level above whose allocated item the office is asked to choose.
    pub to_confirm: usize,
}

fn dedup(names: &[String]) -> Vec<&String> {
    let mut seen = std::collections::HashSet::new();
    names.iter().filter(|n| seen.insert(n.as_str())).collect()
}

impl Store {
    /// The region a new list is made for, by name. An office confined to a region makes lists
    /// only for it and the regions below it: a name not yet known becomes a region directly
    /// below the office's; a known one beyond it is refused. Anyone else finds or creates it.
    async fn region_for_list(&self, name: &str) -> Result<Region, StoreError> {
        let Some(scope) = self.actor.region else {
            return self.ensure_region(name, None).await;
        };
        let known: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM regions WHERE name = $1")
            .bind(name).fetch_optional(p).await?);
        match known {
            None => self.ensure_region(name, Some(scope)).await,
            Some(id)
                if self
                    .region_path_of(Scoped::Region, id)
                    .await?
                    .contains(&scope) =>
            {
                self.region(RegionId(id)).await
            }
            Some(_) => Err(Refusal::BeyondRegion {
                region: name.to_string(),
            }
            .into()),
        }
    }

    /// Stores a parsed list as a new draft plan.
    pub async fn import_plan(
        &self,
        list: &ParsedList,
        opts: &ImportOptions,
    ) -> Result<ImportSummary, StoreError> {
        let region = self.region_for_list(&opts.region).await?;
        let title = list
            .title
            .clone()
            .unwrap_or_else(|| format!("{}{}年民生实事", opts.region, opts.year));
        let summary = in_write_tx!(self, tx => {
            let plan_id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (region_id, year, title, doc_number, issuer, issued_on, default_deadline, state, source_name) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8) RETURNING id",
            )
            .bind(region.id.0).bind(opts.year).bind(&title).bind(&list.doc_number).bind(&list.issuer)
            .bind(list.issued_on).bind(list.default_deadline).bind(&opts.source_name)
            .fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO plan_sources (plan_id, name, bytes) VALUES ($1, $2, $3)")
                .bind(plan_id).bind(&opts.source_name).bind(&opts.source_bytes)
                .execute(&mut *tx).await?;

            let mut categories: HashMap<&str, i64> = HashMap::new();
            for it in &list.items {
                let Some(c) = it.category.as_deref() else { continue };
                if categories.contains_key(c) {
                    continue;
                }
                let id: i64 = sqlx::query_scalar("INSERT INTO categories (plan_id, position, name) VALUES ($1, $2, $3) RETURNING id")
                    .bind(plan_id).bind(categories.len() as i32 + 1).bind(c)
                    .fetch_one(&mut *tx).await?;
                categories.insert(c, id);
            }

            let mut units: HashMap<String, i64> = HashMap::new();
            let mut leaders: HashMap<String, i64> = HashMap::new();
            let mut new_units = 0;
            let mut targets = 0;
            for (pos, it) in list.items.iter().enumerate() {
                let extra = serde_json::to_string(&it.extra).unwrap_or_else(|_| "{}".into());
                let item_id: i64 = sqlx::query_scalar(
                    "INSERT INTO items (plan_id, category_id, seq, position, name, summary, content, level, deadline, deadline_text, extra) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(plan_id).bind(it.category.as_deref().and_then(|c| categories.get(c).copied()))
                .bind(&it.seq).bind(pos as i32 + 1).bind(&it.name).bind(&it.summary).bind(&it.content)
                .bind(&it.level).bind(it.deadline).bind(&it.deadline_text).bind(extra)
                .fetch_one(&mut *tx).await?;
                for (k, t) in it.targets.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO targets (item_id, position, metric, unit, value, comparator, kind, baseline, optional, source_text) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(item_id).bind(k as i32 + 1).bind(&t.metric).bind(&t.unit).bind(t.value)
                    .bind(t.comparator.code())
                    .bind(t.kind.unwrap_or_else(|| TargetKind::infer(&t.unit, t.comparator, t.baseline)).code())
                    .bind(t.baseline).bind(t.optional).bind(&t.text)
                    .execute(&mut *tx).await?;
                    targets += 1;
                }
                for (role, names) in [(Role::Lead, &it.lead_units), (Role::Co, &it.co_units)] {
                    for (k, name) in dedup(names).into_iter().enumerate() {
                        let unit_id = match units.get(name) {
                            Some(id) => *id,
                            None => {
                                let (id, new) = tx.unit_named(region.id.0, name).await?;
                                new_units += usize::from(new);
                                units.insert(name.clone(), id);
                                id
                            }
                        };
                        sqlx::query("INSERT INTO item_units (item_id, unit_id, role, position) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                            .bind(item_id).bind(unit_id).bind(role.code()).bind(k as i32 + 1)
                            .execute(&mut *tx).await?;
                    }
                }
                for (k, name) in dedup(&it.leaders).into_iter().enumerate() {
                    let leader_id = match leaders.get(name) {
                        Some(id) => *id,
                        None => {
                            let id = tx.leader_named(region.id.0, name).await?;
                            leaders.insert(name.clone(), id);
                            id
                        }
                    };
                    sqlx::query("INSERT INTO item_leaders (item_id, leader_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(item_id).bind(leader_id).bind(k as i32 + 1)
                        .execute(&mut *tx).await?;
                }
            }
            let summary = ImportSummary { plan_id: PlanId(plan_id), items: list.items.len(), targets, categories: categories.len(), new_units, linked: 0, to_confirm: 0 };
            tx.audit(&self.actor, crate::audit::Change::new("plan.import", "plan", plan_id).after(serde_json::json!({
                "title": title, "region": opts.region, "year": opts.year, "source": opts.source_name,
                "items": summary.items, "targets": targets, "new_units": new_units}))).await?;
            summary
        });
        // Its items of a level above take the place of what that level allocated to the
        // region, where that is sure; the others are asked (`/plans/{id}/links`).
        let (linked, to_confirm) = self.link_sure(summary.plan_id, chrono::Utc::now()).await?;
        Ok(ImportSummary {
            linked,
            to_confirm,
            ..summary
        })
    }
}
