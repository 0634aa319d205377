//! Saving the report form: a draft, a submission or a correction, with its evidence files. A
//! refusal re-renders the form with everything the user typed.

use super::evidence::inspect_all;
use super::report_form::{Typed, build, parse_period, parse_unit, render};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{field, read_multipart};
use crate::i18n::Lang;
use crate::ids::Id;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::{ItemId, Refusal};
use minsheng_store::{Quality, ReportWrite};

/// POST: save a draft or submit.
pub async fn save(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (fields, uploads) = read_multipart(multipart).await?;
    let asked = parse_unit(Some(field(&fields, "unit")))?;
    let (unit, targets) = super::ops::filer(&s, &me, item, asked).await?;
    let period = parse_period(Some(field(&fields, "period")))?
        .ok_or_else(|| AppError::BadRequest(Words::new("缺少报送周期。", "Period missing.")))?;
    let typed = Typed {
        fields: fields.clone(),
        quality: false,
        questions: Vec::new(),
    };
    let (sr, typed, mr) = (&s, &typed, &me);
    let refuse = move |e: AppError, status: StatusCode| async move {
        let page = build(
            sr,
            lang,
            mr,
            item,
            Some(unit),
            Some(period),
            Some(typed),
            Some((e.message(lang), false)),
        )
        .await;
        match page {
            Ok(p) => Ok(render(p, status)),
            Err(e2) => Err(e2),
        }
    };
    let revision = match field(&fields, "revision").trim() {
        "" | "0" => None,
        r => match r.parse::<i32>() {
            Ok(v) => Some(v),
            Err(_) => {
                return refuse(
                    AppError::BadRequest(Words::new(
                        "表单版本号无效，请刷新页面。",
                        "Bad revision.",
                    )),
                    StatusCode::BAD_REQUEST,
                )
                .await;
            }
        },
    };
    let files = match inspect_all(uploads).await {
        Ok(f) => f,
        Err(e) => return refuse(e, StatusCode::BAD_REQUEST).await,
    };
    let content = match super::ops::report_content(targets.as_deref(), &fields) {
        Ok(c) => c,
        Err(e) => {
            let status = e.status();
            return refuse(e, status).await;
        }
    };
    let submit = field(&fields, "action") == "submit";
    let reason =
        Some(field(&fields, "correction_reason").to_string()).filter(|r| !r.trim().is_empty());
    let no_progress =
        Some(field(&fields, "no_progress").to_string()).filter(|r| !r.trim().is_empty());
    let w = ReportWrite {
        content,
        revision,
        submit,
        correction_reason: reason,
        no_progress,
        quality: Quality::Asked {
            confirmed: !field(&fields, "quality_ok").is_empty(),
        },
        ..ReportWrite::default()
    };
    match super::ops::save_report(&s, &me, item, unit, period, &w, &files).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/items/{}/report?unit={}&period={}&saved={}",
            item.0,
            unit.0,
            period,
            if submit { "submitted" } else { "draft" }
        ))
        .into_response()),
        // The quality rules' questions come back on the form with their answer fields.
        Err(AppError::Refused(Refusal::Questions(asked))) => {
            let held = Typed {
                fields: fields.clone(),
                quality: true,
                questions: asked
                    .iter()
                    .map(|q| match lang {
                        Lang::En => q.en.clone(),
                        _ => q.zh.clone(),
                    })
                    .collect(),
            };
            let summary = match lang {
                Lang::En => format!(
                    "Nothing was filed: {} point(s) to check below, under “Before filing”.",
                    asked.len()
                ),
                _ => format!(
                    "尚未报送：有 {} 处需要核对，见下方“报送前核对”。",
                    asked.len()
                ),
            };
            let page = build(
                &s,
                lang,
                &me,
                item,
                Some(unit),
                Some(period),
                Some(&held),
                Some((summary, false)),
            )
            .await?;
            Ok(render(page, StatusCode::BAD_REQUEST))
        }
        // What the user can fix comes back on the form with what they typed.
        Err(
            e @ (AppError::Stale(_)
            | AppError::Refused(_)
            | AppError::BadRequest(_)
            | AppError::Conflict(_)
            | AppError::NotFound(_)),
        ) => {
            let status = e.status();
            refuse(e, status).await
        }
        Err(e) => Err(e),
    }
}
