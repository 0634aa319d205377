//! How achieved values come out of reports: the current version of each (unit, period), the
//! latest value per target (a shared target sums its holders' latest), the unit's percent
//! estimate, and the progress series for the chart.

use super::Report;
use chrono::NaiveDate;
use minsheng_domain::ledger::{ReportState, TargetProgress};
use minsheng_domain::{Role, Target, UnitId};
use std::collections::{HashMap, HashSet};

/// Reported percent per period start, for the progress chart.
pub type Series = Vec<(NaiveDate, f64)>;

/// The item's percent after each period with a submitted report, from current versions.
pub(crate) fn series(targets: &[Target], assigns: &[Assign], current: &[&Report]) -> Series {
    let mut periods: Vec<NaiveDate> = current.iter().map(|r| r.period_start).collect();
    periods.dedup();
    periods
        .into_iter()
        .filter_map(|p| {
            let upto: Vec<&Report> = current
                .iter()
                .copied()
                .filter(|r| r.period_start <= p)
                .collect();
            let (values, estimate) = achieved(targets, assigns, &upto);
            minsheng_domain::ledger::item_percent(&progress(targets, &values), estimate)
                .map(|pct| (p, pct))
        })
        .collect()
}

/// (item, planned date, done date, planned percent) of a milestone.
pub(crate) type MilestoneRow = (i64, Option<NaiveDate>, Option<NaiveDate>, Option<f64>);

/// How an assignment lets a unit report: (unit, role, target share).
pub(crate) type Assign = (UnitId, Role, Option<i64>);

/// The current (latest submitted) version of each (unit, period) report, in period order.
pub(crate) fn current_versions(reports: &[Report]) -> Vec<&Report> {
    let mut best: HashMap<(UnitId, NaiveDate), &Report> = HashMap::new();
    for r in reports.iter().filter(|r| r.state == ReportState::Submitted) {
        let e = best.entry((r.unit_id, r.period_start)).or_insert(r);
        if r.version > e.version {
            *e = r;
        }
    }
    let mut v: Vec<&Report> = best.into_values().collect();
    v.sort_by_key(|r| (r.period_start, r.id));
    v
}

/// Achieved values per target and the lead's latest estimate from current versions in period
/// order: an unshared target takes the latest lead value; a shared one sums each share
/// holder's latest value.
pub(crate) fn achieved(
    targets: &[Target],
    assigns: &[Assign],
    current: &[&Report],
) -> (Vec<Option<f64>>, Option<f64>) {
    let leads: HashSet<UnitId> = assigns
        .iter()
        .filter(|a| a.1 == Role::Lead)
        .map(|a| a.0)
        .collect();
    let mut estimate = None;
    let mut lead_value: HashMap<i64, f64> = HashMap::new();
    let mut unit_value: HashMap<(UnitId, i64), f64> = HashMap::new();
    for r in current {
        if leads.contains(&r.unit_id) && r.content.percent.is_some() {
            estimate = r.content.percent;
        }
        for v in &r.content.values {
            unit_value.insert((r.unit_id, v.target_id.0), v.value);
            if leads.contains(&r.unit_id) {
                lead_value.insert(v.target_id.0, v.value);
            }
        }
    }
    let values = targets
        .iter()
        .map(|t| {
            let holders: Vec<UnitId> = assigns
                .iter()
                .filter(|a| a.2 == Some(t.id.0))
                .map(|a| a.0)
                .collect();
            if holders.is_empty() {
                lead_value.get(&t.id.0).copied()
            } else {
                let parts: Vec<f64> = holders
                    .iter()
                    .filter_map(|u| unit_value.get(&(*u, t.id.0)).copied())
                    .collect();
                (!parts.is_empty()).then(|| parts.iter().sum())
            }
        })
        .collect();
    (values, estimate)
}

pub(crate) fn progress(targets: &[Target], values: &[Option<f64>]) -> Vec<TargetProgress> {
    targets
        .iter()
        .zip(values)
        .filter(|(t, _)| !t.optional)
        .map(|(t, v)| TargetProgress::of(t, *v))
        .collect()
}
