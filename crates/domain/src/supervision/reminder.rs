//! The reminder ladder for one missing report: before the due date, on it, when overdue, then
//! escalation to the unit head, the leader in charge, and finally being named in the next
//! bulletin. Each step fires once per (unit, period); after downtime, superseded reminders to
//! the liaison are skipped and only the latest one goes out, while every escalation still fires.

use crate::ledger::Period;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

crate::code_enum!(
    /// A rung of the ladder.
    ReminderStep, "reminder step" {
        /// Due soon (即将到期提醒), to the liaison.
        Before = "before",
        /// Due today (今日截止提醒), to the liaison.
        Due = "due",
        /// Missing after the grace period (逾期催报), to the liaison.
        Overdue = "overdue",
        /// Escalated to the unit head (提级至单位负责人).
        Head = "head",
        /// Escalated to the leader in charge (提级至分管领导).
        Leader = "leader",
        /// To be named in the next bulletin (列入通报).
        Bulletin = "bulletin",
        /// Sent by the office from the not-reported list (一键催报), to the liaison; not a
        /// rung the scheduler climbs.
        Office = "office",
    }
);

/// Who a step speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The unit's liaisons (联络员).
    Liaison,
    /// The unit's head (单位负责人).
    Head,
    /// The leaders in charge of the unit's items (分管领导).
    Leader,
    /// Nobody directly: the unit is listed in the next bulletin.
    Bulletin,
}

impl ReminderStep {
    /// Who receives it.
    pub fn audience(self) -> Audience {
        match self {
            ReminderStep::Before
            | ReminderStep::Due
            | ReminderStep::Overdue
            | ReminderStep::Office => Audience::Liaison,
            ReminderStep::Head => Audience::Head,
            ReminderStep::Leader => Audience::Leader,
            ReminderStep::Bulletin => Audience::Bulletin,
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ReminderStep::Before => "即将到期提醒",
            ReminderStep::Due => "今日截止提醒",
            ReminderStep::Overdue => "逾期催报",
            ReminderStep::Head => "提级催办（单位负责人）",
            ReminderStep::Leader => "提级催办（分管领导）",
            ReminderStep::Bulletin => "列入通报",
            ReminderStep::Office => "办公室催报",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            ReminderStep::Before => "reminder before the due date",
            ReminderStep::Due => "due today",
            ReminderStep::Overdue => "overdue reminder",
            ReminderStep::Head => "escalated to the unit head",
            ReminderStep::Leader => "escalated to the leader",
            ReminderStep::Bulletin => "named in the bulletin",
            ReminderStep::Office => "reminded by the office",
        }
    }
}

/// When each step fires, relative to a period's due date and grace end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPolicy {
    /// Days before the due date for the first reminder (default 1; 0 turns it off).
    pub before_days: u32,
    /// Days after the grace period for escalation to the unit head (default 1).
    pub head_after_days: u32,
    /// Days after the grace period for escalation to the leader in charge (default 3).
    pub leader_after_days: u32,
    /// Days after the grace period after which the unit is named in the next bulletin
    /// (default 5).
    pub bulletin_after_days: u32,
    /// How far back reminders are caught up after downtime, in days past the last step
    /// (default 14): older periods are left to the bulletin.
    pub catch_up_days: u32,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy {
            before_days: 1,
            head_after_days: 1,
            leader_after_days: 3,
            bulletin_after_days: 5,
            catch_up_days: 14,
        }
    }
}

impl ReminderPolicy {
    /// The day `step` fires for `period` (the office's own reminder: whenever it is sent;
    /// the due date stands for it).
    pub fn fires_on(&self, step: ReminderStep, period: &Period) -> NaiveDate {
        let after_grace = |d: u32| period.grace_end + Duration::days(1 + d as i64);
        match step {
            ReminderStep::Before => period.due - Duration::days(self.before_days as i64),
            ReminderStep::Due | ReminderStep::Office => period.due,
            ReminderStep::Overdue => after_grace(0),
            ReminderStep::Head => after_grace(self.head_after_days),
            ReminderStep::Leader => after_grace(self.leader_after_days),
            ReminderStep::Bulletin => after_grace(self.bulletin_after_days),
        }
    }

    /// Whether `period` is still within reach of the ladder on `today` (its last step is no
    /// more than `catch_up_days` ago).
    pub fn in_window(&self, period: &Period, today: NaiveDate) -> bool {
        let last = self.fires_on(ReminderStep::Bulletin, period);
        today <= last + Duration::days(self.catch_up_days as i64)
    }

    /// The steps that should have fired by `today` for a report still missing. Of the
    /// liaison's reminders only the latest one due is kept (a late catch-up does not send
    /// "due tomorrow" after the due date); escalations are all kept, in order.
    pub fn due_steps(&self, period: &Period, today: NaiveDate) -> Vec<ReminderStep> {
        if !self.in_window(period, today) {
            return Vec::new();
        }
        let fired = |s: ReminderStep| self.fires_on(s, period) <= today;
        let liaison = [
            ReminderStep::Overdue,
            ReminderStep::Due,
            ReminderStep::Before,
        ]
        .into_iter()
        .filter(|s| *s != ReminderStep::Before || self.before_days > 0)
        .find(|s| fired(*s));
        let mut out: Vec<ReminderStep> = liaison.into_iter().collect();
        out.extend(
            [
                ReminderStep::Head,
                ReminderStep::Leader,
                ReminderStep::Bulletin,
            ]
            .into_iter()
            .filter(|s| fired(*s)),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::ReportingRule;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn the_ladder_climbs_day_by_day() {
        // Weekly, due Friday 2025-03-07, no grace.
        let p = ReportingRule::default().period_containing(d(3, 3));
        assert_eq!(p.due, d(3, 7));
        let pol = ReminderPolicy::default();
        use ReminderStep::*;
        let cases = [
            (d(3, 5), vec![]),
            (d(3, 6), vec![Before]),
            (d(3, 7), vec![Due]),
            (d(3, 8), vec![Overdue]),
            (d(3, 9), vec![Overdue, Head]),
            (d(3, 11), vec![Overdue, Head, Leader]),
            (d(3, 13), vec![Overdue, Head, Leader, Bulletin]),
            (d(3, 27), vec![Overdue, Head, Leader, Bulletin]),
            (d(3, 28), vec![]),
        ];
        for (today, want) in cases {
            assert_eq!(pol.due_steps(&p, today), want, "{today}");
        }
    }

    #[test]
    fn grace_days_push_the_escalation() {
        let rule = ReportingRule {
            grace_days: 2,
            ..ReportingRule::default()
        };
        let p = rule.period_containing(d(3, 3));
        let pol = ReminderPolicy::default();
        assert_eq!(pol.fires_on(ReminderStep::Overdue, &p), d(3, 10));
        assert_eq!(pol.fires_on(ReminderStep::Head, &p), d(3, 11));
        assert_eq!(ReminderStep::Head.audience(), Audience::Head);
    }

    #[test]
    fn no_early_reminder_when_turned_off() {
        let p = ReportingRule::default().period_containing(d(3, 3));
        let pol = ReminderPolicy {
            before_days: 0,
            ..ReminderPolicy::default()
        };
        assert!(pol.due_steps(&p, d(3, 6)).is_empty());
    }
}
