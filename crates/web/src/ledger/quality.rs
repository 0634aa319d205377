//! What the quality rules (`minsheng_domain::ledger::quality`) ask of a submission from the
//! report form or the API before it is filed: read against the unit's last filed report (read
//! now), the item's targets and the plan's pace (`Store::filing_facts`, read now in a few
//! indexed queries rather than from the assessed ledger, which every filing changes).

use crate::AppState;
use crate::error::AppError;
use chrono::NaiveDate;
use minsheng_domain::ledger::ReportContent;
use minsheng_domain::ledger::quality::{Ask, Finding, findings};
use minsheng_domain::{ItemId, TargetId, UnitId};

/// What a filer gave with a submission that a finding may ask for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Given {
    /// A correction's reason (更正说明).
    pub reason: bool,
    /// The reason nothing moved (本期无进展原因).
    pub no_progress: bool,
    /// The filer's confirmation of a doubtful value.
    pub confirmed: bool,
}

impl Given {
    fn answers(&self, ask: Ask) -> bool {
        match ask {
            Ask::CorrectionReason => self.reason,
            Ask::NoProgressReason => self.no_progress,
            Ask::Confirmation => self.confirmed,
        }
    }
}

/// One question left open, in both languages.
#[derive(Debug, Clone)]
pub struct Open {
    /// What it asks for.
    pub ask: Ask,
    /// In Chinese.
    pub zh: String,
    /// In English.
    pub en: String,
}

/// The machine name of what a question asks for (the API's `asks[].ask`).
pub fn ask_code(a: Ask) -> &'static str {
    match a {
        Ask::CorrectionReason => "correction_reason",
        Ask::NoProgressReason => "no_progress",
        Ask::Confirmation => "confirm",
    }
}

/// The questions `content`, a unit's submission for the period starting `period` made on
/// `revision`, leaves open after what was `given`; empty when it may be filed, and when the
/// ledger refuses it for another reason first (a value out of range, a period not begun, a
/// revision no longer the latest), which the write then says.
pub async fn open_questions(
    s: &AppState,
    item: ItemId,
    unit: UnitId,
    (period, revision): (NaiveDate, Option<i32>),
    content: &ReportContent,
    given: Given,
) -> Result<Vec<Open>, AppError> {
    if content.check().is_err() || period > s.clock.today() {
        return Ok(Vec::new());
    }
    let facts = s.store.filing_facts(item, unit, period).await?;
    let stale = match facts.revision {
        Some(latest) => revision != Some(latest),
        None => revision.is_some_and(|r| r != 0),
    };
    if stale {
        return Ok(Vec::new());
    }
    let last = facts.last.as_ref();
    let pace = facts.pace(period, last.map(|r| r.period_start));
    let targets = &facts.targets;
    let name = |t: TargetId| {
        targets
            .iter()
            .find(|x| x.id == t)
            .map(|x| x.metric.clone())
            .unwrap_or_default()
    };
    let found: Vec<Finding> = findings(last.map(|r| &r.content), content, targets, Some(&pace));
    Ok(found
        .into_iter()
        .filter(|f| !given.answers(f.asks()))
        .map(|f| Open {
            ask: f.asks(),
            zh: f.zh(&name),
            en: f.en(&name),
        })
        .collect())
}
