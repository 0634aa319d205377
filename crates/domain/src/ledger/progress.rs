//! Progress against targets: one target's ratio (may exceed 100%), whether it is attained, and
//! an item's progress as the average of its targets' ratios capped at 100%.

use crate::Comparator;
use serde::{Deserialize, Serialize};

/// A target with the value achieved so far.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TargetProgress {
    /// Committed value.
    pub target: f64,
    /// How achievement is compared with it.
    pub comparator: Comparator,
    /// Cumulative value achieved, if any report gave one.
    pub achieved: Option<f64>,
}

impl TargetProgress {
    /// Achieved ÷ target, uncapped (Shanghai publishes 172%). For an upper bound (不超过) a
    /// reported value within the bound is 100%, and beyond it the ratio falls as bound ÷ value.
    /// Nothing reported counts as 0.
    pub fn ratio(&self) -> f64 {
        let Some(a) = self.achieved else { return 0.0 };
        match self.comparator {
            Comparator::Le => {
                if a <= self.target {
                    1.0
                } else {
                    self.target / a
                }
            }
            Comparator::Eq | Comparator::Ge => {
                if self.target > 0.0 {
                    a / self.target
                } else {
                    1.0
                }
            }
        }
    }

    /// Whether the commitment is met by what was reported.
    pub fn attained(&self) -> bool {
        self.achieved
            .is_some_and(|a| self.comparator.is_met(a, self.target))
    }
}

/// An item's actual progress in percent (0–100): the mean of its targets' capped ratios, or
/// the unit's own estimate (形象进度百分比) when the item has no quantified target.
pub fn item_percent(targets: &[TargetProgress], estimate: Option<f64>) -> Option<f64> {
    if targets.is_empty() {
        return estimate.map(|e| e.clamp(0.0, 100.0));
    }
    if targets.iter().all(|t| t.achieved.is_none()) {
        return estimate.map(|e| e.clamp(0.0, 100.0));
    }
    let sum: f64 = targets.iter().map(|t| t.ratio().min(1.0)).sum();
    Some(100.0 * sum / targets.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(target: f64, c: Comparator, achieved: Option<f64>) -> TargetProgress {
        TargetProgress {
            target,
            comparator: c,
            achieved,
        }
    }

    #[test]
    fn ratios_and_attainment() {
        let table = [
            (t(100.0, Comparator::Ge, Some(172.0)), 1.72, true),
            (t(100.0, Comparator::Ge, Some(40.0)), 0.40, false),
            (t(100.0, Comparator::Eq, Some(100.0)), 1.0, true),
            (t(100.0, Comparator::Ge, None), 0.0, false),
            (t(15.0, Comparator::Le, Some(12.0)), 1.0, true),
            (t(15.0, Comparator::Le, Some(30.0)), 0.5, false),
            (t(0.0, Comparator::Ge, Some(0.0)), 1.0, true),
        ];
        for (tp, ratio, attained) in table {
            assert!((tp.ratio() - ratio).abs() < 1e-9, "{tp:?}");
            assert_eq!(tp.attained(), attained, "{tp:?}");
        }
    }

    #[test]
    fn item_percent_caps_each_target() {
        let ts = [
            t(100.0, Comparator::Ge, Some(172.0)),
            t(10.0, Comparator::Ge, Some(5.0)),
        ];
        assert_eq!(item_percent(&ts, None), Some(75.0));
        assert_eq!(item_percent(&[], Some(40.0)), Some(40.0));
        assert_eq!(item_percent(&[], Some(140.0)), Some(100.0));
        assert_eq!(item_percent(&[t(1.0, Comparator::Ge, None)], None), None);
        assert_eq!(
            item_percent(&[t(1.0, Comparator::Ge, None)], Some(20.0)),
            Some(20.0)
        );
    }
}
