//! What a bulletin says (通报内容): computed from a plan's ledger as of the end of the covered
//! range (or today, while it runs), frozen as JSON when the bulletin is issued. Every output
//! (page, DOCX, XLSX) renders this one structure, so they agree.

use super::scoring::{FirstSubmissions, unit_facts};
use super::{Order, OrderFilter};
use crate::ledger::PlanLedger;
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::ledger::{ItemStatus, Light};
use minsheng_domain::supervision::{BulletinKind, ReminderStep, ScoreWeights, UnitScore, rank};
use minsheng_domain::{ItemId, PlanId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A count and its share of the whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// Code.
    pub code: String,
    /// Chinese label.
    pub label: String,
    /// Count.
    pub count: usize,
    /// Count ÷ items.
    pub share: f64,
}

/// One category's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryLine {
    /// Name.
    pub name: String,
    /// Items.
    pub items: usize,
    /// Targets.
    pub targets: usize,
    /// Accepted items.
    pub completed: usize,
    /// Mean capped ratio.
    pub completion_rate: Option<f64>,
    /// Attained ÷ targets.
    pub attainment_rate: Option<f64>,
    /// Red items.
    pub red: usize,
    /// Yellow items.
    pub yellow: usize,
}

/// A lagging item named in the bulletin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lagging {
    /// Item id.
    pub item_id: i64,
    /// List number.
    pub seq: String,
    /// Title.
    pub title: String,
    /// Lead units.
    pub units: String,
    /// Light code.
    pub light: String,
    /// Status label.
    pub status: String,
    /// Planned percent.
    pub expected: f64,
    /// Achieved percent.
    pub actual: Option<f64>,
    /// Latest explanation: the delay explanation's cause and text, else the latest problems.
    pub explanation: String,
}

/// A unit that did not report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingUnit {
    /// Unit.
    pub unit: String,
    /// Reports missing in the range.
    pub missing: usize,
    /// Item list numbers.
    pub items: Vec<String>,
    /// Escalated to the bulletin by the reminder ladder.
    pub escalated: bool,
}

/// An open supervision order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    /// Printed number.
    pub label: String,
    /// Item list number.
    pub seq: String,
    /// Unit.
    pub unit: String,
    /// Requirement.
    pub requirement: String,
    /// Deadline.
    pub deadline: NaiveDate,
    /// State label.
    pub state: String,
    /// Past its deadline with the unit still owing work.
    pub overdue: bool,
}

/// One row of the XLSX ledger: an item's target (or the item, when it has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// Category.
    pub category: String,
    /// List number.
    pub seq: String,
    /// Title.
    pub title: String,
    /// Content and goals.
    pub content: String,
    /// Lead units.
    pub lead: String,
    /// Co-units.
    pub co: String,
    /// Leaders.
    pub leaders: String,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Target metric.
    pub metric: String,
    /// Target value.
    pub target: Option<f64>,
    /// Measure.
    pub measure: String,
    /// Achieved.
    pub achieved: Option<f64>,
    /// Achieved ÷ target (uncapped).
    pub ratio: Option<f64>,
    /// Item percent.
    pub percent: Option<f64>,
    /// Planned percent.
    pub expected: f64,
    /// Light label.
    pub light: String,
    /// Status label.
    pub status: String,
    /// Physical progress.
    pub progress: String,
    /// Problems.
    pub problems: String,
}

