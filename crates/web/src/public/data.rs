//! Open data (开放数据) of a published plan: its items with the progress frozen at the last
//! locked period, as JSON and CSV (UTF-8 with BOM, so Excel opens it in Chinese), and its
//! sites as GeoJSON. Nothing of a draft plan, no report texts, no notes, no people.

use crate::AppState;
use crate::error::AppError;
use crate::ids::Id;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::PlanLedger;
use serde_json::{Value, json};

/// The plan's ledger as of its last locked period, if it is public; None for the figures when
/// nothing is locked yet.
async fn public_plan(
    s: &AppState,
    id: PlanId,
) -> Result<(std::sync::Arc<PlanLedger>, bool), AppError> {
    let plan = s.store.plan(id).await?;
    if plan.state == PlanState::Draft {
        return Err(AppError::NotFound("计划 (plan)"));
    }
    match s.store.last_locked_period_end(id).await? {
        Some(end) => Ok((s.store.plan_ledger(id, end).await?, true)),
        None => Ok((s.store.plan_ledger(id, s.clock.today()).await?, false)),
    }
}

fn rows(l: &PlanLedger, with_figures: bool) -> Vec<Value> {
    l.items
        .iter()
        .map(|it| {
            let d = &it.detail;
            let mut v = json!({
                "id": d.item.id, "seq": d.item.seq, "category": d.category, "title": d.item.display_title(),
                "content": d.item.content.clone().or(d.item.summary.clone()),
                "lead_units": d.lead_units.iter().map(|u| &u.name).collect::<Vec<_>>(),
                "co_units": d.co_units.iter().map(|u| &u.name).collect::<Vec<_>>(),
                "deadline": it.current_deadline,
                "targets": it.targets.iter().filter(|t| !t.target.optional).map(|t| json!({
                    "metric": t.target.metric, "value": t.target.value, "unit": t.target.unit,
                    "achieved": if with_figures { json!(t.achieved) } else { Value::Null },
                })).collect::<Vec<_>>(),
            });
            if with_figures {
                v["percent"] = json!(it.assessment.actual);
                v["light"] = json!(it.assessment.light);
                v["status"] = json!(it.assessment.status);
            }
            v
        })
        .collect()
}

fn file(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CONTENT_DISPOSITION,
                crate::forms::disposition(name, true),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// GET /public/plans/{id}/data.json.
pub async fn json(State(s): State<AppState>, Id(id): Id<PlanId>) -> Result<Response, AppError> {
    let (l, figures) = public_plan(&s, id).await?;
    let doc = json!({
        "plan": {"id": l.plan.id, "title": l.plan.title, "year": l.plan.year, "region": l.region.name, "doc_number": l.plan.doc_number},
        "figures_as_of": if figures { json!(l.today) } else { Value::Null },
        "items": rows(&l, figures),
    });
    Ok(file(
        doc.to_string().into_bytes(),
        "application/json; charset=utf-8",
        "plan.json",
    ))
}

/// GET /public/plans/{id}/data.csv: one row per target (or per item without targets).
pub async fn csv(State(s): State<AppState>, Id(id): Id<PlanId>) -> Result<Response, AppError> {
    let (l, figures) = public_plan(&s, id).await?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let head = [
        "序号",
        "类别",
        "项目",
        "牵头单位",
        "配合单位",
        "完成时限",
        "指标",
        "目标值",
        "计量单位",
        "累计完成",
        "项目进度(%)",
        "状态",
        "数据截至",
    ];
    let internal = |e: csv::Error| AppError::internal(&e);
    w.write_record(head).map_err(internal)?;
    let as_of = if figures {
        l.today.to_string()
    } else {
        String::new()
    };
    for it in &l.items {
        let d = &it.detail;
        let names = |v: &[minsheng_domain::Unit]| {
            v.iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        };
        let percent = match (figures, it.assessment.actual) {
            (true, Some(p)) => format!("{p:.1}"),
            _ => String::new(),
        };
        let status = if figures {
            it.assessment.status.label_zh()
        } else {
            ""
        };
        let base = [
            d.item.seq.clone(),
            d.category.clone().unwrap_or_default(),
            d.item.display_title(),
            names(&d.lead_units),
            names(&d.co_units),
            it.current_deadline.to_string(),
        ];
        let targets: Vec<_> = it.targets.iter().filter(|t| !t.target.optional).collect();
        if targets.is_empty() {
            let mut r = base.to_vec();
            r.extend([
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                percent.clone(),
                status.into(),
                as_of.clone(),
            ]);
            w.write_record(r).map_err(internal)?;
        }
        for t in targets {
            let mut r = base.to_vec();
            r.extend([
                t.target.metric.clone(),
                crate::view::fmt_value(t.target.value),
                t.target.unit.clone(),
                t.achieved
                    .filter(|_| figures)
                    .map(crate::view::fmt_value)
                    .unwrap_or_default(),
                percent.clone(),
                status.into(),
                as_of.clone(),
            ]);
            w.write_record(r).map_err(internal)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| AppError::internal(&e))?;
    Ok(file(bytes, "text/csv; charset=utf-8", "plan.csv"))
}

/// GET /public/plans/{id}/sites.geojson: sites with coordinates as points.
pub async fn geojson(State(s): State<AppState>, Id(id): Id<PlanId>) -> Result<Response, AppError> {
    let (l, _) = public_plan(&s, id).await?;
    let sites = s.store.plan_sites(l.plan.id).await?;
    let features: Vec<Value> = sites
        .iter()
        .filter_map(|site| {
            let (lat, lon) = (site.lat?, site.lon?);
            let it = l.items.iter().find(|i| i.detail.item.id == site.item_id)?;
            Some(json!({
                "type": "Feature",
                // GeoJSON orders coordinates longitude first (RFC 7946).
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"site": site.name, "address": site.address, "item_id": site.item_id,
                               "seq": it.detail.item.seq, "item": it.detail.item.display_title()},
            }))
        })
        .collect();
    let doc = json!({"type": "FeatureCollection", "features": features});
    Ok(file(
        doc.to_string().into_bytes(),
        "application/geo+json",
        "sites.geojson",
    ))
}
