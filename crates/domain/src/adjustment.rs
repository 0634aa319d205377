//! Adjustments (调整): how a published list changes — an item's target, deadline, units or
//! wording changed, a new item added, an item terminated — proposed with a reason, approved or
//! returned by the office, and, when major, taking effect only with the decision that allows
//! it (e.g. a people's congress standing committee decision). The change is kept as the item
//! before and after, so it is shown as 原 → 新 and never undone except by another adjustment.

use crate::code_enum;
use crate::refusal::{Field, Refusal};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// What an adjustment does.
    AdjustmentKind, "adjustment kind" {
        /// Changes an item: targets, deadline (into next year), units, wording.
        Change = "change",
        /// Adds an item to the published list.
        NewItem = "new_item",
        /// Terminates an item (终止实施).
        Terminate = "terminate",
        /// Splits an item: it is changed, and the parts split off become items of their own.
        Split = "split",
        /// Merges other items into this one: it is changed, and they end (并入).
        Merge = "merge",
    }
);

impl AdjustmentKind {
    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            AdjustmentKind::Change => "变更",
            AdjustmentKind::NewItem => "新增项目",
            AdjustmentKind::Terminate => "终止实施",
            AdjustmentKind::Split => "拆分",
            AdjustmentKind::Merge => "合并",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            AdjustmentKind::Change => "change",
            AdjustmentKind::NewItem => "new item",
            AdjustmentKind::Terminate => "termination",
            AdjustmentKind::Split => "split",
            AdjustmentKind::Merge => "merge",
        }
    }
}

code_enum!(
    /// Where an adjustment is.
    AdjustmentState, "adjustment state" {
        /// Proposed, waiting for the office.
        Pending = "pending",
        /// Returned with the office's reasons; nothing changed.
        Returned = "returned",
        /// Approved and applied.
        Approved = "approved",
    }
);

impl AdjustmentState {
    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            AdjustmentState::Pending => "待审批",
            AdjustmentState::Returned => "已退回",
            AdjustmentState::Approved => "已批准",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            AdjustmentState::Pending => "pending",
            AdjustmentState::Returned => "returned",
            AdjustmentState::Approved => "approved",
        }
    }
}

/// The decision a major adjustment rests on (依据): who decided, its document number, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The deciding body (区人大常委会).
    pub body: String,
    /// Its document number (区人大常发〔2025〕12号).
    pub number: String,
    /// The day of the decision.
    pub date: NaiveDate,
}

fn required(field: Field, v: &str, max: usize) -> Result<String, Refusal> {
    let t = v.trim();
    if t.is_empty() {
        return Err(Refusal::FieldRequired { field });
    }
    if t.chars().count() > max {
        return Err(Refusal::FieldTooLong { field, max });
    }
    Ok(t.to_string())
}

impl DecisionRecord {
    /// Trimmed and checked: a body and a number of at most 100 characters.
    pub fn checked(self) -> Result<DecisionRecord, Refusal> {
        Ok(DecisionRecord {
            body: required(Field::DecisionBody, &self.body, 100)?,
            number: required(Field::DecisionNumber, &self.number, 100)?,
            date: self.date,
        })
    }
}

/// An adjustment's reason, trimmed and checked (1 to 2000 characters).
pub fn reason(v: &str) -> Result<String, Refusal> {
    required(Field::AdjustmentReason, v, 2000)
}

/// Whether a deadline moves the item into a later year than the plan's (延至下一年).
pub fn into_later_year(plan_year: i32, deadline: Option<NaiveDate>) -> bool {
    use chrono::Datelike;
    deadline.is_some_and(|d| d.year() > plan_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_needs_body_and_number() {
        let d = DecisionRecord {
            body: " 区人大常委会 ".into(),
            number: "".into(),
            date: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        };
        assert_eq!(
            d.clone().checked(),
            Err(Refusal::FieldRequired {
                field: Field::DecisionNumber
            })
        );
        let ok = DecisionRecord {
            number: "区人大常发〔2025〕12号".into(),
            ..d
        }
        .checked()
        .unwrap();
        assert_eq!(ok.body, "区人大常委会");
        assert!(into_later_year(2025, NaiveDate::from_ymd_opt(2026, 6, 30)));
        assert!(!into_later_year(
            2025,
            NaiveDate::from_ymd_opt(2025, 12, 31)
        ));
    }
}
