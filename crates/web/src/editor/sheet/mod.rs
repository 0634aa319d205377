//! A list as an Excel sheet and back (清单表格往返): one row per target, the item's fields on
//! each of its rows, its number and each target's number in the first two columns so the
//! upload knows what is what. Uploading an edited sheet shows what it changes — items added,
//! changed (field by field), removed — and applies it as edits to a draft, or proposes it as
//! adjustments of a published plan.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{field, read_multipart};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::adjustment::AdjustmentKind;
use minsheng_domain::draft::{FieldChange, ItemDraft, PlanDiff, plan_diff};
use minsheng_domain::{ItemId, PlanId, PlanState};
use minsheng_store::AdjustmentInput;

/// The sheet's columns: key and header.
const COLUMNS: [(&str, &str); 23] = [
    ("item_id", "项目编号（勿改）"),
    ("target_id", "指标编号（勿改）"),
    ("seq", "序号"),
    ("category", "分类"),
    ("name", "项目名称"),
    ("content", "建设内容"),
    ("level", "层级"),
    ("lead", "牵头单位"),
    ("co", "配合单位"),
    ("leaders", "分管领导"),
    ("deadline", "完成日期"),
    ("deadline_text", "时限原文"),
    ("budget", "预算（万元）"),
    ("fund_source", "资金来源"),
    ("acceptance", "验收标准"),
    ("metric", "指标名称"),
    ("kind", "指标类型"),
    ("comparator", "要求"),
    ("value", "目标值"),
    ("unit", "计量单位"),
    ("baseline", "基数"),
    ("shares", "分解到单位"),
    ("optional", "仅供参考"),
];

mod workbook;

use workbook::{read, write};

/// Rows the sheet may hold.
const ROWS_MAX: usize = 5000;

fn bad(zh: String, en: String) -> AppError {
    AppError::BadRequest(Words::new(zh, en))
}

/// GET /plans/{id}/xlsx: the list as a sheet.
pub(super) async fn download(
    State(s): State<AppState>,
    Id(plan): Id<PlanId>,
) -> Result<Response, AppError> {
    let p = s.store.plan(plan).await?;
    let items = s.store.plan_drafts(plan).await?;
    let bytes = write(&p.title, &items).map_err(|e| AppError::internal(&e))?;
    let name = format!("{}-清单.xlsx", p.title);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::forms::disposition(&name, false),
            ),
        ],
        bytes,
    )
        .into_response())
}

struct DiffRow {
    what: &'static str,
    title: String,
    changes: Vec<FieldChange>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sheet_diff.html")]
pub(super) struct DiffPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    published: bool,
    rows: Vec<DiffRow>,
    counts: (usize, usize, usize),
    /// The edited items, carried to the confirmation.
    carried: String,
    version: i64,
    error: Option<String>,
}

fn diff_rows(d: &PlanDiff, lang: Lang) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    for a in &d.added {
        rows.push(DiffRow {
            what: lang.pick("新增", "added"),
            title: a.name.clone(),
            changes: minsheng_domain::draft::diff(&ItemDraft::default(), a),
        });
    }
    for (_, before, _, changes) in &d.changed {
        rows.push(DiffRow {
            what: lang.pick("修改", "changed"),
            title: before.name.clone(),
            changes: changes.clone(),
        });
    }
    for (_, before) in &d.removed {
        rows.push(DiffRow {
            what: lang.pick("删除", "removed"),
            title: before.name.clone(),
            changes: Vec::new(),
        });
    }
    rows
}

async fn diff_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    plan: PlanId,
    edited: &[(Option<i64>, ItemDraft)],
    error: Option<String>,
) -> Result<DiffPage, AppError> {
    let p = s.store.plan(plan).await?;
    let version = s.store.plan_version(plan).await?;
    let stored = s.store.plan_drafts(plan).await?;
    let d = plan_diff(&stored, edited);
    Ok(DiffPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: plan.0,
        plan_title: p.title,
        published: p.state == PlanState::Published,
        rows: diff_rows(&d, lang),
        counts: (d.added.len(), d.changed.len(), d.removed.len()),
        carried: serde_json::to_string(edited).map_err(|e| AppError::internal(&e))?,
        version,
        error,
    })
}

