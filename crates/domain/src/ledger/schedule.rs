//! The planned curve (序时进度) and the light (亮灯): expected progress on a date, compared with
//! what was reported, gives green, yellow, red, blue or grey. Computed, never typed in.

use crate::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// The schedule light of an item.
    Light, "light" {
        /// On or ahead of schedule (绿灯).
        Green = "green",
        /// Deadline close and not done (蓝灯).
        Blue = "blue",
        /// Behind by more than the yellow threshold (黄灯).
        Yellow = "yellow",
        /// Far behind, or past the deadline unfinished (红灯).
        Red = "red",
        /// Not started, or not yet due to start (灰灯).
        Grey = "grey",
    }
);

impl Light {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Blue => "蓝灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
            Light::Grey => "灰灯",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Blue => "blue",
            Light::Yellow => "yellow",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }
}

/// A plan's light thresholds, in percentage points and days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Behind schedule by more than this many points turns yellow (default 10).
    pub yellow_gap: f64,
    /// Behind by more than this many points turns red (default 30).
    pub red_gap: f64,
    /// Unfinished with the deadline this many days away or fewer turns blue (default 15).
    pub blue_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            yellow_gap: 10.0,
            red_gap: 30.0,
            blue_days: 15,
        }
    }
}

/// The planned curve of an item: 0% at the start, 100% at the deadline, linear in between,
/// or piecewise linear through milestones that carry a planned percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// Work starts (0%).
    pub start: NaiveDate,
    /// Work is due complete (100%).
    pub deadline: NaiveDate,
    /// Intermediate (date, planned percent) points, from milestones.
    pub points: Vec<(NaiveDate, f64)>,
}

impl Curve {
    /// A curve through the given milestone points; points outside start..deadline or not
    /// increasing are ignored so a mistyped milestone cannot bend the curve backwards.
    pub fn new(start: NaiveDate, deadline: NaiveDate, mut points: Vec<(NaiveDate, f64)>) -> Curve {
        points.sort_by_key(|p| p.0);
        let mut kept: Vec<(NaiveDate, f64)> = Vec::new();
        for (d, v) in points {
            let last = kept.last().map(|p| p.1).unwrap_or(0.0);
            if d > start && d < deadline && v >= last && v <= 100.0 {
                kept.push((d, v));
            }
        }
        Curve {
            start,
            deadline: deadline.max(start),
            points: kept,
        }
    }

    /// Expected percent complete on `date` (0–100).
    pub fn expected(&self, date: NaiveDate) -> f64 {
        if date <= self.start {
            return 0.0;
        }
        if date >= self.deadline {
            return 100.0;
        }
        let mut prev = (self.start, 0.0);
        for &p in self
            .points
            .iter()
            .chain(std::iter::once(&(self.deadline, 100.0)))
        {
            if date <= p.0 {
                let span = (p.0 - prev.0).num_days() as f64;
                let gone = (date - prev.0).num_days() as f64;
                return prev.1 + (p.1 - prev.1) * gone / span.max(1.0);
            }
            prev = p;
        }
        100.0
    }
}

/// Everything the light depends on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LightInput {
    /// The day the light is for.
    pub today: NaiveDate,
    /// Expected percent on that day, from the curve.
    pub expected: f64,
    /// Reported percent complete, if anything was reported.
    pub actual: Option<f64>,
    /// Work starts on this day.
    pub start: NaiveDate,
    /// The current deadline (after approved extensions).
    pub deadline: NaiveDate,
    /// Declared done (awaiting acceptance) or accepted.
    pub done: bool,
    /// Milestones past their planned date and not done.
    pub overdue_milestones: usize,
}

