//! Supervision in storage (督查督办): contacts and channels, the durable jobs table, notices,
//! the reminder ladder, supervision orders, period snapshots and amendments, bulletins,
//! scoring facts, and leaders' dispatch reviews.

pub mod bulletin;
mod bulletins;
pub(crate) mod contacts;
mod dispatch;
mod events;
pub(crate) mod jobs;
pub(crate) mod notices;
mod orders;
mod reminders;
pub mod scoring;
mod snapshots;

pub use bulletin::{
    AdjustmentLine, BulletinData, CategoryLine, Lagging, LedgerRow, MissingUnit, OrderLine,
    RegionLine, Share,
};
pub use bulletins::{Bulletin, DEFAULT_NEXT_STEPS};
pub use contacts::{Contact, ContactLevel, NewContact, WebhookKind, WorkIds};
pub use dispatch::{DispatchChange, DispatchReview};
pub use events::Event;
pub use jobs::{DeliveryRow, Job, LEASE, MAX_ATTEMPTS};
pub use notices::{Delivery, Notice, Notification};
pub use orders::{NewOrder, Order, OrderEvent, OrderFilter};
pub use reminders::{OfficeReminder, Reminder, ReminderRecord};
pub use snapshots::{Amendment, Snapshot};

/// Ids as an SQL list for `IN (…)` (numbers only, so nothing to escape); `NULL` when empty,
/// which matches nothing.
pub(crate) fn id_list(units: &[minsheng_domain::UnitId]) -> String {
    if units.is_empty() {
        return "NULL".into();
    }
    units
        .iter()
        .map(|u| u.0.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
