//! Items (民生实事项目) and their breakdown into milestones (任务分解) and sites (点位).

use crate::{CategoryId, ItemId, LeaderId, MilestoneId, PlanId, SiteId, TargetId, UnitId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One commitment of a plan (民生实事项目).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Identifier.
    pub id: ItemId,
    /// The plan it belongs to.
    pub plan_id: PlanId,
    /// Its group heading, if the list has groups.
    pub category_id: Option<CategoryId>,
    /// Serial number as printed (序号), e.g. "12".
    pub seq: String,
    /// Order within the plan, from 1.
    pub position: i32,
    /// Name (项目名称/具体事项); some lists give none.
    pub name: Option<String>,
    /// Summary (内容概述).
    pub summary: Option<String>,
    /// Goal and task text (实施内容及工作目标).
    pub content: Option<String>,
    /// Level within a mixed list, e.g. 市级民生实事 / 区级民生实事.
    pub level: Option<String>,
    /// Completion deadline (完成期限) as a date.
    pub deadline: Option<NaiveDate>,
    /// The deadline as written, e.g. 5月底前动工.
    pub deadline_text: Option<String>,
    /// Acceptance standard (验收标准).
    pub acceptance_standard: Option<String>,
    /// Fund source (资金来源).
    pub fund_source: Option<String>,
    /// Budget in yuan (预算/计划投资).
    pub budget: Option<f64>,
    /// Adopted by a deputies' vote (票决, shown as ★).
    pub voted: bool,
    /// The previous year's item this one carries over (结转).
    pub carried_over_from: Option<ItemId>,
    /// First year of a multi-year (滚动实施) item.
    pub span_start_year: Option<i32>,
    /// Last year of a multi-year item.
    pub span_end_year: Option<i32>,
}

impl Item {
    /// A title for lists and headings: the name, else the start of the content.
    pub fn display_title(&self) -> String {
        title_of(
            self.name.as_deref(),
            self.content.as_deref(),
            self.summary.as_deref(),
        )
    }
}

/// A title for lists and headings: the name, else the first sentence of the content (or the
/// summary), cut at 40 characters.
pub fn title_of(name: Option<&str>, content: Option<&str>, summary: Option<&str>) -> String {
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        return n.to_string();
    }
    let text = content.or(summary).unwrap_or("");
    let first = text.split(['。', '；', ';']).next().unwrap_or("");
    let mut s: String = first.chars().take(40).collect();
    if first.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// An official assigned to an item (牵头领导).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemLeader {
    /// The item.
    pub item_id: ItemId,
    /// The official.
    pub leader_id: LeaderId,
    /// Order in which the document lists the official.
    pub position: i32,
}

/// A dated sub-task of an item (任务分解): who does what by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Identifier.
    pub id: MilestoneId,
    /// The item.
    pub item_id: ItemId,
    /// What is to be done.
    pub title: String,
    /// The unit that owns the sub-task.
    pub owner_unit_id: Option<UnitId>,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
}

/// A location where an item is delivered (点位), with its share of a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Identifier.
    pub id: SiteId,
    /// The item.
    pub item_id: ItemId,
    /// Name, e.g. 保利口袋公园.
    pub name: String,
    /// Street address.
    pub address: Option<String>,
    /// Latitude (WGS-84).
    pub lat: Option<f64>,
    /// Longitude (WGS-84).
    pub lon: Option<f64>,
    /// The target this site contributes to.
    pub target_id: Option<TargetId>,
    /// Its share of that target.
    pub share: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: Option<&str>, content: Option<&str>) -> Item {
        Item {
            id: ItemId(1),
            plan_id: PlanId(1),
            category_id: None,
            seq: "1".into(),
            position: 1,
            name: name.map(Into::into),
            summary: None,
            content: content.map(Into::into),
            level: None,
            deadline: None,
            deadline_text: None,
            acceptance_standard: None,
            fund_source: None,
            budget: None,
            voted: false,
            carried_over_from: None,
            span_start_year: None,
            span_end_year: None,
        }
    }

    #[test]
    fn title_falls_back_to_first_sentence_of_content() {
        assert_eq!(
            item(Some("建设老年人食堂"), None).display_title(),
            "建设老年人食堂"
        );
        assert_eq!(
            item(None, Some("新建中小学5所。新增学位8130个。")).display_title(),
            "新建中小学5所"
        );
        let long = "一".repeat(50);
        assert_eq!(item(None, Some(&long)).display_title().chars().count(), 41);
    }
}
