//! The coordinating office's dashboard (调度看板) for one plan: the roll-up, lights by
//! category and by unit, the lagging list, the not-reported list and every item, with filters.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::error::Words;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::{light_label, pct, rate, report_state_class, report_state_label, status_label};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use minsheng_domain::ledger::{Cadence, ItemStatus, Light, PeriodReportState, Rollup};
use minsheng_domain::{LeaderId, PlanId};
use minsheng_store::{ItemLedger, PlanLedger};
use serde::Deserialize;

/// One row of a roll-up table.
pub struct RollupView {
    pub label: String,
    pub items: usize,
    pub lights: Vec<(&'static str, &'static str, usize)>,
    pub completion: String,
    pub attainment: String,
    pub overall: String,
    pub completed: usize,
    pub overdue: usize,
    pub not_reported: usize,
}

impl RollupView {
    /// A roll-up as shown.
    pub fn new(label: String, r: &Rollup, lang: Lang) -> RollupView {
        RollupView {
            label,
            items: r.items,
            lights: Light::ALL
                .iter()
                .map(|l| (l.code(), light_label(*l, lang), r.light(*l)))
                .collect(),
            completion: rate(r.completion_rate),
            attainment: rate(r.attainment_rate),
            overall: rate(r.overall_rate),
            completed: r.completed,
            overdue: r.overdue,
            not_reported: r.not_reported,
        }
    }
}

/// An item as a dashboard row.
pub struct ItemView {
    pub id: i64,
    pub seq: String,
    pub title: String,
    pub lead: String,
    pub light: &'static str,
    pub light_label: &'static str,
    pub status: &'static str,
    pub expected: String,
    pub actual: String,
    pub deadline: String,
    pub extended: bool,
    pub state: &'static str,
    pub state_class: &'static str,
    pub problems: String,
    pub explain: bool,
    /// An item in the charge of the leader looking.
    pub mine: bool,
}

impl ItemView {
    /// An item as shown in lists.
    pub fn new(i: &ItemLedger, lang: Lang) -> ItemView {
        let a = &i.assessment;
        ItemView {
            id: i.detail.item.id.0,
            seq: i.detail.item.seq.clone(),
            title: i.detail.item.display_title(),
            lead: crate::view::lead_names(&i.detail),
            light: a.light.code(),
            light_label: light_label(a.light, lang),
            status: status_label(a.status, lang),
            expected: pct(a.expected),
            actual: a.actual.map(pct).unwrap_or_else(|| "—".into()),
            deadline: i.current_deadline.to_string(),
            extended: i.current_deadline != i.original_deadline,
            state: match (i.current_state, &i.no_progress) {
                // Filed this period, saying nothing moved: reported, and shown as such.
                (PeriodReportState::OnTime | PeriodReportState::Late, Some(_)) => {
                    lang.pick("已报送·无进展", "filed: no progress")
                }
                (s, _) => report_state_label(s, lang),
            },
            state_class: report_state_class(i.current_state),
            problems: i.latest.as_ref().map(|l| l.2.clone()).unwrap_or_default(),
            explain: a.explanation_required,
            mine: false,
        }
    }
}

/// The person, when they may read the plan's overview pages (`page`: 调度看板, 驾驶舱): those
/// who read everything, and leaders in charge of one of its items.
pub(super) fn may_overview(
    me: &Me,
    l: &PlanLedger,
    page: &str,
) -> Result<minsheng_domain::access::Principal, AppError> {
    let who = me.principal()?;
    let leaders: Vec<LeaderId> = l
        .items
        .iter()
        .flat_map(|i| i.detail.leaders.iter().map(|x| x.id))
        .collect();
    if !who.can_read_overview(&leaders) {
        return Err(AppError::Forbidden(Words::new(
            format!("此计划中没有您分管的项目，无法查看其{page}。"),
            "None of this plan's items is in your charge.",
        )));
    }
    Ok(who)
}

/// Filters.
#[derive(Deserialize, Default)]
pub struct DashQuery {
    category: Option<String>,
    unit: Option<String>,
    light: Option<String>,
    status: Option<String>,
    /// `1`: only the items in the charge of the leader looking.
    mine: Option<String>,
    /// Units just reminded (一键催报), to say so.
    reminded: Option<u32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    /// For a leader: how many items are in their charge, and whether only those are listed.
    mine: Option<(usize, bool)>,
    /// Issued bulletins: id, number, title.
    bulletins: Vec<(i64, String, String)>,
    title: String,
    published: bool,
    today: String,
    period: String,
    last_closed: Option<(String, String)>,
    locked: bool,
    total: RollupView,
    by_category: Vec<RollupView>,
    by_unit: Vec<RollupView>,
    lagging: Vec<ItemView>,
    /// By unit, with the office's reminder if sent (一键催报).
    not_reported: Vec<crate::supervision::UnitMissing>,
    /// Units reminded by the request that led here.
    reminded: Option<u32>,
    /// Units listed that the office has not reminded yet.
    unreminded: usize,
    /// 数据质量: doubtful photos and copied progress texts.
    quality: Vec<crate::view::QualityView>,
    items: Vec<ItemView>,
    categories: Vec<(String, String, bool)>,
    units: Vec<(String, String, bool)>,
    lights: Vec<(&'static str, &'static str, bool)>,
    statuses: Vec<(&'static str, &'static str, bool)>,
    cadences: Vec<(&'static str, &'static str, bool)>,
    due_day: u32,
    grace_days: u32,
    yellow_gap: f64,
    red_gap: f64,
    blue_days: i64,
    reminders: minsheng_domain::supervision::ReminderPolicy,
    causes: String,
    jump_factor: String,
}

