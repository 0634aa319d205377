//! A report's quality against the unit's last filed one (报送质量): what is suspicious in a
//! new report however it came in. Each finding says what it asks of the unit: a running total
//! below the last one needs a correction's reason; a report in which nothing moved needs the
//! reason there was no progress; a running total that runs ahead of the plan's pace by more
//! than the plan allows ([`Pace`]), or a value past half again its target, is filed only once
//! confirmed (a typo of a digit is the usual cause).
//!
//! The rules read a target by its kind: only a running total (a count) must not go back or
//! outrun the plan's curve; a level, a rate or a ceiling is a current value and may fall; a
//! level or rate without a plan to pace it is questioned at ten times its last value.

use super::report::{FundSource, Investment, ReportContent};
use super::schedule::Curve;
use crate::TargetId;
use crate::target::{Target, TargetKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How far past its target a running total may go before it is questioned (150 %).
pub const BEYOND_TARGET: f64 = 1.5;

/// How many times its last value a level or rate may be before it is questioned.
pub const JUMP_FACTOR: f64 = 10.0;

/// How many of the plan's steps a running total may run ahead of the planned curve before it
/// is questioned, unless the plan says otherwise (跳增核对倍数).
pub const PACE_FACTOR: f64 = 4.0;

/// The plan's pace over what a report covers: what a running total's jump is measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// The item's planned curve (序时进度).
    pub curve: Curve,
    /// The last day of the period reported.
    pub period_end: NaiveDate,
    /// Days in one reporting period.
    pub period_days: i64,
    /// The last day of the period of the unit's last filed report (none for its first).
    pub last_end: Option<NaiveDate>,
    /// How many of the plan's steps a report may run ahead of the curve.
    pub factor: f64,
}

impl Pace {
    /// For a running total towards `goal` that stood at `before`: the total the plan expects
    /// at the period's end, and the highest total not questioned — the higher of `before` and
    /// the plan's, plus `factor` steps, a step being what the plan adds over the span since
    /// the last report or one period's even share of the goal, whichever is more (so a unit
    /// behind the plan may catch up, and a late report may bring several periods' work); never
    /// less than one more than `before`, so a count of a few things can move by one.
    pub fn ceiling(&self, goal: f64, before: f64) -> (f64, f64) {
        let on = |d: NaiveDate| goal * self.curve.expected(d) / 100.0;
        let planned = on(self.period_end);
        let span = planned - on(self.last_end.unwrap_or(self.curve.start));
        let days = (self.curve.deadline - self.curve.start).num_days().max(1) as f64;
        let even = goal * self.period_days.max(1) as f64 / days;
        let ceiling = before.max(planned) + self.factor * span.max(even);
        // A hair over, so that a total typed as the ceiling itself is not asked.
        (planned, ceiling.max(before + 1.0) * (1.0 + 1e-9))
    }
}

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
    /// A value past [`BEYOND_TARGET`] times its target.
    BeyondTarget {
        /// The target.
        target: TargetId,
        /// Now.
        now: f64,
        /// The target's value.
        goal: f64,
    },
    /// A running total past the plan's pace ([`Pace::ceiling`]), or a level or rate more than
    /// [`JUMP_FACTOR`] times the last value filed.
    Jump {
        /// The target.
        target: TargetId,
        /// Last filed (0 before a first report).
        before: f64,
        /// Now.
        now: f64,
        /// The running total the plan expects at the period's end and the highest total not
        /// questioned; `None` for the tenfold rule.
        paced: Option<(f64, f64)>,
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
                paced: Some((planned, ceiling)),
            } => format!(
                "“{}”累计值从 {} 增至 {}，远超计划进度（按计划本期末累计约 {}，超过约 {} 需核对）：请核对单位和位数。",
                name(*target),
                n(*before),
                n(*now),
                n(about(*planned)),
                n(about(*ceiling))
            ),
            Finding::Jump {
                target,
                before,
                now,
                paced: None,
            } => format!(
                "“{}”从 {} 跳到 {}（超过 10 倍）：请核对是否多打了位数。",
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
                paced: Some((planned, ceiling)),
            } => format!(
                "“{}”: running total from {} to {}, far ahead of the plan (about {} planned by the period's end; over about {} is checked); check the unit and the digits.",
                name(*target),
                n(*before),
                n(*now),
                n(about(*planned)),
                n(about(*ceiling))
            ),
            Finding::Jump {
                target,
                before,
                now,
                paced: None,
            } => format!(
                "“{}”: from {} to {} (over ten times); check for an extra digit.",
                name(*target),
                n(*before),
                n(*now)
            ),
        }
    }
}

/// A figure rounded for a sentence: whole above 100, else to one decimal.
fn about(x: f64) -> f64 {
    if x.abs() >= 100.0 {
        x.round()
    } else {
        (x * 10.0).round() / 10.0
    }
}

