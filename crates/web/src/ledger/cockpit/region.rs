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
use minsheng_domain::{LeaderId, PlanId, RegionId};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What a region's cockpit shows, made once for a set of list versions and kept while none of
/// them moves: every request after the first only reads the versions (one query).
pub struct RegionBoard {
    period: String,
    links: Vec<(String, String)>,
    /// The board rendered as HTML, for the screen it was asked for.
    board: Arc<str>,
}

/// One number for a set of (list, version): changes when any list is added, dropped or moves.
fn stamp(versions: &[(PlanId, i64)]) -> i64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    versions.hash(&mut h);
    h.finish() as i64
}

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
    let versions = s.store.region_plan_versions(id, year).await?;
    // Kept for those who overview every list; a leader's board holds only their lists.
    let key = format!("{}:{year}:{today}:{}:{}", id.0, lang.code(), q.screen());
    let version = stamp(&versions);
    let kept = who
        .reads_all()
        .then(|| s.boards.get(&key, version, s.clock.now().at))
        .flatten();
    let made = match kept {
        Some(made) => made,
        None => {
            let made = Arc::new(make(&s, lang, &who, &region, today, &versions, &q).await?);
            if who.reads_all() {
                s.boards.keep(key, version, None, made.clone());
            }
            made
        }
    };
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
        period: made.period.clone(),
        screen: q.screen(),
        here: format!("/regions/{}/cockpit?year={year}", id.0),
        links: made.links.clone(),
        board: made.board.clone(),
    })
}

/// The board of the lists `versions` names that `who` may overview.
async fn make(
    s: &AppState,
    lang: Lang,
    who: &minsheng_domain::access::Principal,
    region: &minsheng_domain::Region,
    today: chrono::NaiveDate,
    versions: &[(PlanId, i64)],
    q: &CockpitQuery,
) -> Result<RegionBoard, AppError> {
    let year = q.year.unwrap_or_else(|| today.year());
    let mut ledgers = Vec::new();
    for (plan, version) in versions {
        let l = s.store.plan_ledger_at(*plan, today, *version).await?;
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
        return Err(if versions.is_empty() {
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
    // An item allocated from a list on this board is counted once, as that list's item; how
    // each region below is doing with it is shown beside (`allocated`).
    let plans: Vec<PlanId> = ledgers.iter().map(|l| l.plan.id).collect();
    let child = |i: &minsheng_store::ItemLedger| i.from_plan.is_some_and(|p| plans.contains(&p));
    let ledgers: Vec<Arc<minsheng_store::PlanLedger>> = ledgers
        .into_iter()
        .map(|l| {
            if !l.items.iter().any(child) {
                return l;
            }
            let mut once = (*l).clone();
            let children: Vec<_> = once
                .items
                .iter()
                .filter(|i| child(i))
                .map(|i| i.detail.item.id)
                .collect();
            once.items.retain(|i| !children.contains(&i.detail.item.id));
            once.not_reported.retain(|n| !children.contains(&n.item_id));
            Arc::new(once)
        })
        .collect();
    let mut board = board(s, lang, &ledgers, today, true).await?;
    let own: Vec<_> = ledgers
        .iter()
        .filter(|l| l.region.id == region.id)
        .cloned()
        .collect();
    board.allocated = super::allocated(s, lang, &own, today).await?;
    let first = &ledgers[0];
    let links = ledgers
        .iter()
        .map(|l| {
            (
                format!("/plans/{}/cockpit", l.plan.id.0),
                if l.region.id == region.id {
                    l.plan.title.clone()
                } else {
                    format!("{} · {}", l.region.name, l.plan.title)
                },
            )
        })
        .collect();
    Ok(RegionBoard {
        period: crate::view::period_label(&first.current, first.settings.rule.cadence, lang),
        links,
        board: super::render(&board, lang, q.screen())?,
    })
}
