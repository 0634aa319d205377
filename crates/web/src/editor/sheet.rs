//! A list as an Excel sheet and back (清单表格往返): one row per target, the item's fields on
//! each of its rows, its number and each target's number in the first two columns so the
//! upload knows what is what. Uploading an edited sheet shows what it changes — items added,
//! changed (field by field), removed — and applies it as edits to a draft, or proposes it as
//! adjustments of a published plan.

use crate::AppState;
use crate::auth::Me;
use crate::bulletins::xlsx::display_width;
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
use minsheng_domain::draft::{
    FieldChange, ItemDraft, PlanDiff, ShareDraft, TargetDraft, plain, plan_diff,
};
use minsheng_domain::{Comparator, ItemId, PlanId, PlanState, TargetKind};
use minsheng_store::AdjustmentInput;
use rust_xlsxwriter::{Color, DataValidation, Format, Workbook, XlsxError};

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

/// Rows the sheet may hold.
const ROWS_MAX: usize = 5000;

fn comparator_label(c: Comparator) -> &'static str {
    match c {
        Comparator::Ge => "不少于",
        Comparator::Eq => "约/达到",
        Comparator::Le => "不超过",
    }
}

fn comparator_of(s: &str) -> Option<Comparator> {
    match s.trim() {
        "" | "不少于" | "ge" | "≥" => Some(Comparator::Ge),
        "约/达到" | "约" | "达到" | "eq" | "=" => Some(Comparator::Eq),
        "不超过" | "le" | "≤" => Some(Comparator::Le),
        _ => None,
    }
}

fn kind_of(s: &str) -> Option<Option<TargetKind>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(None);
    }
    TargetKind::ALL
        .iter()
        .find(|k| k.label_zh() == s || k.code() == s)
        .map(|k| Some(*k))
}

fn shares_text(shares: &[ShareDraft]) -> String {
    shares
        .iter()
        .map(|s| format!("{} {}", s.unit, plain(s.share)))
        .collect::<Vec<_>>()
        .join("；")
}

/// The workbook of `items` (as stored, with ids).
pub(super) fn write(title: &str, items: &[(i64, ItemDraft)]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE3EA))
        .set_font_name("宋体");
    let ids = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_font_color(Color::RGB(0x5B6875))
        .set_font_name("宋体");
    let body = Format::new().set_font_name("宋体");
    let ws = wb.add_worksheet().set_name("清单")?;
    let mut widths: Vec<f64> = COLUMNS.iter().map(|c| display_width(c.1)).collect();
    for (c, (_, h)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let mut row = 1u32;
    for (id, d) in items {
        let none = [None];
        let targets: Vec<Option<&TargetDraft>> = if d.targets.is_empty() {
            none.to_vec()
        } else {
            d.targets.iter().map(Some).collect()
        };
        for t in targets {
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            let cells: [String; 23] = [
                id.to_string(),
                t.and_then(|t| t.id)
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
                opt(&d.seq),
                opt(&d.category),
                d.name.clone(),
                opt(&d.content),
                opt(&d.level),
                d.lead_units.join("、"),
                d.co_units.join("、"),
                d.leaders.join("、"),
                d.deadline.map(|x| x.to_string()).unwrap_or_default(),
                opt(&d.deadline_text),
                d.budget.map(plain).unwrap_or_default(),
                opt(&d.fund_source),
                opt(&d.acceptance_standard),
                t.map(|t| t.metric.clone()).unwrap_or_default(),
                t.map(|t| t.kind().label_zh().to_string())
                    .unwrap_or_default(),
                t.map(|t| comparator_label(t.comparator).to_string())
                    .unwrap_or_default(),
                t.map(|t| plain(t.value)).unwrap_or_default(),
                t.map(|t| t.unit.clone()).unwrap_or_default(),
                t.and_then(|t| t.baseline).map(plain).unwrap_or_default(),
                t.map(|t| shares_text(&t.shares)).unwrap_or_default(),
                t.filter(|t| t.optional)
                    .map(|_| "是".to_string())
                    .unwrap_or_default(),
            ];
            for (c, v) in cells.iter().enumerate() {
                let col = c as u16;
                let numeric = matches!(COLUMNS[c].0, "value" | "baseline" | "budget");
                match v.parse::<f64>() {
                    Ok(n) if numeric => ws.write_number_with_format(row, col, n, &body)?,
                    _ if c < 2 => ws.write_string_with_format(row, col, v, &ids)?,
                    _ => ws.write_string_with_format(row, col, v, &body)?,
                };
                widths[c] = widths[c].max(display_width(v).min(40.0));
            }
            row += 1;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, w + 2.0)?;
    }
    ws.set_freeze_panes(1, 5)?;
    let last = (row + 500).min(ROWS_MAX as u32);
    let kinds: Vec<&str> = TargetKind::ALL.iter().map(|k| k.label_zh()).collect();
    let col = |key: &str| COLUMNS.iter().position(|c| c.0 == key).unwrap_or(0) as u16;
    let lists = [
        ("kind", kinds),
        ("comparator", vec!["不少于", "约/达到", "不超过"]),
        ("optional", vec!["是", ""]),
    ];
    for (key, list) in lists {
        let list: Vec<&str> = list.into_iter().filter(|v| !v.is_empty()).collect();
        let dv = DataValidation::new()
            .allow_list_strings(&list)?
            .set_error_title("请从列表中选择")?
            .set_error_message("请从下拉列表中选择一项。")?;
        ws.add_data_validation(1, col(key), last, col(key), &dv)?;
    }
    let notes = wb.add_worksheet().set_name("说明")?;
    let lines = [
        format!("{title}：清单表格"),
        "每行一个指标；同一项目的各行，项目信息以第一行为准。".to_string(),
        "前两列是项目和指标的编号，请勿修改：改了编号的行会被当作新项目或新指标。".to_string(),
        "新增项目：在末尾加行，编号留空；同一新项目的多个指标，序号和项目名称填成一样。"
            .to_string(),
        "删除项目：删去该项目的所有行。删除指标：删去该指标所在的行。".to_string(),
        "指标类型：累计数量、达到水平（填基数）、比率、上限、是否完成；空着则自动判断。"
            .to_string(),
        "分解到单位：每个单位写“单位 数量”，多个用“；”分隔，如 东区街道 120；西区街道 200。"
            .to_string(),
        "完成日期写成 2025-12-31。上传后会先列出改动，确认后才保存。".to_string(),
    ];
    for (r, l) in lines.iter().enumerate() {
        notes.write_string_with_format(r as u32, 0, l, &body)?;
    }
    notes.set_column_width(0, 90)?;
    wb.save_to_buffer()
}

