//! Citizens' feedback on the web: the form on an item's public page, the office's moderation
//! queue, and the unit's public reply from the item page.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::Fields;
use crate::forms::field;
use crate::ids::Id;
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use minsheng_domain::ItemId;
use minsheng_domain::civic::FeedbackKind;
use minsheng_store::NewFeedback;

/// POST /public/items/{id}/feedback.
pub async fn leave(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let kind = field(&f, "kind").parse().unwrap_or(FeedbackKind::Comment);
    let opt = |n: &str| Some(field(&f, n).to_string()).filter(|v| !v.trim().is_empty());
    let state = s
        .store
        .acting(me.actor())
        .leave_feedback(
            id,
            &NewFeedback {
                kind,
                body: field(&f, "body").to_string(),
                name: opt("name"),
                phone: opt("phone"),
                client: super::client_of(&me, &headers),
            },
            s.clock.now().at,
        )
        .await?;
    let _ = state;
    Ok(Redirect::to(&format!(
        "/public/items/{}?sent=1#feedback",
        id.0
    )))
}
