//! The plan editor (编辑清单) on the web: a draft plan's items listed by category with their
//! targets, each edited whole on its own form, moved, deleted; categories added, renamed,
//! moved, deleted; several items pasted at once (read by the importer); items renumbered. The
//! same store operations serve the JSON API (`api.rs`). A published plan is shown read-only
//! here: its changes are adjustments.

mod adjust;
pub(crate) mod api;
mod item_form;
mod sheet;

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::i18n::Lang;
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minsheng_domain::{CategoryId, ItemId, PlanId, PlanState};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/edit", get(editor))
        .route("/plans/{id}/items/new", get(item_form::new_form))
        .route("/plans/{id}/items", post(item_form::create))
        .route("/plans/{id}/items/paste", post(paste))
        .route("/plans/{id}/renumber", post(renumber))
        .route("/plans/{id}/categories", post(add_category))
        .route("/categories/{id}", post(category_action))
        .route(
            "/items/{id}/edit",
            get(item_form::edit_form).post(item_form::update),
        )
        .route("/items/{id}/move", post(move_item))
        .route("/items/{id}/delete", post(delete_item))
        .route(
            "/items/{id}/adjust",
            get(adjust::unit_form).post(adjust::unit_propose),
        )
        .route(
            "/items/{id}/adjustments",
            get(adjust::office_form).post(adjust::office_propose),
        )
        .route("/plans/{id}/adjustments/new", get(adjust::new_form))
        .route(
            "/plans/{id}/adjustments",
            get(adjust::list).post(adjust::new_propose),
        )
        .route("/adjustments/{id}", get(adjust::detail))
        .route(
            "/plans/{id}/xlsx",
            get(sheet::download).post(sheet::upload_page),
        )
        .route("/plans/{id}/xlsx/apply", post(sheet::apply))
        .layer(axum::extract::DefaultBodyLimit::max(crate::BODY_LIMIT))
        .route("/adjustments/{id}/decide", post(adjust::decide))
}

/// Items typed or pasted as lines of a list, read by the importer: their drafts and what the
/// importer was unsure of. A text from which no item is read is refused, saying how to write it.
pub(crate) fn items_from_text(
    text: &str,
) -> Result<
    (
        Vec<minsheng_domain::draft::ItemDraft>,
        Vec<minsheng_importer::Warning>,
    ),
    AppError,
> {
    let list = minsheng_importer::parse_bytes(text.as_bytes(), "项目.txt")
        .map_err(|e| AppError::BadRequest(Words::new(e.to_string(), e.to_string())))?;
    if list.items.is_empty() {
        return Err(AppError::BadRequest(Words::new(
            "没有读出项目。请每项一行，以序号开头，例如：1. 新建幼儿园4所，新增学位900个。",
            "No item was read. Put one item per line, starting with its number.",
        )));
    }
    let drafts = list.items.iter().map(minsheng_store::draft_of).collect();
    Ok((drafts, list.warnings))
}

/// Refuses to open the editor on a plan that is not a draft, saying why.
async fn editable(s: &AppState, plan: PlanId) -> Result<(), AppError> {
    let p = s.store.plan(plan).await?;
    if p.state != PlanState::Draft {
        return Err(AppError::Refused(minsheng_domain::Refusal::PlanNotDraft));
    }
    Ok(())
}

struct CategoryRow {
    id: i64,
    name: String,
    items: usize,
}

struct EditRow {
    id: i64,
    seq: String,
    name: String,
    lead: String,
    deadline: String,
    targets: Vec<String>,
    /// Something the office should look at before publishing (no lead unit, no deadline).
    gaps: Vec<&'static str>,
}

