//! The unit workbench (我的事项): for one unit, every item it reports on in published plans,
//! what is due this period, lights, and what it owes (reports, explanations).

use super::dashboard::ItemView;
use crate::AppState;
use crate::error::{AppError, PageError, parse_id};
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use minsheng_domain::{PlanState, UnitId};
use serde::Deserialize;

/// Which unit.
#[derive(Deserialize, Default)]
pub struct WorkbenchQuery {
    unit: Option<String>,
}

struct PlanBlock {
    id: i64,
    title: String,
    period: String,
    due: String,
    items: Vec<ItemView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "workbench.html")]
pub struct WorkbenchPage {
    t: &'static Tr,
    lang: Lang,
    units: Vec<(i64, String, bool)>,
    unit_id: Option<i64>,
    unit_name: String,
    plans: Vec<PlanBlock>,
    due_count: usize,
}

/// GET /workbench?unit=.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    Query(q): Query<WorkbenchQuery>,
) -> Result<WorkbenchPage, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let unit = q
        .unit
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(|u| parse_id(u, "单位 unit").map(UnitId))
        .transpose()
        .map_err(err)?;
    let units = s.store.units(None).await.map_err(|e| err(e.into()))?;
    let today = s.clock.today();
    let mut plans = Vec::new();
    let mut due_count = 0;
    if let Some(u) = unit {
        for p in s.store.plans().await.map_err(|e| err(e.into()))? {
            if p.plan.state != PlanState::Published {
                continue;
            }
            let l = s
                .store
                .plan_ledger(p.plan.id, today)
                .await
                .map_err(|e| err(e.into()))?;
            let items: Vec<ItemView> = l.items_of_unit(u).map(|i| ItemView::new(i, lang)).collect();
            if items.is_empty() {
                continue;
            }
            due_count += l
                .items_of_unit(u)
                .filter(|i| {
                    matches!(
                        i.current_state,
                        minsheng_domain::ledger::PeriodReportState::Open
                    )
                })
                .count();
            plans.push(PlanBlock {
                id: p.plan.id.0,
                title: p.plan.title.clone(),
                period: l.current.label_zh(l.settings.rule.cadence),
                due: l.current.due.to_string(),
                items,
            });
        }
    }
    Ok(WorkbenchPage {
        t: lang.tr(),
        lang,
        unit_name: unit
            .and_then(|u| units.iter().find(|x| x.id == u))
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        units: units
            .iter()
            .map(|x| (x.id.0, x.name.clone(), Some(x.id) == unit))
            .collect(),
        unit_id: unit.map(|u| u.0),
        plans,
        due_count,
    })
}
