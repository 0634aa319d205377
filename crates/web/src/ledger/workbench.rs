//! The unit workbench (我的事项): for one unit, every item it reports on in published plans,
//! what is due this period, lights, and what it owes (reports, explanations).

use super::dashboard::ItemView;
use super::form_values::asked_unit;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
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
    me: Me,
    units: Vec<(i64, String, bool)>,
    unit_id: Option<i64>,
    unit_name: String,
    plans: Vec<PlanBlock>,
    due_count: usize,
    orders: Vec<crate::supervision::OrderRow>,
}

/// GET /workbench?unit=.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Query(q): Query<WorkbenchQuery>,
) -> Result<WorkbenchPage, AppError> {
    let principal = me.principal()?;
    let asked = asked_unit(q.unit.as_deref().unwrap_or(""))?;
    let unit = me.workbench_unit(&s, asked).await?;
    // The units one may look at: one's own, or any for those who read everything.
    let mut units = if principal.reads_all() {
        s.store.units(None).await
    } else {
        s.store.units_by_id(&principal.units).await
    }?;
    if let (true, Some(r)) = (principal.reads_all(), principal.region) {
        let within = s.store.regions_within(r).await?;
        units.retain(|u| within.contains(&u.region_id));
    }
    // Leaders and deputies see the items in their charge or under their watch.
    let personal = unit.is_none() && !principal.reads_all();
    let today = s.clock.today();
    let mut plans = Vec::new();
    let mut due_count = 0;
    if unit.is_some() || personal {
        // Only the plans where this unit (or this person) has items; those who read
        // everything pick a unit first.
        let of = match unit {
            Some(u) => s.store.published_plans_of(&[u], None, &[]).await,
            None => {
                s.store
                    .published_plans_of(&principal.units, principal.leader, &principal.monitors)
                    .await
            }
        }?;
        for id in of {
            let l = s.store.plan_ledger(id, today).await?;
            let shown = |i: &&minsheng_store::ItemLedger| match unit {
                Some(u) => i.reporters.contains(&u),
                None => principal.can_read_item(&i.parties()),
            };
            let items: Vec<ItemView> = l
                .items
                .iter()
                .filter(shown)
                .map(|i| ItemView::new(i, lang))
                .collect();
            if items.is_empty() {
                continue;
            }
            due_count += l
                .items
                .iter()
                .filter(shown)
                .filter(|i| {
                    unit.is_some() && !i.fed && {
                        matches!(
                            i.current_state,
                            minsheng_domain::ledger::PeriodReportState::Open
                        )
                    }
                })
                .count();
            plans.push(PlanBlock {
                id: id.0,
                title: l.plan.title.clone(),
                period: crate::view::period_label(&l.current, l.settings.rule.cadence, lang),
                due: l.current.due.to_string(),
                items,
            });
        }
    }
    // The unit's open supervision orders: work it owes the office.
    let orders = match unit {
        Some(u) => {
            let open = minsheng_store::OrderFilter {
                units: Some(vec![u]),
                open_only: true,
                ..Default::default()
            };
            crate::supervision::listed(&s, open, lang).await?
        }
        None => Vec::new(),
    };
    Ok(WorkbenchPage {
        orders,
        t: lang.tr(),
        lang,
        me,
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
