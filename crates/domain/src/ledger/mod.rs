//! The ledger's pure rules: reporting periods, progress, the planned curve and its light, item
//! status, delay and acceptance reviews, and roll-ups. Storage gathers the facts; these
//! functions decide what they mean, so pages, API and exports agree.

pub mod evidence;
pub mod period;
pub mod progress;
pub mod quality;
pub mod report;
pub mod review;
pub mod rollup;
pub mod schedule;
pub mod status;

pub use period::{Cadence, Period, ReportState as PeriodReportState, ReportingRule};
pub use progress::{TargetProgress, item_percent};
pub use report::{
    Change, FundSource, Investment, MAX_QUANTITY, ReportContent, ReportInputError, ReportState,
    TargetValue, check_quantity,
};
pub use review::{DEFAULT_DELAY_CAUSES, ReviewState};
pub use rollup::{Rollup, RollupItem};
pub use schedule::{Curve, Light, LightInput, Thresholds};
pub use status::{Disposition, ItemStatus, StatusInput};

use chrono::NaiveDate;
use serde::Serialize;

/// A milestone as the schedule sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MilestoneFacts {
    /// Planned date.
    pub due_on: Option<NaiveDate>,
    /// Done date.
    pub done_on: Option<NaiveDate>,
    /// Planned percent complete at `due_on`, if it shapes the curve.
    pub planned_percent: Option<f64>,
}

/// The planned curve from `start` to `deadline`, through milestones that carry a planned
/// percent.
pub fn curve(start: NaiveDate, deadline: NaiveDate, milestones: &[MilestoneFacts]) -> Curve {
    let points = milestones
        .iter()
        .filter_map(|m| Some((m.due_on?, m.planned_percent?)))
        .collect();
    Curve::new(start, deadline, points)
}

/// Everything known about an item on a day, as gathered from storage.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFacts {
    /// Work starts.
    pub start: NaiveDate,
    /// Deadline as issued.
    pub original_deadline: NaiveDate,
    /// Deadline after approved extensions.
    pub current_deadline: NaiveDate,
    /// Targets with achieved values.
    pub targets: Vec<TargetProgress>,
    /// The unit's own percent estimate from the latest report.
    pub estimate: Option<f64>,
    /// A submitted report exists.
    pub reported: bool,
    /// An acceptance request waits.
    pub acceptance_pending: bool,
    /// Accepted.
    pub accepted: bool,
    /// Terminated or carried over.
    pub disposition: Option<Disposition>,
    /// Milestones.
    pub milestones: Vec<MilestoneFacts>,
    /// A delay explanation is pending, or an approved one still covers the item.
    pub live_explanation: bool,
}

/// What the rules make of an item's facts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Assessment {
    /// Status.
    pub status: ItemStatus,
    /// Light.
    pub light: Light,
    /// Expected percent complete today.
    pub expected: f64,
    /// Reported percent complete (capped at 100), if anything was reported.
    pub actual: Option<f64>,
    /// Milestones past their date and not done.
    pub overdue_milestones: usize,
    /// The lead unit owes a delay explanation.
    pub explanation_required: bool,
}

impl ItemFacts {
    /// The planned curve, through milestones that carry a planned percent.
    pub fn curve(&self) -> Curve {
        curve(self.start, self.current_deadline, &self.milestones)
    }

    /// Applies the rules for `today`.
    pub fn assess(&self, today: NaiveDate, t: &Thresholds) -> Assessment {
        let status = status::status(&StatusInput {
            today,
            original_deadline: self.original_deadline,
            current_deadline: self.current_deadline,
            reported: self.reported,
            acceptance_pending: self.acceptance_pending,
            accepted: self.accepted,
            disposition: self.disposition,
        });
        let expected = self.curve().expected(today);
        let actual = item_percent(&self.targets, self.estimate);
        let overdue_milestones = self
            .milestones
            .iter()
            .filter(|m| m.done_on.is_none() && m.due_on.is_some_and(|d| d < today))
            .count();
        let light = if matches!(status, ItemStatus::Terminated | ItemStatus::CarriedOver) {
            Light::Grey
        } else {
            schedule::light(
                &LightInput {
                    today,
                    expected,
                    actual,
                    start: self.start,
                    deadline: self.current_deadline,
                    done: matches!(
                        status,
                        ItemStatus::Accepted | ItemStatus::AwaitingAcceptance
                    ),
                    overdue_milestones,
                },
                t,
            )
        };
        let explanation_required = review::explanation_required(
            status == ItemStatus::Overdue || light == Light::Red,
            self.live_explanation,
        );
        Assessment {
            status,
            light,
            expected,
            actual,
            overdue_milestones,
            explanation_required,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Comparator;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts() -> ItemFacts {
        ItemFacts {
            start: d("2025-01-01"),
            original_deadline: d("2025-06-30"),
            current_deadline: d("2025-06-30"),
            targets: vec![TargetProgress {
                target: 6.0,
                comparator: Comparator::Ge,
                kind: crate::TargetKind::Count,
                baseline: None,
                achieved: None,
            }],
            estimate: None,
            reported: false,
            acceptance_pending: false,
            accepted: false,
            disposition: None,
            milestones: vec![],
            live_explanation: false,
        }
    }

    #[test]
    fn an_item_through_its_year() {
        let t = Thresholds::default();
        let mut f = facts();
        let a = f.assess(d("2025-01-10"), &t);
        assert_eq!((a.status, a.light), (ItemStatus::NotStarted, Light::Grey));

        f.reported = true;
        f.targets[0].achieved = Some(1.0); // 16.7% on 03-01, expected 32.6%
        let a = f.assess(d("2025-03-01"), &t);
        assert_eq!((a.status, a.light), (ItemStatus::InProgress, Light::Yellow));
        assert!(!a.explanation_required);

        f.targets[0].achieved = Some(3.0); // 50% on 04-01, expected 49.7%
        assert_eq!(f.assess(d("2025-04-01"), &t).light, Light::Green);

        f.milestones.push(MilestoneFacts {
            due_on: Some(d("2025-03-15")),
            done_on: None,
            planned_percent: None,
        });
        let a = f.assess(d("2025-04-01"), &t);
        assert_eq!((a.light, a.overdue_milestones), (Light::Yellow, 1));
        f.milestones[0].done_on = Some(d("2025-03-20"));

        let a = f.assess(d("2025-07-01"), &t);
        assert_eq!((a.status, a.light), (ItemStatus::Overdue, Light::Red));
        assert!(a.explanation_required);

        f.live_explanation = true;
        f.current_deadline = d("2025-09-30");
        let a = f.assess(d("2025-07-01"), &t);
        assert_eq!(a.status, ItemStatus::Extended);
        assert!(!a.explanation_required);

        f.targets[0].achieved = Some(6.0);
        f.acceptance_pending = true;
        let a = f.assess(d("2025-08-01"), &t);
        assert_eq!(
            (a.status, a.light),
            (ItemStatus::AwaitingAcceptance, Light::Green)
        );
        f.accepted = true;
        assert_eq!(f.assess(d("2025-08-01"), &t).status, ItemStatus::Accepted);
        f.disposition = Some(Disposition::CarriedOver);
        let a = f.assess(d("2025-08-01"), &t);
        assert_eq!((a.status, a.light), (ItemStatus::CarriedOver, Light::Grey));
    }
}
