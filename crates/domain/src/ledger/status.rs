//! Item status (项目状态): derived from dates, acceptance and the coordinator's dispositions.

use crate::code_enum;
use chrono::NaiveDate;

code_enum!(
    /// Where an item stands.
    ItemStatus, "item status" {
        /// Nothing reported yet (未启动).
        NotStarted = "not_started",
        /// Under way (推进中).
        InProgress = "in_progress",
        /// Declared done, waiting for acceptance (已完成待验收).
        AwaitingAcceptance = "awaiting_acceptance",
        /// Accepted by the coordinator (已验收); only now does it count as completed.
        Accepted = "accepted",
        /// Past its deadline unfinished (逾期).
        Overdue = "overdue",
        /// Deadline extended by an approved delay explanation, and still within it (已延期).
        Extended = "extended",
        /// Stopped by decision (已终止).
        Terminated = "terminated",
        /// Moved into next year's plan (结转).
        CarriedOver = "carried_over",
    }
);

code_enum!(
    /// A coordinator's decision that takes an item out of the normal course.
    Disposition, "disposition" {
        /// Stopped (终止).
        Terminated = "terminated",
        /// Carried over to next year (结转).
        CarriedOver = "carried_over",
    }
);

impl ItemStatus {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ItemStatus::NotStarted => "未启动",
            ItemStatus::InProgress => "推进中",
            ItemStatus::AwaitingAcceptance => "已完成待验收",
            ItemStatus::Accepted => "已验收",
            ItemStatus::Overdue => "逾期",
            ItemStatus::Extended => "已延期",
            ItemStatus::Terminated => "已终止",
            ItemStatus::CarriedOver => "结转",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            ItemStatus::NotStarted => "not started",
            ItemStatus::InProgress => "in progress",
            ItemStatus::AwaitingAcceptance => "done, awaiting acceptance",
            ItemStatus::Accepted => "accepted",
            ItemStatus::Overdue => "overdue",
            ItemStatus::Extended => "extended",
            ItemStatus::Terminated => "terminated",
            ItemStatus::CarriedOver => "carried over",
        }
    }
}

/// Everything an item's status depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatusInput {
    /// The day the status is for.
    pub today: NaiveDate,
    /// The deadline as issued.
    pub original_deadline: NaiveDate,
    /// The deadline after approved extensions.
    pub current_deadline: NaiveDate,
    /// A submitted report exists.
    pub reported: bool,
    /// An acceptance request is waiting for a decision.
    pub acceptance_pending: bool,
    /// Accepted.
    pub accepted: bool,
    /// Terminated or carried over.
    pub disposition: Option<Disposition>,
}

/// The status, in order of precedence: a disposition; accepted; awaiting acceptance; past the
/// current deadline (逾期); extended; nothing reported (未启动); otherwise in progress.
pub fn status(i: &StatusInput) -> ItemStatus {
    match i.disposition {
        Some(Disposition::Terminated) => return ItemStatus::Terminated,
        Some(Disposition::CarriedOver) => return ItemStatus::CarriedOver,
        None => {}
    }
    if i.accepted {
        ItemStatus::Accepted
    } else if i.acceptance_pending {
        ItemStatus::AwaitingAcceptance
    } else if i.today > i.current_deadline {
        ItemStatus::Overdue
    } else if i.current_deadline != i.original_deadline {
        ItemStatus::Extended
    } else if !i.reported {
        ItemStatus::NotStarted
    } else {
        ItemStatus::InProgress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn statuses_over_dates() {
        use ItemStatus as S;
        // (today, current deadline, reported, pending, accepted, disposition, status)
        type Row = (
            &'static str,
            &'static str,
            bool,
            bool,
            bool,
            Option<Disposition>,
            ItemStatus,
        );
        let table: &[Row] = &[
            (
                "2025-03-01",
                "2025-06-30",
                false,
                false,
                false,
                None,
                S::NotStarted,
            ),
            (
                "2025-03-01",
                "2025-06-30",
                true,
                false,
                false,
                None,
                S::InProgress,
            ),
            (
                "2025-06-30",
                "2025-06-30",
                true,
                false,
                false,
                None,
                S::InProgress,
            ),
            (
                "2025-07-01",
                "2025-06-30",
                true,
                false,
                false,
                None,
                S::Overdue,
            ),
            (
                "2025-07-01",
                "2025-06-30",
                false,
                false,
                false,
                None,
                S::Overdue,
            ),
            (
                "2025-07-01",
                "2025-09-30",
                true,
                false,
                false,
                None,
                S::Extended,
            ),
            (
                "2025-10-01",
                "2025-09-30",
                true,
                false,
                false,
                None,
                S::Overdue,
            ),
            (
                "2025-07-01",
                "2025-06-30",
                true,
                true,
                false,
                None,
                S::AwaitingAcceptance,
            ),
            (
                "2025-07-01",
                "2025-06-30",
                true,
                false,
                true,
                None,
                S::Accepted,
            ),
            (
                "2025-07-01",
                "2025-06-30",
                true,
                false,
                false,
                Some(Disposition::Terminated),
                S::Terminated,
            ),
            (
                "2025-12-31",
                "2025-06-30",
                true,
                false,
                true,
                Some(Disposition::CarriedOver),
                S::CarriedOver,
            ),
        ];
        for &(today, current, reported, pending, accepted, disposition, want) in table {
            let i = StatusInput {
                today: d(today),
                original_deadline: d("2025-06-30"),
                current_deadline: d(current),
                reported,
                acceptance_pending: pending,
                accepted,
                disposition,
            };
            assert_eq!(status(&i), want, "{today} {current}");
        }
    }
}
