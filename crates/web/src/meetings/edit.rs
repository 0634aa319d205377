//! What the office does on a meeting page: minutes of every entry in one form, a decided
//! matter (a supervision order with its co-units), a topic added or taken off, who attends,
//! a site visit's photos, and issuing the minutes. Each returns to the meeting; a refusal
//! says what was wrong and changes nothing.

use super::list::{chosen, optional};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field, read_multipart};
use crate::ids::{Id, parse_id};
use axum::extract::{Form, Multipart, State};
use axum::response::Redirect;
use chrono::NaiveDate;
use minsheng_domain::{AgendaId, ItemId, LeaderId, MeetingId, Refusal, UnitId};
use minsheng_store::{NewOrder, OwnerKind};

fn back(id: i64, anchor: &str) -> Redirect {
    Redirect::to(&format!("/meetings/{id}{anchor}"))
}

/// POST /meetings/{id}/minutes: `minutes-{entry}` for each entry shown, all or none; only
/// those changed are written.
pub async fn minutes(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let minutes: Vec<(i64, String)> = f
        .iter()
        .filter_map(|(k, v)| {
            let entry = k.strip_prefix("minutes-")?.parse().ok()?;
            Some((entry, v.clone()))
        })
        .collect();
    me.store(&s).record_all_minutes(id, &minutes).await?;
    Ok(back(id, "#agenda"))
}

/// POST /meetings/{id}/agenda: adds a topic (其他议题), about an item when one is chosen.
pub async fn add_entry(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let item = optional::<ItemId>(&f, "item")?;
    me.store(&s)
        .add_agenda_entry(id, field(&f, "title"), item)
        .await?;
    Ok(back(id, "#agenda"))
}

/// POST /meetings/{id}/agenda/remove: takes `entry` off the agenda.
pub async fn remove_entry(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let AgendaId(entry) = parse_id(field(&f, "entry"))?;
    me.store(&s).remove_agenda_entry(id, entry).await?;
    Ok(back(id, "#agenda"))
}

/// POST /meetings/{id}/agenda/move: moves `entry` one place `up` or `down`.
pub async fn move_entry(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let AgendaId(entry) = parse_id(field(&f, "entry"))?;
    me.store(&s)
        .move_agenda_entry(id, entry, field(&f, "dir") == "up")
        .await?;
    Ok(back(id, &format!("#entry-{entry}")))
}

/// POST /meetings/{id}/attendees: the units (`unit`) and leaders (`attendee`) ticked.
pub async fn attendees(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    me.store(&s)
        .set_attendees(
            id,
            &chosen::<UnitId>(&f, "unit")?,
            &chosen::<LeaderId>(&f, "attendee")?,
        )
        .await?;
    Ok(back(id, "#attendees"))
}

/// POST /meetings/{id}/matters: a decided matter — the item it serves, what is required, the
/// deadline, the unit that answers (the item's lead unit when none is chosen) and co-units.
pub async fn matter(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let Some(item) = optional::<ItemId>(&f, "item")? else {
        return Err(AppError::BadRequest(Words::new(
            "请选择议定事项服务的项目。",
            "Choose the item the matter serves.",
        )));
    };
    let deadline: NaiveDate = field(&f, "deadline").parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "请填写办理时限，格式如 2025-08-15。",
            "Deadline as YYYY-MM-DD.",
        ))
    })?;
    let unit = optional::<UnitId>(&f, "unit")?;
    let order = NewOrder {
        item,
        unit,
        requirement: field(&f, "requirement").to_string(),
        deadline,
        origin: "meeting".into(),
    };
    me.store(&s)
        .decide_matter(id, &order, &chosen::<UnitId>(&f, "co_unit")?, s.clock.now())
        .await?;
    Ok(back(id, "#matters"))
}

/// POST /meetings/{id}/photos: a site visit's photos, checked by content and kept as evidence
/// of the item visited (with the position and time the photo carries).
pub async fn photos(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
    m: Multipart,
) -> Result<Redirect, AppError> {
    let (_, files) = read_multipart(m).await?;
    let meeting = s.store.meeting_head(id).await?;
    if meeting.issued_at.is_some() {
        return Err(minsheng_store::StoreError::from(Refusal::MeetingIssued).into());
    }
    let Some(item) = meeting.site_item_id else {
        return Err(AppError::BadRequest(Words::new(
            "只有选定了调研项目的现场调研可以上传照片：请在设置会议时选择调研的项目。",
            "Photos go with a site visit to an item.",
        )));
    };
    if files.is_empty() {
        return Err(AppError::BadRequest(Words::new(
            "请选择要上传的照片。",
            "Choose the photos to upload.",
        )));
    }
    let files = crate::ledger::evidence::inspect_all(files).await?;
    crate::ledger::evidence::attach(&me.bind(&s), ItemId(item), OwnerKind::Meeting, id, &files)
        .await?;
    Ok(back(id, "#photos"))
}

/// POST /meetings/{id}/issue: issues the minutes to the attendees and freezes the meeting.
pub async fn issue(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
) -> Result<Redirect, AppError> {
    me.store(&s).issue_minutes(id, s.clock.now()).await?;
    Ok(back(id, ""))
}