/// Whether a target's value is questioned past [`BEYOND_TARGET`] times its goal: a count, a
/// rate, or a level that rises to its goal (a level falling to its goal starts above it).
fn overshoot_matters(t: &Target) -> bool {
    match t.kind {
        TargetKind::Count | TargetKind::Rate => true,
        TargetKind::Level => t.baseline.is_none_or(|b| b <= t.value),
        TargetKind::Ceiling | TargetKind::YesNo => false,
    }
}

/// The findings about `now`, a unit's new report, against `last`, the unit's last filed
/// report of an earlier period (none for a first report), with the item's `targets` and the
/// plan's `pace` for the period (none when the item has no curve to read it against).
pub fn findings(
    last: Option<&ReportContent>,
    now: &ReportContent,
    targets: &[Target],
    pace: Option<&Pace>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let before = |t: TargetId| {
        last.and_then(|l| l.values.iter().find(|v| v.target_id == t))
            .map(|v| v.value)
    };
    for v in &now.values {
        let Some(t) = targets.iter().find(|t| t.id == v.target_id) else {
            continue;
        };
        let b = before(t.id);
        match t.kind {
            TargetKind::Count => {
                let from = b.unwrap_or(0.0);
                if v.value < from {
                    out.push(Finding::Backwards {
                        target: t.id,
                        before: from,
                        now: v.value,
                    });
                } else if let Some(p) = pace.filter(|_| t.value > 0.0) {
                    let (planned, ceiling) = p.ceiling(t.value, from);
                    if v.value > ceiling {
                        out.push(Finding::Jump {
                            target: t.id,
                            before: from,
                            now: v.value,
                            paced: Some((planned, ceiling)),
                        });
                    }
                } else if b.is_some() && from > 0.0 && v.value > JUMP_FACTOR * from {
                    out.push(Finding::Jump {
                        target: t.id,
                        before: from,
                        now: v.value,
                        paced: None,
                    });
                }
            }
            TargetKind::Level | TargetKind::Rate => {
                if let Some(from) = b.filter(|b| *b > 0.0)
                    && v.value > JUMP_FACTOR * from
                {
                    out.push(Finding::Jump {
                        target: t.id,
                        before: from,
                        now: v.value,
                        paced: None,
                    });
                }
            }
            TargetKind::Ceiling | TargetKind::YesNo => {}
        }
        if overshoot_matters(t) && t.value > 0.0 && v.value > BEYOND_TARGET * t.value {
            out.push(Finding::BeyondTarget {
                target: t.id,
                now: v.value,
                goal: t.value,
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
            && same_investments(&l.investments, &now.investments)
            && l.progress.trim() == now.progress.trim();
        if same {
            out.push(Finding::NothingChanged);
        }
    }
    out
}

/// Whether two reports give the same investments, in whatever order.
fn same_investments(a: &[Investment], b: &[Investment]) -> bool {
    let sorted = |v: &[Investment]| {
        let mut v = v.to_vec();
        v.sort_by_key(|i| FundSource::ALL.iter().position(|s| *s == i.source));
        v
    };
    a.len() == b.len() && sorted(a) == sorted(b)
}

/// What a filer gave with a submission that a finding may ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Given {
    /// A correction's reason (更正说明).
    pub reason: bool,
    /// The reason nothing moved (本期无进展原因).
    pub no_progress: bool,
    /// The filer's confirmation of a doubtful value.
    pub confirmed: bool,
}

impl Given {
    /// Whether what was given answers `ask`.
    pub fn answers(&self, ask: Ask) -> bool {
        match ask {
            Ask::CorrectionReason => self.reason,
            Ask::NoProgressReason => self.no_progress,
            Ask::Confirmation => self.confirmed,
        }
    }
}

/// A question a submission leaves open, worded in both languages with the target's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// What it asks for.
    pub ask: Ask,
    /// In Chinese.
    pub zh: String,
    /// In English.
    pub en: String,
}

impl Ask {
    /// Its machine name (the API's `asks[].ask`).
    pub fn code(self) -> &'static str {
        match self {
            Ask::CorrectionReason => "correction_reason",
            Ask::NoProgressReason => "no_progress",
            Ask::Confirmation => "confirm",
        }
    }
}

/// The [`findings`] that what was `given` leaves open, worded with the targets' names.
pub fn questions(
    last: Option<&ReportContent>,
    now: &ReportContent,
    targets: &[Target],
    pace: Option<&Pace>,
    given: Given,
) -> Vec<Question> {
    let name = |t: TargetId| {
        targets
            .iter()
            .find(|x| x.id == t)
            .map(|x| x.metric.clone())
            .unwrap_or_default()
    };
    findings(last, now, targets, pace)
        .into_iter()
        .filter(|f| !given.answers(f.asks()))
        .map(|f| Question {
            ask: f.asks(),
            zh: f.zh(&name),
            en: f.en(&name),
        })
        .collect()
}

#[cfg(test)]
mod tests;
