//! Row types as the databases return them, and their conversion into domain types. Codes
//! (state, kind, role, comparator) are TEXT in both databases.

use chrono::NaiveDate;
use minsheng_domain as d;

fn code<T: std::str::FromStr>(s: &str, fallback: T) -> T {
    s.parse().unwrap_or(fallback)
}

#[derive(sqlx::FromRow)]
pub(crate) struct RegionRow {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub parent_id: Option<i64>,
}

impl From<RegionRow> for d::Region {
    fn from(r: RegionRow) -> Self {
        d::Region {
            id: d::RegionId(r.id),
            name: r.name,
            level: code(&r.level, d::RegionLevel::District),
            parent_id: r.parent_id.map(d::RegionId),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PlanRow {
    pub id: i64,
    pub region_id: i64,
    pub year: i32,
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub default_deadline: Option<NaiveDate>,
    pub state: String,
    pub source_name: Option<String>,
}

pub(crate) const PLAN_COLS: &str = "p.id, p.region_id, p.year, p.title, p.doc_number, p.issuer, p.issued_on, p.default_deadline, p.state, p.source_name";

impl From<PlanRow> for d::Plan {
    fn from(r: PlanRow) -> Self {
        d::Plan {
            id: d::PlanId(r.id),
            region_id: d::RegionId(r.region_id),
            year: r.year,
            title: r.title,
            doc_number: r.doc_number,
            issuer: r.issuer,
            issued_on: r.issued_on,
            default_deadline: r.default_deadline,
            state: code(&r.state, d::PlanState::Draft),
            source_name: r.source_name,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CategoryRow {
    pub id: i64,
    pub plan_id: i64,
    pub position: i32,
    pub name: String,
}

impl From<CategoryRow> for d::Category {
    fn from(r: CategoryRow) -> Self {
        d::Category {
            id: d::CategoryId(r.id),
            plan_id: d::PlanId(r.plan_id),
            position: r.position,
            name: r.name,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    pub id: i64,
    pub plan_id: i64,
    pub category_id: Option<i64>,
    pub seq: String,
    pub position: i32,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub content: Option<String>,
    pub level: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub deadline_text: Option<String>,
    pub acceptance_standard: Option<String>,
    pub fund_source: Option<String>,
    pub budget: Option<f64>,
    pub voted: bool,
    pub carried_over_from: Option<i64>,
    pub span_start_year: Option<i32>,
    pub span_end_year: Option<i32>,
}

pub(crate) const ITEM_COLS: &str = "i.id, i.plan_id, i.category_id, i.seq, i.position, i.name, i.summary, i.content, i.level, i.deadline, i.deadline_text, i.acceptance_standard, i.fund_source, i.budget, i.voted, i.carried_over_from, i.span_start_year, i.span_end_year";

impl From<ItemRow> for d::Item {
    fn from(r: ItemRow) -> Self {
        d::Item {
            id: d::ItemId(r.id),
            plan_id: d::PlanId(r.plan_id),
            category_id: r.category_id.map(d::CategoryId),
            seq: r.seq,
            position: r.position,
            name: r.name,
            summary: r.summary,
            content: r.content,
            level: r.level,
            deadline: r.deadline,
            deadline_text: r.deadline_text,
            acceptance_standard: r.acceptance_standard,
            fund_source: r.fund_source,
            budget: r.budget,
            voted: r.voted,
            carried_over_from: r.carried_over_from.map(d::ItemId),
            span_start_year: r.span_start_year,
            span_end_year: r.span_end_year,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TargetRow {
    pub id: i64,
    pub item_id: i64,
    pub position: i32,
    pub metric: String,
    pub unit: String,
    pub value: f64,
    pub comparator: String,
    pub kind: String,
    pub baseline: Option<f64>,
    pub optional: bool,
    pub source_text: Option<String>,
}

/// The columns a [`TargetRow`] is read from, `t` being `targets`.
pub(crate) const TARGET_COLS: &str = "t.id, t.item_id, t.position, t.metric, t.unit, t.value, t.comparator, t.kind, t.baseline, t.optional, t.source_text";

impl From<TargetRow> for d::Target {
    fn from(r: TargetRow) -> Self {
        d::Target {
            id: d::TargetId(r.id),
            item_id: d::ItemId(r.item_id),
            position: r.position,
            metric: r.metric,
            unit: r.unit,
            value: r.value,
            comparator: code(&r.comparator, d::Comparator::Eq),
            kind: code(&r.kind, d::TargetKind::Count),
            baseline: r.baseline,
            optional: r.optional,
            source_text: r.source_text,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    pub id: i64,
    pub region_id: i64,
    pub name: String,
    pub kind: String,
}

impl UnitRow {
    pub fn into_unit(self, aliases: Vec<String>) -> d::Unit {
        d::Unit {
            id: d::UnitId(self.id),
            region_id: d::RegionId(self.region_id),
            name: self.name,
            kind: code(&self.kind, d::UnitKind::Other),
            aliases,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemUnitRow {
    pub item_id: i64,
    pub role: String,
    pub id: i64,
    pub region_id: i64,
    pub name: String,
    pub kind: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemLeaderRow {
    pub item_id: i64,
    pub id: i64,
    pub region_id: i64,
    pub name: String,
    pub title: Option<String>,
}
