//! Posting notes on an item: a leader's instruction (批示) on an item in their charge, a
//! deputy's comment on a monitored item, and a unit's reply to either.

use super::form_values::asked_unit;
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::ids::Id;
use crate::ids::parse_id;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::{ItemId, NoteId};
use minsheng_store::{NewNote, NoteKind};

fn forbidden(what: &str) -> AppError {
    AppError::Forbidden(Words::new(format!("{what}。"), "Not allowed on this item."))
}

async fn post(
    s: &AppState,
    me: &Me,
    id: ItemId,
    kind: NoteKind,
    f: &Fields,
) -> Result<Redirect, AppError> {
    let p = me.principal()?;
    let parties = s.store.item_parties(id).await?;
    let (unit, reply_to) = match kind {
        NoteKind::Instruction if !p.leads(&parties) => {
            return Err(forbidden("只有分管此项目的领导可以批示"));
        }
        NoteKind::Comment if !p.can_comment(&parties) => {
            return Err(forbidden("只有监督此项目的代表可以提意见"));
        }
        NoteKind::Reply => {
            let unit = me
                .unit_on_item(s, id, asked_unit(field(f, "unit"))?)
                .await?;
            let to = parse_id::<NoteId>(field(f, "reply_to"))?;
            (Some(unit), Some(to))
        }
        _ => (None, None),
    };
    let note = NewNote {
        kind,
        author: p.user,
        author_name: me.name(),
        unit,
        reply_to,
        body: field(f, "body"),
    };
    me.store(s).add_note(id, &note, s.clock.now()).await?;
    Ok(Redirect::to(&format!("/items/{}#notes", id.0)))
}

/// POST /items/{id}/instructions.
pub async fn instruction(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    post(&s, &me, id, NoteKind::Instruction, &f).await
}

/// POST /items/{id}/comments.
pub async fn comment(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    post(&s, &me, id, NoteKind::Comment, &f).await
}

/// POST /items/{id}/replies.
pub async fn reply(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    post(&s, &me, id, NoteKind::Reply, &f).await
}
