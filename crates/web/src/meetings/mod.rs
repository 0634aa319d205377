//! Meetings on the web (docs/MEETINGS.md): a list's meetings and the form that sets one up
//! with its agenda drawn from the ledger; the meeting page where the office keeps minutes,
//! records decided matters, edits the agenda and attendees, adds a site visit's photos and
//! issues the minutes; the same page large for the screen in the room; the 纪要 as a Word
//! document in official-document layout.
//!
//! Who reads a meeting: those who read everything, and a leader who held or attended it see
//! all of it; a unit that attended, or was given a matter, sees the meeting's head and its
//! own matters only (and, once issued, the 纪要 it was sent when it attended).

pub(crate) mod docx;
mod edit;
mod list;
mod page;

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use axum::Router;
use axum::routing::{get, post};
use minsheng_domain::UnitId;
use minsheng_store::MeetingDetail;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/meetings", get(list::page).post(list::create))
        .route("/meetings/{id}", get(page::page))
        .route("/meetings/{id}/screen", get(page::screen))
        .route("/meetings/{id}/docx", get(docx::download))
        .route("/meetings/{id}/minutes", post(edit::minutes))
        .route("/meetings/{id}/agenda", post(edit::add_entry))
        .route("/meetings/{id}/agenda/remove", post(edit::remove_entry))
        .route("/meetings/{id}/agenda/move", post(edit::move_entry))
        .route("/meetings/{id}/attendees", post(edit::attendees))
        .route("/meetings/{id}/matters", post(edit::matter))
        .route("/meetings/{id}/photos", post(edit::photos))
        .route("/meetings/{id}/issue", post(edit::issue))
}

/// How much of a meeting a person sees.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seen {
    /// All of it.
    Whole,
    /// A unit's view: the head and the matters of these units; `attended` when one of them
    /// attended (and so was sent the minutes).
    Units { units: Vec<UnitId>, attended: bool },
}

/// The meeting, as much of it as the person may see; a meeting they have no part in does not
/// exist for them.
pub(crate) async fn load(
    s: &AppState,
    me: &Me,
    id: i64,
) -> Result<(MeetingDetail, Seen), AppError> {
    let mut d = s.store.meeting(id).await?;
    let p = me.principal()?;
    let leader = p.leader.map(|l| l.0);
    if p.reads_all()
        || leader.is_some_and(|l| {
            d.meeting.leader_id == Some(l) || d.attendees.iter().any(|a| a.leader_id == Some(l))
        })
    {
        return Ok((d, Seen::Whole));
    }
    let units: Vec<UnitId> = if me.can("file_reports") {
        p.units.clone()
    } else {
        Vec::new()
    };
    let attended = d
        .attendees
        .iter()
        .any(|a| a.unit_id.is_some_and(|u| units.contains(&UnitId(u))));
    d.matters
        .retain(|m| units.contains(&UnitId(m.order.unit_id)));
    if !attended && d.matters.is_empty() {
        return Err(AppError::NotFound("会议 (meeting)"));
    }
    d.agenda.clear();
    Ok((d, Seen::Units { units, attended }))
}