/// A bulletin's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulletinData {
    /// Plan.
    pub plan_id: i64,
    /// Plan title.
    pub plan_title: String,
    /// Region.
    pub region: String,
    /// Kind.
    pub kind: BulletinKind,
    /// Covered range.
    pub range: (NaiveDate, NaiveDate),
    /// 2025年第三季度.
    pub range_label: String,
    /// The day the figures stand on.
    pub as_of: NaiveDate,
    /// Items.
    pub items: usize,
    /// Targets counted in the rates (an item without quantified targets counts as one).
    pub targets: usize,
    /// Quantified targets (量化指标) of the list, optional ones excluded.
    pub quantified_targets: usize,
    /// By status.
    pub by_status: Vec<Share>,
    /// By light.
    pub by_light: Vec<Share>,
    /// Accepted items.
    pub completed: usize,
    /// Overall rates.
    pub completion_rate: Option<f64>,
    /// Attained ÷ targets.
    pub attainment_rate: Option<f64>,
    /// Uncapped mean ratio.
    pub overall_rate: Option<f64>,
    /// Per category.
    pub categories: Vec<CategoryLine>,
    /// Lagging items, red first.
    pub lagging: Vec<Lagging>,
    /// Units that did not report.
    pub not_reported: Vec<MissingUnit>,
    /// Open supervision orders.
    pub open_orders: Vec<OrderLine>,
    /// Department ranking.
    pub ranking: Vec<UnitScore>,
    /// Weights used.
    pub weights: ScoreWeights,
    /// The ledger, one row per target.
    pub ledger: Vec<LedgerRow>,
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

impl BulletinData {
    /// The scope line: 本期通报民生实事 N 项、指标 M 个。
    pub fn scope_line(&self) -> String {
        format!(
            "本期通报{}民生实事项目 {} 项、量化指标 {} 个。",
            self.region, self.items, self.quantified_targets
        )
    }

    /// The overall line with counts and rates.
    pub fn summary_line(&self) -> String {
        let share = |v: &[Share], code: &str| {
            v.iter()
                .find(|s| s.code == code)
                .map(|s| format!("{} 项（占 {:.1}%）", s.count, s.share * 100.0))
                .unwrap_or_default()
        };
        format!(
            "截至 {}，已验收 {}，完成待验收 {}，推进中 {}，已延期 {}，逾期 {}，未开始 {}；亮灯情况：绿灯 {}，黄灯 {}，红灯 {}。指标完成率 {}，达标率 {}，整体完成度 {}。",
            self.as_of,
            share(&self.by_status, "accepted"),
            share(&self.by_status, "awaiting_acceptance"),
            share(&self.by_status, "in_progress"),
            share(&self.by_status, "extended"),
            share(&self.by_status, "overdue"),
            share(&self.by_status, "not_started"),
            share(&self.by_light, "green"),
            share(&self.by_light, "yellow"),
            share(&self.by_light, "red"),
            pct(self.completion_rate),
            pct(self.attainment_rate),
            pct(self.overall_rate),
        )
    }
}

fn shares(
    counts: &std::collections::BTreeMap<&'static str, usize>,
    n: usize,
    label: impl Fn(&str) -> String,
    order: &[&'static str],
) -> Vec<Share> {
    order
        .iter()
        .map(|code| {
            let count = counts.get(code).copied().unwrap_or(0);
            Share {
                code: code.to_string(),
                label: label(code),
                count,
                share: if n > 0 { count as f64 / n as f64 } else { 0.0 },
            }
        })
        .collect()
}

fn join_names<'a>(v: impl Iterator<Item = &'a str>) -> String {
    v.collect::<Vec<_>>().join("、")
}

