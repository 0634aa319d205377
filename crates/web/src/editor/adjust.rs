//! Adjustments (调整) on the web: the item form again, filled with the item as it stands, for
//! its lead unit (`/items/{id}/adjust`) or the office (`/items/{id}/adjustments`) to propose a
//! change or a termination with the reason; a new item for a published plan
//! (`/plans/{id}/adjustments/new`); the plan's adjustments; one adjustment as 原 → 新 with the
//! office's decision — approve (with the decision record and its file when major) or return.

use super::item_form::{Mode, Target, draft_from, fields_of, page, refused};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field, read_multipart};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::AdjustmentView;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::adjustment::{AdjustmentKind, AdjustmentState, DecisionRecord};
use minsheng_domain::{ItemId, PlanId, PlanState, UnitId};
use minsheng_store::{AdjustmentDecision, AdjustmentInput, OwnerKind};

/// The unit proposing on `item`: one of the person's units that leads it.
pub(super) async fn lead_unit(s: &AppState, me: &Me, item: ItemId) -> Result<UnitId, AppError> {
    let parties = s.store.item_parties(item).await?;
    me.unit_among(&parties, None)?;
    me.principal()?
        .lead_unit_on(&parties)
        .ok_or(AppError::Refused(minsheng_domain::Refusal::OnlyLeadUnit))
}

async fn published(s: &AppState, plan: PlanId) -> Result<(), AppError> {
    match s.store.plan(plan).await?.state {
        PlanState::Published => Ok(()),
        PlanState::Draft => Err(AppError::Refused(minsheng_domain::Refusal::AdjustDraft)),
        PlanState::Closed => Err(AppError::Refused(minsheng_domain::Refusal::PlanClosed)),
    }
}

async fn item_form(s: &AppState, lang: Lang, me: Me, item: ItemId, mode: Mode) -> Response {
    let shown = async {
        if mode == Mode::AdjustByUnit {
            lead_unit(s, &me, item).await?;
        }
        let (plan, d) = s.store.item_as_adjusted(item).await?;
        published(s, plan).await?;
        let at = Target::new(plan, Some(item), mode);
        page(s, lang, me.clone(), at, fields_of(&d), None).await
    }
    .await;
    match shown {
        Ok(p) => p.into_response(),
        Err(e) => e.into_response(),
    }
}

/// GET /items/{id}/adjust: the lead unit's form.
pub(super) async fn unit_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
) -> Response {
    item_form(&s, lang, me, item, Mode::AdjustByUnit).await
}

/// GET /items/{id}/adjustments: the office's form.
pub(super) async fn office_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
) -> Response {
    item_form(&s, lang, me, item, Mode::AdjustByOffice).await
}

/// GET /plans/{id}/adjustments/new: a new item proposed for a published plan.
pub(super) async fn new_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
) -> Result<super::item_form::ItemFormPage, AppError> {
    published(&s, plan).await?;
    let at = Target::new(plan, None, Mode::AdjustNew);
    page(&s, lang, me, at, Vec::new(), None).await
}

async fn propose(s: &AppState, lang: Lang, me: Me, at: Target, f: Fields) -> Response {
    let proposed = async {
        let unit = match (at.mode, at.item) {
            (Mode::AdjustByUnit, Some(item)) => Some(lead_unit(s, &me, item).await?),
            _ => None,
        };
        let kind = match (at.mode, field(&f, "kind")) {
            (Mode::AdjustNew, _) => AdjustmentKind::NewItem,
            (_, "terminate") => AdjustmentKind::Terminate,
            (_, "split") => AdjustmentKind::Split,
            (_, "merge") => AdjustmentKind::Merge,
            _ => AdjustmentKind::Change,
        };
        // A split's parts are typed as lines of a list and read by the importer.
        let parts = match field(&f, "parts").trim() {
            t if kind == AdjustmentKind::Split && !t.is_empty() => super::items_from_text(t)?.0,
            _ => Vec::new(),
        };
        let merged = f
            .iter()
            .filter(|(k, _)| kind == AdjustmentKind::Merge && k == "merged")
            .filter_map(|(_, v)| v.parse().ok().map(ItemId))
            .collect();
        let after = match kind {
            AdjustmentKind::Terminate => None,
            _ => Some(draft_from(&f)?),
        };
        for d in after.iter().chain(&parts) {
            super::item_form::confirm_new_units(s, at.plan, &f, d).await?;
        }
        let input = AdjustmentInput {
            kind,
            item: at.item,
            after,
            reason: field(&f, "reason").to_string(),
            major: !field(&f, "major").is_empty(),
            unit,
            parts,
            merged,
        };
        Ok::<_, AppError>(
            me.store(s)
                .propose_adjustment(at.plan, input, s.clock.now())
                .await?,
        )
    }
    .await;
    match proposed {
        Ok(id) => Redirect::to(&format!("/adjustments/{id}")).into_response(),
        Err(e) => refused(s, lang, me, at, f, e).await,
    }
}

