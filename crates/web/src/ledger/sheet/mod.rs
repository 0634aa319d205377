//! Report sheets (填报表): the Excel way of filing the weekly ledger. A unit (or the office,
//! for one unit or for every unit of a list) downloads the period's sheet of the unit's items;
//! sheets come back one by one, several at once or in a zip; what each would file is shown per
//! item and unit with the same checks as the form and the quality checks (nothing changed, a
//! running total going backwards, a jump), and filed on confirmation — as the unit, or by the
//! office on the unit's behalf (代报, recorded as such).

mod filings;
mod workbook;

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, Upload, field, read_multipart};
use crate::i18n::{Lang, Tr};
use crate::ids::{Id, parse_id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use filings::{Line, Outcome};
use minsheng_domain::access::Permission;
use minsheng_domain::ledger::ReportState;
use minsheng_domain::{PlanId, UnitId};
use serde::Deserialize;
use std::io::Read;
use workbook::{Heading, PERCENT, ReadSheet, SheetRow};

/// Which unit and period a sheet is for.
#[derive(Deserialize, Default)]
pub struct SheetQuery {
    unit: Option<String>,
    period: Option<String>,
}

/// Files a zip may hold, and the largest sheet inside one.
const ZIP_FILES_MAX: usize = 200;
const SHEET_BYTES_MAX: u64 = 16 << 20;

fn bad(zh: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::BadRequest(Words::new(zh.into(), en.into()))
}

/// GET /plans/{id}/report-sheet.xlsx?unit=&period=: the sheet of one unit (a unit's people,
/// or the office), or of every unit of the list (the office).
pub async fn download(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, AppError> {
    let principal = me.principal()?;
    let office = principal.can(Permission::Supervise);
    let asked = q
        .unit
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(parse_id::<UnitId>)
        .transpose()?;
    let unit = match asked {
        Some(u)
            if office
                || (principal.can(Permission::FileReports) && principal.units.contains(&u)) =>
        {
            Some(u)
        }
        Some(_) => return Err(crate::auth::me::denied("下载其他单位的填报表")),
        None if office => None,
        None => match principal.units.as_slice() {
            [one] if principal.can(Permission::FileReports) => Some(*one),
            _ => {
                return Err(bad(
                    "请选择要下载哪个单位的填报表。",
                    "Choose the unit whose sheet to download.",
                ));
            }
        },
    };
    let today = s.clock.today();
    let ledger = s.store.plan_ledger(plan, today).await?;
    let rule = ledger.settings.rule;
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => rule.period_containing(
            p.parse()
                .map_err(|_| bad("填报期的日期格式不对。", "Bad period date."))?,
        ),
        None => ledger.current,
    };
    let names: std::collections::HashMap<UnitId, String> = s
        .store
        .units(None)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut rows = Vec::new();
    for it in &ledger.items {
        let reporters: Vec<UnitId> = it
            .reporters
            .iter()
            .copied()
            .filter(|u| unit.is_none_or(|x| x == *u))
            .collect();
        if reporters.is_empty() || it.disposition.is_some() {
            continue;
        }
        let reports = s.store.item_reports(it.detail.item.id).await?;
        for u in reporters {
            let Some(allowed) = s.store.reportable_targets(it.detail.item.id, u).await? else {
                continue;
            };
            let last = reports
                .iter()
                .rev()
                .find(|r| {
                    r.unit_id == u
                        && r.period_start < period.start
                        && r.state == ReportState::Submitted
                })
                .map(|r| &r.content);
            let base = SheetRow {
                item: it.detail.item.id.0,
                unit: u.0,
                target: String::new(),
                seq: it.detail.item.seq.clone(),
                item_name: it.detail.item.display_title(),
                unit_name: names.get(&u).cloned().unwrap_or_default(),
                label: String::new(),
                measure: String::new(),
                goal: None,
                last: None,
                first: true,
                fund: last
                    .and_then(|l| l.investments.first())
                    .map(|i| (i.source, i.planned, i.completed, i.disbursed)),
            };
            let targets: Vec<_> = it
                .detail
                .targets
                .iter()
                .filter(|t| allowed.contains(&t.id))
                .collect();
            if targets.is_empty() {
                rows.push(SheetRow {
                    target: PERCENT.into(),
                    label: "完成百分比".into(),
                    measure: "%".into(),
                    goal: Some(100.0),
                    last: last.and_then(|l| l.percent),
                    ..base
                });
                continue;
            }
            for (k, t) in targets.into_iter().enumerate() {
                rows.push(SheetRow {
                    target: t.id.0.to_string(),
                    label: crate::view::fmt_target(t, Lang::Zh),
                    measure: t.unit.clone(),
                    goal: Some(t.value),
                    last: last
                        .and_then(|l| l.values.iter().find(|v| v.target_id == t.id))
                        .map(|v| v.value),
                    first: k == 0,
                    fund: if k == 0 { base.fund } else { None },
                    ..base.clone()
                });
            }
        }
    }
    let label = period.label_zh(rule.cadence);
    let heading = Heading {
        plan: plan.0,
        period: period.start,
        unit: unit.map(|u| u.0),
    };
    let who = unit
        .and_then(|u| names.get(&u).cloned())
        .unwrap_or_else(|| "全部单位".into());
    let title = format!("{} · {who}", ledger.plan.title);
    let bytes =
        workbook::write(&title, &label, &heading, &rows).map_err(|e| AppError::internal(&e))?;
    let name = format!("{}-{who}-{label}-填报表.xlsx", ledger.plan.title);
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

/// The sheets among uploads: each .xlsx, and each .xlsx inside a .zip.
fn sheets_of(uploads: Vec<Upload>) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let mut out = Vec::new();
    for u in uploads {
        if !u.name.to_lowercase().ends_with(".zip") {
            out.push((u.name, u.bytes));
            continue;
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(u.bytes)).map_err(|_| {
            bad(
                format!("“{}”不是有效的 zip 压缩包。", u.name),
                format!("“{}” is not a valid zip archive.", u.name),
            )
        })?;
        for k in 0..zip.len() {
            let mut f = zip.by_index(k).map_err(|_| {
                bad(
                    format!("“{}”中的文件无法解压。", u.name),
                    format!("A file in “{}” cannot be unpacked.", u.name),
                )
            })?;
            let name = f.name().map(|n| n.to_string()).unwrap_or_default();
            let base = name.rsplit('/').next().unwrap_or(&name).to_string();
            if f.is_dir()
                || name.starts_with("__MACOSX")
                || base.starts_with("~$")
                || base.starts_with('.')
                || !base.to_lowercase().ends_with(".xlsx")
            {
                continue;
            }
            if out.len() >= ZIP_FILES_MAX {
                return Err(bad(
                    format!("一次最多上传 {ZIP_FILES_MAX} 份填报表。"),
                    format!("At most {ZIP_FILES_MAX} sheets at once."),
                ));
            }
            let mut bytes = Vec::new();
            (&mut f)
                .take(SHEET_BYTES_MAX + 1)
                .read_to_end(&mut bytes)
                .map_err(|_| {
                    bad(
                        format!("“{base}”无法解压。"),
                        format!("“{base}” cannot be unpacked."),
                    )
                })?;
            if bytes.len() as u64 > SHEET_BYTES_MAX {
                return Err(bad(
                    format!("“{base}”解压后超过 16 MB，不像填报表。"),
                    format!("“{base}” is over 16 MB unpacked."),
                ));
            }
            out.push((base, bytes));
        }
    }
    if out.is_empty() {
        return Err(bad(
            "请选择填好的填报表（.xlsx，可多选，或打包成 .zip）。",
            "Choose the filled sheets (.xlsx, several, or a .zip).",
        ));
    }
    Ok(out)
}

/// A line as the page shows it.
pub struct LineView {
    file: String,
    period: String,
    line: usize,
    seq: String,
    item: String,
    unit: String,
    values: Vec<(String, String, String)>,
    /// file, confirm, refused, blank.
    state: &'static str,
    notes: Vec<String>,
    on_behalf: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "report_sheets.html")]