/// Builds the content from a ledger computed as of `as_of` and the facts around it.
#[allow(clippy::too_many_arguments)]
pub fn build(
    ledger: &PlanLedger,
    kind: BulletinKind,
    range: (NaiveDate, NaiveDate),
    first: &FirstSubmissions,
    orders: &[Order],
    escalated: &[String],
    delays: &HashMap<i64, String>,
    ratings: Option<&super::scoring::Ratings>,
) -> BulletinData {
    let as_of = ledger.today;
    let r = &ledger.rollup;
    let status_label = |c: &str| {
        c.parse::<ItemStatus>()
            .map(|s| s.label_zh().to_string())
            .unwrap_or_default()
    };
    let light_label = |c: &str| {
        c.parse::<Light>()
            .map(|s| s.label_zh().to_string())
            .unwrap_or_default()
    };
    let status_codes: Vec<&'static str> = ItemStatus::ALL.iter().map(|s| s.code()).collect();
    let light_codes: Vec<&'static str> = Light::ALL.iter().map(|s| s.code()).collect();
    let categories = ledger
        .rollup_by("category")
        .into_iter()
        .map(|row| CategoryLine {
            name: row.label,
            items: row.rollup.items,
            targets: row.rollup.targets,
            completed: row.rollup.completed,
            completion_rate: row.rollup.completion_rate,
            attainment_rate: row.rollup.attainment_rate,
            red: row.rollup.light(Light::Red),
            yellow: row.rollup.light(Light::Yellow),
        })
        .collect();
    let mut lagging: Vec<Lagging> = ledger
        .items
        .iter()
        .filter(|it| {
            matches!(it.assessment.light, Light::Red | Light::Yellow)
                || it.assessment.status == ItemStatus::Overdue
        })
        .map(|it| Lagging {
            item_id: it.detail.item.id.0,
            seq: it.detail.item.seq.clone(),
            title: it.detail.item.display_title(),
            units: join_names(it.detail.lead_units.iter().map(|u| u.name.as_str())),
            light: it.assessment.light.code().to_string(),
            status: it.assessment.status.label_zh().to_string(),
            expected: it.assessment.expected,
            actual: it.assessment.actual,
            explanation: delays
                .get(&it.detail.item.id.0)
                .cloned()
                .or_else(|| {
                    it.latest
                        .as_ref()
                        .map(|l| l.2.clone())
                        .filter(|p| !p.is_empty())
                })
                .unwrap_or_else(|| "未说明".into()),
        })
        .collect();
    let light_rank = |c: &str| match c {
        "red" => 0,
        "yellow" => 1,
        _ => 2,
    };
    lagging.sort_by_key(|l| light_rank(&l.light));
    // Not reported: every closed period in the range whose report is missing.
    let mut missing: std::collections::BTreeMap<String, MissingUnit> = Default::default();
    let rule = ledger.settings.rule;
    for it in &ledger.items {
        if !matches!(
            it.assessment.status,
            ItemStatus::NotStarted
                | ItemStatus::InProgress
                | ItemStatus::Overdue
                | ItemStatus::Extended
        ) {
            continue;
        }
        for u in &it.detail.lead_units {
            for p in rule.periods(range.0.max(it.start), range.1.min(as_of)) {
                if p.grace_end >= as_of || p.end < it.start {
                    continue;
                }
                if !first.contains_key(&(it.detail.item.id.0, u.id.0, p.start)) {
                    let m = missing
                        .entry(u.name.clone())
                        .or_insert_with(|| MissingUnit {
                            unit: u.name.clone(),
                            missing: 0,
                            items: Vec::new(),
                            escalated: false,
                        });
                    m.missing += 1;
                    if !m.items.contains(&it.detail.item.seq) {
                        m.items.push(it.detail.item.seq.clone());
                    }
                }
            }
        }
    }
    for name in escalated {
        if let Some(m) = missing.get_mut(name) {
            m.escalated = true;
        }
    }
    let mut not_reported: Vec<MissingUnit> = missing.into_values().collect();
    not_reported.sort_by(|a, b| b.missing.cmp(&a.missing).then(a.unit.cmp(&b.unit)));
    let open_orders = orders
        .iter()
        .filter(|o| o.state().is_open())
        .map(|o| OrderLine {
            label: o.label(),
            seq: o.item_seq.clone(),
            unit: o.unit.clone(),
            requirement: o.requirement.clone(),
            deadline: o.deadline,
            state: o.state().label_zh().to_string(),
            overdue: o.overdue(as_of),
        })
        .collect();
    let weights = ledger.settings.weights;
    let ranking = rank(
        unit_facts(ledger, first, orders, ratings, range, as_of),
        &weights,
    );
    let ledger_rows = ledger
        .items
        .iter()
        .flat_map(|it| {
            let d = &it.detail;
            let base = LedgerRow {
                category: d.category.clone().unwrap_or_else(|| "未分类".into()),
                seq: d.item.seq.clone(),
                title: d.item.display_title(),
                content: d
                    .item
                    .content
                    .clone()
                    .or(d.item.summary.clone())
                    .unwrap_or_default(),
                lead: join_names(d.lead_units.iter().map(|u| u.name.as_str())),
                co: join_names(d.co_units.iter().map(|u| u.name.as_str())),
                leaders: join_names(d.leaders.iter().map(|l| l.name.as_str())),
                deadline: it.current_deadline,
                metric: String::new(),
                target: None,
                measure: String::new(),
                achieved: None,
                ratio: None,
                percent: it.assessment.actual,
                expected: it.assessment.expected,
                light: it.assessment.light.label_zh().to_string(),
                status: it.assessment.status.label_zh().to_string(),
                progress: it.latest.as_ref().map(|l| l.1.clone()).unwrap_or_default(),
                problems: it.latest.as_ref().map(|l| l.2.clone()).unwrap_or_default(),
            };
            if it.targets.is_empty() {
                vec![base]
            } else {
                it.targets
                    .iter()
                    .map(|t| LedgerRow {
                        metric: t.target.metric.clone(),
                        target: Some(t.target.value),
                        measure: t.target.unit.clone(),
                        achieved: t.achieved,
                        ratio: t.achieved.map(|_| t.ratio),
                        ..base.clone()
                    })
                    .collect()
            }
        })
        .collect();
    BulletinData {
        plan_id: ledger.plan.id.0,
        plan_title: ledger.plan.title.clone(),
        region: ledger.region.name.clone(),
        kind,
        range,
        range_label: kind.range_label(range.0),
        as_of,
        items: r.items,
        targets: r.targets,
        quantified_targets: ledger
            .items
            .iter()
            .map(|it| it.targets.iter().filter(|t| !t.target.optional).count())
            .sum(),
        by_status: shares(&r.by_status, r.items, status_label, &status_codes),
        by_light: shares(&r.by_light, r.items, light_label, &light_codes),
        completed: r.completed,
        completion_rate: r.completion_rate,
        attainment_rate: r.attainment_rate,
        overall_rate: r.overall_rate,
        categories,
        lagging,
        not_reported,
        open_orders,
        ranking,
        weights,
        ledger: ledger_rows,
    }
}

