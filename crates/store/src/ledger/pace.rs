//! What a filing is checked against (`minsheng_domain::ledger::quality`), read as it is now
//! in a few indexed queries rather than from the plan's assessed ledger, which every filing
//! changes: the item's targets, its planned curve (start, deadline after extensions,
//! milestones that carry a planned percent), the plan's settings, and the filing unit's
//! latest revision for the period and last submitted report before it.

use super::settings::{SETTINGS_SELECT, SettingsRow, settings_from};
use super::{ItemLedger, PlanSettings};
use crate::rows::{TARGET_COLS, TargetRow};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::ledger::quality::Pace;
use minsheng_domain::ledger::{Curve, MilestoneFacts, curve};
use minsheng_domain::{ItemId, Target, UnitId};

/// An item's targets, planned curve and plan settings, as a filing reads them, with what the
/// filing unit filed before: the revision of its latest version for the period, and its last
/// submitted report of an earlier period.
#[derive(Debug, Clone)]
pub struct FilingFacts {
    /// The revision of the unit's latest version for the period, if it has one.
    pub revision: Option<i32>,
    /// The unit's last submitted report of an earlier period.
    pub last: Option<super::Report>,
    /// The targets, in order.
    pub targets: Vec<Target>,
    /// The planned curve.
    pub curve: Curve,
    /// The plan's settings (reporting rule, jump factor).
    pub settings: PlanSettings,
}

/// The plan's pace under `settings` for a report on the period starting `period` whose
/// unit last filed for the period starting `last` (none for its first report).
fn pace(
    curve: &Curve,
    settings: &PlanSettings,
    period: NaiveDate,
    last: Option<NaiveDate>,
) -> Pace {
    let rule = &settings.rule;
    let p = rule.period_containing(period);
    Pace {
        curve: curve.clone(),
        period_end: p.end,
        period_days: (p.end - p.start).num_days() + 1,
        last_end: last.map(|l| rule.period_containing(l).end),
        factor: settings.jump_factor,
    }
}

impl FilingFacts {
    /// The pace for a report on the period starting `period` by a unit whose last filed
    /// report was for the period starting `last`.
    pub fn pace(&self, period: NaiveDate, last: Option<NaiveDate>) -> Pace {
        pace(&self.curve, &self.settings, period, last)
    }
}

impl ItemLedger {
    /// [`FilingFacts::pace`] from an assessed ledger entry, under the plan's `settings`.
    pub fn pace(
        &self,
        settings: &PlanSettings,
        period: NaiveDate,
        last: Option<NaiveDate>,
    ) -> Pace {
        pace(&self.curve, settings, period, last)
    }
}

#[derive(sqlx::FromRow)]
struct Dates {
    plan_id: i64,
    year: i32,
    default_deadline: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    start_on: Option<NaiveDate>,
    current_deadline: Option<NaiveDate>,
}

impl Store {
    /// An item's targets, planned curve and plan settings as they are now, and what `unit`
    /// filed before on the period starting `period`.
    pub async fn filing_facts(
        &self,
        item: ItemId,
        unit: UnitId,
        period: NaiveDate,
    ) -> Result<FilingFacts, StoreError> {
        let (dates, targets, milestones, settings, (revision, last)) = on_pool!(self, p => {
            let dates: Option<Dates> = sqlx::query_as(
                "SELECT i.plan_id, p.year, p.default_deadline, i.deadline, i.start_on, i.current_deadline \
                 FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1",
            ).bind(item.0).fetch_optional(p).await?;
            let dates = dates.ok_or(StoreError::NotFound("项目 (item)"))?;
            let targets: Vec<TargetRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {TARGET_COLS} FROM targets t WHERE t.item_id = $1 ORDER BY t.position"
            ))).bind(item.0).fetch_all(p).await?;
            let milestones: Vec<(Option<NaiveDate>, Option<NaiveDate>, Option<f64>)> = sqlx::query_as(
                "SELECT due_on, done_on, planned_percent FROM milestones WHERE item_id = $1",
            ).bind(item.0).fetch_all(p).await?;
            let settings: Option<SettingsRow> = sqlx::query_as(SETTINGS_SELECT).bind(dates.plan_id).fetch_optional(p).await?;
            let before: (Option<i32>, Option<i64>) = sqlx::query_as(
                "SELECT (SELECT revision FROM reports WHERE item_id = $1 AND unit_id = $2 AND period_start = $3 ORDER BY version DESC LIMIT 1), \
                 (SELECT id FROM reports WHERE item_id = $1 AND unit_id = $2 AND state = 'submitted' AND period_start < $3 ORDER BY period_start DESC, version DESC LIMIT 1)",
            ).bind(item.0).bind(unit.0).bind(period).fetch_one(p).await?;
            (dates, targets, milestones, settings, before)
        });
        let last = match last {
            Some(id) => Some(self.report(minsheng_domain::ReportId(id)).await?),
            None => None,
        };
        let settings = settings_from(settings);
        let start = dates
            .start_on
            .or(settings.start_on)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(dates.year, 1, 1).expect("1 January"));
        let deadline = dates
            .current_deadline
            .or(dates.deadline)
            .or(dates.default_deadline)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(dates.year, 12, 31).expect("31 December"));
        let milestones: Vec<MilestoneFacts> = milestones
            .into_iter()
            .map(|(due_on, done_on, planned_percent)| MilestoneFacts {
                due_on,
                done_on,
                planned_percent,
            })
            .collect();
        Ok(FilingFacts {
            revision,
            last,
            targets: targets.into_iter().map(Into::into).collect(),
            curve: curve(start, deadline, &milestones),
            settings,
        })
    }
}
