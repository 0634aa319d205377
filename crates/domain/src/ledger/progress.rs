//! Progress against targets: one target's ratio (may exceed 100%), whether it is attained, and
//! an item's progress as the average of its targets' ratios capped at 100%. How a ratio is
//! read depends on the target's kind; `docs/LEDGER.md` states the same rules in words.

use crate::{Comparator, Target, TargetKind};
use serde::{Deserialize, Serialize};

/// A target with the value achieved so far.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TargetProgress {
    /// Committed value.
    pub target: f64,
    /// How achievement is compared with it.
    pub comparator: Comparator,
    /// What kind of commitment it is.
    #[serde(default)]
    pub kind: TargetKind,
    /// The value at the start, for a level to reach.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// Value achieved: the running total of a count, the current value of a level or rate,
    /// 1 for done of a yes/no target; `None` if no report gave one.
    pub achieved: Option<f64>,
}

impl TargetProgress {
    /// The progress of `t` with `achieved`.
    pub fn of(t: &Target, achieved: Option<f64>) -> TargetProgress {
        TargetProgress {
            target: t.value,
            comparator: t.comparator,
            kind: t.kind,
            baseline: t.baseline,
            achieved,
        }
    }

    /// Whether the target is a bound not to be exceeded (a ceiling, or 不超过).
    fn is_bound(&self) -> bool {
        self.kind == TargetKind::Ceiling || self.comparator == Comparator::Le
    }

    /// The baseline of a level that moves towards its target, if the two differ.
    fn level_from(&self) -> Option<f64> {
        let b = self.baseline?;
        (self.kind == TargetKind::Level && (self.target - b).abs() > f64::EPSILON).then_some(b)
    }

    /// Progress as a ratio, uncapped (Shanghai publishes 172%). Nothing reported counts as 0.
    ///
    /// - a count or a rate: achieved ÷ target;
    /// - a level with a baseline: (current − baseline) ÷ (target − baseline), never below 0;
    ///   without one, current ÷ target;
    /// - a ceiling (or 不超过): 100% while within the bound, beyond it bound ÷ value;
    /// - yes/no: 100% when done, else 0.
    pub fn ratio(&self) -> f64 {
        let Some(a) = self.achieved else { return 0.0 };
        if self.kind == TargetKind::YesNo {
            return if self.attained() { 1.0 } else { 0.0 };
        }
        if self.is_bound() {
            return if a <= self.target {
                1.0
            } else {
                self.target / a
            };
        }
        if let Some(b) = self.level_from() {
            return ((a - b) / (self.target - b)).max(0.0);
        }
        if self.target > 0.0 {
            a / self.target
        } else {
            1.0
        }
    }

    /// Whether the commitment is met by what was reported: a level moving down from its
    /// baseline (降至) is met at or below its target, a ceiling while within it, yes/no when
    /// done, anything else by its comparator.
    pub fn attained(&self) -> bool {
        let Some(a) = self.achieved else { return false };
        match self.kind {
            TargetKind::YesNo => a > 0.0 && a >= self.target.min(1.0),
            _ if self.is_bound() => a <= self.target,
            _ => match self.level_from() {
                Some(b) if self.target < b => a <= self.target,
                _ => self.comparator.is_met(a, self.target),
            },
        }
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
            kind: TargetKind::infer("个", c, None),
            baseline: None,
            achieved,
        }
    }

    fn of(kind: TargetKind, target: f64, baseline: Option<f64>, a: f64) -> TargetProgress {
        TargetProgress {
            target,
            comparator: Comparator::Eq,
            kind,
            baseline,
            achieved: Some(a),
        }
    }

    #[test]
    fn progress_is_read_by_kind() {
        use TargetKind::*;
        let table = [
            // 提高低保标准到每人每月1050元 from 788: at 788 nothing is done yet.
            (of(Level, 1050.0, Some(788.0), 788.0), 0.0, false),
            (of(Level, 1050.0, Some(788.0), 919.0), 0.5, false),
            (of(Level, 1050.0, Some(788.0), 1050.0), 1.0, true),
            (of(Level, 1050.0, Some(788.0), 700.0), 0.0, false),
            // Without a baseline a level is read against zero.
            (of(Level, 1050.0, None, 788.0), 788.0 / 1050.0, false),
            // 降至 a lower level: from 20 down to 10, now 15.
            (of(Level, 10.0, Some(20.0), 15.0), 0.5, false),
            (of(Level, 10.0, Some(20.0), 9.0), 1.1, true),
            (of(Rate, 90.0, None, 45.0), 0.5, false),
            (of(Rate, 90.0, None, 92.0), 92.0 / 90.0, true),
            (of(Ceiling, 5.0, None, 4.0), 1.0, true),
            (of(Ceiling, 5.0, None, 10.0), 0.5, false),
            (of(YesNo, 1.0, None, 1.0), 1.0, true),
            (of(YesNo, 1.0, None, 0.0), 0.0, false),
            (of(Count, 320.0, None, 160.0), 0.5, false),
        ];
        for (tp, ratio, attained) in table {
            assert!((tp.ratio() - ratio).abs() < 1e-9, "{tp:?}: {}", tp.ratio());
            assert_eq!(tp.attained(), attained, "{tp:?}");
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
