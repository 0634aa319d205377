//! A report's quality against the unit's last filed one (报送质量): what is suspicious in a
//! new report however it came in. Each finding says what it asks of the unit: a running total
//! below the last one needs a correction's reason; a report in which nothing moved needs the
//! reason there was no progress; a value past half again its target, or ten times the last,
//! is filed only once confirmed (a typo of a digit is the usual cause).

use super::report::ReportContent;
use crate::TargetId;
use serde::{Deserialize, Serialize};

/// How far past its target a running total may go before it is questioned (150 %).
pub const BEYOND_TARGET: f64 = 1.5;

/// How many times the last value a new one may be before it is questioned.
pub const JUMP_FACTOR: f64 = 10.0;

/// One finding about a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Finding {
    /// Nothing changed since the unit's last filed report: no value, percentage or text.
    NothingChanged,
    /// A running total below the last one filed.
    Backwards {
        /// The target.
        target: TargetId,
        /// Last filed.
        before: f64,
        /// Now.
        now: f64,
    },
    /// A running total past [`BEYOND_TARGET`] times its target.
    BeyondTarget {
        /// The target.
        target: TargetId,
        /// Now.
        now: f64,
        /// The target's value.
        goal: f64,
    },
    /// More than [`JUMP_FACTOR`] times the last value filed.
    Jump {
        /// The target.
        target: TargetId,
        /// Last filed.
        before: f64,
        /// Now.
        now: f64,
    },
}

/// What a finding asks before the report is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// A correction's reason (更正说明).
    CorrectionReason,
    /// The reason nothing moved (本期无进展原因).
    NoProgressReason,
    /// The filer's confirmation.
    Confirmation,
}

impl Finding {
    /// What it asks.
    pub fn asks(&self) -> Ask {
        match self {
            Finding::NothingChanged => Ask::NoProgressReason,
            Finding::Backwards { .. } => Ask::CorrectionReason,
            Finding::BeyondTarget { .. } | Finding::Jump { .. } => Ask::Confirmation,
        }
    }

    /// What it says, in Chinese, naming the target by `name`.
    pub fn zh(&self, name: &dyn Fn(TargetId) -> String) -> String {
        let n = crate::draft::plain;
        match self {
            Finding::NothingChanged => "与上期相比没有任何变化：请填写本期无进展原因。".to_string(),
            Finding::Backwards {
                target,
                before,
                now,
            } => format!(
                "“{}”累计值 {} 低于上期的 {}：累计值不应减少，如是更正请填写更正说明。",
                name(*target),
                n(*now),
                n(*before)
            ),
            Finding::BeyondTarget { target, now, goal } => format!(
                "“{}”累计值 {} 超过目标 {} 的 150%：请核对单位和位数。",
                name(*target),
                n(*now),
                n(*goal)
            ),
            Finding::Jump {
                target,
                before,
                now,
            } => format!(
                "“{}”累计值从 {} 跳到 {}（超过 10 倍）：请核对是否多打了位数。",
                name(*target),
                n(*before),
                n(*now)
            ),
        }
    }

    /// What it says, in English.
    pub fn en(&self, name: &dyn Fn(TargetId) -> String) -> String {
        let n = crate::draft::plain;
        match self {
            Finding::NothingChanged => {
                "Nothing changed since the last report: give the reason there was no progress."
                    .to_string()
            }
            Finding::Backwards {
                target,
                before,
                now,
            } => format!(
                "“{}”: running total {} is below the last one, {}; give a correction's reason.",
                name(*target),
                n(*now),
                n(*before)
            ),
            Finding::BeyondTarget { target, now, goal } => format!(
                "“{}”: {} is past 150% of the target {}; check the unit and the digits.",
                name(*target),
                n(*now),
                n(*goal)
            ),
            Finding::Jump {
                target,
                before,
                now,
            } => format!(
                "“{}”: from {} to {} (over ten times); check for an extra digit.",
                name(*target),
                n(*before),
                n(*now)
            ),
        }
    }
}

