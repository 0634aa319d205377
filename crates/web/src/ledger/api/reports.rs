//! Reports by API: a unit's report versions, one version, and PUT of a report with the revision
//! it read (a stale one gets 409 with the current version).

use super::super::ops;
use super::{body, day};
use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, Words};
use crate::ids::Id;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minsheng_domain::ledger::quality::Question;
use minsheng_domain::{ItemId, Refusal, ReportId, UnitId};
use minsheng_store::{Quality, ReportWrite};
use serde::Deserialize;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/api/v1/items/{id}/reports", tag = "ledger",
    summary = "项目的各版台账（调用者可读的） / Every report version of an item the caller may read",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn item_reports(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
) -> Result<Json<Value>, ApiError> {
    me.readable_item(&s, id).await?;
    let mut reports = s.store.item_reports(id).await?;
    reports.retain(|r| me.may_see_report(r.unit_id, r.state.code()));
    Ok(Json(json!(reports)))
}

#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "ledger",
    summary = "一版台账 / One report version",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn report(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ReportId>,
) -> Result<Json<Value>, ApiError> {
    let (r, versions) = me.visible_report(&s, id).await?;
    Ok(Json(json!({ "report": r, "versions": versions })))
}

#[derive(Deserialize)]
pub(super) struct ValueBody {
    target_id: i64,
    value: Value,
}

#[derive(Deserialize)]
pub(super) struct InvestBody {
    source: String,
    #[serde(default)]
    planned: Value,
    #[serde(default)]
    completed: Value,
    #[serde(default)]
    disbursed: Value,
}

#[derive(Deserialize)]
pub(super) struct ReportBody {
    #[serde(default)]
    unit_id: Option<i64>,
    period_start: String,
    revision: Option<i32>,
    #[serde(default)]
    submit: bool,
    #[serde(default)]
    values: Vec<ValueBody>,
    #[serde(default)]
    percent: Value,
    #[serde(default)]
    progress: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    next_steps: String,
    #[serde(default)]
    investments: Vec<InvestBody>,
    correction_reason: Option<String>,
    /// Why nothing moved this period (本期无进展原因).
    #[serde(default)]
    no_progress: Option<String>,
    /// Confirms a value the quality rules question (a jump past the plan's pace, or past
    /// 150 % of the target).
    #[serde(default)]
    confirm: bool,
}

/// A JSON scalar as the text a form would carry, so one parser checks both.
fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[utoipa::path(put, path = "/api/v1/items/{id}/reports", tag = "ledger",
    summary = "报送或暂存某期台账（版本过期返回 409 和当前版本；质量核对未答复返回 422） / Files or drafts a unit's report for a period (409 with the current version when stale; 422 with the open questions when the quality rules ask something)",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{unit_id, period_start, values: [{target_id, value}], percent, progress, problems, next_steps, investments, revision, submit, correction_reason, no_progress, confirm}`. A submission the quality rules question is refused with 422 and `error.asks: [{ask, message, message_en}]`, `ask` naming what answers it: `correction_reason` (a running total below the last), `no_progress` (nothing changed since the last period) or `confirm` (a jump past the plan's pace, or past 150 % of the target)."),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn put_report(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<ReportBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let b = body(b)?;
    let (unit, targets) = ops::filer(&s, &me, item, b.unit_id.map(UnitId)).await?;
    let period = day(&b.period_start, "period_start")?;
    let mut fields: Vec<(String, String)> = b
        .values
        .iter()
        .map(|v| (format!("t{}", v.target_id), as_text(&v.value)))
        .collect();
    fields.push(("percent".into(), as_text(&b.percent)));
    fields.push(("progress".into(), b.progress.clone()));
    fields.push(("problems".into(), b.problems.clone()));
    fields.push(("next_steps".into(), b.next_steps.clone()));
    for i in &b.investments {
        let src: minsheng_domain::ledger::FundSource = i.source.parse().map_err(|_| {
            ApiError(AppError::BadRequest(Words::new(
                format!(
                    "资金来源“{}”无效，可选 superior、local、social、other",
                    i.source
                ),
                format!(
                    "Unknown fund source “{}”: use superior, local, social or other",
                    i.source
                ),
            )))
        })?;
        for (part, v) in [
            ("planned", &i.planned),
            ("completed", &i.completed),
            ("disbursed", &i.disbursed),
        ] {
            fields.push((format!("inv_{}_{part}", src.code()), as_text(v)));
        }
    }
    let content = ops::report_content(targets.as_deref(), &fields)?;
    let w = ReportWrite {
        content,
        revision: b.revision,
        submit: b.submit,
        correction_reason: b.correction_reason.filter(|t| !t.trim().is_empty()),
        no_progress: b.no_progress.filter(|t| !t.trim().is_empty()),
        quality: Quality::Asked {
            confirmed: b.confirm,
        },
        ..ReportWrite::default()
    };
    match ops::save_report(&s, &me, item, unit, period, &w, &[]).await {
        Ok(r) => Ok(Json(r).into_response()),
        Err(AppError::Refused(Refusal::Questions(open))) => Ok(questions(&open)),
        Err(AppError::Stale(m)) => {
            let current = s.store.report_versions(item, unit, period).await?.pop();
            Ok((
                StatusCode::CONFLICT,
                Json(json!({ "error": { "code": "conflict", "message": m }, "current": current })),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// 422 with what the quality rules ask: nothing was filed.
fn questions(open: &[Question]) -> Response {
    let zh: Vec<&str> = open.iter().map(|o| o.zh.as_str()).collect();
    let asks: Vec<Value> = open
        .iter()
        .map(|o| json!({ "ask": o.ask.code(), "message": o.zh, "message_en": o.en }))
        .collect();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": { "code": "quality", "message": zh.join(" "), "asks": asks } })),
    )
        .into_response()
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(item_reports, put_report, report))]
pub(crate) struct Doc;
