//! What a report on (item, unit, period) is checked against — the plan's state and settings,
//! whether the period is locked, the targets the unit reports on — read in three indexed
//! queries through the write transaction that saves the report, so the rules and the write
//! see the same rows; a form reads only the unit's targets (`Store::reportable_metrics`).

use super::settings::{SETTINGS_SELECT, SettingsRow, settings_from};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::{ItemId, PlanState, Role, TargetId, UnitId};
use std::collections::HashSet;

/// The facts a report is checked against.
#[derive(Debug, Clone)]
pub(crate) struct Reporting {
    /// Its state: only a published plan takes reports.
    pub state: PlanState,
    /// Its ledger settings (the reporting rule).
    pub settings: super::PlanSettings,
    /// Whether the period starting on the day asked is locked.
    pub locked: bool,
    /// The targets the unit reports on, with their metrics, in the item's order; `None` when
    /// the unit does not report on the item.
    pub targets: Option<Vec<(TargetId, String)>>,
}

/// An item's assignment as read: unit, role code, the target it holds a share of.
type Assignment = (i64, String, Option<i64>);

/// The targets `unit` reports on among an item's `targets`, given the item's assignments
/// (unit, role, shared target): every unshared target for a lead unit, and the targets it
/// holds a share of. `None` when the unit does not report on the item.
fn reportable(
    assign: &[Assignment],
    targets: Vec<(i64, String)>,
    unit: UnitId,
) -> Option<Vec<(TargetId, String)>> {
    let shared: HashSet<i64> = assign.iter().filter_map(|a| a.2).collect();
    let is_lead = assign
        .iter()
        .any(|a| a.0 == unit.0 && a.1 == Role::Lead.code());
    let own: HashSet<i64> = assign
        .iter()
        .filter(|a| a.0 == unit.0)
        .filter_map(|a| a.2)
        .collect();
    if !is_lead && own.is_empty() {
        return None;
    }
    Some(
        targets
            .into_iter()
            .filter(|(t, _)| own.contains(t) || (is_lead && !shared.contains(t)))
            .map(|(t, v)| (TargetId(t), v))
            .collect(),
    )
}

/// Reads [`Reporting`] through a connection (a pooled one or an open transaction's).
pub(crate) trait ReportReads {
    /// The targets `unit` reports on for `item`, with their metrics (see [`reportable`]).
    async fn reportable_on(
        &mut self,
        item: ItemId,
        unit: UnitId,
    ) -> Result<Option<Vec<(TargetId, String)>>, StoreError>;

    async fn reporting(
        &mut self,
        item: ItemId,
        unit: UnitId,
        period_start: NaiveDate,
    ) -> Result<Reporting, StoreError>;
}

macro_rules! report_reads_on {
    ($conn:ty) => {
        impl ReportReads for $conn {
            async fn reportable_on(
                &mut self,
                item: ItemId,
                unit: UnitId,
            ) -> Result<Option<Vec<(TargetId, String)>>, StoreError> {
                // The item's targets (kind 0, in order) and assignments (kind 1) in one query.
                let rows: Vec<(i32, i64, String, Option<i64>, i32)> = sqlx::query_as(
                    "SELECT 0 AS k, id, metric, NULL AS shared, position FROM targets WHERE item_id = $1 \
                     UNION ALL SELECT 1, unit_id, role, target_id, 0 FROM item_units WHERE item_id = $1 ORDER BY 1, 5",
                )
                .bind(item.0)
                .fetch_all(&mut *self)
                .await?;
                let (targets, assign): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.0 == 0);
                let assign: Vec<Assignment> =
                    assign.into_iter().map(|r| (r.1, r.2, r.3)).collect();
                let targets = targets.into_iter().map(|r| (r.1, r.2)).collect();
                Ok(reportable(&assign, targets, unit))
            }

            async fn reporting(
                &mut self,
                item: ItemId,
                unit: UnitId,
                period_start: NaiveDate,
            ) -> Result<Reporting, StoreError> {
                let head: Option<(i64, String, i64)> = sqlx::query_as(
                    "SELECT i.plan_id, p.state, (SELECT COUNT(*) FROM period_locks l WHERE l.plan_id = i.plan_id AND l.period_start = $2) \
                     FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1",
                )
                .bind(item.0)
                .bind(period_start)
                .fetch_optional(&mut *self)
                .await?;
                let (plan, state, locks) = head.ok_or(StoreError::NotFound("项目 (item)"))?;
                let settings: Option<SettingsRow> = sqlx::query_as(SETTINGS_SELECT)
                    .bind(plan)
                    .fetch_optional(&mut *self)
                    .await?;
                Ok(Reporting {
                    state: state.parse().unwrap_or(PlanState::Draft),
                    settings: settings_from(settings),
                    locked: locks > 0,
                    targets: self.reportable_on(item, unit).await?,
                })
            }
        }
    };
}

report_reads_on!(sqlx::SqliteConnection);
report_reads_on!(sqlx::PgConnection);

impl Store {
    /// The targets `unit` reports on for `item`: every unshared target for a lead unit, and
    /// the targets it holds a share of. `None` when the unit does not report on the item.
    pub async fn reportable_targets(
        &self,
        item: ItemId,
        unit: UnitId,
    ) -> Result<Option<Vec<TargetId>>, StoreError> {
        Ok(self
            .reportable_metrics(item, unit)
            .await?
            .map(|ts| ts.into_iter().map(|(t, _)| t).collect()))
    }

    /// [`Store::reportable_targets`] with each target's metric (for a form's fields and
    /// messages): one query.
    pub async fn reportable_metrics(
        &self,
        item: ItemId,
        unit: UnitId,
    ) -> Result<Option<Vec<(TargetId, String)>>, StoreError> {
        on_pool!(self, p => {
            let mut c = p.acquire().await?;
            c.reportable_on(item, unit).await
        })
    }
}