impl Store {
    /// Latest delay explanation per item of a plan, as one line: 原因：说明.
    async fn latest_delays(&self, plan: PlanId) -> Result<HashMap<i64, String>, StoreError> {
        let rows: Vec<(i64, String, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT d.item_id, d.cause, d.explanation FROM delay_explanations d JOIN items i ON i.id = d.item_id WHERE i.plan_id = $1 AND d.state <> 'rejected' ORDER BY d.id",
        ).bind(plan.0).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(i, c, e)| (i, format!("{c}：{e}")))
            .collect())
    }

    /// Computes a bulletin's content for a plan and range, as of `min(today, range end)`.
    /// Year-end bulletins include satisfaction results.
    pub async fn bulletin_data(
        &self,
        plan: PlanId,
        kind: BulletinKind,
        range: (NaiveDate, NaiveDate),
        today: NaiveDate,
    ) -> Result<BulletinData, StoreError> {
        let as_of = today.min(range.1);
        let ledger = self.plan_ledger(plan, as_of).await?;
        let orders = self
            .orders(&OrderFilter {
                plan: Some(plan),
                ..OrderFilter::default()
            })
            .await?;
        let escalated: Vec<String> = self
            .reminders(plan, Some(ReminderStep::Bulletin))
            .await?
            .into_iter()
            .filter(|r| r.period_start >= range.0 && r.period_start <= range.1)
            .map(|r| r.unit)
            .collect();
        let delays = self.latest_delays(plan).await?;
        let ratings = if kind == BulletinKind::YearEnd {
            Some(self.ratings(plan).await?)
        } else {
            None
        };
        Ok(build(
            &ledger,
            kind,
            range,
            &ledger.first_submitted,
            &orders,
            &escalated,
            &delays,
            ratings.as_ref(),
        ))
    }

    /// Red items of a plan with no open supervision order: proposed for one (建议督办).
    pub async fn proposed_orders(&self, ledger: &PlanLedger) -> Result<Vec<ItemId>, StoreError> {
        let open = self
            .orders(&OrderFilter {
                plan: Some(ledger.plan.id),
                open_only: true,
                ..OrderFilter::default()
            })
            .await?;
        Ok(ledger
            .items
            .iter()
            .filter(|it| it.assessment.light == Light::Red)
            .map(|it| it.detail.item.id)
            .filter(|id| !open.iter().any(|o| o.item_id == id.0))
            .collect())
    }
}
