//! A report's history (/reports/{id}): one version's content, every version of the same
//! (item, unit, period) and the fields each correction changed.

use super::report_form::{FileRow, num, render};
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::fmt_value;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minsheng_domain::ledger::ReportState;
use minsheng_domain::{ReportId, TargetId};

struct DiffRow {
    field: String,
    before: String,
    after: String,
}

struct HistoryVersion {
    id: i64,
    version: i32,
    state: &'static str,
    when: String,
    reason: String,
    amendment: bool,
    current: bool,
    changes: Vec<DiffRow>,
}

#[derive(Template)]
#[template(path = "report_history.html")]
struct HistoryPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    item_id: i64,
    title: String,
    unit: String,
    unit_id: i64,
    period: String,
    values: Vec<(String, String)>,
    progress: String,
    /// Periods in a row with this same progress text, when that is 无实质进展.
    copied: Option<u32>,
    problems: String,
    next_steps: String,
    percent: String,
    investments: Vec<(String, String, String, String)>,
    files: Vec<FileRow>,
    versions: Vec<HistoryVersion>,
    /// The person files for this unit: the report form is theirs to open.
    may_file: bool,
}

/// GET /reports/{id}: one version with the list of versions and what each changed.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<ReportId>,
) -> Result<Response, AppError> {
    let (r, all) = me.visible_report(&s, id).await?;
    let (_, d) = s.store.item_detail(r.item_id).await?;
    let metric = |t: TargetId| {
        d.targets
            .iter()
            .find(|x| x.id == t)
            .map(|x| format!("{}（{}）", x.metric, x.unit))
            .unwrap_or_else(|| t.to_string())
    };
    let mut versions = Vec::new();
    for (i, v) in all.iter().enumerate() {
        let changes = if i == 0 {
            Vec::new()
        } else {
            minsheng_domain::ledger::report::diff(&all[i - 1].content, &v.content, metric)
                .into_iter()
                .map(|c| DiffRow {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect()
        };
        versions.push(HistoryVersion {
            id: v.id.0,
            version: v.version,
            state: if v.state == ReportState::Draft {
                lang.pick("草稿", "draft")
            } else {
                lang.pick("已提交", "submitted")
            },
            when: crate::view::local_time(v.submitted_at.unwrap_or(v.updated_at)),
            reason: v.correction_reason.clone().unwrap_or_default(),
            amendment: v.amendment,
            current: v.id == r.id,
            changes,
        });
    }
    let may_file =
        me.can("file_reports") && me.principal().is_ok_and(|p| p.units.contains(&r.unit_id));
    let page = HistoryPage {
        t: lang.tr(),
        lang,
        me,
        item_id: r.item_id.0,
        title: d.item.display_title(),
        unit: r.unit.clone(),
        unit_id: r.unit_id.0,
        period: r.period_start.to_string(),
        values: r
            .content
            .values
            .iter()
            .map(|v| (metric(v.target_id), fmt_value(v.value)))
            .collect(),
        progress: r.content.progress.clone(),
        copied: minsheng_domain::ledger::evidence::copied(r.repeats).then_some(r.repeats + 1),
        problems: r.content.problems.clone(),
        next_steps: r.content.next_steps.clone(),
        percent: num(r.content.percent),
        investments: r
            .content
            .investments
            .iter()
            .map(|i| {
                (
                    i.source.label_zh().to_string(),
                    fmt_value(i.planned),
                    fmt_value(i.completed),
                    fmt_value(i.disbursed),
                )
            })
            .collect(),
        files: r
            .attachments
            .iter()
            .map(|a| FileRow::new(a, lang))
            .collect(),
        versions,
        may_file,
    };
    Ok(render(page, StatusCode::OK))
}
