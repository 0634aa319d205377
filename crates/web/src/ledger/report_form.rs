//! The report form (台账填报): one item, one unit, one period. Target rows with the value so
//! far, physical progress, problems, next steps, investment by fund source and evidence files.
//! Saving keeps a draft; submitting files it; after submission the same form starts a
//! correction. A stale write re-renders the form with everything the user typed, at 409.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::ids::parse_id;
use crate::view::fmt_value;
use crate::view::{pct, report_state_label};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use minsheng_domain::Refusal;
use minsheng_domain::ledger::TargetProgress;
use minsheng_domain::ledger::{FundSource, ReportContent, ReportState};
use minsheng_domain::{ItemId, TargetKind, UnitId};
use minsheng_store::Report;
use serde::Deserialize;

struct TargetRow {
    id: i64,
    label: String,
    /// What to type, by the target's kind: a running total, the current level, 1 or 0.
    hint: &'static str,
    so_far: String,
    value: String,
    /// The target's unit of measure (所, 个, 万元), shown beside the box.
    measure: String,
}

/// What a unit types for a target of this kind.
fn value_hint(kind: TargetKind, lang: Lang) -> &'static str {
    match kind {
        TargetKind::Count => lang.pick("填截至本期的累计数", "the running total to date"),
        TargetKind::Level => lang.pick("填目前达到的水平", "the level reached now"),
        TargetKind::Rate => lang.pick("填目前的比率", "the rate now"),
        TargetKind::Ceiling => lang.pick(
            "填目前的数值（不得超过上限）",
            "the value now (within the bound)",
        ),
        TargetKind::YesNo => lang.pick("已完成填 1，未完成填 0", "1 if done, 0 if not"),
    }
}

struct InvestRow {
    code: &'static str,
    label: &'static str,
    planned: String,
    completed: String,
    disbursed: String,
}

struct PeriodOption {
    start: String,
    label: String,
    selected: bool,
}

struct VersionRow {
    id: i64,
    version: i32,
    state: &'static str,
    when: String,
}

pub struct FileRow {
    pub id: i64,
    pub name: String,
    pub thumb: bool,
    /// When and where a photo says it was taken (EXIF), as read: 2024-03-05 10:21, 北纬 … 东经 ….
    pub taken: String,
    /// For photos: whether the office has approved it for the public page.
    pub public: Option<bool>,
    /// What was found doubtful about it when it was filed (佐证材料核验).
    pub doubts: Vec<String>,
}

impl FileRow {
    pub fn new(a: &minsheng_store::Attachment, lang: Lang) -> FileRow {
        let when = a.taken_at.as_deref().map(exif_time);
        let place = a.lat.zip(a.lon).map(|(lat, lon)| match lang {
            Lang::En => format!("{lat:.4}, {lon:.4}"),
            _ => format!(
                "{}{:.4}° {}{:.4}°",
                if lat < 0.0 { "南纬" } else { "北纬" },
                lat.abs(),
                if lon < 0.0 { "西经" } else { "东经" },
                lon.abs()
            ),
        });
        FileRow {
            id: a.id.0,
            name: a.file_name.clone(),
            thumb: a.has_thumb,
            taken: [when, place]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            public: a.is_image().then_some(a.public_at.is_some()),
            doubts: a
                .findings
                .iter()
                .map(|c| match lang {
                    Lang::En => c.en(),
                    _ => c.zh(),
                })
                .collect(),
        }
    }
}

/// An EXIF time (`2024:03:05 10:21:07`) as people write it (`2024-03-05 10:21`); as found
/// when it is not one.
fn exif_time(s: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y:%m:%d %H:%M:%S")
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| s.trim().to_string())
}

#[derive(Template)]
#[template(path = "report_form.html")]
pub(super) struct ReportPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    item_id: i64,
    seq: String,
    title: String,
    plan_id: i64,
    plan_title: String,
    unit_id: i64,
    unit_name: String,
    units: Vec<(i64, String, bool)>,
    periods: Vec<PeriodOption>,
    period_start: String,
    period_label: String,
    due: String,
    period_state: &'static str,
    rows: Vec<TargetRow>,
    no_targets: bool,
    percent: String,
    progress: String,
    problems: String,
    next_steps: String,
    correction_reason: String,
    /// Why nothing moved (本期无进展原因), as typed or as kept on the draft.
    no_progress: String,
    /// Held for a quality check: the reason, no-progress and confirmation fields are shown.
    quality: bool,
    /// What the quality check asks, one point each.
    questions: Vec<String>,
    investments: Vec<InvestRow>,
    revision: i32,
    correcting: bool,
    locked: bool,
    latest_state: Option<&'static str>,
    versions: Vec<VersionRow>,
    files: Vec<FileRow>,
    message: Option<String>,
    ok: bool,
    closed: bool,
    /// The unit's next item still due this period, after this one in list order: where to go
    /// once this one is saved (id, "3. 新建幼儿园").
    next: Option<(i64, String)>,
}

/// Which item, unit and period the form is for.
#[derive(Deserialize, Default)]
pub struct FormQuery {
    unit: Option<String>,
    period: Option<String>,
    saved: Option<String>,
}

