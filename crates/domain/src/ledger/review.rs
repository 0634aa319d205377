//! Delay explanations (延期说明) and acceptance (验收): what the coordinating office reviews,
//! and when an explanation is owed.

use crate::code_enum;

code_enum!(
    /// A request waiting for, or past, the coordinator's decision.
    ReviewState, "review state" {
        /// Waiting (待审核).
        Pending = "pending",
        /// Approved / accepted (已通过).
        Approved = "approved",
        /// Returned with reasons (已退回).
        Returned = "returned",
    }
);

impl ReviewState {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewState::Pending => "待审核",
            ReviewState::Approved => "已通过",
            ReviewState::Returned => "已退回",
        }
    }
}

/// Causes offered for a delay unless a plan configures its own list.
pub const DEFAULT_DELAY_CAUSES: [&str; 7] =
    ["资金", "用地", "审批", "招标", "施工", "政策", "其他"];

/// Whether the lead unit owes an explanation: the item is overdue or red, and no explanation
/// is pending or was approved since it last became so.
pub fn explanation_required(overdue_or_red: bool, has_live_explanation: bool) -> bool {
    overdue_or_red && !has_live_explanation
}