fn matches(i: &ItemLedger, q: &DashQuery, leader: Option<LeaderId>) -> bool {
    let set = |o: &Option<String>| o.as_deref().filter(|v| !v.is_empty()).map(str::to_string);
    (q.mine.as_deref() != Some("1") || leader.is_some_and(|l| in_charge(i, l)))
        && set(&q.category)
            .is_none_or(|c| i.detail.item.category_id.map(|x| x.to_string()) == Some(c))
        && set(&q.unit).is_none_or(|u| {
            i.detail
                .lead_units
                .iter()
                .chain(&i.detail.co_units)
                .any(|x| x.id.to_string() == u)
        })
        && set(&q.light).is_none_or(|l| i.assessment.light.code() == l)
        && set(&q.status).is_none_or(|s| i.assessment.status.code() == s)
}

/// Whether the item is in the charge of leader `l`.
fn in_charge(i: &ItemLedger, l: LeaderId) -> bool {
    i.detail.leaders.iter().any(|x| x.id == l)
}

/// Lagging: red or yellow, worst first.
pub fn lagging(l: &PlanLedger) -> Vec<&ItemLedger> {
    let mut v: Vec<&ItemLedger> = l
        .items
        .iter()
        .filter(|i| matches!(i.assessment.light, Light::Red | Light::Yellow))
        .collect();
    v.sort_by(|a, b| {
        (a.assessment.light != Light::Red)
            .cmp(&(b.assessment.light != Light::Red))
            .then(
                (b.assessment.expected - b.assessment.actual.unwrap_or(0.0))
                    .total_cmp(&(a.assessment.expected - a.assessment.actual.unwrap_or(0.0))),
            )
    });
    v
}

/// GET /plans/{id}/dashboard.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
    Query(q): Query<DashQuery>,
) -> Result<DashboardPage, AppError> {
    let today = s.clock.today();
    let l = s.store.plan_ledger(id, today).await?;
    let who = may_overview(&me, &l, "调度看板")?;
    // A leader sees the items in their charge marked (and may list only those).
    let leader = who.leader.filter(|_| !who.reads_all());
    let view = |i: &ItemLedger| ItemView {
        mine: leader.is_some_and(|x| in_charge(i, x)),
        ..ItemView::new(i, lang)
    };
    let bulletins = s.store.issued_bulletins(id).await?;
    let quality = s.store.plan_quality(id).await?;
    let office_reminders = if l.not_reported.is_empty() {
        Vec::new()
    } else {
        crate::supervision::office_reminders(&s, id).await?
    };
    let missing = crate::supervision::by_unit(&l.not_reported, &office_reminders);
    let locked = match l.last_closed {
        Some(p) => s.store.period_locked(id, p.start).await?,
        None => false,
    };
    let cadence = l.settings.rule.cadence;
    let sel = |o: &Option<String>, v: &str| o.as_deref() == Some(v);
    let mut units: Vec<(String, String, bool)> = Vec::new();
    for i in &l.items {
        for u in i.detail.lead_units.iter().chain(&i.detail.co_units) {
            if !units.iter().any(|x| x.0 == u.id.to_string()) {
                units.push((
                    u.id.to_string(),
                    u.name.clone(),
                    sel(&q.unit, &u.id.to_string()),
                ));
            }
        }
    }
    Ok(DashboardPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        mine: leader.map(|x| {
            (
                l.items.iter().filter(|i| in_charge(i, x)).count(),
                q.mine.as_deref() == Some("1"),
            )
        }),
        bulletins,
        title: l.plan.title.clone(),
        published: l.plan.state == minsheng_domain::PlanState::Published,
        today: today.to_string(),
        period: crate::view::period_label(&l.current, cadence, lang),
        last_closed: l.last_closed.map(|p| {
            (
                p.start.to_string(),
                crate::view::period_label(&p, cadence, lang),
            )
        }),
        locked,
        total: RollupView::new(l.plan.title.clone(), &l.rollup, lang),
        by_category: l
            .rollup_by("category")
            .iter()
            .map(|r| RollupView::new(r.label.clone(), &r.rollup, lang))
            .collect(),
        by_unit: l
            .rollup_by("unit")
            .iter()
            .map(|r| RollupView::new(r.label.clone(), &r.rollup, lang))
            .collect(),
        lagging: lagging(&l)
            .into_iter()
            .filter(|i| matches(i, &q, leader))
            .map(view)
            .collect(),
        unreminded: missing.iter().filter(|u| u.reminded.is_none()).count(),
        not_reported: missing,
        reminded: q.reminded,
        quality: crate::view::QualityView::list(&quality, &l.settings.rule, lang),
        items: l
            .items
            .iter()
            .filter(|i| matches(i, &q, leader))
            .map(view)
            .collect(),
        categories: l
            .categories
            .iter()
            .map(|c| {
                (
                    c.id.to_string(),
                    c.name.clone(),
                    sel(&q.category, &c.id.to_string()),
                )
            })
            .collect(),
        units,
        lights: Light::ALL
            .iter()
            .map(|x| (x.code(), light_label(*x, lang), sel(&q.light, x.code())))
            .collect(),
        statuses: ItemStatus::ALL
            .iter()
            .map(|x| (x.code(), status_label(*x, lang), sel(&q.status, x.code())))
            .collect(),
        cadences: Cadence::ALL
            .iter()
            .map(|c| (c.code(), c.label_zh(), *c == cadence))
            .collect(),
        due_day: l.settings.rule.due_day,
        grace_days: l.settings.rule.grace_days,
        yellow_gap: l.settings.thresholds.yellow_gap,
        red_gap: l.settings.thresholds.red_gap,
        blue_days: l.settings.thresholds.blue_days,
        reminders: l.settings.reminders,
        causes: l.settings.delay_causes.join("、"),
        jump_factor: minsheng_domain::draft::plain(l.settings.jump_factor),
    })
}
