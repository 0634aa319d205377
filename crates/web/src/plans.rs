//! Plan pages: the lists by region and year, one plan grouped by category (filterable by
//! unit), and one item.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::ids::parse_id;
use crate::view::ItemRow;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use minsheng_domain::{PlanId, PlanState, UnitId};
use minsheng_store::PlanDetail;
use serde::Deserialize;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/plans/{id}", get(plan_page))
}

fn state_label(s: PlanState, t: &Tr) -> &'static str {
    match s {
        PlanState::Draft => t.draft,
        PlanState::Published => t.published,
        PlanState::Closed => t.closed,
    }
}

/// A plan in the index.
struct PlanRow {
    id: i64,
    title: String,
    items: i64,
    state: &'static str,
    state_code: &'static str,
}

/// Plans of one region and year.
struct YearGroup {
    region: String,
    year: i32,
    plans: Vec<PlanRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "index.html")]
struct IndexPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    groups: Vec<YearGroup>,
    years: Vec<i32>,
    year: Option<i32>,
    region: String,
    total: i64,
    /// Links to the previous and next pages, when there are such.
    prev: Option<String>,
    next: Option<String>,
}

/// Which published plans a home shows an office confined to a region.
#[derive(Clone, Copy)]
pub(crate) enum Reach {
    /// Every region's.
    All,
    /// Its own region's only: the work its own office does.
    Own(minsheng_domain::RegionId),
    /// Its region's and those of every region below.
    Below(minsheng_domain::RegionId),
}

impl Reach {
    pub(crate) fn of(me: &Me, below: bool) -> Reach {
        match me.region() {
            None => Reach::All,
            Some(r) if below => Reach::Below(r),
            Some(r) => Reach::Own(r),
        }
    }

    /// Whether a request decided in region `r` is this office's to decide.
    pub(crate) fn decides(self, r: i64) -> bool {
        match self {
            Reach::All => true,
            Reach::Own(o) | Reach::Below(o) => o.0 == r,
        }
    }

    /// The published plans within reach, by id.
    pub(crate) async fn published(
        self,
        s: &AppState,
    ) -> Result<Vec<minsheng_domain::PlanId>, AppError> {
        Ok(match self {
            Reach::All => s.store.published_plans().await?,
            Reach::Own(r) => s.store.published_plans_in(r, false).await?,
            Reach::Below(r) => s.store.published_plans_in(r, true).await?,
        })
    }
}

/// Whether unpublished (draft) plans are shown: only to roles that read everything.
pub(crate) fn sees_drafts(me: &Me) -> bool {
    me.can("read_all")
}

/// The index's filters.
#[derive(Deserialize)]
struct IndexQuery {
    year: Option<String>,
    region: Option<String>,
    page: Option<String>,
}

/// Plans per index page.
const PER_PAGE: i64 = 50;

async fn index(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Query(q): Query<IndexQuery>,
) -> Result<IndexPage, AppError> {
    let t = lang.tr();
    let year = q.year.as_deref().and_then(|y| y.trim().parse().ok());
    let region = q.region.clone().unwrap_or_default();
    let page: i64 = q
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let (plans, total) = s
        .store
        .plans_page(&minsheng_store::PlanFilter {
            year,
            region: Some(region.clone()),
            drafts: sees_drafts(&me),
            drafts_within: me.region(),
            limit: PER_PAGE,
            offset: (page - 1) * PER_PAGE,
        })
        .await?;
    let mut groups: Vec<YearGroup> = Vec::new();
    for p in plans {
        let row = PlanRow {
            id: p.plan.id.0,
            title: p.plan.title.clone(),
            items: p.items,
            state: state_label(p.plan.state, t),
            state_code: p.plan.state.code(),
        };
        match groups
            .iter_mut()
            .find(|g| g.region == p.region && g.year == p.plan.year)
        {
            Some(g) => g.plans.push(row),
            None => groups.push(YearGroup {
                region: p.region,
                year: p.plan.year,
                plans: vec![row],
            }),
        }
    }
    let link = |n: i64| {
        let mut l = format!("/?page={n}");
        if let Some(y) = year {
            l.push_str(&format!("&year={y}"));
        }
        if !region.trim().is_empty() {
            l.push_str("&region=");
            l.push_str(&crate::forms::urlencode(region.trim()));
        }
        l
    };
    Ok(IndexPage {
        t,
        lang,
        years: s.store.plan_years().await?,
        year,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page * PER_PAGE < total).then(|| link(page + 1)),
        region,
        total,
        me,
        groups,
    })
}

/// Items under one category heading.
struct Group {
    name: String,
    items: Vec<ItemRow>,
}

/// One row of the public progress summary: a category or a lead unit.
struct SummaryRow {
    name: String,
    items: usize,
    completed: usize,
    completion: String,
    red: usize,
    yellow: usize,
}