/// The findings about `now`, a unit's new report, against `last`, the unit's last filed
/// report of an earlier period (none for a first report), with each target's goal.
pub fn findings(
    last: Option<&ReportContent>,
    now: &ReportContent,
    goals: &[(TargetId, f64)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let before = |t: TargetId| {
        last.and_then(|l| l.values.iter().find(|v| v.target_id == t))
            .map(|v| v.value)
    };
    for v in &now.values {
        if let Some(b) = before(v.target_id) {
            if v.value < b {
                out.push(Finding::Backwards {
                    target: v.target_id,
                    before: b,
                    now: v.value,
                });
            } else if b > 0.0 && v.value > JUMP_FACTOR * b {
                out.push(Finding::Jump {
                    target: v.target_id,
                    before: b,
                    now: v.value,
                });
            }
        }
        if let Some((_, goal)) = goals.iter().find(|(t, _)| *t == v.target_id)
            && *goal > 0.0
            && v.value > BEYOND_TARGET * goal
        {
            out.push(Finding::BeyondTarget {
                target: v.target_id,
                now: v.value,
                goal: *goal,
            });
        }
    }
    if let Some(l) = last {
        let same_values = now
            .values
            .iter()
            .all(|v| before(v.target_id) == Some(v.value))
            && l.values.len() == now.values.len();
        let same = same_values
            && l.percent == now.percent
            && l.investments == now.investments
            && l.progress.trim() == now.progress.trim();
        if same {
            out.push(Finding::NothingChanged);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::TargetValue;

    fn report(values: &[(i64, f64)], progress: &str) -> ReportContent {
        ReportContent {
            values: values
                .iter()
                .map(|(t, v)| TargetValue {
                    target_id: TargetId(*t),
                    value: *v,
                })
                .collect(),
            progress: progress.into(),
            ..ReportContent::default()
        }
    }

    #[test]
    fn a_running_total_typed_short_is_caught() {
        // The case that turned an item red: 100 typed for 4706.
        let last = report(&[(1, 4706.0)], "主体完工");
        let now = report(&[(1, 100.0)], "主体完工，进入装修");
        let f = findings(Some(&last), &now, &[(TargetId(1), 5000.0)]);
        assert_eq!(
            f,
            vec![Finding::Backwards {
                target: TargetId(1),
                before: 4706.0,
                now: 100.0
            }]
        );
        assert_eq!(f[0].asks(), Ask::CorrectionReason);
        let zh = f[0].zh(&|_| "新增托位".into());
        assert!(zh.contains("4706") && zh.contains("100"), "{zh}");
    }

    #[test]
    fn nothing_changed_asks_why() {
        let last = report(&[(1, 30.0)], "施工中");
        let f = findings(Some(&last), &report(&[(1, 30.0)], "施工中 "), &[]);
        assert_eq!(f, vec![Finding::NothingChanged]);
        assert_eq!(f[0].asks(), Ask::NoProgressReason);
        // A changed text is progress reported; so is a first report.
        assert!(findings(Some(&last), &report(&[(1, 30.0)], "完成招标"), &[]).is_empty());
        assert!(findings(None, &report(&[(1, 0.0)], ""), &[]).is_empty());
    }

    #[test]
    fn jumps_and_overshoots_ask_for_confirmation() {
        let last = report(&[(1, 470.0)], "a");
        let f = findings(
            Some(&last),
            &report(&[(1, 47060.0)], "b"),
            &[(TargetId(1), 5000.0)],
        );
        assert!(matches!(f[0], Finding::Jump { .. }), "{f:?}");
        assert!(matches!(f[1], Finding::BeyondTarget { .. }), "{f:?}");
        assert!(f.iter().all(|x| x.asks() == Ask::Confirmation));
        // Within 150 % and within ten times: nothing to say.
        assert!(
            findings(
                Some(&last),
                &report(&[(1, 4700.0)], "b"),
                &[(TargetId(1), 5000.0)]
            )
            .is_empty()
        );
    }
}