/// The light for an item. In order: done is green; past the deadline is red; before the start
/// is grey; behind by more than `red_gap`, or two or more overdue milestones, is red; nothing
/// reported yet and not behind is grey; behind by more than `yellow_gap`, or one overdue
/// milestone, is yellow; within `blue_days` of the deadline is blue; otherwise green.
pub fn light(i: &LightInput, t: &Thresholds) -> Light {
    if i.done {
        return Light::Green;
    }
    if i.today > i.deadline {
        return Light::Red;
    }
    if i.today < i.start {
        return Light::Grey;
    }
    let gap = i.expected - i.actual.unwrap_or(0.0);
    if gap > t.red_gap || i.overdue_milestones >= 2 {
        return Light::Red;
    }
    if i.actual.is_none() && gap <= t.yellow_gap {
        return Light::Grey;
    }
    if gap > t.yellow_gap || i.overdue_milestones == 1 {
        return Light::Yellow;
    }
    if (i.deadline - i.today).num_days() <= t.blue_days && i.actual.unwrap_or(0.0) < 100.0 {
        return Light::Blue;
    }
    Light::Green
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn linear_and_milestone_curves() {
        let lin = Curve::new(d("2025-01-01"), d("2025-12-31"), vec![]);
        let table = [
            ("2024-12-01", 0.0),
            ("2025-01-01", 0.0),
            ("2025-07-02", 50.0),
            ("2025-12-31", 100.0),
            ("2026-03-01", 100.0),
        ];
        for (day, want) in table {
            assert!((lin.expected(d(day)) - want).abs() < 0.2, "{day}");
        }
        // 80% planned by 04-01 (a front-loaded build), then the rest by year end.
        let ms = Curve::new(
            d("2025-01-01"),
            d("2025-12-31"),
            vec![(d("2025-04-01"), 80.0), (d("2025-03-01"), 90.0)],
        );
        assert_eq!(ms.points, vec![(d("2025-03-01"), 90.0)]);
        let ms = Curve::new(
            d("2025-01-01"),
            d("2025-12-31"),
            vec![(d("2025-04-01"), 80.0)],
        );
        assert!((ms.expected(d("2025-02-15")) - 40.0).abs() < 1.0);
        assert!((ms.expected(d("2025-04-01")) - 80.0).abs() < 1e-9);
        assert!(ms.expected(d("2025-08-16")) > 89.0 && ms.expected(d("2025-08-16")) < 91.0);
    }

    #[test]
    fn lights_over_dates() {
        let t = Thresholds::default();
        let curve = Curve::new(d("2025-01-01"), d("2025-12-31"), vec![]);
        // (today, actual, done, overdue milestones, light)
        let table: &[(&str, Option<f64>, bool, usize, Light)] = &[
            ("2024-12-20", None, false, 0, Light::Grey), // before start
            ("2025-01-20", None, false, 0, Light::Grey), // nothing reported, not behind
            ("2025-03-01", None, false, 0, Light::Yellow), // 16 points expected, none reported
            ("2025-07-02", Some(50.0), false, 0, Light::Green), // on the curve
            ("2025-07-02", Some(41.0), false, 0, Light::Green), // 9 behind
            ("2025-07-02", Some(39.0), false, 0, Light::Yellow), // 11 behind
            ("2025-07-02", Some(20.0), false, 0, Light::Yellow), // exactly 30 behind
            ("2025-07-02", Some(19.0), false, 0, Light::Red), // 31 behind
            ("2025-07-02", Some(60.0), false, 1, Light::Yellow), // ahead, milestone overdue
            ("2025-07-02", Some(60.0), false, 2, Light::Red), // two milestones overdue
            ("2025-12-20", Some(95.0), false, 0, Light::Blue), // 11 days left
            ("2025-12-10", Some(95.0), false, 0, Light::Green), // 21 days left
            ("2026-01-01", Some(99.0), false, 0, Light::Red), // past deadline
            ("2026-01-01", Some(100.0), true, 0, Light::Green), // done
            ("2025-12-20", Some(70.0), false, 0, Light::Yellow), // behind beats blue
        ];
        for &(today, actual, done, overdue_milestones, want) in table {
            let i = LightInput {
                today: d(today),
                expected: curve.expected(d(today)),
                actual,
                start: curve.start,
                deadline: curve.deadline,
                done,
                overdue_milestones,
            };
            assert_eq!(
                light(&i, &t),
                want,
                "{today} {actual:?} {done} {overdue_milestones}"
            );
        }
    }

    #[test]
    fn thresholds_are_per_plan() {
        let strict = Thresholds {
            yellow_gap: 5.0,
            red_gap: 15.0,
            blue_days: 30,
        };
        let curve = Curve::new(d("2025-01-01"), d("2025-12-31"), vec![]);
        let i = LightInput {
            today: d("2025-07-02"),
            expected: curve.expected(d("2025-07-02")),
            actual: Some(34.0),
            start: curve.start,
            deadline: curve.deadline,
            done: false,
            overdue_milestones: 0,
        };
        assert_eq!(light(&i, &Thresholds::default()), Light::Yellow);
        assert_eq!(light(&i, &strict), Light::Red);
    }
}