/// The plan's progress as frozen at its last locked period (进展概况).
struct Summary {
    as_of: String,
    items: usize,
    completion: String,
    lights: Vec<(&'static str, &'static str, usize)>,
    /// (caption, rows): by category, by lead unit.
    tables: Vec<(&'static str, Vec<SummaryRow>)>,
}

fn summary(l: &minsheng_store::PlanLedger, lang: Lang) -> Summary {
    let pct = crate::view::rate;
    let rows = |dim: &str| {
        l.rollup_by(dim)
            .into_iter()
            .map(|r| SummaryRow {
                name: r.label,
                items: r.rollup.items,
                completed: r.rollup.completed,
                completion: pct(r.rollup.completion_rate),
                red: r.rollup.light(minsheng_domain::ledger::Light::Red),
                yellow: r.rollup.light(minsheng_domain::ledger::Light::Yellow),
            })
            .collect()
    };
    Summary {
        as_of: l.today.to_string(),
        items: l.rollup.items,
        completion: pct(l.rollup.completion_rate),
        lights: minsheng_domain::ledger::Light::ALL
            .iter()
            .map(|x| {
                (
                    x.code(),
                    crate::view::light_label(*x, lang),
                    l.rollup.light(*x),
                )
            })
            .collect(),
        tables: vec![
            (lang.pick("按类别", "By category"), rows("category")),
            (lang.pick("按牵头单位", "By lead unit"), rows("unit")),
        ],
    }
}

/// A unit in the filter.
struct UnitOption {
    id: i64,
    name: String,
    selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
struct PlanPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    title: String,
    region: String,
    year: i32,
    state: &'static str,
    state_code: &'static str,
    doc_number: Option<String>,
    issuer: Option<String>,
    issued_on: Option<String>,
    default_deadline: Option<String>,
    units: Vec<UnitOption>,
    shown: usize,
    total: usize,
    groups: Vec<Group>,
    /// Issued bulletins (public): id, number, title.
    bulletins: Vec<(i64, String, String)>,
    /// Progress as frozen at the last locked period, once there is one.
    summary: Option<Summary>,
    /// For a draft and those who edit plans: unfinished items of earlier plans (结转).
    carry: Vec<minsheng_store::CarryCandidate>,
    /// For those who edit plans: items marked as coming from a level above (市级, 省级),
    /// linked to what that level allocated on `/plans/{id}/links`.
    from_above: usize,
}

#[derive(Deserialize)]
struct PlanQuery {
    unit: Option<String>,
}

fn group_items(d: &PlanDetail, lang: Lang) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for item in &d.items {
        let name = item
            .category
            .clone()
            .unwrap_or_else(|| lang.tr().uncategorised.to_string());
        match groups.last_mut() {
            Some(g) if g.name == name => g.items.push(ItemRow::new(item, lang)),
            _ => groups.push(Group {
                name,
                items: vec![ItemRow::new(item, lang)],
            }),
        }
    }
    groups
}

/// GET /plans/{id}. Visitors who are not signed in get the page from the cache while the
/// plan's version is the one it was rendered at (the page is the same for all of them; writes
/// to other plans leave it valid).
async fn plan_page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
    Query(q): Query<PlanQuery>,
) -> Result<axum::response::Response, AppError> {
    use askama::Template;
    use axum::response::{Html, IntoResponse};
    let public = me.user.is_none() && q.unit.as_deref().is_none_or(str::is_empty);
    if !public {
        return Ok(build_plan_page(&s, lang, me, id, q).await?.into_response());
    }
    let version = s.store.plan_version(id).await?;
    let key = format!("plan:{id}:{}", lang.code());
    if let Some(html) = s.pages.get(&key, version, s.clock.now().at) {
        return Ok(Html(html.to_string()).into_response());
    }
    let page = build_plan_page(&s, lang, me, id, q).await?;
    let html = page.render()?;
    s.pages.put(key, version, None, &html);
    Ok(Html(html).into_response())
}

async fn build_plan_page(
    s: &AppState,
    lang: Lang,
    me: Me,
    id: PlanId,
    q: PlanQuery,
) -> Result<PlanPage, AppError> {
    let unit = match q.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => Some(parse_id::<UnitId>(u)?),
        None => None,
    };
    let all = s.store.plan_detail(id, None).await?;
    if all.plan.state == minsheng_domain::PlanState::Draft && !sees_drafts(&me) {
        return Err(AppError::NotFound("计划 (plan)"));
    }
    // One query: the unit filter applies to the items already loaded.
    let mut detail = all.clone();
    if let Some(u) = unit {
        detail
            .items
            .retain(|i| i.lead_units.iter().chain(&i.co_units).any(|x| x.id == u));
    }
    let mut units: Vec<UnitOption> = Vec::new();
    for u in all
        .items
        .iter()
        .flat_map(|i| i.lead_units.iter().chain(&i.co_units))
    {
        if !units.iter().any(|x| x.id == u.id.0) {
            units.push(UnitOption {
                id: u.id.0,
                name: u.name.clone(),
                selected: Some(u.id) == unit,
            });
        }
    }
    units.sort_by(|a, b| a.name.cmp(&b.name));
    let bulletins = s.store.issued_bulletins(id).await?;
    let summary = match s.store.last_locked_period_end(id).await? {
        Some(end) if all.plan.state != minsheng_domain::PlanState::Draft => {
            let l = s.store.plan_ledger(id, end).await?;
            Some(summary(&l, lang))
        }
        _ => None,
    };
    let carry = if all.plan.state == minsheng_domain::PlanState::Draft && me.can("manage_plans") {
        s.store.carry_candidates(id).await?
    } else {
        Vec::new()
    };
    let from_above = if me.can("manage_plans") {
        all.items
            .iter()
            .filter_map(|i| i.item.level.as_deref().or(i.category.as_deref()))
            .filter(|m| minsheng_domain::linking::from_above(m, all.region.level))
            .count()
    } else {
        0
    };
    let t = lang.tr();
    Ok(PlanPage {
        summary,
        carry,
        from_above,
        t,
        lang,
        me,
        plan_id: id.0,
        title: detail.plan.title.clone(),
        region: detail.region.name.clone(),
        year: detail.plan.year,
        state: state_label(detail.plan.state, t),
        state_code: detail.plan.state.code(),
        doc_number: detail.plan.doc_number.clone(),
        issuer: detail.plan.issuer.clone(),
        issued_on: detail.plan.issued_on.map(|d| d.to_string()),
        default_deadline: detail.plan.default_deadline.map(|d| d.to_string()),
        units,
        shown: detail.items.len(),
        total: all.items.len(),
        groups: group_items(&detail, lang),
        bulletins,
    })
}
