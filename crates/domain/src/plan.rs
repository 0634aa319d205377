//! Plans (年度民生实事清单): one region's list for one year, and its ordered categories.

use crate::{CategoryId, PlanId, RegionId, code_enum};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Life cycle of a plan: imported as a draft, published, closed at year end.
    PlanState, "plan state" {
        /// Imported or being edited; not yet binding (草稿).
        Draft = "draft",
        /// Issued and being carried out (已发布).
        Published = "published",
        /// The year is closed: accepted, rated, scored (已关闭).
        Closed = "closed",
    }
);

impl PlanState {
    /// Its name in Chinese: 草稿, 已发布, 已关闭.
    pub fn label_zh(self) -> &'static str {
        match self {
            PlanState::Draft => "草稿",
            PlanState::Published => "已发布",
            PlanState::Closed => "已关闭",
        }
    }

    /// Whether a plan may move from `self` to `next`. Plans only move forward.
    pub fn can_become(self, next: PlanState) -> bool {
        matches!(
            (self, next),
            (PlanState::Draft, PlanState::Published) | (PlanState::Published, PlanState::Closed)
        )
    }
}

/// One region's list of commitments for one year (民生实事项目清单).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Identifier.
    pub id: PlanId,
    /// The region that issued the list.
    pub region_id: RegionId,
    /// The year the list is for.
    pub year: i32,
    /// Title, e.g. 济宁高新区2024年“重点民生实事”汇总表.
    pub title: String,
    /// Document number (文号), e.g. 济高新管发〔2024〕1号.
    pub doc_number: Option<String>,
    /// Issuing authority (发文机关).
    pub issuer: Option<String>,
    /// Date of issue (成文日期).
    pub issued_on: Option<NaiveDate>,
    /// Deadline for the whole list, e.g. 原则上今年10月底前完成 → 10-31.
    pub default_deadline: Option<NaiveDate>,
    /// Life-cycle state.
    pub state: PlanState,
    /// File name of the imported source document, kept with the plan.
    pub source_name: Option<String>,
}

/// An ordered group heading of a plan (类别), e.g. 助老扶老提升改造项目.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Identifier.
    pub id: CategoryId,
    /// The plan it belongs to.
    pub plan_id: PlanId,
    /// Order within the plan, from 1.
    pub position: i32,
    /// Heading text with its 一、 numbering stripped.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::PlanState::*;

    #[test]
    fn plans_only_move_forward() {
        assert!(Draft.can_become(Published));
        assert!(Published.can_become(Closed));
        assert!(!Draft.can_become(Closed));
        assert!(!Closed.can_become(Draft));
        assert!(!Published.can_become(Draft));
        assert!(!Draft.can_become(Draft));
    }
}
