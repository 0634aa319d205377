//! Next year's list and the evidence the public sees: adopting a closed ballot's winners into
//! a draft plan, carrying unfinished items over (结转), and approving photos for public pages.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::ids::Id;
use crate::ids::parse_id;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::BallotId;
use minsheng_domain::{AttachmentId, ItemId, PlanId};
use minsheng_store::OwnerKind;

/// POST /ballots/{id}/adopt: the winners become items of the region's draft plan for the year.
pub async fn adopt(
    State(s): State<AppState>,
    me: Me,
    Id(BallotId(id)): Id<BallotId>,
) -> Result<Redirect, AppError> {
    let plan = me.store(&s).adopt_ballot(id, s.clock.now().at).await?;
    Ok(Redirect::to(&format!("/plans/{}", plan.0)))
}

/// POST /plans/{id}/carry: `item` (repeated), unfinished items of earlier plans to carry over.
pub async fn carry(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let items: Vec<ItemId> = f
        .iter()
        .filter(|(k, _)| k == "item")
        .map(|(_, v)| parse_id::<ItemId>(v))
        .collect::<Result<_, _>>()?;
    if items.is_empty() {
        return Err(AppError::BadRequest(Words::new(
            "请勾选要结转的项目。",
            "Tick the items to carry over.",
        )));
    }
    me.store(&s).carry_over(id, &items).await?;
    Ok(Redirect::to(&format!("/plans/{}#carried", id.0)))
}

/// POST /files/{id}/public: `public` = 1 approves a photo for the item's public page, 0
/// withdraws it.
pub async fn publish_photo(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AttachmentId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let public = match field(&f, "public") {
        "1" => true,
        "0" => false,
        _ => {
            return Err(AppError::BadRequest(Words::new(
                "public 应为 1 或 0。",
                "Public: 1 or 0.",
            )));
        }
    };
    let a = me
        .store(&s)
        .set_photo_public(id, public, s.clock.now())
        .await?;
    Ok(Redirect::to(&match a.owner_kind {
        OwnerKind::Report => format!("/reports/{}", a.owner_id),
        _ => format!("/items/{}", a.item_id.0),
    }))
}
