//! The supervision order (督办单): issued by the coordinating office on an item with a
//! requirement and a deadline; the unit acknowledges (签收) and answers (办理反馈); the office
//! re-checks (复核) and closes it or returns it for more work (退回).

use chrono::NaiveDate;

crate::code_enum!(
    /// Where an order stands.
    OrderState, "order state" {
        /// Issued, waiting for the unit to acknowledge (已下发).
        Issued = "issued",
        /// Acknowledged by the unit, being handled (已签收).
        Acknowledged = "acknowledged",
        /// The unit has answered; waiting for the office's re-check (已反馈).
        Answered = "answered",
        /// Re-checked and not accepted: back to the unit (已退回).
        Returned = "returned",
        /// Re-checked and closed (已办结).
        Closed = "closed",
    }
);

crate::code_enum!(
    /// A step someone takes on an order.
    OrderAction, "order action" {
        /// The unit acknowledges.
        Acknowledge = "acknowledge",
        /// The unit answers with what it did.
        Answer = "answer",
        /// The office re-checks and closes.
        Close = "close",
        /// The office re-checks and returns.
        Return = "return",
    }
);

impl OrderState {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            OrderState::Issued => "已下发",
            OrderState::Acknowledged => "已签收",
            OrderState::Answered => "已反馈待复核",
            OrderState::Returned => "已退回",
            OrderState::Closed => "已办结",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            OrderState::Issued => "Issued",
            OrderState::Acknowledged => "Acknowledged",
            OrderState::Answered => "Answered",
            OrderState::Returned => "Returned",
            OrderState::Closed => "Closed",
        }
    }

    /// The unit still owes work on it.
    pub fn waits_for_unit(self) -> bool {
        matches!(
            self,
            OrderState::Issued | OrderState::Acknowledged | OrderState::Returned
        )
    }

    /// Not closed.
    pub fn is_open(self) -> bool {
        self != OrderState::Closed
    }

    /// The state after `action`, or None when the action does not apply now.
    pub fn after(self, action: OrderAction) -> Option<OrderState> {
        use OrderAction as A;
        use OrderState as S;
        match (self, action) {
            (S::Issued, A::Acknowledge) => Some(S::Acknowledged),
            (S::Issued | S::Acknowledged | S::Returned, A::Answer) => Some(S::Answered),
            (S::Answered, A::Close) => Some(S::Closed),
            (S::Answered, A::Return) => Some(S::Returned),
            _ => None,
        }
    }

    /// Overdue on `today`: the unit still owes work and the deadline has passed.
    pub fn overdue(self, deadline: NaiveDate, today: NaiveDate) -> bool {
        self.waits_for_unit() && today > deadline
    }
}

impl OrderAction {
    /// Whether the unit (true) or the office (false) takes this step.
    pub fn by_unit(self) -> bool {
        matches!(self, OrderAction::Acknowledge | OrderAction::Answer)
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            OrderAction::Acknowledge => "签收",
            OrderAction::Answer => "反馈办理情况",
            OrderAction::Close => "复核通过并办结",
            OrderAction::Return => "复核不通过并退回",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            OrderAction::Acknowledge => "acknowledge",
            OrderAction::Answer => "answer",
            OrderAction::Close => "close after checking",
            OrderAction::Return => "return after checking",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction as A;
    use OrderState as S;

    #[test]
    fn lifecycle() {
        let table = [
            (S::Issued, A::Acknowledge, Some(S::Acknowledged)),
            (S::Issued, A::Answer, Some(S::Answered)),
            (S::Issued, A::Close, None),
            (S::Acknowledged, A::Acknowledge, None),
            (S::Acknowledged, A::Answer, Some(S::Answered)),
            (S::Answered, A::Close, Some(S::Closed)),
            (S::Answered, A::Return, Some(S::Returned)),
            (S::Answered, A::Answer, None),
            (S::Returned, A::Answer, Some(S::Answered)),
            (S::Closed, A::Return, None),
            (S::Closed, A::Answer, None),
        ];
        for (s, a, want) in table {
            assert_eq!(s.after(a), want, "{s} + {a}");
        }
    }

    #[test]
    fn overdue_only_while_the_unit_owes_work() {
        let dl = NaiveDate::from_ymd_opt(2025, 5, 10).unwrap();
        let next = dl.succ_opt().unwrap();
        assert!(!S::Issued.overdue(dl, dl));
        assert!(S::Issued.overdue(dl, next));
        assert!(S::Returned.overdue(dl, next));
        assert!(!S::Answered.overdue(dl, next));
        assert!(!S::Closed.overdue(dl, next));
    }
}
