//! The leader's cockpit (领导驾驶舱): on one screen the lights as a ring, completion ranked as
//! bars, the trend of average progress against the planned curve, the red items with what
//! blocks them, and the units not reporting. Server-drawn SVG, no script. `?screen=1` is the
//! big-screen mode for the dispatch meeting's room (1920×1080, large type, reloads itself
//! every five minutes).
//!
//! One board serves a plan (`/plans/{id}/cockpit`) and a region's year
//! (`/regions/{id}/cockpit?year=`, [`region`]): every published list of the region and the
//! regions below it, ranked by region and by list as well.

mod region;

pub use region::{RegionBoard, page as region_page};

use super::chart::{HALF, PHONE, ring_chart, trend_chart};
use crate::AppState;
use crate::auth::Me;
use crate::bulletins::charts::{self, chart, light_color};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::light_label;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use minsheng_domain::PlanId;
use minsheng_domain::ledger::Light;
use minsheng_store::{ItemLedger, MissingUnit, PlanLedger, rollup_items};
use serde::Deserialize;
use std::sync::Arc;

/// `?screen=1`: the big-screen mode; `?year=` the region's year.
#[derive(Deserialize, Default)]
pub struct CockpitQuery {
    screen: Option<String>,
    year: Option<i32>,
}

impl CockpitQuery {
    fn screen(&self) -> bool {
        self.screen.as_deref().is_some_and(|v| v == "1")
    }
}

/// A red item and what blocks it.
struct RedItem {
    id: i64,
    seq: String,
    title: String,
    /// The list it is on, on a region's board.
    list: String,
    units: String,
    actual: String,
    expected: String,
    blocker: String,
}

/// What the cockpit shows, for a plan or a region's year.
struct Board {
    /// Headline figures: label, value.
    totals: Vec<(&'static str, String)>,
    ring: String,
    /// Wide and narrow renderings of each ranked-bar chart.
    bars: Vec<(String, String)>,
    /// Wide and narrow renderings of the trend.
    trend: (String, String),
    red: Vec<RedItem>,
    missing: Vec<MissingUnit>,
    /// A region's board: its own items allocated to the regions below, each with the regions
    /// ranked by progress, the furthest behind first.
    allocated: Vec<AllocatedItem>,
}

/// An item allocated to the regions below and how far each has got.
struct AllocatedItem {
    id: i64,
    title: String,
    /// Region, its item, light code, light name, actual percent.
    regions: Vec<(String, i64, &'static str, &'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cockpit.html")]
pub struct CockpitPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    title: String,
    today: String,
    period: String,
    screen: bool,
    /// This page, without the big-screen switch.
    here: String,
    /// Where the reader goes from here: link, label.
    links: Vec<(String, String)>,
    /// The board, rendered ([`BoardView`]).
    board: Arc<str>,
}

/// The board's part of the page, rendered on its own so that a region's board is rendered
/// once for a set of list versions.
#[derive(Template)]
#[template(path = "cockpit_board.html")]
struct BoardView<'a> {
    lang: Lang,
    screen: bool,
    board: &'a Board,
}

/// `board` as HTML, for the big screen or not.
fn render(board: &Board, lang: Lang, screen: bool) -> Result<Arc<str>, AppError> {
    let html = BoardView {
        lang,
        screen,
        board,
    }
    .render()
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Arc::from(html))
}

impl CockpitPage {
    /// This page in big-screen mode.
    fn screen_url(&self) -> String {
        let join = if self.here.contains('?') { "&" } else { "?" };
        format!("{}{join}screen=1", self.here)
    }
}

/// Red items and units not reporting shown on the big screen (the rest are counted).
const SCREEN_ROWS: usize = 5;

/// Most points the trend draws (sampled evenly from the plan's periods).
const TREND_POINTS: usize = 26;