/// What the user typed, to show again after a refusal.
pub(super) struct Typed {
    pub(super) fields: Vec<(String, String)>,
    /// The submission was held for a quality check: show its fields.
    pub(super) quality: bool,
    /// What the check asks, in the reader's language.
    pub(super) questions: Vec<String>,
}

pub fn num(v: Option<f64>) -> String {
    v.map(fmt_value).unwrap_or_default()
}

/// The unit's next item in the plan still due this period, after `item` in list order and
/// then from the top.
fn next_due(l: &minsheng_store::PlanLedger, item: ItemId, unit: UnitId) -> Option<(i64, String)> {
    let at = l.items.iter().position(|i| i.detail.item.id == item)?;
    let (before, after) = l.items.split_at(at);
    after
        .iter()
        .skip(1)
        .chain(before)
        .find(|i| {
            i.reporters.contains(&unit)
                && i.current_state == minsheng_domain::ledger::PeriodReportState::Open
        })
        .map(|i| {
            (
                i.detail.item.id.0,
                format!("{}. {}", i.detail.item.seq, i.detail.item.display_title()),
            )
        })
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn build(
    s: &AppState,
    lang: Lang,
    me: &Me,
    item: ItemId,
    unit: Option<UnitId>,
    period: Option<NaiveDate>,
    typed: Option<&Typed>,
    message: Option<(String, bool)>,
) -> Result<ReportPage, AppError> {
    let today = s.clock.today();
    let view = s.store.item_ledger(item, today).await?;
    let (ledger, it) = (&view.plan, view.item());
    let d = &it.detail;
    if it.reporters.is_empty() {
        return Err(AppError::Conflict(Words::new(
            "此项目还没有牵头单位，请先在清单中指定牵头单位。",
            "The item has no lead unit yet.",
        )));
    }
    let parties = it.parties();
    let unit = me.unit_among(&parties, unit)?;
    let principal = me.principal()?;
    let allowed = s
        .store
        .reportable_targets(item, unit)
        .await?
        .ok_or(AppError::Refused(Refusal::UnitDoesNotReport))?;
    let next = next_due(ledger, item, unit);
    let rule = ledger.settings.rule;
    let period = period
        .map(|p| rule.period_containing(p))
        .unwrap_or(ledger.current);
    let mine: Vec<&Report> = view.reports.iter().filter(|r| r.unit_id == unit).collect();
    let versions: Vec<&Report> = mine
        .iter()
        .copied()
        .filter(|r| r.period_start == period.start)
        .collect();
    let latest = versions.last().copied();
    let locked = s.store.period_locked(ledger.plan.id, period.start).await?;
    // Cumulative values carry forward from the unit's last submitted report.
    let previous = mine
        .iter()
        .rev()
        .find(|r| r.period_start < period.start && r.state == ReportState::Submitted)
        .copied();
    let base: Option<&ReportContent> = latest.map(|r| &r.content).or(previous.map(|r| &r.content));
    let typed_or = |name: &str, fallback: String| -> String {
        match typed {
            Some(t) => field(&t.fields, name).to_string(),
            None => fallback,
        }
    };
    let rows = d
        .targets
        .iter()
        .filter(|t| allowed.contains(&t.id))
        .map(|t| {
            let so_far = it
                .targets
                .iter()
                .find(|x| x.target.id == t.id)
                .and_then(|x| x.achieved);
            let mine = base
                .and_then(|c| c.values.iter().find(|v| v.target_id == t.id))
                .map(|v| v.value);
            TargetRow {
                id: t.id.0,
                label: crate::view::fmt_target(t, lang),
                hint: value_hint(t.kind, lang),
                so_far: so_far
                    .map(|v| {
                        let ratio = TargetProgress::of(t, Some(v)).ratio();
                        format!(
                            "{}（{}）",
                            crate::view::fmt_achieved(t, Some(v), lang),
                            pct(100.0 * ratio)
                        )
                    })
                    .unwrap_or_else(|| "—".into()),
                value: typed_or(&format!("t{}", t.id.0), num(mine)),
                measure: t.unit.trim().to_string(),
            }
        })
        .collect::<Vec<_>>();
    let content = latest.map(|r| &r.content);
    let text = |f: fn(&ReportContent) -> &String| content.map(|c| f(c).clone()).unwrap_or_default();
    // What a draft being continued said (nothing once the latest version is submitted).
    let in_draft = |f: fn(&Report) -> &Option<String>| {
        latest
            .filter(|r| r.state == ReportState::Draft)
            .and_then(|r| f(r).clone())
            .unwrap_or_default()
    };
    let investments = FundSource::ALL
        .iter()
        .map(|src| {
            let inv = base.and_then(|c| c.investments.iter().find(|i| i.source == *src));
            let part = |name: &str, v: Option<f64>| {
                typed_or(&format!("inv_{}_{name}", src.code()), num(v))
            };
            InvestRow {
                code: src.code(),
                label: src.label_zh(),
                planned: part("planned", inv.map(|i| i.planned)),
                completed: part("completed", inv.map(|i| i.completed)),
                disbursed: part("disbursed", inv.map(|i| i.disbursed)),
            }
        })
        .collect();
    let first_submitted = versions.iter().filter_map(|r| r.submitted_on).min();
    let unit_name = d
        .lead_units
        .iter()
        .chain(&d.co_units)
        .find(|u| u.id == unit)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let start = it.start.min(ledger.current.start);
    let mut periods: Vec<PeriodOption> = rule
        .periods(start, today)
        .into_iter()
        .filter(|p| p.start <= today)
        .rev()
        .map(|p| PeriodOption {
            start: p.start.to_string(),
            label: crate::view::period_label(&p, rule.cadence, lang),
            selected: p.start == period.start,
        })
        .collect();
    if !periods.iter().any(|p| p.selected) {
        periods.insert(
            0,
            PeriodOption {
                start: period.start.to_string(),
                label: crate::view::period_label(&period, rule.cadence, lang),
                selected: true,
            },
        );
    }
    Ok(ReportPage {
        next,
        t: lang.tr(),
        lang,
        me: me.clone(),
        item_id: item.0,
        seq: d.item.seq.clone(),
        title: d.item.display_title(),
        plan_id: ledger.plan.id.0,
        plan_title: ledger.plan.title.clone(),
        unit_id: unit.0,
        unit_name,
        units: it
            .reporters
            .iter()
            .filter(|u| principal.can_file_for(**u, &parties))
            .map(|u| {
                let name = d
                    .lead_units
                    .iter()
                    .chain(&d.co_units)
                    .find(|x| x.id == *u)
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                (u.0, name, *u == unit)
            })
            .collect(),
        periods,
        period_start: period.start.to_string(),
        period_label: crate::view::period_label(&period, rule.cadence, lang),
        due: period.due.to_string(),
        period_state: report_state_label(period.state(first_submitted, today), lang),
        no_targets: rows.is_empty(),
        rows,
        percent: typed_or(
            "percent",
            num(content
                .and_then(|c| c.percent)
                .or(previous.and_then(|p| p.content.percent))),
        ),
        progress: typed_or("progress", text(|c| &c.progress)),
        problems: typed_or("problems", text(|c| &c.problems)),
        next_steps: typed_or("next_steps", text(|c| &c.next_steps)),
        correction_reason: typed_or("correction_reason", in_draft(|r| &r.correction_reason)),
        no_progress: typed_or("no_progress", in_draft(|r| &r.no_progress)),
        quality: typed.is_some_and(|t| t.quality),
        questions: typed.map(|t| t.questions.clone()).unwrap_or_default(),
        investments,
        revision: latest.map(|r| r.revision).unwrap_or(0),
        correcting: latest.is_some_and(|r| r.state == ReportState::Submitted || r.version > 1),
        locked,
        latest_state: latest.map(|r| {
            if r.state == ReportState::Draft {
                lang.pick("草稿", "draft")
            } else {
                lang.pick("已提交", "submitted")
            }
        }),
        versions: versions
            .iter()
            .map(|r| VersionRow {
                id: r.id.0,
                version: r.version,
                state: if r.state == ReportState::Draft {
                    lang.pick("草稿", "draft")
                } else {
                    lang.pick("已提交", "submitted")
                },
                when: r
                    .submitted_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| r.updated_at.format("%Y-%m-%d").to_string()),
            })
            .collect(),
        files: latest
            .map(|r| {
                r.attachments
                    .iter()
                    .map(|a| FileRow::new(a, lang))
                    .collect()
            })
            .unwrap_or_default(),
        ok: message.as_ref().is_some_and(|m| m.1),
        message: message.map(|m| m.0),
        closed: ledger.plan.state != minsheng_domain::PlanState::Published,
    })
}