struct EditGroup {
    name: String,
    items: Vec<EditRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan_edit.html")]
struct EditorPage {
    t: &'static crate::i18n::Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    title: String,
    region: String,
    year: i32,
    categories: Vec<CategoryRow>,
    groups: Vec<EditGroup>,
    count: usize,
    /// Items with a gap.
    gaps: usize,
    notice: Option<String>,
    error: Option<String>,
    pasted: String,
}

#[derive(serde::Deserialize, Default)]
struct EditorQuery {
    #[serde(default)]
    added: Option<usize>,
}

async fn editor_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    plan: PlanId,
    notice: Option<String>,
    error: Option<String>,
    pasted: String,
) -> Result<EditorPage, AppError> {
    editable(s, plan).await?;
    let d = s.store.plan_detail(plan, None).await?;
    let mut groups: Vec<EditGroup> = Vec::new();
    let mut gaps = 0;
    for i in &d.items {
        let name = i.category.clone().unwrap_or_default();
        let mut row_gaps = Vec::new();
        if i.lead_units.is_empty() {
            row_gaps.push(lang.pick("缺牵头单位", "no lead unit"));
        }
        if i.item.deadline.is_none() && d.plan.default_deadline.is_none() {
            row_gaps.push(lang.pick("缺完成日期", "no deadline date"));
        }
        gaps += usize::from(!row_gaps.is_empty());
        let row = EditRow {
            id: i.item.id.0,
            seq: i.item.seq.clone(),
            name: i
                .item
                .name
                .clone()
                .or_else(|| i.item.content.clone())
                .unwrap_or_default(),
            lead: i
                .lead_units
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            deadline: i
                .item
                .deadline
                .map(|x| x.to_string())
                .or_else(|| i.item.deadline_text.clone())
                .unwrap_or_default(),
            targets: i
                .targets
                .iter()
                .map(|t| {
                    format!(
                        "{}（{}）",
                        crate::view::fmt_target(t, lang),
                        lang.pick(t.kind.label_zh(), t.kind.label_en())
                    )
                })
                .collect(),
            gaps: row_gaps,
        };
        match groups.last_mut() {
            Some(g) if g.name == name => g.items.push(row),
            _ => groups.push(EditGroup {
                name,
                items: vec![row],
            }),
        }
    }
    let categories = d
        .categories
        .iter()
        .map(|c| CategoryRow {
            id: c.id.0,
            name: c.name.clone(),
            items: d
                .items
                .iter()
                .filter(|i| i.item.category_id == Some(c.id))
                .count(),
        })
        .collect();
    Ok(EditorPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: plan.0,
        title: d.plan.title,
        region: d.region.name,
        year: d.plan.year,
        categories,
        count: d.items.len(),
        groups,
        gaps,
        notice,
        error,
        pasted,
    })
}

/// GET /plans/{id}/edit.
async fn editor(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    Query(q): Query<EditorQuery>,
) -> Result<EditorPage, AppError> {
    let notice = q.added.map(|n| match lang {
        Lang::Zh => format!("已添加 {n} 个项目，请逐项核对。"),
        Lang::En => format!("{n} items added: check each of them."),
    });
    editor_page(&s, lang, me, plan, notice, None, String::new()).await
}

/// A refused form shown again under the refusal's status, or the error that kept it from
/// being shown.
pub(super) fn again<P: IntoResponse>(
    status: axum::http::StatusCode,
    page: Result<P, AppError>,
) -> Response {
    match page {
        Ok(p) => (status, p).into_response(),
        Err(e) => e.into_response(),
    }
}

fn back(plan: PlanId, anchor: &str) -> Response {
    Redirect::to(&format!("/plans/{plan}/edit{anchor}")).into_response()
}

/// POST /plans/{id}/items/paste: several items at once, as lines of a list read by the
/// importer. What could not be read is said, and the text stays in the box.
async fn paste(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Response {
    let text = field(&f, "text").to_string();
    let added = async {
        if text.trim().is_empty() {
            return Err(AppError::BadRequest(Words::new(
                "请把要添加的项目粘贴到文本框里，每项一行或一段，例如：1. 新建幼儿园4所（牵头单位：教育局，年底前）。",
                "Paste the items into the box, one per line or paragraph.",
            )));
        }
        let (drafts, _) = items_from_text(&text)?;
        Ok(me.store(&s).add_items(plan, drafts).await?.len())
    }
    .await;
    match added {
        Ok(n) => Redirect::to(&format!("/plans/{plan}/edit?added={n}")).into_response(),
        Err(e) => again(
            e.status(),
            editor_page(&s, lang, me, plan, None, Some(e.message(lang)), text).await,
        ),
    }
}

/// POST /plans/{id}/renumber.
async fn renumber(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
) -> Result<Response, AppError> {
    me.store(&s).renumber_items(plan).await?;
    Ok(back(plan, ""))
}

/// POST /plans/{id}/categories: adds a category.
async fn add_category(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let id = me.store(&s).add_category(plan, field(&f, "name")).await?;
    Ok(back(plan, &format!("#category-{id}")))
}

/// POST /categories/{id}: `action` = rename (with `name`), up, down or delete.
async fn category_action(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<CategoryId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let store = me.store(&s);
    let plan = match field(&f, "action") {
        "rename" => store.rename_category(id, field(&f, "name")).await?,
        "up" => store.move_category(id, true).await?,
        "down" => store.move_category(id, false).await?,
        "delete" => store.delete_category(id).await?,
        other => return Err(unknown_action(other)),
    };
    Ok(back(plan, "#categories"))
}

fn unknown_action(a: &str) -> AppError {
    AppError::BadRequest(Words::new(
        format!("未知操作“{a}”，请在页面上点按钮提交。"),
        format!("Unknown action “{a}”: use the page's buttons."),
    ))
}

/// POST /items/{id}/move: `dir` = up or down, within its category.
async fn move_item(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let up = match field(&f, "dir") {
        "up" => true,
        "down" => false,
        other => return Err(unknown_action(other)),
    };
    let plan = me.store(&s).move_item(item, up).await?;
    Ok(back(plan, &format!("#item-{item}")))
}

/// POST /items/{id}/delete.
async fn delete_item(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
) -> Result<Response, AppError> {
    let plan = me.store(&s).delete_item(item).await?;
    Ok(back(plan, ""))
}
