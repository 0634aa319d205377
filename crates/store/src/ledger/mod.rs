//! The ledger in storage: settings, reports with versions, evidence rows, milestones, delay
//! explanations, acceptance, period locks, and the assessment that turns them into lights,
//! statuses and roll-ups with the domain's rules.

mod achieved;
mod assemble;
mod assess;
pub(crate) mod attachments;
mod facts;
mod integrity;
mod kept;
mod kept_items;
mod lights;
mod progress;
pub use integrity::{Doubt, QualityFlag};
pub use kept_items::ItemExchanges;
pub use progress::PlanProgress;
mod milestones;
mod notes;
mod pace;
mod report_gate;
pub use report_gate::ItemFiling;
mod report_write;
mod reports;
mod reviews;
mod settings;
mod timeline;

pub use assess::{
    ItemLedger, ItemLedgerView, NotReported, PlanLedger, RollupRow, Series, TargetState,
    rollup_items,
};
pub use attachments::{Attachment, NewAttachment, OwnerKind};
pub(crate) use kept::KeptLedgers;
pub use milestones::{MilestoneInput, MilestoneView};
pub use notes::{NewNote, Note, NoteKind, Owned};
pub use reports::{Quality, Report, ReportWrite};
pub use reviews::{
    AcceptanceInput, AcceptanceRequest, DeadlineChange, DelayExplanation, DelayInput, DelayStep,
};
pub use settings::PlanSettings;
pub use timeline::{ItemRecords, TimelineEntry, TimelineKind, timeline};

use chrono::{DateTime, NaiveDate, Utc};

/// The moment a write happens: the calendar day the rules use (China time) and the instant
/// recorded. Passed in, never read from the system here, so tests can move through a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Today's date.
    pub today: NaiveDate,
    /// The instant.
    pub at: DateTime<Utc>,
}

/// Whether a database error is a unique-key violation (two writers raced for one row).
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}
