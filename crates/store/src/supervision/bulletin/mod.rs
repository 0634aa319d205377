//! What a bulletin says (通报内容): computed from a plan's ledger as of the end of the covered
//! range (or today, while it runs), frozen as JSON when the bulletin is issued. Every output
//! (page, DOCX, XLSX) renders this one structure, so they agree.

mod build;
mod load;
mod regions;

pub use build::build;
pub use regions::{RegionLine, region_lines};

use super::{Order, OrderFilter};
use chrono::NaiveDate;
use minsheng_domain::supervision::{BulletinKind, ScoreWeights, UnitScore};
use serde::{Deserialize, Serialize};
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
    /// Adjustments approved within the range (older issued bulletins have none).
    #[serde(default)]
    pub adjustments: Vec<AdjustmentLine>,
    /// Items of the list allocated to the regions below (older issued bulletins have none).
    #[serde(default)]
    pub allocated: usize,
    /// The regions below on those items, the furthest behind first.
    #[serde(default)]
    pub regions: Vec<RegionLine>,
}

/// An adjustment approved within a bulletin's range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentLine {
    /// Item list number (empty for a new item).
    pub seq: String,
    /// Item name.
    pub title: String,
    /// 变更, 新增项目, 终止实施.
    pub kind: String,
    /// What changed: 完成日期：2025-12-31 → 2026-06-30；…
    pub changes: String,
    /// The decision it rests on, if any.
    pub basis: String,
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

impl BulletinData {
    /// The adjustments line: 本期经批准调整项目 N 项（变更 a 项、新增 b 项、终止 c 项）。
    pub fn adjustments_line(&self) -> String {
        if self.adjustments.is_empty() {
            return "本期无经批准的计划调整。".into();
        }
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for a in &self.adjustments {
            match kinds.iter_mut().find(|k| k.0 == a.kind) {
                Some(k) => k.1 += 1,
                None => kinds.push((&a.kind, 1)),
            }
        }
        let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n} 项")).collect();
        format!(
            "本期经批准调整项目 {} 项（{}）。",
            self.adjustments.len(),
            parts.join("、")
        )
    }

    /// The line naming the regions that lag on the items allocated to them (empty when the
    /// list allocated nothing).
    pub fn regions_line(&self) -> String {
        regions::regions_line(&self.regions, self.allocated)
    }

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