/// The ends of the plan's periods from its first item's start to `today`, at most
/// [`TREND_POINTS`] of them, then today.
fn trend_days(l: &PlanLedger) -> Vec<NaiveDate> {
    let Some(start) = l.items.iter().map(|i| i.start).min() else {
        return Vec::new();
    };
    let mut ends = Vec::new();
    let mut d = start;
    while d < l.today {
        let p = l.settings.rule.period_containing(d);
        if p.end < l.today {
            ends.push(p.end);
        }
        d = p.end + chrono::Duration::days(1);
    }
    let step = ends.len().div_ceil(TREND_POINTS).max(1);
    let mut days: Vec<NaiveDate> = ends.iter().rev().step_by(step).rev().copied().collect();
    days.push(l.today);
    days
}

/// The units that owe a report for the last closed period, with the items they owe it on.
fn not_reporting(ledgers: &[Arc<PlanLedger>]) -> Vec<MissingUnit> {
    let mut out: Vec<(minsheng_domain::UnitId, MissingUnit)> = Vec::new();
    for n in ledgers.iter().flat_map(|l| &l.not_reported) {
        let item = format!("{}. {}", n.seq, n.title);
        match out.iter_mut().find(|(u, _)| *u == n.unit_id) {
            Some((_, m)) => {
                m.missing += 1;
                m.items.push(item);
            }
            None => out.push((
                n.unit_id,
                MissingUnit {
                    unit: n.unit.clone(),
                    missing: 1,
                    items: vec![item],
                    escalated: false,
                },
            )),
        }
    }
    let mut out: Vec<MissingUnit> = out.into_iter().map(|(_, m)| m).collect();
    out.sort_by_key(|m| std::cmp::Reverse(m.missing));
    out
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "—".into())
}

