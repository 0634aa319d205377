//! A region's cockpit for a year: every published list of the region and of the regions
//! below it (a city's counties, a county's townships) that the reader may overview, on one
//! board, with completion ranked by region and by list and each red item named with its list.

use super::{CockpitPage, CockpitQuery, board};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::i18n::Lang;
use crate::ids::Id;
use axum::extract::{Query, State};
use chrono::Datelike;
use minsheng_domain::{LeaderId, RegionId};

/// GET /regions/{id}/cockpit[?year=&screen=1].
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<RegionId>,
    Query(q): Query<CockpitQuery>,
) -> Result<CockpitPage, AppError> {
    let today = s.clock.today();
    let who = me.principal()?;
    let region = s.store.region(id).await?;
    let year = q.year.unwrap_or_else(|| today.year());
    let plans = s.store.region_plans(id, year).await?;
    let mut ledgers = Vec::new();
    for plan in &plans {
        let l = s.store.plan_ledger(*plan, today).await?;
        let leaders: Vec<LeaderId> = l
            .items
            .iter()
            .flat_map(|i| i.detail.leaders.iter().map(|x| x.id))
            .collect();
        if who.can_read_overview(&leaders) {
            ledgers.push(l);
        }
    }
    if ledgers.is_empty() {
        return Err(if plans.is_empty() {
            AppError::BadRequest(Words::new(
                format!("{}{year}年还没有已发布的民生实事清单。", region.name),
                format!("{} has no published list for {year}.", region.name),
            ))
        } else {
            AppError::Forbidden(Words::new(
                format!("{}{year}年的清单中没有您分管的项目。", region.name),
                format!(
                    "None of {}'s lists for {year} has an item in your charge.",
                    region.name
                ),
            ))
        });
    }
    let board = board(&s, lang, &ledgers, today, true).await?;
    let first = &ledgers[0];
    let links = ledgers
        .iter()
        .map(|l| {
            (
                format!("/plans/{}/cockpit", l.plan.id.0),
                if l.region.id == id {
                    l.plan.title.clone()
                } else {
                    format!("{} · {}", l.region.name, l.plan.title)
                },
            )
        })
        .collect();
    Ok(CockpitPage {
        t: lang.tr(),
        lang,
        me,
        title: format!(
            "{}{}",
            region.name,
            match lang {
                Lang::En => format!(" {year}: every list"),
                _ => format!("{year}年全部清单"),
            }
        ),
        today: today.to_string(),
        period: crate::view::period_label(&first.current, first.settings.rule.cadence, lang),
        screen: q.screen(),
        here: format!("/regions/{}/cockpit?year={year}", id.0),
        links,
        board,
    })
}
