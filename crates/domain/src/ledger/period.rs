//! Reporting periods (报送周期): how a plan's year is cut into weekly, ten-day (旬), monthly or
//! quarterly periods, when each report is due, and whether an (item, period) is 未报送.

use crate::code_enum;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum!(
    /// How often progress is reported.
    Cadence, "reporting cadence" {
        /// Every week, Monday to Sunday (每周更新).
        Weekly = "weekly",
        /// Every ten days: from the 1st, 11th and 21st of each month (旬报).
        TenDay = "ten_day",
        /// Every calendar month (月报).
        Monthly = "monthly",
        /// Every calendar quarter (季报).
        Quarterly = "quarterly",
    }
);

impl Cadence {
    /// Chinese name for display.
    pub fn label_zh(self) -> &'static str {
        match self {
            Cadence::Weekly => "每周",
            Cadence::TenDay => "每旬",
            Cadence::Monthly => "每月",
            Cadence::Quarterly => "每季度",
        }
    }
}

/// When reports fall due for a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingRule {
    /// The period length.
    pub cadence: Cadence,
    /// Weekly: the weekday the report is due within its own week (1 = Monday … 7 = Sunday;
    /// default 5, Friday). Ten-day: days after the period's last day (default 0). Monthly and
    /// quarterly: the day of the following month by which it is due (default 5).
    pub due_day: u32,
    /// Days after the due date before a missing report counts as 未报送 (default 0).
    pub grace_days: u32,
}

impl Default for ReportingRule {
    fn default() -> Self {
        ReportingRule {
            cadence: Cadence::Weekly,
            due_day: 5,
            grace_days: 0,
        }
    }
}

/// One reporting period of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// The day the report is due.
    pub due: NaiveDate,
    /// The last day a report still counts as on time or late rather than missing.
    pub grace_end: NaiveDate,
}

/// Whether an (item, unit, period) has its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// The period has not started.
    Future,
    /// Open and not yet due, or due with grace left (待报送).
    Open,
    /// Submitted on or before the due date (已报送).
    OnTime,
    /// Submitted after the due date (迟报).
    Late,
    /// Past the grace period with nothing submitted (未报送).
    Missing,
}

impl ReportState {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ReportState::Future => "未开始",
            ReportState::Open => "待报送",
            ReportState::OnTime => "已报送",
            ReportState::Late => "迟报",
            ReportState::Missing => "未报送",
        }
    }
}

fn month_end(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid month") - Duration::days(1)
}

/// Day `day` of the month after `date`'s month, clamped to that month's length.
fn day_of_next_month(date: NaiveDate, day: u32) -> NaiveDate {
    let (y, m) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    let last = month_end(y, m).day();
    NaiveDate::from_ymd_opt(y, m, day.clamp(1, last)).expect("clamped day")
}

impl ReportingRule {
    /// The period that contains `date`.
    pub fn period_containing(&self, date: NaiveDate) -> Period {
        let (start, end) = match self.cadence {
            Cadence::Weekly => {
                let start = date - Duration::days(date.weekday().num_days_from_monday() as i64);
                (start, start + Duration::days(6))
            }
            Cadence::TenDay => {
                let (y, m, d) = (date.year(), date.month(), date.day());
                let first = match d {
                    1..=10 => 1,
                    11..=20 => 11,
                    _ => 21,
                };
                let start = NaiveDate::from_ymd_opt(y, m, first).expect("valid day");
                let end = if first == 21 {
                    month_end(y, m)
                } else {
                    start + Duration::days(9)
                };
                (start, end)
            }
            Cadence::Monthly => {
                let start = date.with_day(1).expect("day 1");
                (start, month_end(date.year(), date.month()))
            }
            Cadence::Quarterly => {
                let q0 = (date.month() - 1) / 3 * 3 + 1;
                let start = NaiveDate::from_ymd_opt(date.year(), q0, 1).expect("quarter start");
                (start, month_end(date.year(), q0 + 2))
            }
        };
        let due = match self.cadence {
            Cadence::Weekly => {
                let wd = self.due_day.clamp(1, 7) as i64;
                start + Duration::days(wd - 1)
            }
            Cadence::TenDay => end + Duration::days(self.due_day as i64),
            Cadence::Monthly | Cadence::Quarterly => day_of_next_month(end, self.due_day),
        };
        Period {
            start,
            end,
            due,
            grace_end: due + Duration::days(self.grace_days as i64),
        }
    }