async fn item_propose(
    s: AppState,
    lang: Lang,
    me: Me,
    item: ItemId,
    mode: Mode,
    f: Fields,
) -> Response {
    match s.store.item_plan(item).await {
        Ok((plan, _)) => {
            let at = Target::new(plan, Some(item), mode);
            propose(&s, lang, me, at, f).await
        }
        Err(e) => AppError::from(e).into_response(),
    }
}

/// POST /items/{id}/adjust.
pub(super) async fn unit_propose(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Response {
    item_propose(s, lang, me, item, Mode::AdjustByUnit, f).await
}

/// POST /items/{id}/adjustments.
pub(super) async fn office_propose(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Response {
    item_propose(s, lang, me, item, Mode::AdjustByOffice, f).await
}

/// POST /plans/{id}/adjustments: a new item proposed.
pub(super) async fn new_propose(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Response {
    let at = Target::new(plan, None, Mode::AdjustNew);
    propose(&s, lang, me, at, f).await
}

#[derive(Template, WebTemplate)]
#[template(path = "adjustments.html")]
pub(super) struct ListPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    pending: Vec<AdjustmentView>,
    decided: Vec<AdjustmentView>,
}

/// GET /plans/{id}/adjustments: waiting first, then decided.
pub(super) async fn list(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
) -> Result<ListPage, AppError> {
    let p = s.store.plan(plan).await?;
    let all = s.store.plan_adjustments(plan).await?;
    let (pending, decided): (Vec<_>, Vec<_>) = all
        .iter()
        .partition(|a| a.state == AdjustmentState::Pending);
    Ok(ListPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: plan.0,
        plan_title: p.title,
        pending: pending
            .iter()
            .map(|a| AdjustmentView::of(a, lang))
            .collect(),
        decided: decided
            .iter()
            .map(|a| AdjustmentView::of(a, lang))
            .collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "adjustment.html")]
pub(super) struct DetailPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    a: AdjustmentView,
    /// The office may decide it now.
    decidable: bool,
    error: Option<String>,
    f: Fields,
}

impl DetailPage {
    fn v(&self, name: &str) -> &str {
        field(&self.f, name)
    }
}

async fn detail_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    id: i64,
    error: Option<String>,
    f: Fields,
) -> Result<DetailPage, AppError> {
    let a = s.store.adjustment(id).await?;
    match a.item_id {
        Some(item) if !me.can("read_all") => {
            me.readable_item(s, item).await?;
        }
        None if !me.can("read_all") => {
            return Err(AppError::Forbidden(Words::new(
                "新增项目的调整只有督查室可以查看。",
                "Only the office sees proposed new items.",
            )));
        }
        _ => {}
    }
    let p = s.store.plan(a.plan_id).await?;
    Ok(DetailPage {
        t: lang.tr(),
        decidable: me.can("decide") && a.state == AdjustmentState::Pending,
        a: AdjustmentView::of(&a, lang),
        lang,
        me,
        plan_id: p.id.0,
        plan_title: p.title,
        error,
        f,
    })
}

/// GET /adjustments/{id}.
pub(super) async fn detail(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<minsheng_domain::AdjustmentId>,
) -> Result<DetailPage, AppError> {
    detail_page(&s, lang, me, id.0, None, Vec::new()).await
}

/// POST /adjustments/{id}/decide: approve (with the decision record and its file when
/// major) or return with reasons. A refused decision shows the page again as typed.
pub(super) async fn decide(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<minsheng_domain::AdjustmentId>,
    m: Multipart,
) -> Response {
    let (f, files) = match read_multipart(m).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let decided = async {
        let files = crate::ledger::evidence::inspect_all(files).await?;
        let date = crate::ledger::form_values::date(
            field(&f, "decision_date"),
            ("决定日期", "decision date"),
        )?;
        let body = field(&f, "decision_body").trim();
        let number = field(&f, "decision_number").trim();
        let decision = match (body.is_empty() && number.is_empty(), date) {
            (true, None) => None,
            (_, Some(date)) => Some(DecisionRecord {
                body: body.into(),
                number: number.into(),
                date,
            }),
            (false, None) => {
                return Err(AppError::BadRequest(Words::new(
                    "请填写决定日期。",
                    "Give the decision's date.",
                )));
            }
        };
        let approve = match field(&f, "decision") {
            "approve" => true,
            "return" => false,
            other => {
                return Err(AppError::BadRequest(Words::new(
                    format!("审批结果“{other}”无效：请点“批准并生效”或“退回”。"),
                    format!("Unknown decision “{other}”: use Approve or Return."),
                )));
            }
        };
        let d = AdjustmentDecision {
            approve,
            note: field(&f, "note").to_string(),
            decision,
        };
        let a = me
            .store(&s)
            .decide_adjustment(id.0, d, s.clock.now())
            .await?;
        if let Some(item) = a.item_id.filter(|_| approve) {
            crate::ledger::evidence::attach(&me.bind(&s), item, OwnerKind::Decision, a.id, &files)
                .await?;
        }
        Ok::<_, AppError>(a)
    }
    .await;
    match decided {
        Ok(_) => Redirect::to(&format!("/adjustments/{}", id.0)).into_response(),
        Err(e) => super::again(
            e.status(),
            detail_page(&s, lang, me, id.0, Some(e.message(lang)), f).await,
        ),
    }
}