/// One bar: label, value, the value in words, colour.
type Bar = (String, f64, String, &'static str);

/// Ranked bars of target completion (the mean of capped ratios) per group of ledger entries,
/// `keys` naming the groups an entry counts under; groups without a target are left out.
fn ranked<'a>(
    items: impl Iterator<Item = &'a ItemLedger>,
    keys: impl Fn(&ItemLedger) -> Vec<String>,
    color: &'static str,
) -> Vec<Bar> {
    let mut groups: Vec<(String, Vec<&ItemLedger>)> = Vec::new();
    for i in items {
        for k in keys(i) {
            match groups.iter_mut().find(|g| g.0 == k) {
                Some(g) => g.1.push(i),
                None => groups.push((k, vec![i])),
            }
        }
    }
    let mut rows: Vec<_> = groups
        .into_iter()
        .filter_map(|(k, members)| {
            let r = rollup_items(members).completion_rate?;
            Some((
                k.chars().take(10).collect(),
                r,
                format!("{:.1}%", r * 100.0),
                color,
            ))
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    rows
}

/// The board of `ledgers` (one plan's, or a region's year) as of `today`, the trend from
/// ledgers assessed as of each period's end of the first; `lists` adds ranked bars by region
/// and by list, and names each red item's list.
async fn board(
    s: &AppState,
    lang: Lang,
    ledgers: &[Arc<PlanLedger>],
    today: NaiveDate,
    lists: bool,
) -> Result<Board, AppError> {
    let all = || ledgers.iter().flat_map(|l| l.items.iter());
    // The lights, bad news first.
    let lights = [
        Light::Red,
        Light::Yellow,
        Light::Blue,
        Light::Green,
        Light::Grey,
    ];
    let ring = ring_chart(
        lang.pick("亮灯情况", "Lights"),
        lang.pick("个项目", "items"),
        &lights
            .iter()
            .map(|x| {
                let n = all().filter(|i| i.assessment.light == *x).count();
                (light_color(x.code()), light_label(*x, lang).to_string(), n)
            })
            .collect::<Vec<_>>(),
    )
    .render()?;
    // Completion ranked: by region and by list on a region's board, then by category and by
    // lead unit.
    let uncategorised = lang.pick("未分类", "Uncategorised");
    let mut groups: Vec<(&str, Vec<Bar>)> = Vec::new();
    if lists {
        let regions = ranked(
            all(),
            |i| {
                ledgers
                    .iter()
                    .find(|l| l.plan.id == i.detail.item.plan_id)
                    .map(|l| vec![l.region.name.clone()])
                    .unwrap_or_default()
            },
            "#6a3d9a",
        );
        if regions.len() > 1 {
            groups.push((
                lang.pick("各地区指标完成率", "Completion by region"),
                regions,
            ));
        }
        if ledgers.len() > 1 {
            let by_list = ranked(all(), |i| vec![list_label(ledgers, i)], "#00695c");
            groups.push((lang.pick("各清单指标完成率", "Completion by list"), by_list));
        }
    }
    groups.push((
        lang.pick("分类指标完成率", "Completion by category"),
        ranked(
            all(),
            |i| {
                vec![
                    i.detail
                        .category
                        .clone()
                        .unwrap_or_else(|| uncategorised.into()),
                ]
            },
            "#0b57a4",
        ),
    ));
    groups.push((
        lang.pick("各单位指标完成率", "Completion by unit"),
        ranked(
            all(),
            |i| i.detail.lead_units.iter().map(|u| u.name.clone()).collect(),
            "#b3261e",
        ),
    ));
    let mut bars = Vec::new();
    for (title, rows) in groups.iter().filter(|g| !g.1.is_empty()) {
        bars.push((
            chart(title, rows, charts::HALF).render()?,
            chart(title, rows, charts::NARROW).render()?,
        ));
    }
    // The trend, from ledgers assessed as of each period's end (one reading of the facts per
    // plan), on the first list's periods.
    let days = ledgers.first().map(|l| trend_days(l)).unwrap_or_default();
    // An item allocated from a list on the board counts once, there.
    let mut points = vec![(0.0, 0.0, 0usize); days.len()];
    let on_board: Vec<PlanId> = ledgers.iter().map(|l| l.plan.id).collect();
    for l in ledgers {
        let progress = s.store.plan_progress(l.plan.id, today, &days).await?;
        for (k, p) in progress.iter().enumerate() {
            let (planned, actual, n) = p.without(&on_board);
            points[k].0 += planned;
            points[k].1 += actual;
            points[k].2 += n;
        }
    }
    let points: Vec<(NaiveDate, f64, f64)> = days
        .iter()
        .zip(points)
        .map(|(d, (p, a, n))| (*d, p / n.max(1) as f64, a / n.max(1) as f64))
        .collect();
    let trend_title = lang.pick(
        "平均进度：实际（实线）与序时（虚线）",
        "Average progress: reported (solid) and planned (dashed)",
    );
    let trend = (
        trend_chart(HALF, &points, trend_title).render()?,
        trend_chart(PHONE, &points, trend_title).render()?,
    );
    let red = all()
        .filter(|i| i.assessment.light == Light::Red)
        .map(|i| RedItem {
            id: i.detail.item.id.0,
            seq: i.detail.item.seq.clone(),
            title: i.detail.item.display_title(),
            list: if lists {
                list_name(ledgers, i)
            } else {
                String::new()
            },
            units: crate::view::lead_names(&i.detail),
            actual: pct(i.assessment.actual),
            expected: pct(Some(i.assessment.expected)),
            blocker: i
                .latest
                .as_ref()
                .map(|l| l.2.trim().to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| {
                    lang.pick("（未报告存在问题）", "(no problem reported)")
                        .to_string()
                }),
        })
        .collect();
    let rollup = rollup_items(all());
    let minsheng_store::PlanProgress {
        planned, actual, ..
    } = minsheng_store::PlanProgress::of_items(all());
    let missing = not_reporting(ledgers);
    let mut totals = Vec::new();
    if lists {
        totals.push((lang.pick("清单", "Lists"), ledgers.len().to_string()));
    }
    totals.extend([
        (lang.pick("项目", "Items"), all().count().to_string()),
        (
            lang.pick("已验收", "Accepted"),
            rollup.completed.to_string(),
        ),
        (
            lang.pick("指标完成率", "Target completion"),
            pct(rollup.completion_rate.map(|r| r * 100.0)),
        ),
        (
            lang.pick("平均进度", "Average progress"),
            format!("{actual:.0}%"),
        ),
        (
            lang.pick("序时进度", "Planned by now"),
            format!("{planned:.0}%"),
        ),
        (
            lang.pick("上期未报送单位", "Units not reporting"),
            missing.len().to_string(),
        ),
    ]);
    Ok(Board {
        totals,
        ring,
        bars,
        trend,
        red,
        missing,
        allocated: Vec::new(),
    })
}

/// The items of `ledgers` allocated to regions below, as a region's board shows them.
async fn allocated(
    s: &AppState,
    lang: Lang,
    ledgers: &[Arc<PlanLedger>],
    today: NaiveDate,
) -> Result<Vec<AllocatedItem>, AppError> {
    let mut out = Vec::new();
    for l in ledgers {
        for id in s.store.allocated_items(l.plan.id).await? {
            let Some(view) = s.store.allocation(id, today).await? else {
                continue;
            };
            let Some(item) = l.items.iter().find(|i| i.detail.item.id == id) else {
                continue;
            };
            let mut regions: Vec<_> = view
                .regions
                .iter()
                .map(|r| {
                    let (code, name, actual) = match &r.assessment {
                        Some(a) => (a.light.code(), light_label(a.light, lang), a.actual),
                        None => ("grey", lang.pick("清单未发布", "list not published"), None),
                    };
                    (r.region.name.clone(), r.item.0, code, name, actual)
                })
                .collect();
            regions.sort_by(|a, b| a.4.unwrap_or(-1.0).total_cmp(&b.4.unwrap_or(-1.0)));
            out.push(AllocatedItem {
                id: id.0,
                title: format!(
                    "{}. {}",
                    item.detail.item.seq,
                    item.detail.item.display_title()
                ),
                regions: regions
                    .into_iter()
                    .map(|(n, i, c, l, a)| {
                        (
                            n,
                            i,
                            c,
                            l,
                            a.map(crate::view::pct).unwrap_or_else(|| "—".into()),
                        )
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}

/// The list an entry is on, as a region's board names it: its region, and the list's title
/// when the region has more than one.
fn list_name(ledgers: &[Arc<PlanLedger>], i: &ItemLedger) -> String {
    let Some(l) = ledgers.iter().find(|l| l.plan.id == i.detail.item.plan_id) else {
        return String::new();
    };
    let same_region = ledgers
        .iter()
        .filter(|x| x.region.id == l.region.id)
        .count();
    if same_region > 1 {
        l.plan.title.clone()
    } else {
        l.region.name.clone()
    }
}

/// [`list_name`] short enough for a bar's label: a title without the region and the year
/// that every list of the region starts with (示范区2025年街道民生实事清单 → 街道民生实事清单).
fn list_label(ledgers: &[Arc<PlanLedger>], i: &ItemLedger) -> String {
    let name = list_name(ledgers, i);
    let Some(l) = ledgers.iter().find(|l| l.plan.id == i.detail.item.plan_id) else {
        return name;
    };
    let year = format!("{}年", l.plan.year);
    let short = name
        .strip_prefix(l.region.name.as_str())
        .unwrap_or(&name)
        .trim_start_matches(year.as_str());
    if short.is_empty() {
        name.clone()
    } else {
        short.to_string()
    }
}

/// GET /plans/{id}/cockpit[?screen=1].
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
    Query(q): Query<CockpitQuery>,
) -> Result<CockpitPage, AppError> {
    let today = s.clock.today();
    let l = s.store.plan_ledger(id, today).await?;
    super::dashboard::may_overview(&me, &l, "驾驶舱")?;
    let ledgers = [l];
    let board = board(&s, lang, &ledgers, today, false).await?;
    let [l] = ledgers;
    let links = vec![
        (
            format!("/plans/{}/dashboard", id.0),
            lang.pick("调度看板", "Dashboard").to_string(),
        ),
        (
            format!("/regions/{}/cockpit?year={}", l.region.id.0, l.plan.year),
            format!("{}{}", l.region.name, lang.pick("全部清单", ": every list")),
        ),
    ];
    Ok(CockpitPage {
        t: lang.tr(),
        lang,
        me,
        title: l.plan.title.clone(),
        today: today.to_string(),
        period: crate::view::period_label(&l.current, l.settings.rule.cadence, lang),
        screen: q.screen(),
        here: format!("/plans/{}/cockpit", id.0),
        links,
        board: render(&board, lang, q.screen())?,
    })
}
