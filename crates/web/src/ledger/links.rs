//! Import links levels: the page where a region's office sees the items of its list marked as
//! coming from a level above (市级, 省级) and links each to what that level allocated to the
//! region — the sure ones were linked on import, the others are asked here (docs/LEVELS.md).

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::{ItemId, PlanId};
use minsheng_store::{LinkRow, LinkState};

#[derive(Template, WebTemplate)]
#[template(path = "links.html")]
pub struct LinksPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    rows: Vec<LinkRow>,
    /// How many are still to be answered.
    open: usize,
}

impl LinksPage {
    /// A likeness as a whole percent.
    fn percent(&self, v: &f64) -> String {
        format!("{:.0}%", v * 100.0)
    }
}

/// GET /plans/{id}/links.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<LinksPage, AppError> {
    let plan = s.store.plan(id).await?;
    let rows = s.store.level_links(id).await?;
    let open = rows
        .iter()
        .filter(|r| matches!(r.state, LinkState::Ask(_) | LinkState::Sure(_)))
        .count();
    Ok(LinksPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title: plan.title,
        rows,
        open,
    })
}

/// POST /plans/{id}/links: `item` (of this list) is linked to `above` (the item allocated
/// to the list's region).
pub async fn link(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let number = |name: &str| field(&f, name).parse::<i64>().ok();
    let (Some(item), Some(above)) = (number("item"), number("above")) else {
        return Err(AppError::BadRequest(Words::new(
            "请选择要关联的上级下达事项；都不是时无需操作。",
            "Choose the allocated item it is; if none is, leave it.",
        )));
    };
    let (plan, _) = s.store.item_detail(ItemId(item)).await?;
    if plan.id != id {
        return Err(AppError::NotFound("项目 (item)"));
    }
    me.store(&s)
        .link_allocated(ItemId(item), ItemId(above), s.clock.now().at)
        .await?;
    Ok(Redirect::to(&format!("/plans/{}/links#item-{item}", id.0)))
}
