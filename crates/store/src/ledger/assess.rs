//! Turns stored facts into the ledger's view: for every item of a plan its achieved values,
//! light, status and report state; the plan's roll-ups by category, unit and leader; and the
//! list of units that did not report (未报送). The rules themselves live in the domain crate.

use super::{PlanSettings, Report};
use crate::{ItemDetail, Store};
use chrono::NaiveDate;
use minsheng_domain::ledger::{
    Assessment, Curve, Disposition, Period, PeriodReportState, Rollup, RollupItem, TargetProgress,
};
use minsheng_domain::{Category, ItemId, Plan, Region, Target, UnitId};
use serde::Serialize;
use std::collections::HashMap;
/// A target with what has been achieved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetState {
    /// The target.
    pub target: Target,
    /// Cumulative value achieved (sum of shares where shares are set).
    pub achieved: Option<f64>,
    /// Achieved ÷ target, uncapped.
    pub ratio: f64,
    /// Met.
    pub attained: bool,
}

/// One item in the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLedger {
    /// The item with units, leaders and targets.
    pub detail: ItemDetail,
    /// The planned curve (序时进度), through milestones that carry a planned percent.
    #[serde(skip)]
    pub curve: Curve,
    /// Work starts.
    pub start: NaiveDate,
    /// Deadline as issued.
    pub original_deadline: NaiveDate,
    /// Deadline after approved extensions.
    pub current_deadline: NaiveDate,
    /// Number of approved extensions.
    pub extensions: usize,
    /// Targets with achieved values.
    pub targets: Vec<TargetState>,
    /// Status, light, expected and actual percent.
    pub assessment: Assessment,
    /// The lead's report state for the current period.
    pub current_state: PeriodReportState,
    /// The lead's report state for the last closed period.
    pub last_closed_state: Option<PeriodReportState>,
    /// The lead has not reported for the last closed period.
    pub not_reported: bool,
    /// Allocated to the regions below with every count shared out: the figures come from
    /// below and the lead unit owes no report (docs/LEVELS.md).
    pub fed: bool,
    /// The list above it was allocated from (`None`: the region's own item).
    pub from_plan: Option<minsheng_domain::PlanId>,
    /// Latest submitted lead report: period start, physical progress, problems.
    pub latest: Option<(NaiveDate, String, String)>,
    /// The latest lead report said nothing moved (本期无进展), and why.
    pub no_progress: Option<String>,
    /// Acceptance date.
    pub accepted_on: Option<NaiveDate>,
    /// Terminated or carried over.
    pub disposition: Option<Disposition>,
    /// Units that report on the item: lead units and share holders.
    pub reporters: Vec<UnitId>,
    /// Its assignments (unit, role, target share), for the progress series.
    #[serde(skip)]
    pub(crate) assigns: Vec<super::achieved::Assign>,
}

/// A missing report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotReported {
    /// The item.
    pub item_id: ItemId,
    /// Its list number.
    pub seq: String,
    /// Its title.
    pub title: String,
    /// The unit that owes the report.
    pub unit_id: UnitId,
    /// Its name.
    pub unit: String,
    /// The period.
    pub period: Period,
}

/// A roll-up of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupRow {
    /// Group key (id or code).
    pub key: String,
    /// Group name.
    pub label: String,
    /// Its numbers.
    pub rollup: Rollup,
}

/// A plan's ledger on one day.
#[derive(Debug, Clone, Serialize)]
pub struct PlanLedger {
    /// The plan.
    pub plan: Plan,
    /// Its region.
    pub region: Region,
    /// Categories.
    pub categories: Vec<Category>,
    /// Settings used.
    pub settings: PlanSettings,
    /// The day.
    pub today: NaiveDate,
    /// The period containing today.
    pub current: Period,
    /// The latest period whose grace has ended.
    pub last_closed: Option<Period>,
    /// Items in list order.
    pub items: Vec<ItemLedger>,
    /// The whole plan.
    pub rollup: Rollup,
    /// Missing reports for the last closed period.
    pub not_reported: Vec<NotReported>,
    /// The day each (item, unit, period start) was first submitted, for timeliness.
    #[serde(skip)]
    pub first_submitted: HashMap<(i64, i64, NaiveDate), NaiveDate>,
}

