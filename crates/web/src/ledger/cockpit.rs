//! The leader's cockpit (领导驾驶舱) of a plan: on one screen the lights as a ring, completion
//! by category and by unit as ranked bars, the trend of average progress against the planned
//! curve, the red items with what blocks them, and the units not reporting. Server-drawn SVG,
//! no script. `?screen=1` is the big-screen mode for the dispatch meeting's room (1920×1080,
//! large type, reloads itself every five minutes).

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
use minsheng_domain::supervision::BulletinKind;
use minsheng_store::{MissingUnit, PlanLedger};
use serde::Deserialize;

/// `?screen=1`: the big-screen mode.
#[derive(Deserialize, Default)]
pub struct CockpitQuery {
    screen: Option<String>,
}

/// A red item and what blocks it.
struct RedItem {
    id: i64,
    seq: String,
    title: String,
    units: String,
    actual: String,
    expected: String,
    blocker: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cockpit.html")]
pub struct CockpitPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    title: String,
    today: String,
    period: String,
    screen: bool,
    /// Headline figures: label, value.
    totals: Vec<(&'static str, String)>,
    ring: String,
    /// Wide and narrow renderings of each ranked-bar chart.
    bars: Vec<(String, String)>,
    /// Wide and narrow renderings of the trend.
    trend: (String, String),
    red: Vec<RedItem>,
    missing: Vec<MissingUnit>,
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

/// Average planned and reported progress of a ledger's items, in percent.
fn averages(l: &PlanLedger) -> (f64, f64) {
    let n = l.items.len().max(1) as f64;
    let planned = l.items.iter().map(|i| i.assessment.expected).sum::<f64>() / n;
    let actual = l
        .items
        .iter()
        .map(|i| i.assessment.actual.unwrap_or(0.0))
        .sum::<f64>()
        / n;
    (planned, actual)
}

/// The units that owe a report for the last closed period, with the items they owe it on.
fn not_reporting(l: &PlanLedger) -> Vec<MissingUnit> {
    let mut out: Vec<(minsheng_domain::UnitId, MissingUnit)> = Vec::new();
    for n in &l.not_reported {
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
    let d = s
        .store
        .bulletin_data(
            id,
            BulletinKind::Weekly,
            (l.current.start, l.current.end),
            today,
        )
        .await?;
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
                let n = l.items.iter().filter(|i| i.assessment.light == *x).count();
                (light_color(x.code()), light_label(*x, lang).to_string(), n)
            })
            .collect::<Vec<_>>(),
    )
    .render()?;
    // Completion by category and by unit, ranked.
    let mut cats = charts::category_rows(&d.categories);
    cats.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut units: Vec<(String, f64, String, &'static str)> = d
        .ranking
        .iter()
        .filter(|u| u.facts.targets > 0)
        .map(|u| {
            let r = u.facts.capped_ratio_sum / u.facts.targets as f64;
            (
                u.facts.unit.chars().take(10).collect(),
                r,
                format!("{:.1}%", r * 100.0),
                "#b3261e",
            )
        })
        .collect();
    units.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut bars = Vec::new();
    for (title, rows) in [
        (lang.pick("分类指标完成率", "Completion by category"), &cats),
        (lang.pick("各单位指标完成率", "Completion by unit"), &units),
    ] {
        if !rows.is_empty() {
            bars.push((
                chart(title, rows, charts::HALF).render()?,
                chart(title, rows, charts::NARROW).render()?,
            ));
        }
    }
    // The trend, from ledgers assessed as of each period's end (one reading of the facts).
    let days = trend_days(&l);
    s.store.keep_ledgers(id, today, &days).await?;
    let mut points = Vec::new();
    for day in days {
        let (planned, actual) = averages(&*s.store.plan_ledger(id, day).await?);
        points.push((day, planned, actual));
    }
    let trend_title = lang.pick(
        "平均进度：实际（实线）与序时（虚线）",
        "Average progress: reported (solid) and planned (dashed)",
    );
    let trend = (
        trend_chart(HALF, &points, trend_title).render()?,
        trend_chart(PHONE, &points, trend_title).render()?,
    );
    let red = l
        .items
        .iter()
        .filter(|i| i.assessment.light == Light::Red)
        .map(|i| RedItem {
            id: i.detail.item.id.0,
            seq: i.detail.item.seq.clone(),
            title: i.detail.item.display_title(),
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
    let (planned, actual) = averages(&l);
    let missing = not_reporting(&l);
    let totals = vec![
        (lang.pick("项目", "Items"), l.items.len().to_string()),
        (
            lang.pick("已验收", "Accepted"),
            l.rollup.completed.to_string(),
        ),
        (
            lang.pick("指标完成率", "Target completion"),
            pct(l.rollup.completion_rate.map(|r| r * 100.0)),
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
    ];
    Ok(CockpitPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        title: l.plan.title.clone(),
        today: today.to_string(),
        period: crate::view::period_label(&l.current, l.settings.rule.cadence, lang),
        screen: q.screen.as_deref().is_some_and(|v| v == "1"),
        totals,
        ring,
        bars,
        trend,
        red,
        missing,
    })
}