fn bad(zh: String, en: String) -> AppError {
    AppError::BadRequest(Words::new(zh, en))
}

fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}

fn number(s: &str, row: usize, what: &str) -> Result<Option<f64>, AppError> {
    let t: String = s.trim().chars().filter(|c| *c != ',').collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| {
            bad(
                format!("第 {row} 行的{what}“{t}”不是数字。"),
                format!("Row {row}: {what} “{t}” is not a number."),
            )
        })
}

/// The items a sheet describes, with the stored id each names (none for a new item).
pub(super) fn read(bytes: &[u8]) -> Result<Vec<(Option<i64>, ItemDraft)>, AppError> {
    let doc = minsheng_importer::read::xlsx::read_sheet(
        bytes,
        "xlsx",
        minsheng_importer::Limits::default(),
    )
    .map_err(|e| bad(e.to_string(), e.to_string()))?;
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            minsheng_importer::doc::Block::Table(t) => Some(t),
            _ => None,
        })
        .ok_or_else(|| {
            bad(
                "表格是空的：请上传从本系统下载的清单表格。".into(),
                "The workbook is empty: upload the list sheet downloaded here.".into(),
            )
        })?;
    let text = |c: &minsheng_importer::doc::Cell| c.lines.join("\n").trim().to_string();
    let header_at = table
        .rows
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "项目名称"))
        .ok_or_else(|| {
            bad(
                "找不到“项目名称”列：请上传从本系统下载的清单表格，不要改动表头。".into(),
                "No 项目名称 column: upload the sheet downloaded here, headers unchanged.".into(),
            )
        })?;
    let header: Vec<String> = table.rows[header_at].iter().map(text).collect();
    let at = |key: &str| {
        let h = COLUMNS
            .iter()
            .find(|c| c.0 == key)
            .map(|c| c.1)
            .unwrap_or("");
        let bare = h.split('（').next().unwrap_or(h);
        header.iter().position(|x| x == h || x == bare)
    };
    let missing: Vec<&str> = ["item_id", "target_id", "name", "metric", "value"]
        .iter()
        .filter(|k| at(k).is_none())
        .map(|k| COLUMNS.iter().find(|c| c.0 == *k).map(|c| c.1).unwrap_or(k))
        .collect();
    if !missing.is_empty() {
        return Err(bad(
            format!(
                "表头缺少这些列：{}。请用从本系统下载的表格，不要删改表头。",
                missing.join("、")
            ),
            format!(
                "Columns missing: {}. Use the sheet downloaded here.",
                missing.join(", ")
            ),
        ));
    }
    let rows = &table.rows[header_at + 1..];
    if rows.len() > ROWS_MAX {
        return Err(bad(
            format!("表格有 {} 行，超过 {ROWS_MAX} 行的上限。", rows.len()),
            format!("{} rows: at most {ROWS_MAX}.", rows.len()),
        ));
    }
    let mut out: Vec<(Option<i64>, ItemDraft)> = Vec::new();
    // New items (no number) are told apart by 序号 and 项目名称.
    let mut last_new: Option<(String, String)> = None;
    for (k, r) in rows.iter().enumerate() {
        let n = header_at + k + 2;
        let get = |key: &str| at(key).and_then(|i| r.get(i)).map(text).unwrap_or_default();
        if r.iter().all(|c| text(c).is_empty()) {
            continue;
        }
        let id_text = get("item_id");
        let id = if id_text.is_empty() {
            None
        } else {
            Some(id_text.parse::<i64>().map_err(|_| {
                bad(
                    format!("第 {n} 行的项目编号“{id_text}”被改动了：编号请勿修改，新项目的编号留空。"),
                    format!("Row {n}: the item number “{id_text}” was changed; leave numbers as they are, empty for new items."),
                )
            })?)
        };
        let key = (get("seq"), get("name"));
        let same = match (id, out.last()) {
            (Some(id), Some((Some(prev), _))) => id == *prev,
            (None, Some((None, _))) => last_new.as_ref() == Some(&key),
            _ => false,
        };
        if !same {
            if get("name").is_empty() {
                return Err(bad(
                    format!("第 {n} 行没有项目名称。"),
                    format!("Row {n} has no item name."),
                ));
            }
            let deadline = match get("deadline") {
                d if d.is_empty() => None,
                d => Some(d.parse().map_err(|_| {
                    bad(
                        format!("第 {n} 行的完成日期“{d}”应写成 2025-12-31。"),
                        format!("Row {n}: the deadline “{d}” should read 2025-12-31."),
                    )
                })?),
            };
            let opt = |v: String| Some(v).filter(|v| !v.is_empty());
            out.push((
                id,
                ItemDraft {
                    seq: opt(get("seq")),
                    category: opt(get("category")),
                    name: get("name"),
                    content: opt(get("content")),
                    level: opt(get("level")),
                    deadline,
                    deadline_text: opt(get("deadline_text")),
                    budget: number(&get("budget"), n, "预算")?,
                    fund_source: opt(get("fund_source")),
                    acceptance_standard: opt(get("acceptance")),
                    lead_units: split_names(&get("lead")),
                    co_units: split_names(&get("co")),
                    leaders: split_names(&get("leaders")),
                    targets: Vec::new(),
                },
            ));
            last_new = id.is_none().then_some(key);
        }
        let metric = get("metric");
        if metric.is_empty() && get("value").is_empty() {
            continue;
        }
        let value = number(&get("value"), n, "目标值")?.ok_or_else(|| {
            bad(
                format!("第 {n} 行的指标“{metric}”没有目标值。"),
                format!("Row {n}: “{metric}” has no target value."),
            )
        })?;
        let comparator = comparator_of(&get("comparator")).ok_or_else(|| {
            bad(
                format!("第 {n} 行的要求应为 不少于、约/达到 或 不超过。"),
                format!("Row {n}: the requirement should be 不少于, 约/达到 or 不超过."),
            )
        })?;
        let kind = kind_of(&get("kind")).ok_or_else(|| {
            bad(
                format!("第 {n} 行的指标类型应为 累计数量、达到水平、比率、上限 或 是否完成。"),
                format!(
                    "Row {n}: the kind should be one of 累计数量, 达到水平, 比率, 上限, 是否完成."
                ),
            )
        })?;
        let mut shares = Vec::new();
        for part in get("shares")
            .split(['；', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (unit, amount) = part.rsplit_once([' ', '：', ':']).ok_or_else(|| {
                bad(
                    format!("第 {n} 行的分解“{part}”应写成“单位 数量”。"),
                    format!("Row {n}: the share “{part}” should read “unit amount”."),
                )
            })?;
            shares.push(ShareDraft {
                unit: unit.trim().to_string(),
                share: number(amount, n, "分解数量")?.unwrap_or(0.0),
            });
        }
        let target = TargetDraft {
            id: get("target_id").parse().ok(),
            value,
            unit: get("unit"),
            comparator,
            kind,
            baseline: number(&get("baseline"), n, "基数")?,
            optional: matches!(get("optional").as_str(), "是" | "1" | "true"),
            shares,
            source_text: None,
            metric,
        };
        if let Some((_, d)) = out.last_mut() {
            d.targets.push(target);
        }
    }
    Ok(out)
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
