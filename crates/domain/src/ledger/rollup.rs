//! Roll-ups (汇总): one definition of counts and rates, used by every page, the API and the
//! exports. See `docs/LEDGER.md` for the same definition in words.

use super::{Assessment, ItemStatus, Light, TargetProgress};
use serde::Serialize;
use std::collections::BTreeMap;

/// One item as the roll-up sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupItem<'a> {
    /// The computed state.
    pub assessment: &'a Assessment,
    /// Its targets with achieved values.
    pub targets: &'a [TargetProgress],
    /// The lead unit has not reported for the last closed period (未报送).
    pub not_reported: bool,
}

/// Counts and rates over a set of items.
///
/// - `targets` counts quantified targets; an item with none counts as one pseudo-target whose
///   ratio is its reported percent, attained once the item is accepted.
/// - `attainment_rate` = attained targets ÷ targets.
/// - `completion_rate` = mean over targets of min(ratio, 100%), the ratio read by kind.
/// - `overall_rate` = mean over targets of their ratio, uncapped (may exceed 100%).
/// - `completed` counts accepted items only (已验收); 已完成待验收 is not completed.
/// - Terminated and carried-over items are counted by status but left out of the rates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rollup {
    /// Items.
    pub items: usize,
    /// Items per status code.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Items per light code.
    pub by_light: BTreeMap<&'static str, usize>,
    /// Targets counted in the rates.
    pub targets: usize,
    /// Targets attained.
    pub targets_attained: usize,
    /// Attained ÷ targets.
    pub attainment_rate: Option<f64>,
    /// Mean of capped ratios.
    pub completion_rate: Option<f64>,
    /// Mean of uncapped ratios.
    pub overall_rate: Option<f64>,
    /// Accepted items.
    pub completed: usize,
    /// Items past their current deadline unfinished.
    pub overdue: usize,
    /// Items whose last closed period has no report.
    pub not_reported: usize,
}

impl Rollup {
    /// Rolls up `items`.
    pub fn of<'a>(items: impl IntoIterator<Item = RollupItem<'a>>) -> Rollup {
        let mut r = Rollup::default();
        for s in ItemStatus::ALL {
            r.by_status.insert(s.code(), 0);
        }
        for l in Light::ALL {
            r.by_light.insert(l.code(), 0);
        }
        let (mut capped, mut uncapped) = (0.0, 0.0);
        for it in items {
            let a = it.assessment;
            r.items += 1;
            *r.by_status.entry(a.status.code()).or_default() += 1;
            *r.by_light.entry(a.light.code()).or_default() += 1;
            r.completed += usize::from(a.status == ItemStatus::Accepted);
            r.overdue += usize::from(a.status == ItemStatus::Overdue);
            r.not_reported += usize::from(it.not_reported);
            if matches!(a.status, ItemStatus::Terminated | ItemStatus::CarriedOver) {
                continue;
            }
            if it.targets.is_empty() {
                let ratio = a.actual.unwrap_or(0.0) / 100.0;
                r.targets += 1;
                r.targets_attained += usize::from(a.status == ItemStatus::Accepted);
                capped += ratio.min(1.0);
                uncapped += ratio;
            } else {
                for t in it.targets {
                    r.targets += 1;
                    r.targets_attained += usize::from(t.attained());
                    capped += t.ratio().min(1.0);
                    uncapped += t.ratio();
                }
            }
        }
        if r.targets > 0 {
            let n = r.targets as f64;
            r.attainment_rate = Some(r.targets_attained as f64 / n);
            r.completion_rate = Some(capped / n);
            r.overall_rate = Some(uncapped / n);
        }
        r
    }

    /// Items with this light.
    pub fn light(&self, l: Light) -> usize {
        self.by_light.get(l.code()).copied().unwrap_or(0)
    }

    /// Items with this status.
    pub fn status(&self, s: ItemStatus) -> usize {
        self.by_status.get(s.code()).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Comparator;

    fn a(status: ItemStatus, light: Light, actual: Option<f64>) -> Assessment {
        Assessment {
            status,
            light,
            expected: 50.0,
            actual,
            overdue_milestones: 0,
            explanation_required: false,
        }
    }

    fn t(target: f64, achieved: f64) -> TargetProgress {
        TargetProgress {
            target,
            comparator: Comparator::Ge,
            kind: crate::TargetKind::Count,
            baseline: None,
            achieved: Some(achieved),
        }
    }

    #[test]
    fn one_definition_by_hand() {
        let a1 = a(ItemStatus::Accepted, Light::Green, Some(100.0));
        let a2 = a(ItemStatus::InProgress, Light::Yellow, Some(30.0));
        let a3 = a(ItemStatus::Overdue, Light::Red, Some(40.0));
        let a4 = a(ItemStatus::Terminated, Light::Grey, None);
        let t1 = [t(100.0, 172.0)];
        let t2 = [t(10.0, 3.0), t(4.0, 4.0)];
        let r = Rollup::of([
            RollupItem {
                assessment: &a1,
                targets: &t1,
                not_reported: false,
            },
            RollupItem {
                assessment: &a2,
                targets: &t2,
                not_reported: true,
            },
            RollupItem {
                assessment: &a3,
                targets: &[],
                not_reported: true,
            },
            RollupItem {
                assessment: &a4,
                targets: &[t(5.0, 0.0)],
                not_reported: false,
            },
        ]);
        assert_eq!(r.items, 4);
        assert_eq!(r.targets, 4); // 1 + 2 + 1 pseudo; terminated left out
        assert_eq!(r.targets_attained, 2); // 172/100 and 4/4
        assert_eq!(r.attainment_rate, Some(0.5));
        // capped: 1 + 0.3 + 1 + 0.4 = 2.7 / 4
        assert!((r.completion_rate.unwrap() - 0.675).abs() < 1e-9);
        // uncapped: 1.72 + 0.3 + 1 + 0.4 = 3.42 / 4
        assert!((r.overall_rate.unwrap() - 0.855).abs() < 1e-9);
        assert_eq!((r.completed, r.overdue, r.not_reported), (1, 1, 2));
        assert_eq!((r.light(Light::Red), r.light(Light::Blue)), (1, 0));
        assert_eq!(r.status(ItemStatus::Terminated), 1);
        assert_eq!(Rollup::of([]).completion_rate, None);
    }
}