/// POST /plans/{id}/xlsx: an edited sheet uploaded; what it changes, to be confirmed.
async fn upload(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    m: Multipart,
) -> Result<DiffPage, AppError> {
    let (_, files) = read_multipart(m).await?;
    let file = files.into_iter().next().ok_or_else(|| {
        bad(
            "请选择要上传的清单表格（.xlsx）。".into(),
            "Choose the list sheet (.xlsx) to upload.".into(),
        )
    })?;
    let edited = read(&file.bytes)?;
    // Every item is checked now, so the comparison never shows what saving would refuse.
    for (k, (_, d)) in edited.iter().enumerate() {
        if let Err(r) = d.clone().checked() {
            return Err(bad(
                format!("表格第 {} 个项目“{}”：{}", k + 1, d.name, r.zh()),
                format!("Item {} “{}” of the sheet: {}", k + 1, d.name, r.en()),
            ));
        }
    }
    diff_page(&s, lang, me, plan, &edited, None).await
}

/// POST /plans/{id}/xlsx, answered: the comparison, or the sheet's problem on a page that
/// leads back to the list and takes another sheet.
pub(super) async fn upload_page(
    state: State<AppState>,
    lang: Lang,
    me: Me,
    id: Id<PlanId>,
    m: Multipart,
) -> Response {
    let plan = id.0;
    let s = state.0.clone();
    match upload(state, lang, me.clone(), id, m).await {
        Ok(p) => p.into_response(),
        Err(e) => {
            let status = e.status();
            let page = async {
                let p = s.store.plan(plan).await?;
                Ok::<_, AppError>(SheetProblem {
                    t: lang.tr(),
                    lang,
                    me,
                    plan_id: plan.0,
                    plan_title: p.title,
                    published: p.state != PlanState::Draft,
                    error: e.message(lang),
                })
            }
            .await;
            super::again(status, page)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sheet_problem.html")]
pub(super) struct SheetProblem {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    published: bool,
    error: String,
}

/// POST /plans/{id}/xlsx/apply: applies the confirmed changes — as edits of a draft, or as
/// adjustments (with the reason given) of a published plan. Refused if the list changed since
/// the sheet was compared with it.
pub(super) async fn apply(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    axum::extract::Form(f): axum::extract::Form<crate::forms::Fields>,
) -> Response {
    let edited: Vec<(Option<i64>, ItemDraft)> = match serde_json::from_str(field(&f, "items")) {
        Ok(v) => v,
        Err(_) => {
            return bad(
                "确认内容已损坏，请重新上传表格。".into(),
                "The confirmation was damaged: upload the sheet again.".into(),
            )
            .into_response();
        }
    };
    let applied = async {
        let version = s.store.plan_version(plan).await?;
        if field(&f, "version") != version.to_string() {
            return Err(AppError::Conflict(Words::new(
                "比对之后清单又被修改过，请重新上传表格再确认。",
                "The list changed after the comparison: upload the sheet again.",
            )));
        }
        let p = s.store.plan(plan).await?;
        let stored = s.store.plan_drafts(plan).await?;
        let d = plan_diff(&stored, &edited);
        let store = me.store(&s);
        match p.state {
            PlanState::Draft => {
                store.apply_plan_diff(plan, &d).await?;
                Ok(format!("/plans/{plan}/edit"))
            }
            PlanState::Published => {
                let reason = field(&f, "reason").to_string();
                let major = !field(&f, "major").is_empty();
                minsheng_domain::adjustment::reason(&reason).map_err(AppError::Refused)?;
                let mut inputs: Vec<AdjustmentInput> = Vec::new();
                let input = |kind, item: Option<i64>, after: Option<ItemDraft>| AdjustmentInput {
                    kind,
                    item: item.map(ItemId),
                    after,
                    reason: reason.clone(),
                    major,
                    unit: None,
                    parts: vec![],
                    merged: vec![],
                };
                for (id, _, after, _) in &d.changed {
                    inputs.push(input(
                        AdjustmentKind::Change,
                        Some(*id),
                        Some(after.clone()),
                    ));
                }
                for a in &d.added {
                    inputs.push(input(AdjustmentKind::NewItem, None, Some(a.clone())));
                }
                for (id, _) in &d.removed {
                    inputs.push(input(AdjustmentKind::Terminate, Some(*id), None));
                }
                for i in inputs {
                    store.propose_adjustment(plan, i, s.clock.now()).await?;
                }
                Ok(format!("/plans/{plan}/adjustments"))
            }
            PlanState::Closed => Err(AppError::Refused(minsheng_domain::Refusal::PlanClosed)),
        }
    }
    .await;
    match applied {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => super::again(
            e.status(),
            diff_page(&s, lang, me, plan, &edited, Some(e.message(lang))).await,
        ),
    }
}
