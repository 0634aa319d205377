//! A bulletin at a level with regions below (市级, 省级) names the regions that lag on the
//! items the list allocated to them (各地区推进情况), read from the regions' own ledgers — the
//! figures entered once, at the bottom (docs/LEVELS.md).

use crate::allocations::AllocationView;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use minsheng_domain::ledger::Light;
use minsheng_domain::{PlanId, PlanState};
use serde::{Deserialize, Serialize};

/// One region below the list's region, on the items the list allocated to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionLine {
    /// The region.
    pub region: String,
    /// Items allocated to it.
    pub items: usize,
    /// Mean planned percent of its items, where its list is published.
    pub expected: Option<f64>,
    /// Mean reported percent of its items, where its list is published (an item with nothing
    /// reported counts as 0).
    pub actual: Option<f64>,
    /// Its items with a red light.
    pub red: usize,
    /// Its items with a yellow light.
    pub yellow: usize,
    /// Its items on a list it has not published yet (nothing can be reported on them).
    pub unpublished: usize,
    /// Units there that owe a report for the last closed period.
    pub not_reported: Vec<String>,
    /// Its red and yellow items: 3. 新增普惠托位（红灯）.
    pub behind: Vec<String>,
}

impl RegionLine {
    /// A region is named as lagging when an item there is red or yellow, its list is not
    /// published, or a unit there owes a report.
    pub fn lagging(&self) -> bool {
        self.red + self.yellow + self.unpublished > 0 || !self.not_reported.is_empty()
    }

    /// What it lags in: 红灯 1 项、2 个单位未报送.
    pub fn reasons(&self) -> String {
        let mut parts = Vec::new();
        if self.red > 0 {
            parts.push(format!("红灯 {} 项", self.red));
        }
        if self.yellow > 0 {
            parts.push(format!("黄灯 {} 项", self.yellow));
        }
        if self.unpublished > 0 {
            parts.push(format!("{} 项所在清单未发布", self.unpublished));
        }
        if !self.not_reported.is_empty() {
            parts.push(format!("{} 个单位未报送", self.not_reported.len()));
        }
        parts.join("、")
    }
}

/// The regions' lines for the items a list allocated (item label, its allocation), the
/// furthest behind first: most red, then yellow, then unpublished, then owing reports, then
/// the lowest reported percent.
pub fn region_lines(views: &[(String, AllocationView)]) -> Vec<RegionLine> {
    let mut lines: Vec<RegionLine> = Vec::new();
    let mut percents: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    for (label, view) in views {
        for part in &view.regions {
            let i = match lines.iter().position(|l| l.region == part.region.name) {
                Some(i) => i,
                None => {
                    lines.push(RegionLine {
                        region: part.region.name.clone(),
                        items: 0,
                        expected: None,
                        actual: None,
                        red: 0,
                        yellow: 0,
                        unpublished: 0,
                        not_reported: Vec::new(),
                        behind: Vec::new(),
                    });
                    percents.push(Default::default());
                    lines.len() - 1
                }
            };
            let line = &mut lines[i];
            line.items += 1;
            for u in &part.not_reported {
                if !line.not_reported.contains(u) {
                    line.not_reported.push(u.clone());
                }
            }
            match (&part.assessment, part.plan_state) {
                (Some(a), state) if state != PlanState::Draft => {
                    percents[i].0.push(a.expected);
                    percents[i].1.push(a.actual.unwrap_or(0.0));
                    match a.light {
                        Light::Red => line.red += 1,
                        Light::Yellow => line.yellow += 1,
                        _ => continue,
                    }
                    line.behind
                        .push(format!("{label}（{}）", a.light.label_zh()));
                }
                _ => line.unpublished += 1,
            }
        }
    }
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    for (line, (expected, actual)) in lines.iter_mut().zip(&percents) {
        line.expected = mean(expected);
        line.actual = mean(actual);
    }
    lines.sort_by(|a, b| {
        b.red
            .cmp(&a.red)
            .then(b.yellow.cmp(&a.yellow))
            .then(b.unpublished.cmp(&a.unpublished))
            .then(b.not_reported.len().cmp(&a.not_reported.len()))
            .then(
                a.actual
                    .unwrap_or(-1.0)
                    .total_cmp(&b.actual.unwrap_or(-1.0)),
            )
            .then(a.region.cmp(&b.region))
    });
    lines
}

/// The line that names the lagging regions: 本级下达各地区任务 2 项；进度滞后的地区：甲县（红灯 1
/// 项）、乙县（1 项所在清单未发布）。 Empty when the list allocated nothing.
pub fn regions_line(lines: &[RegionLine], allocated: usize) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let lagging: Vec<String> = lines
        .iter()
        .filter(|l| l.lagging())
        .map(|l| format!("{}（{}）", l.region, l.reasons()))
        .collect();
    if lagging.is_empty() {
        format!(
            "本级下达 {} 个地区的任务 {allocated} 项，各地区均按序时进度推进。",
            lines.len()
        )
    } else {
        format!(
            "本级下达 {} 个地区的任务 {allocated} 项；进度滞后的地区：{}。",
            lines.len(),
            lagging.join("、")
        )
    }
}

impl Store {
    /// The items of `plan` allocated to regions below, each as (label, its allocation as of
    /// `as_of`).
    pub(super) async fn allocations_of(
        &self,
        plan: PlanId,
        as_of: NaiveDate,
    ) -> Result<Vec<(String, AllocationView)>, StoreError> {
        let mut out = Vec::new();
        for id in self.allocated_items(plan).await? {
            let Some(view) = self.allocation(id, as_of).await? else {
                continue;
            };
            let (_, d) = self.item_detail(id).await?;
            out.push((format!("{}. {}", d.item.seq, d.item.display_title()), view));
        }
        Ok(out)
    }
}
