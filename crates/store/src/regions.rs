//! Regions: found or created by name; the hierarchy is kept through `parent_id`.

use crate::rows::RegionRow;
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use minsheng_domain::access::Scoped;
use minsheng_domain::{PlanId, Region, RegionId, RegionLevel};

/// The ids of `region` (a bound parameter such as `$1`) and of every region below it, as a
/// subquery: the one way the region scope of lists, messages and proposals is read. `UNION`
/// (not `UNION ALL`) ends even if a directory edit made a cycle.
pub(crate) fn within_sql(region: &str) -> String {
    format!(
        "(WITH RECURSIVE below(id) AS (SELECT id FROM regions WHERE id = {region} \
         UNION SELECT r.id FROM regions r JOIN below b ON r.parent_id = b.id) SELECT id FROM below)"
    )
}

/// The query that finds the region an object of each kind belongs to (`$1`: its id).
fn region_of(kind: Scoped) -> &'static str {
    match kind {
        Scoped::Plan => "SELECT region_id FROM plans WHERE id = $1",
        Scoped::Item => {
            "SELECT p.region_id FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1"
        }
        Scoped::Region => "SELECT id FROM regions WHERE id = $1",
        Scoped::Order => {
            "SELECT p.region_id FROM supervision_orders o JOIN plans p ON p.id = o.plan_id WHERE o.id = $1"
        }
        Scoped::Bulletin => {
            "SELECT p.region_id FROM bulletins b JOIN plans p ON p.id = b.plan_id WHERE b.id = $1"
        }
        Scoped::Adjustment => {
            "SELECT p.region_id FROM adjustments a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1"
        }
        Scoped::Category => {
            "SELECT p.region_id FROM categories c JOIN plans p ON p.id = c.plan_id WHERE c.id = $1"
        }
        Scoped::Campaign => {
            "SELECT p.region_id FROM rating_campaigns c JOIN plans p ON p.id = c.plan_id WHERE c.id = $1"
        }
        Scoped::Report => {
            "SELECT p.region_id FROM reports x JOIN items i ON i.id = x.item_id JOIN plans p ON p.id = i.plan_id WHERE x.id = $1"
        }
        Scoped::Delay => {
            "SELECT p.region_id FROM delay_explanations x JOIN items i ON i.id = x.item_id JOIN plans p ON p.id = i.plan_id WHERE x.id = $1"
        }
        Scoped::Acceptance => {
            "SELECT p.region_id FROM acceptance_requests x JOIN items i ON i.id = x.item_id JOIN plans p ON p.id = i.plan_id WHERE x.id = $1"
        }
        Scoped::Milestone => {
            "SELECT p.region_id FROM milestones x JOIN items i ON i.id = x.item_id JOIN plans p ON p.id = i.plan_id WHERE x.id = $1"
        }
        Scoped::Feedback => {
            "SELECT p.region_id FROM feedback x JOIN items i ON i.id = x.item_id JOIN plans p ON p.id = i.plan_id WHERE x.id = $1"
        }
        Scoped::File => {
            "SELECT p.region_id FROM attachments x JOIN items i ON i.id = x.item_id JOIN plans p ON p.id = i.plan_id WHERE x.id = $1"
        }
        Scoped::Ballot => "SELECT region_id FROM ballots WHERE id = $1",
        Scoped::Meeting => {
            "SELECT p.region_id FROM meetings m JOIN plans p ON p.id = m.plan_id WHERE m.id = $1"
        }
        Scoped::Proposal => "SELECT region_id FROM proposals WHERE id = $1",
        Scoped::Unit => "SELECT region_id FROM units WHERE id = $1",
    }
}

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

    /// `region` and every region below it.
    pub async fn regions_within(
        &self,
        region: RegionId,
    ) -> Result<std::collections::HashSet<RegionId>, StoreError> {
        let sql = format!("SELECT id FROM {} AS w", within_sql("$1"));
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(region.0).fetch_all(p).await?);
        Ok(ids.into_iter().map(RegionId).collect())
    }

    /// A region by its name, if there is one.
    pub async fn region_named(&self, name: &str) -> Result<Option<Region>, StoreError> {
        let row: Option<RegionRow> = on_pool!(self, p => sqlx::query_as("SELECT id, name, level, parent_id FROM regions WHERE name = $1")
            .bind(name.trim()).fetch_optional(p).await?);
        Ok(row.map(Into::into))
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

    /// The region an object belongs to, followed by every region above it, in one query;
    /// empty when there is no such object. Access compares it with an account's region
    /// ([`minsheng_domain::access::Principal::within`]).
    pub async fn region_path_of(&self, kind: Scoped, id: i64) -> Result<Vec<RegionId>, StoreError> {
        let sql = format!(
            "WITH RECURSIVE up(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM regions WHERE id = ({}) \
             UNION ALL SELECT r.id, r.parent_id, u.depth + 1 FROM regions r JOIN up u ON r.id = u.parent_id WHERE u.depth < 16) \
             SELECT id FROM up ORDER BY depth",
            region_of(kind)
        );
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_all(p).await?);
        Ok(ids.into_iter().map(RegionId).collect())
    }

    /// The published plans of `region`, with those of every region below it if `below`.
    pub async fn published_plans_in(
        &self,
        region: RegionId,
        below: bool,
    ) -> Result<Vec<PlanId>, StoreError> {
        let sql = format!(
            "SELECT p.id FROM plans p WHERE p.state = 'published' \
             AND (p.region_id = $1 OR ($2 AND p.region_id IN {})) ORDER BY p.id",
            within_sql("$1")
        );
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(region.0).bind(below).fetch_all(p).await?);
        Ok(ids.into_iter().map(PlanId).collect())
    }

    /// [`Store::region_plans`] with each list's version, in the same one query: what a
    /// region's cockpit is made from, and what says it is unchanged.
    pub async fn region_plan_versions(
        &self,
        region: RegionId,
        year: i32,
    ) -> Result<Vec<(PlanId, i64)>, StoreError> {
        let rows: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "WITH RECURSIVE tree(id, depth) AS (SELECT id, 0 FROM regions WHERE id = $1 \
             UNION ALL SELECT r.id, t.depth + 1 FROM regions r JOIN tree t ON r.parent_id = t.id WHERE t.depth < 16) \
             SELECT p.id, COALESCE(v.version, 0) FROM plans p JOIN tree t ON t.id = p.region_id \
             LEFT JOIN plan_versions v ON v.plan_id = p.id \
             WHERE p.year = $2 AND p.state <> 'draft' ORDER BY t.depth, p.region_id, p.id",
        ).bind(region.0).bind(year).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(p, v)| (PlanId(p), v)).collect())
    }

    /// All regions, by name.
    pub async fn regions(&self) -> Result<Vec<Region>, StoreError> {
        on_pool!(self, p => {
            let rows: Vec<RegionRow> = sqlx::query_as("SELECT id, name, level, parent_id FROM regions ORDER BY name").fetch_all(p).await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }
}