pub use super::achieved::Series;

/// One item in its plan's ledger, with all its report versions and its progress over time.
#[derive(Debug, Clone)]
pub struct ItemLedgerView {
    /// The plan's ledger (kept: shared with other readers).
    pub plan: std::sync::Arc<PlanLedger>,
    /// Where the item is in `plan.items`.
    pub index: usize,
    /// Every version of every report on the item, oldest period first.
    pub reports: Vec<Report>,
    /// (period start, reported percent) per period with a submitted report.
    pub series: Series,
    /// The plan's version it was read at, for reading the item's records without looking it
    /// up again.
    pub(crate) version: i64,
}

impl ItemLedger {
    /// Who answers for the item (for access checks): lead and co-units, share holders, leaders.
    pub fn parties(&self) -> minsheng_domain::access::ItemParties {
        let d = &self.detail;
        let mut units: Vec<UnitId> = d
            .lead_units
            .iter()
            .chain(&d.co_units)
            .map(|u| u.id)
            .collect();
        units.extend(self.reporters.iter().copied());
        units.sort();
        units.dedup();
        minsheng_domain::access::ItemParties {
            item: d.item.id,
            units,
            leads: d.lead_units.iter().map(|u| u.id).collect(),
            leaders: d.leaders.iter().map(|l| l.id).collect(),
        }
    }
}

/// The roll-up of ledger entries from one plan or several (a region's year).
pub fn rollup_items<'a>(items: impl IntoIterator<Item = &'a ItemLedger>) -> Rollup {
    let items: Vec<&ItemLedger> = items.into_iter().collect();
    let progress: Vec<Vec<TargetProgress>> = items
        .iter()
        .map(|i| {
            i.targets
                .iter()
                .filter(|t| !t.target.optional)
                .map(|t| TargetProgress::of(&t.target, t.achieved))
                .collect()
        })
        .collect();
    Rollup::of(items.iter().zip(&progress).map(|(i, p)| RollupItem {
        assessment: &i.assessment,
        targets: p,
        not_reported: i.not_reported,
    }))
}

impl ItemLedgerView {
    /// The item's entry.
    pub fn item(&self) -> &ItemLedger {
        &self.plan.items[self.index]
    }
}

impl PlanLedger {
    /// One roll-up per group: `category`, `unit` (lead units), `leader`, or `status`/`light`
    /// are not groups here; an item with two lead units counts under both.
    pub fn rollup_by(&self, dimension: &str) -> Vec<RollupRow> {
        let mut groups: Vec<(String, String, Vec<usize>)> = Vec::new();
        let mut add = |key: String, label: String, i: usize| {
            if let Some(g) = groups.iter_mut().find(|g| g.0 == key) {
                g.2.push(i);
            } else {
                groups.push((key, label, vec![i]));
            }
        };
        for (i, it) in self.items.iter().enumerate() {
            match dimension {
                "category" => {
                    let c = it.detail.item.category_id;
                    add(
                        c.map(|c| c.to_string()).unwrap_or_default(),
                        it.detail
                            .category
                            .clone()
                            .unwrap_or_else(|| "未分类".into()),
                        i,
                    )
                }
                "unit" => {
                    for u in &it.detail.lead_units {
                        add(u.id.to_string(), u.name.clone(), i)
                    }
                }
                "leader" => {
                    for l in &it.detail.leaders {
                        add(l.id.to_string(), l.name.clone(), i)
                    }
                }
                _ => add(self.plan.id.to_string(), self.plan.title.clone(), i),
            }
        }
        groups
            .into_iter()
            .map(|(key, label, idx)| RollupRow {
                key,
                label,
                rollup: self.rollup_of(&idx),
            })
            .collect()
    }

    fn rollup_of(&self, idx: &[usize]) -> Rollup {
        rollup_items(idx.iter().map(|&i| &self.items[i]))
    }

    /// Items a unit reports on.
    pub fn items_of_unit(&self, unit: UnitId) -> impl Iterator<Item = &ItemLedger> {
        self.items
            .iter()
            .filter(move |i| i.reporters.contains(&unit))
    }
}

impl Store {}
