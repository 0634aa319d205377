//! The plan's pace that a running total's jump is measured against
//! (`minsheng_domain::ledger::quality::Pace`), from an item's planned curve and the plan's
//! settings: read inside a report's write (`report_gate.rs`) or from an assessed ledger entry
//! (the report sheets' check).

use super::{ItemLedger, PlanSettings};
use chrono::NaiveDate;
use minsheng_domain::ledger::Curve;
use minsheng_domain::ledger::quality::Pace;

/// The plan's pace under `settings` for a report on the period starting `period` whose
/// unit last filed for the period starting `last` (none for its first report).
pub(crate) fn pace(
    curve: &Curve,
    settings: &PlanSettings,
    period: NaiveDate,
    last: Option<NaiveDate>,
) -> Pace {
    let rule = &settings.rule;
    let p = rule.period_containing(period);
    Pace {
        curve: curve.clone(),
        period_end: p.end,
        period_days: (p.end - p.start).num_days() + 1,
        last_end: last.map(|l| rule.period_containing(l).end),
        factor: settings.jump_factor,
    }
}

impl ItemLedger {
    /// The plan's pace for a report on the period starting `period` by a unit whose last
    /// filed report was for the period starting `last`, from this assessed entry under the
    /// plan's `settings`.
    pub fn pace(
        &self,
        settings: &PlanSettings,
        period: NaiveDate,
        last: Option<NaiveDate>,
    ) -> Pace {
        pace(&self.curve, settings, period, last)
    }
}