pub(super) fn parse_unit(raw: Option<&str>) -> Result<Option<UnitId>, AppError> {
    raw.filter(|r| !r.is_empty())
        .map(parse_id::<UnitId>)
        .transpose()
}

pub(super) fn parse_period(raw: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    raw.filter(|r| !r.is_empty())
        .map(|r| {
            r.parse::<NaiveDate>().map_err(|_| {
                AppError::BadRequest(Words::new(
                    format!("周期“{r}”不是日期，应为 2025-03-03 这样的格式。"),
                    "Period must be a date.",
                ))
            })
        })
        .transpose()
}

/// Renders a page with a status; a template failure is logged and answered with 500.
pub fn render(page: impl Template, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "page render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// GET: the form.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
    Query(q): Query<FormQuery>,
) -> Result<Response, AppError> {
    let unit = parse_unit(q.unit.as_deref())?;
    let period = parse_period(q.period.as_deref())?;
    let msg = q.saved.as_deref().map(|k| {
        (
            if k == "submitted" {
                lang.pick("已提交。", "Submitted.")
            } else {
                lang.pick("草稿已保存。", "Draft saved.")
            }
            .to_string(),
            true,
        )
    });
    let page = build(&s, lang, &me, item, unit, period, None, msg).await?;
    Ok(render(page, StatusCode::OK))
}