pub struct SheetsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    period: String,
    office: bool,
    units: Vec<(i64, String)>,
    lines: Vec<LineView>,
    /// (to file, to confirm, refused, blank).
    counts: (usize, usize, usize, usize),
    carried: String,
    error: Option<String>,
    /// After filing: (filed, not filed with why).
    done: Option<(usize, Vec<String>)>,
}

async fn page(s: &AppState, lang: Lang, me: Me, plan: PlanId) -> Result<SheetsPage, AppError> {
    let principal = me.principal()?;
    let office = principal.can(Permission::Supervise);
    let ledger = s.store.plan_ledger(plan, s.clock.today()).await?;
    let mine: Vec<UnitId> = if office {
        let mut all: Vec<UnitId> = ledger
            .items
            .iter()
            .flat_map(|i| i.reporters.clone())
            .collect();
        all.sort();
        all.dedup();
        all
    } else {
        principal.units.clone()
    };
    let units = s
        .store
        .units_by_id(&mine)
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect();
    Ok(SheetsPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: plan.0,
        plan_title: ledger.plan.title.clone(),
        period: crate::view::period_label(&ledger.current, ledger.settings.rule.cadence, lang),
        office,
        units,
        lines: Vec::new(),
        counts: (0, 0, 0, 0),
        carried: String::new(),
        error: None,
        done: None,
    })
}

/// GET /plans/{id}/report-sheets: download and upload.
pub async fn form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
) -> Result<SheetsPage, AppError> {
    page(&s, lang, me, plan).await
}

