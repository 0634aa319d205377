//! Why a write is refused, as the rules see it: a typed reason that storage returns and the
//! web layer words in the reader's language ([`Refusal::zh`], [`Refusal::en`]). `Display`
//! gives both, for logs and the command line.

use chrono::NaiveDate;

/// Whether a refusal is about the request (fix the input and send it again) or about the
/// state of things (the rules forbid it now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The input cannot be accepted as given (HTTP 400).
    Invalid,
    /// The rules forbid the change in the present state (HTTP 409).
    Conflict,
}

/// A write the rules refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The plan is a draft: nothing is reported on it until it is published.
    PlanNotPublished,
    /// The plan is closed: nothing more is reported on it.
    PlanClosed,
    /// The day given is not the first day of a reporting period.
    NotPeriodStart {
        /// The day given.
        day: NaiveDate,
    },
    /// The period has not begun yet.
    FuturePeriod {
        /// Its first day.
        start: NaiveDate,
    },
    /// The unit neither leads the item nor holds a share of its targets.
    UnitDoesNotReport,
    /// One target was given twice in one report.
    TargetTwice {
        /// The target.
        target: i64,
    },
    /// A target that is not the item's, or not one this unit reports on.
    TargetNotReported {
        /// The target.
        target: i64,
    },
    /// The period is locked: a late report or a correction needs its reason.
    PeriodLocked {
        /// The period's first day.
        period: NaiveDate,
    },
    /// A submitted report is corrected only with a reason.
    CorrectionNeedsReason,
}

impl Refusal {
    /// Whether the input or the state is at fault.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Refusal::PlanNotPublished | Refusal::PlanClosed | Refusal::UnitDoesNotReport => {
                RefusalKind::Conflict
            }
            Refusal::NotPeriodStart { .. }
            | Refusal::FuturePeriod { .. }
            | Refusal::TargetTwice { .. }
            | Refusal::TargetNotReported { .. }
            | Refusal::PeriodLocked { .. }
            | Refusal::CorrectionNeedsReason => RefusalKind::Invalid,
        }
    }

    /// A stable code for programs (the API's `error.reason`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::PlanNotPublished => "plan_not_published",
            Refusal::PlanClosed => "plan_closed",
            Refusal::NotPeriodStart { .. } => "not_period_start",
            Refusal::FuturePeriod { .. } => "future_period",
            Refusal::UnitDoesNotReport => "unit_does_not_report",
            Refusal::TargetTwice { .. } => "target_twice",
            Refusal::TargetNotReported { .. } => "target_not_reported",
            Refusal::PeriodLocked { .. } => "period_locked",
            Refusal::CorrectionNeedsReason => "correction_needs_reason",
        }
    }

    /// What it says in Chinese, with what to do.
    pub fn zh(&self) -> String {
        match self {
            Refusal::PlanNotPublished => "计划尚未发布，发布后才能填报台账。".into(),
            Refusal::PlanClosed => "计划已关闭，不能再填报台账。".into(),
            Refusal::NotPeriodStart { day } => {
                format!("{day} 不是报送周期的第一天，请从周期列表中选择。")
            }
            Refusal::FuturePeriod { start } => {
                format!("不能填报尚未开始的周期（{start} 起），请填报本期或以前的周期。")
            }
            Refusal::UnitDoesNotReport => {
                "该单位不是此项目的牵头单位，也未分担指标，不能填报。".into()
            }
            Refusal::TargetTwice { target } => format!("指标 {target} 填了两次，请只填一次。"),
            Refusal::TargetNotReported { target } => {
                format!("指标 {target} 不属于此项目或不由本单位填报，请只填写表中列出的指标。")
            }
            Refusal::PeriodLocked { period } => format!(
                "{period} 起的报送周期已锁定，数据已冻结；锁定后补报或更正须填写原因，将作为更正记录显示。"
            ),
            Refusal::CorrectionNeedsReason => "更正已提交的台账须填写更正原因。".into(),
        }
    }

    /// What it says in English, with what to do.
    pub fn en(&self) -> String {
        match self {
            Refusal::PlanNotPublished => {
                "The plan is not published yet: reports are filed once it is.".into()
            }
            Refusal::PlanClosed => "The plan is closed: no more reports are filed on it.".into(),
            Refusal::NotPeriodStart { day } => {
                format!("{day} does not start a reporting period: choose one from the list.")
            }
            Refusal::FuturePeriod { start } => format!(
                "The period starting {start} has not begun: report on this period or an earlier one."
            ),
            Refusal::UnitDoesNotReport => {
                "This unit neither leads the item nor holds a share of its targets, so it does not report on it."
                    .into()
            }
            Refusal::TargetTwice { target } => {
                format!("Target {target} was given twice: give it once.")
            }
            Refusal::TargetNotReported { target } => format!(
                "Target {target} is not one this unit reports on this item: fill in only the targets listed."
            ),
            Refusal::PeriodLocked { period } => format!(
                "The period starting {period} is locked: a late report or a correction needs a reason, and is kept as an amendment."
            ),
            Refusal::CorrectionNeedsReason => {
                "Correcting a submitted report needs a reason.".into()
            }
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.zh(), self.en())
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_worded_in_both_languages_and_says_what_to_do() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let all = [
            Refusal::PlanNotPublished,
            Refusal::PlanClosed,
            Refusal::NotPeriodStart { day },
            Refusal::FuturePeriod { start: day },
            Refusal::UnitDoesNotReport,
            Refusal::TargetTwice { target: 7 },
            Refusal::TargetNotReported { target: 7 },
            Refusal::PeriodLocked { period: day },
            Refusal::CorrectionNeedsReason,
        ];
        let mut codes = std::collections::HashSet::new();
        for r in &all {
            assert!(codes.insert(r.code()), "codes are distinct: {}", r.code());
            assert!(r.zh().ends_with('。'), "{}", r.zh());
            assert!(r.en().ends_with('.'), "{}", r.en());
            assert!(
                !r.en()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            );
            assert!(r.to_string().contains(&r.zh()) && r.to_string().contains(&r.en()));
        }
        assert!(
            Refusal::PeriodLocked { period: day }
                .zh()
                .contains("2025-03-03")
        );
        assert_eq!(Refusal::PlanClosed.kind(), RefusalKind::Conflict);
        assert_eq!(
            Refusal::TargetTwice { target: 1 }.kind(),
            RefusalKind::Invalid
        );
    }
}
