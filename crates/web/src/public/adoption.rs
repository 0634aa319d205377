//! Next year's list and the evidence the public sees: adopting a closed ballot's winners into
//! a draft plan, carrying unfinished items over (结转), and approving photos for public pages.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, PageError, parse_id};
use crate::forms::field;
use crate::i18n::Lang;
use axum::extract::{Form, Path, State};
use axum::response::{Redirect, Response};
use minsheng_domain::{AttachmentId, ItemId, PlanId};
use minsheng_store::OwnerKind;

type Fields = Vec<(String, String)>;

/// POST /ballots/{id}/adopt: the winners become items of the region's draft plan for the year.
pub async fn adopt(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = parse_id(&raw, "票决 ballot").map_err(err)?;
    let plan = me
        .store(&s)
        .adopt_ballot(id, s.clock.now().at)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/plans/{}", plan.0)))
}

/// POST /plans/{id}/carry: `item` (repeated), unfinished items of earlier plans to carry over.
pub async fn carry(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = PlanId(parse_id(&raw, "计划 plan").map_err(err)?);
    let items: Vec<ItemId> = f
        .iter()
        .filter(|(k, _)| k == "item")
        .map(|(_, v)| parse_id(v, "项目 item").map(ItemId))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    if items.is_empty() {
        return Err(err(AppError::BadRequest(
            "请勾选要结转的项目 (tick the items to carry over)".into(),
        )));
    }
    me.store(&s)
        .carry_over(id, &items)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/plans/{}#carried", id.0)))
}

/// POST /files/{id}/public: `public` = 1 approves a photo for the item's public page, 0
/// withdraws it.
pub async fn publish_photo(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = AttachmentId(parse_id(&raw, "附件 file").map_err(err)?);
    let public = match field(&f, "public") {
        "1" => true,
        "0" => false,
        _ => {
            return Err(err(AppError::BadRequest(
                "public 应为 1 或 0 (public: 1 or 0)".into(),
            )));
        }
    };
    let a = me
        .store(&s)
        .set_photo_public(id, public, s.clock.now())
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&match a.owner_kind {
        OwnerKind::Report => format!("/reports/{}", a.owner_id),
        _ => format!("/items/{}", a.item_id.0),
    }))
}

async fn public_file(
    s: AppState,
    lang: Lang,
    raw: String,
    thumb: bool,
) -> Result<Response, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = AttachmentId(parse_id(&raw, "照片 photo").map_err(err)?);
    let a = s.store.attachment(id).await.map_err(|e| err(e.into()))?;
    // Only approved photos of items in a published or closed plan.
    if a.public_at.is_none() {
        return Err(err(AppError::NotFound("照片 (photo)")));
    }
    super::item::public_item(&s, a.item_id).await.map_err(err)?;
    crate::ledger::send_file(&s, &a, thumb, crate::ledger::Audience::Public)
        .await
        .map_err(err)
}

/// GET /public/photos/{id}: an approved photo.
pub async fn photo(
    State(s): State<AppState>,
    lang: Lang,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    public_file(s, lang, raw, false).await
}

/// GET /public/photos/{id}/thumb: its thumbnail.
pub async fn photo_thumb(
    State(s): State<AppState>,
    lang: Lang,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    public_file(s, lang, raw, true).await
}
