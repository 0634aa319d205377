//! Supervision (督查督办): the reminder and escalation ladder (催报), the supervision order's
//! lifecycle (督办单), department scoring and ranking (绩效考核), and bulletin numbering (通报).
//! Pure rules; storage gathers the facts and the job runner delivers the messages.

pub mod bulletin;
pub mod order;
pub mod reminder;
pub mod scoring;

pub use bulletin::{BulletinKind, bulletin_number};
pub use order::{OrderAction, OrderState};
pub use reminder::{Audience, ReminderPolicy, ReminderStep};
pub use scoring::{ScoreWeights, UnitFacts, UnitScore, rank};