    /// The period that starts on `start`, if `start` is a period start under this rule.
    pub fn period_starting(&self, start: NaiveDate) -> Option<Period> {
        let p = self.period_containing(start);
        (p.start == start).then_some(p)
    }

    /// Every period that overlaps `from..=to`, in order.
    pub fn periods(&self, from: NaiveDate, to: NaiveDate) -> Vec<Period> {
        let mut out = Vec::new();
        let mut d = from;
        while d <= to {
            let p = self.period_containing(d);
            d = p.end + Duration::days(1);
            out.push(p);
        }
        out
    }

    /// The latest period whose grace has ended by `today` (the one a 未报送 list is about),
    /// not before `from`.
    pub fn last_closed(&self, from: NaiveDate, today: NaiveDate) -> Option<Period> {
        let mut p = self.period_containing(today);
        loop {
            if p.start < from && p.end < from {
                return None;
            }
            if p.grace_end < today {
                return Some(p);
            }
            p = self.period_containing(p.start - Duration::days(1));
        }
    }
}

impl Period {
    /// A short label: 第14周 (03-31—04-06), 4月上旬, 2025年4月, 2025年第二季度.
    pub fn label_zh(&self, cadence: Cadence) -> String {
        match cadence {
            Cadence::Weekly => format!(
                "{}年第{}周（{}—{}）",
                self.start.iso_week().year(),
                self.start.iso_week().week(),
                self.start.format("%m.%d"),
                self.end.format("%m.%d")
            ),
            Cadence::TenDay => {
                let part = match self.start.day() {
                    1 => "上旬",
                    11 => "中旬",
                    _ => "下旬",
                };
                format!("{}年{}月{}", self.start.year(), self.start.month(), part)
            }
            Cadence::Monthly => format!("{}年{}月", self.start.year(), self.start.month()),
            Cadence::Quarterly => {
                let q = ["一", "二", "三", "四"][((self.start.month() - 1) / 3) as usize];
                format!("{}年第{}季度", self.start.year(), q)
            }
        }
    }

    /// The same in English: Week 14, 2025 (03.31–04.06), Apr 2025 1–10, Apr 2025, 2025 Q2.
    pub fn label_en(&self, cadence: Cadence) -> String {
        let month = |d: NaiveDate| d.format("%b %Y");
        match cadence {
            Cadence::Weekly => format!(
                "Week {}, {} ({}–{})",
                self.start.iso_week().week(),
                self.start.iso_week().year(),
                self.start.format("%m.%d"),
                self.end.format("%m.%d")
            ),
            Cadence::TenDay => format!(
                "{} {}–{}",
                month(self.start),
                self.start.day(),
                self.end.day()
            ),
            Cadence::Monthly => month(self.start).to_string(),
            Cadence::Quarterly => format!(
                "{} Q{}",
                self.start.year(),
                (self.start.month() - 1) / 3 + 1
            ),
        }
    }

    /// The state of a report for this period on `today`, given when (if ever) one was submitted.
    pub fn state(&self, submitted_on: Option<NaiveDate>, today: NaiveDate) -> ReportState {
        match submitted_on {
            Some(d) if d <= self.due => ReportState::OnTime,
            Some(_) => ReportState::Late,
            None if today < self.start => ReportState::Future,
            None if today <= self.grace_end => ReportState::Open,
            None => ReportState::Missing,
        }
    }
}

#[cfg(test)]
mod tests;