fn views(lines: &[Line], files: &[String]) -> (Vec<LineView>, (usize, usize, usize, usize)) {
    let mut counts = (0, 0, 0, 0);
    let views = lines
        .iter()
        .map(|l| {
            let (state, notes) = match &l.outcome {
                Outcome::File => {
                    counts.0 += 1;
                    ("file", Vec::new())
                }
                Outcome::Confirm(n) => {
                    counts.1 += 1;
                    ("confirm", n.clone())
                }
                Outcome::Refused(why) => {
                    counts.2 += 1;
                    ("refused", vec![why.clone()])
                }
                Outcome::Blank => {
                    counts.3 += 1;
                    ("blank", Vec::new())
                }
            };
            LineView {
                file: files.get(l.sheet).cloned().unwrap_or_default(),
                period: l.period.clone(),
                line: l.line,
                seq: l.seq.clone(),
                item: l.item_name.clone(),
                unit: l.unit_name.clone(),
                values: l.values.clone(),
                state,
                notes,
                on_behalf: l.on_behalf,
            }
        })
        .collect();
    (views, counts)
}

/// The sheets and their file names, carried from the check to the confirmation.
#[derive(serde::Serialize, Deserialize)]
struct Carried {
    files: Vec<String>,
    sheets: Vec<ReadSheet>,
}

async fn checked(
    s: &AppState,
    lang: Lang,
    me: Me,
    plan: PlanId,
    carried: Carried,
    error: Option<String>,
) -> Result<SheetsPage, AppError> {
    let lines = filings::read_all(s, &me, plan, &carried.sheets).await?;
    let (views, counts) = views(&lines, &carried.files);
    let mut p = page(s, lang, me, plan).await?;
    p.lines = views;
    p.counts = counts;
    p.carried = serde_json::to_string(&carried).map_err(|e| AppError::internal(&e))?;
    p.error = error;
    Ok(p)
}

/// POST /plans/{id}/report-sheets: the filled sheets; what each would file, to confirm.
pub async fn upload(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    m: Multipart,
) -> Response {
    let read = async {
        let (_, uploads) = read_multipart(m).await?;
        let mut carried = Carried {
            files: Vec::new(),
            sheets: Vec::new(),
        };
        for (name, bytes) in sheets_of(uploads)? {
            let sheet = workbook::read(&bytes).map_err(|e| {
                bad(
                    format!("“{name}”：{}", e.message(Lang::Zh)),
                    format!("“{name}”: {}", e.message(Lang::En)),
                )
            })?;
            carried.files.push(name);
            carried.sheets.push(sheet);
        }
        checked(&s, lang, me.clone(), plan, carried, None).await
    }
    .await;
    match read {
        Ok(p) => p.into_response(),
        Err(e) => again(&s, lang, me, plan, e).await,
    }
}

/// The upload page again, with what was wrong (nothing was filed).
async fn again(s: &AppState, lang: Lang, me: Me, plan: PlanId, e: AppError) -> Response {
    let status = e.status();
    match page(s, lang, me, plan).await {
        Ok(mut p) => {
            p.error = Some(e.message(lang));
            (status, p).into_response()
        }
        Err(e2) => e2.into_response(),
    }
}

/// POST /plans/{id}/report-sheets/confirm: files what the check showed, read again against
/// the ledger as it is now; what needs confirming is filed only when confirmed.
pub async fn confirm(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Response {
    let Ok(carried) = serde_json::from_str::<Carried>(field(&f, "sheets")) else {
        let e = bad(
            "确认内容已损坏，请重新上传填报表。",
            "The confirmation was damaged: upload the sheets again.",
        );
        return again(&s, lang, me, plan, e).await;
    };
    let lines = match filings::read_all(&s, &me, plan, &carried.sheets).await {
        Ok(l) => l,
        Err(e) => return again(&s, lang, me, plan, e).await,
    };
    let confirmed = !field(&f, "confirmed").is_empty();
    if !confirmed
        && lines
            .iter()
            .any(|l| matches!(l.outcome, Outcome::Confirm(_)))
    {
        let msg = lang
            .pick(
                "有需要核对的数据：请逐项核对后勾选“已核对，确认报送”。",
                "Some figures need checking: check them and tick the confirmation.",
            )
            .to_string();
        return match checked(&s, lang, me, plan, carried, Some(msg)).await {
            Ok(p) => (axum::http::StatusCode::BAD_REQUEST, p).into_response(),
            Err(e) => e.into_response(),
        };
    }
    let (mut filed, mut failed) = (0, Vec::new());
    for l in &lines {
        let Some((item, unit, period, w)) = &l.write else {
            if let Outcome::Refused(why) = &l.outcome {
                failed.push(format!(
                    "{} {}（{}）：{why}",
                    l.seq, l.item_name, l.unit_name
                ));
            }
            continue;
        };
        match super::ops::save_report(&s, &me, *item, *unit, *period, w, &[]).await {
            Ok(_) => filed += 1,
            Err(e) => failed.push(format!(
                "{} {}（{}）：{}",
                l.seq,
                l.item_name,
                l.unit_name,
                e.message(lang)
            )),
        }
    }
    match page(&s, lang, me, plan).await {
        Ok(mut p) => {
            p.done = Some((filed, failed));
            p.into_response()
        }
        Err(e) => e.into_response(),
    }
}
