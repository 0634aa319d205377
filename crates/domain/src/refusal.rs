//! Why a write is refused, as the rules see it: a typed reason that storage returns and the
//! web layer words in the reader's language ([`Refusal::zh`], [`Refusal::en`]). `Display`
//! gives both, for logs and the command line.

use crate::supervision::order::{OrderAction, OrderState};
use chrono::NaiveDate;

/// Whether a refusal is about the request (fix the input and send it again) or about the
/// state of things (the rules forbid it now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The input cannot be accepted as given (HTTP 400).
    Invalid,
    /// The rules forbid the change in the present state (HTTP 409).
    Conflict,
}

/// A write the rules refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The plan is a draft: nothing is reported on it until it is published.
    PlanNotPublished,
    /// The plan is closed: nothing more is reported on it.
    PlanClosed,
    /// The day given is not the first day of a reporting period.
    NotPeriodStart {
        /// The day given.
        day: NaiveDate,
    },
    /// The period has not begun yet.
    FuturePeriod {
        /// Its first day.
        start: NaiveDate,
    },
    /// The unit neither leads the item nor holds a share of its targets.
    UnitDoesNotReport,
    /// One target was given twice in one report.
    TargetTwice {
        /// The target.
        target: i64,
    },
    /// A target that is not the item's, or not one this unit reports on.
    TargetNotReported {
        /// The target.
        target: i64,
    },
    /// The period is locked: a late report or a correction needs its reason.
    PeriodLocked {
        /// The period's first day.
        period: NaiveDate,
    },
    /// A submitted report is corrected only with a reason.
    CorrectionNeedsReason,
    /// Only the item's lead unit may do this (explain a delay, ask for acceptance).
    OnlyLeadUnit,
    /// A delay's cause must be one of the plan's list.
    DelayCauseNotListed {
        /// The plan's causes.
        causes: Vec<String>,
    },
    /// A new deadline must come after the current one and today.
    DeadlineNotLater {
        /// The current deadline.
        current: NaiveDate,
    },
    /// A delay explanation needs at least one corrective step with its date.
    StepsRequired,
    /// A delay explanation of the item is already waiting for its decision.
    ExplanationPending,
    /// Returning something needs the reason.
    ReturnNeedsReason,
    /// It was decided already.
    AlreadyDecided,
    /// A completion date cannot be later than today.
    CompletionInFuture,
    /// The item was accepted already.
    AlreadyAccepted,
    /// An acceptance request of the item is already waiting for its decision.
    AcceptancePending,
    /// The acceptance request does not exist or was decided already.
    AcceptanceNotPending,
    /// Ending or carrying over an item needs the reason.
    DispositionNeedsReason,
    /// The target is not one of this item's.
    TargetNotOnItem {
        /// The target.
        target: i64,
    },
    /// A unit's share of a target must be positive.
    ShareNotPositive,
    /// A milestone needs a title of at most 200 characters.
    MilestoneTitle,
    /// A planned percentage lies between 0 and 100.
    PercentOutOfRange,
    /// The unit named does not exist.
    UnknownUnit,
    /// The ballot is not open for votes.
    BallotNotOpen,
    /// A deputy chooses one to `seats` distinct candidates.
    ChoiceCount {
        /// Seats on the ballot.
        seats: i64,
    },
    /// A choice that is not a candidate on this ballot.
    NotACandidate,
    /// Each deputy votes once.
    AlreadyVoted,
    /// The winners are known only once the ballot has closed.
    BallotNotClosed,
    /// The winners were put into a draft plan already.
    AlreadyAdopted {
        /// That plan.
        plan: i64,
    },
    /// Candidates tie for the last seat: another round decides.
    BallotTie {
        /// Their votes.
        votes: i64,
        /// Their titles.
        tied: Vec<String>,
    },
    /// No candidate got a vote.
    NoVotes,
    /// A supervision order needs its requirement, 1 to 2000 characters.
    RequirementLength,
    /// A deadline before today.
    DeadlineInPast {
        /// The deadline given.
        deadline: NaiveDate,
    },
    /// The unit is not named on the item.
    UnitNotOnItem,
    /// The item has no lead unit yet.
    ItemHasNoLead,
    /// This step of a supervision order does not apply in its present state.
    OrderStepNotNow {
        /// The order's state.
        state: OrderState,
        /// The step asked for.
        action: OrderAction,
    },
    /// Answering an order needs what was done; returning it needs why.
    OrderNoteRequired {
        /// The step.
        action: OrderAction,
    },
    /// A text longer than allowed.
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// A bulletin for a period that has not begun.
    BulletinRangeNotStarted,
    /// A bulletin's title is 1 to 200 characters, its next steps at most 10,000.
    BulletinTextLength,
    /// An issued bulletin is frozen.
    BulletinIssued,
    /// A title of 1 to 100 characters.
    TitleLength,
    /// It must close after it opens.
    ClosesBeforeOpens,
    /// Satisfaction is rated on a published plan only.
    PlanMustBePublished,
    /// The rating campaign is not open.
    CampaignNotOpen {
        /// When it opens (as shown).
        opens: String,
        /// When it closes (as shown).
        closes: String,
    },
    /// Each person rates an item once.
    AlreadyRated,
    /// A campaign counts towards the scores only once it has closed.
    CampaignNotClosed,
    /// A text of 1 to `max` characters.
    TextLength {
        /// The most characters allowed.
        max: usize,
    },
    /// A reply names what it replies to.
    ReplyToMissing,
    /// The note replied to is on another item.
    ReplyNotOnItem,
    /// Evidence goes on a draft of this item only.
    EvidenceNotOnDraft,
    /// Only photos are published.
    OnlyPhotosPublic,
    /// A photo of an unfiled draft stays private.
    PhotoOfDraft,
    /// An item that cannot be carried over.
    CarryNotAllowed {
        /// The item.
        item: i64,
    },
    /// Items are carried into a draft plan only.
    CarryIntoDraftOnly,
    /// Only a published message is answered.
    ReplyToUnpublished,
    /// A mobile number has 11 digits.
    MobileDigits,
    /// Declining a proposal needs the reason.
    DeclineNeedsReason,
    /// A proposal is screened as a candidate or declined.
    ScreenChoice,
    /// A proposal is for this year or the next.
    ProposalYear {
        /// This year.
        this_year: i32,
    },
}

impl Refusal {
    /// Whether the input or the state is at fault.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Refusal::PlanNotPublished
            | Refusal::PlanClosed
            | Refusal::UnitDoesNotReport
            | Refusal::OnlyLeadUnit
            | Refusal::ExplanationPending
            | Refusal::AlreadyDecided
            | Refusal::AlreadyAccepted
            | Refusal::AcceptancePending
            | Refusal::AcceptanceNotPending
            | Refusal::BallotNotOpen
            | Refusal::AlreadyVoted
            | Refusal::BallotNotClosed
            | Refusal::AlreadyAdopted { .. }
            | Refusal::BallotTie { .. }
            | Refusal::NoVotes
            | Refusal::ItemHasNoLead
            | Refusal::OrderStepNotNow { .. }
            | Refusal::BulletinIssued
            | Refusal::PlanMustBePublished
            | Refusal::CampaignNotOpen { .. }
            | Refusal::AlreadyRated
            | Refusal::CampaignNotClosed
            | Refusal::EvidenceNotOnDraft
            | Refusal::PhotoOfDraft
            | Refusal::CarryIntoDraftOnly
            | Refusal::ReplyToUnpublished => RefusalKind::Conflict,
            Refusal::NotPeriodStart { .. }
            | Refusal::FuturePeriod { .. }
            | Refusal::TargetTwice { .. }
            | Refusal::TargetNotReported { .. }
            | Refusal::PeriodLocked { .. }
            | Refusal::CorrectionNeedsReason
            | Refusal::DelayCauseNotListed { .. }
            | Refusal::DeadlineNotLater { .. }
            | Refusal::StepsRequired
            | Refusal::ReturnNeedsReason
            | Refusal::CompletionInFuture
            | Refusal::DispositionNeedsReason
            | Refusal::TargetNotOnItem { .. }
            | Refusal::ShareNotPositive
            | Refusal::MilestoneTitle
            | Refusal::PercentOutOfRange
            | Refusal::UnknownUnit
            | Refusal::ChoiceCount { .. }
            | Refusal::NotACandidate
            | Refusal::RequirementLength
            | Refusal::DeadlineInPast { .. }
            | Refusal::UnitNotOnItem
            | Refusal::OrderNoteRequired { .. }
            | Refusal::TooLong { .. }
            | Refusal::BulletinRangeNotStarted
            | Refusal::BulletinTextLength
            | Refusal::TitleLength
            | Refusal::ClosesBeforeOpens
            | Refusal::TextLength { .. }
            | Refusal::ReplyToMissing
            | Refusal::ReplyNotOnItem
            | Refusal::OnlyPhotosPublic
            | Refusal::CarryNotAllowed { .. }
            | Refusal::MobileDigits
            | Refusal::DeclineNeedsReason
            | Refusal::ScreenChoice
            | Refusal::ProposalYear { .. } => RefusalKind::Invalid,
        }
    }

    /// A stable code for programs (the API's `error.reason`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::PlanNotPublished => "plan_not_published",
            Refusal::PlanClosed => "plan_closed",
            Refusal::NotPeriodStart { .. } => "not_period_start",
            Refusal::FuturePeriod { .. } => "future_period",
            Refusal::UnitDoesNotReport => "unit_does_not_report",
            Refusal::TargetTwice { .. } => "target_twice",
            Refusal::TargetNotReported { .. } => "target_not_reported",
            Refusal::PeriodLocked { .. } => "period_locked",
            Refusal::CorrectionNeedsReason => "correction_needs_reason",
            Refusal::OnlyLeadUnit => "only_lead_unit",
            Refusal::DelayCauseNotListed { .. } => "delay_cause_not_listed",
            Refusal::DeadlineNotLater { .. } => "deadline_not_later",
            Refusal::StepsRequired => "steps_required",
            Refusal::ExplanationPending => "explanation_pending",
            Refusal::ReturnNeedsReason => "return_needs_reason",
            Refusal::AlreadyDecided => "already_decided",
            Refusal::CompletionInFuture => "completion_in_future",
            Refusal::AlreadyAccepted => "already_accepted",
            Refusal::AcceptancePending => "acceptance_pending",
            Refusal::AcceptanceNotPending => "acceptance_not_pending",
            Refusal::DispositionNeedsReason => "disposition_needs_reason",
            Refusal::TargetNotOnItem { .. } => "target_not_on_item",
            Refusal::ShareNotPositive => "share_not_positive",
            Refusal::MilestoneTitle => "milestone_title",
            Refusal::PercentOutOfRange => "percent_out_of_range",
            Refusal::UnknownUnit => "unknown_unit",
            Refusal::BallotNotOpen => "ballot_not_open",
            Refusal::ChoiceCount { .. } => "choice_count",
            Refusal::NotACandidate => "not_a_candidate",
            Refusal::AlreadyVoted => "already_voted",
            Refusal::BallotNotClosed => "ballot_not_closed",
            Refusal::AlreadyAdopted { .. } => "already_adopted",
            Refusal::BallotTie { .. } => "ballot_tie",
            Refusal::NoVotes => "no_votes",
            Refusal::RequirementLength => "requirement_length",
            Refusal::DeadlineInPast { .. } => "deadline_in_past",
            Refusal::UnitNotOnItem => "unit_not_on_item",
            Refusal::ItemHasNoLead => "item_has_no_lead",
            Refusal::OrderStepNotNow { .. } => "order_step_not_now",
            Refusal::OrderNoteRequired { .. } => "order_note_required",
            Refusal::TooLong { .. } => "too_long",
            Refusal::BulletinRangeNotStarted => "bulletin_range_not_started",
            Refusal::BulletinTextLength => "bulletin_text_length",
            Refusal::BulletinIssued => "bulletin_issued",
            Refusal::TitleLength => "title_length",
            Refusal::ClosesBeforeOpens => "closes_before_opens",
            Refusal::PlanMustBePublished => "plan_must_be_published",
            Refusal::CampaignNotOpen { .. } => "campaign_not_open",
            Refusal::AlreadyRated => "already_rated",
            Refusal::CampaignNotClosed => "campaign_not_closed",
            Refusal::TextLength { .. } => "text_length",
            Refusal::ReplyToMissing => "reply_to_missing",
            Refusal::ReplyNotOnItem => "reply_not_on_item",
            Refusal::EvidenceNotOnDraft => "evidence_not_on_draft",
            Refusal::OnlyPhotosPublic => "only_photos_public",
            Refusal::PhotoOfDraft => "photo_of_draft",
            Refusal::CarryNotAllowed { .. } => "carry_not_allowed",
            Refusal::CarryIntoDraftOnly => "carry_into_draft_only",
            Refusal::ReplyToUnpublished => "reply_to_unpublished",
            Refusal::MobileDigits => "mobile_digits",
            Refusal::DeclineNeedsReason => "decline_needs_reason",
            Refusal::ScreenChoice => "screen_choice",
            Refusal::ProposalYear { .. } => "proposal_year",
        }
    }

    /// What it says in Chinese, with what to do.
    pub fn zh(&self) -> String {
        match self {
            Refusal::PlanNotPublished => "计划尚未发布，发布后才能填报台账。".into(),
            Refusal::PlanClosed => "计划已关闭，不能再填报台账。".into(),
            Refusal::NotPeriodStart { day } => {
                format!("{day} 不是报送周期的第一天，请从周期列表中选择。")
            }
            Refusal::FuturePeriod { start } => {
                format!("不能填报尚未开始的周期（{start} 起），请填报本期或以前的周期。")
            }
            Refusal::UnitDoesNotReport => {
                "该单位不是此项目的牵头单位，也未分担指标，不能填报。".into()
            }
            Refusal::TargetTwice { target } => format!("指标 {target} 填了两次，请只填一次。"),
            Refusal::TargetNotReported { target } => {
                format!("指标 {target} 不属于此项目或不由本单位填报，请只填写表中列出的指标。")
            }
            Refusal::PeriodLocked { period } => format!(
                "{period} 起的报送周期已锁定，数据已冻结；锁定后补报或更正须填写原因，将作为更正记录显示。"
            ),
            Refusal::CorrectionNeedsReason => "更正已提交的台账须填写更正原因。".into(),
            Refusal::OnlyLeadUnit => "只有此项目的牵头单位可以办理。".into(),
            Refusal::DelayCauseNotListed { causes } => {
                format!("延期原因须从列表中选择：{}。", causes.join("、"))
            }
            Refusal::DeadlineNotLater { current } => {
                format!("新的完成时限须晚于当前时限 {current} 和今天。")
            }
            Refusal::StepsRequired => "请至少填写一条整改措施及完成时间。".into(),
            Refusal::ExplanationPending => "已有一份延期说明在审核中，请等待审核结果。".into(),
            Refusal::ReturnNeedsReason => "退回须写明理由。".into(),
            Refusal::AlreadyDecided => "这份延期说明已审核过。".into(),
            Refusal::CompletionInFuture => "完成日期不能晚于今天。".into(),
            Refusal::AlreadyAccepted => "该项目已验收。".into(),
            Refusal::AcceptancePending => "已有验收申请在审核中，请等待审核结果。".into(),
            Refusal::AcceptanceNotPending => "这份验收申请不存在或已处理。".into(),
            Refusal::DispositionNeedsReason => "终止或结转须写明理由。".into(),
            Refusal::TargetNotOnItem { target } => format!("指标 {target} 不属于此项目。"),
            Refusal::ShareNotPositive => "分担数量须为正数。".into(),
            Refusal::MilestoneTitle => "任务名称不能为空，且不超过 200 字。".into(),
            Refusal::PercentOutOfRange => "计划完成百分比应在 0 到 100 之间。".into(),
            Refusal::UnknownUnit => "责任单位不存在，请从单位列表中选择。".into(),
            Refusal::BallotNotOpen => "票决未在进行。".into(),
            Refusal::ChoiceCount { seats } => {
                format!("请在候选项目中选择 1 至 {seats} 项，每项只选一次。")
            }
            Refusal::NotACandidate => "所选项目不在本次候选之中，请重新选择。".into(),
            Refusal::AlreadyVoted => "您已投过票，每位代表只能投一次。".into(),
            Refusal::BallotNotClosed => "票决尚未结束，结束后才能确定当选项目。".into(),
            Refusal::AlreadyAdopted { plan } => format!("当选项目已列入计划草案（计划 {plan}）。"),
            Refusal::BallotTie { votes, tied } => format!(
                "末位得票相同（{votes} 票）：{}。请另行票决后再列入计划。",
                tied.join("、")
            ),
            Refusal::NoVotes => "没有候选项目得票，无法确定当选项目。".into(),
            Refusal::RequirementLength => "请填写督办要求（1–2000 字）。".into(),
            Refusal::DeadlineInPast { deadline } => {
                format!("办理时限 {deadline} 早于今天，请选择今天或以后的日期。")
            }
            Refusal::UnitNotOnItem => "所选单位不是此项目的责任单位，请另选。".into(),
            Refusal::ItemHasNoLead => "此项目没有牵头单位，请先分配责任单位。".into(),
            Refusal::OrderStepNotNow { state, action } => format!(
                "督办单当前为“{}”，不能{}。",
                state.label_zh(),
                action.label_zh()
            ),
            Refusal::OrderNoteRequired { action } => match action {
                OrderAction::Answer => "请填写办理情况。".into(),
                _ => "请填写退回原因和整改要求。".into(),
            },
            Refusal::TooLong { max } => format!("内容不超过 {max} 字，请删减。"),
            Refusal::BulletinRangeNotStarted => "不能为尚未开始的时段出通报。".into(),
            Refusal::BulletinTextLength => "标题 1–200 字，下步工作不超过 10000 字。".into(),
            Refusal::BulletinIssued => "通报已签发，内容已冻结，不能修改。".into(),
            Refusal::TitleLength => "名称须为 1–100 字。".into(),
            Refusal::ClosesBeforeOpens => "结束时间应晚于开始时间。".into(),
            Refusal::PlanMustBePublished => "只能对已发布的计划开展测评。".into(),
            Refusal::CampaignNotOpen { opens, closes } => {
                format!("测评未在进行（{opens} 至 {closes}）。")
            }
            Refusal::AlreadyRated => "您已评价过该项目，每人每项只能评价一次。".into(),
            Refusal::CampaignNotClosed => "测评结束后才能计入考核。".into(),
            Refusal::TextLength { max } => format!("请填写内容（1–{max} 字）。"),
            Refusal::ReplyToMissing => "回复须指明所回复的批示或意见。".into(),
            Refusal::ReplyNotOnItem => "所回复的批示或意见不在此项目上。".into(),
            Refusal::EvidenceNotOnDraft => {
                "附件只能加到本项目的草稿台账、任务、延期说明或验收申请上。".into()
            }
            Refusal::OnlyPhotosPublic => "只有照片可以公开。".into(),
            Refusal::PhotoOfDraft => "这张照片属于尚未报送的台账草稿，不能公开。".into(),
            Refusal::CarryNotAllowed { item } => format!(
                "项目 {item} 不能结转：须为本地区往年已发布计划中未验收、未终止、未结转的项目。"
            ),
            Refusal::CarryIntoDraftOnly => "只能结转到草稿计划。".into(),
            Refusal::ReplyToUnpublished => "只能回复已公开的留言。".into(),
            Refusal::MobileDigits => "手机号应为 11 位数字，可不填。".into(),
            Refusal::DeclineNeedsReason => "未采纳须说明理由，建议人可以看到。".into(),
            Refusal::ScreenChoice => "只能列入候选或不予采纳。".into(),
            Refusal::ProposalYear { this_year } => {
                format!("建议的年度应为 {this_year} 或 {} 年。", this_year + 1)
            }
        }
    }

    /// What it says in English, with what to do.
    pub fn en(&self) -> String {
        match self {
            Refusal::PlanNotPublished => {
                "The plan is not published yet: reports are filed once it is.".into()
            }
            Refusal::PlanClosed => "The plan is closed: no more reports are filed on it.".into(),
            Refusal::NotPeriodStart { day } => {
                format!("{day} does not start a reporting period: choose one from the list.")
            }
            Refusal::FuturePeriod { start } => format!(
                "The period starting {start} has not begun: report on this period or an earlier one."
            ),
            Refusal::UnitDoesNotReport => {
                "This unit neither leads the item nor holds a share of its targets, so it does not report on it."
                    .into()
            }
            Refusal::TargetTwice { target } => {
                format!("Target {target} was given twice: give it once.")
            }
            Refusal::TargetNotReported { target } => format!(
                "Target {target} is not one this unit reports on this item: fill in only the targets listed."
            ),
            Refusal::PeriodLocked { period } => format!(
                "The period starting {period} is locked: a late report or a correction needs a reason, and is kept as an amendment."
            ),
            Refusal::CorrectionNeedsReason => {
                "Correcting a submitted report needs a reason.".into()
            }
            Refusal::OnlyLeadUnit => "Only the item's lead unit can do this.".into(),
            Refusal::DelayCauseNotListed { causes } => {
                format!("Choose the cause from the plan's list: {}.", causes.join(", "))
            }
            Refusal::DeadlineNotLater { current } => {
                format!("The new deadline must be after {current} and after today.")
            }
            Refusal::StepsRequired => "Give at least one corrective step with its date.".into(),
            Refusal::ExplanationPending => {
                "An explanation is already waiting for its decision: wait for it.".into()
            }
            Refusal::ReturnNeedsReason => "Give the reason for returning it.".into(),
            Refusal::AlreadyDecided => "This explanation was decided already.".into(),
            Refusal::CompletionInFuture => "The completion date cannot be after today.".into(),
            Refusal::AlreadyAccepted => "The item was accepted already.".into(),
            Refusal::AcceptancePending => {
                "An acceptance request is already waiting for its decision: wait for it.".into()
            }
            Refusal::AcceptanceNotPending => {
                "This acceptance request does not exist or was decided already.".into()
            }
            Refusal::DispositionNeedsReason => {
                "Give the reason for ending or carrying over the item.".into()
            }
            Refusal::TargetNotOnItem { target } => {
                format!("Target {target} is not one of this item's.")
            }
            Refusal::ShareNotPositive => "A share must be a positive number.".into(),
            Refusal::MilestoneTitle => {
                "A milestone needs a title of at most 200 characters.".into()
            }
            Refusal::PercentOutOfRange => "The planned percentage must be 0 to 100.".into(),
            Refusal::UnknownUnit => "That unit does not exist: choose one from the list.".into(),
            Refusal::BallotNotOpen => "The ballot is not open.".into(),
            Refusal::ChoiceCount { seats } => {
                format!("Choose 1 to {seats} candidates, each once.")
            }
            Refusal::NotACandidate => "That is not a candidate on this ballot: choose again.".into(),
            Refusal::AlreadyVoted => "You have voted already: each deputy votes once.".into(),
            Refusal::BallotNotClosed => {
                "The ballot has not closed: the winners are known once it has.".into()
            }
            Refusal::AlreadyAdopted { plan } => {
                format!("The winners are already in draft plan {plan}.")
            }
            Refusal::BallotTie { votes, tied } => format!(
                "A tie for the last seat ({votes} votes): {}. Hold another round before adopting.",
                tied.join(", ")
            ),
            Refusal::NoVotes => "No candidate got a vote, so none is elected.".into(),
            Refusal::RequirementLength => "Write the requirement, 1 to 2000 characters.".into(),
            Refusal::DeadlineInPast { deadline } => {
                format!("The deadline {deadline} is in the past: choose today or later.")
            }
            Refusal::UnitNotOnItem => "That unit is not named on this item: choose another.".into(),
            Refusal::ItemHasNoLead => "The item has no lead unit yet: assign one first.".into(),
            Refusal::OrderStepNotNow { state, action } => format!(
                "The order is {}: it cannot {} now.",
                state.label_en().to_lowercase(),
                action.label_en()
            ),
            Refusal::OrderNoteRequired { action } => match action {
                OrderAction::Answer => "Write what was done.".into(),
                _ => "Say why it is returned and what to put right.".into(),
            },
            Refusal::TooLong { max } => format!("At most {max} characters: shorten it."),
            Refusal::BulletinRangeNotStarted => {
                "A bulletin cannot cover a period that has not begun.".into()
            }
            Refusal::BulletinTextLength => {
                "The title is 1 to 200 characters, the next steps at most 10,000.".into()
            }
            Refusal::BulletinIssued => "An issued bulletin is frozen and cannot be edited.".into(),
            Refusal::TitleLength => "The title must be 1 to 100 characters.".into(),
            Refusal::ClosesBeforeOpens => "It must close after it opens.".into(),
            Refusal::PlanMustBePublished => "Only a published plan is rated.".into(),
            Refusal::CampaignNotOpen { opens, closes } => {
                format!("The rating is not open (from {opens} to {closes}).")
            }
            Refusal::AlreadyRated => "You have rated this item already: once per person.".into(),
            Refusal::CampaignNotClosed => {
                "A rating counts towards the scores once it has closed.".into()
            }
            Refusal::TextLength { max } => format!("Write 1 to {max} characters."),
            Refusal::ReplyToMissing => "Say which instruction or comment you reply to.".into(),
            Refusal::ReplyNotOnItem => "That instruction or comment is not on this item.".into(),
            Refusal::EvidenceNotOnDraft => "Evidence is added only to a draft report, milestone, delay explanation or acceptance request of this item.".into(),
            Refusal::OnlyPhotosPublic => "Only photos can be published.".into(),
            Refusal::PhotoOfDraft => "The photo belongs to a draft not yet filed, so it cannot be published.".into(),
            Refusal::CarryNotAllowed { item } => format!("Item {item} cannot be carried over: only an item of an earlier published plan of this region that is not accepted, ended or carried over already."),
            Refusal::CarryIntoDraftOnly => "Items are carried into a draft plan only.".into(),
            Refusal::ReplyToUnpublished => "Only a published message can be answered.".into(),
            Refusal::MobileDigits => "The mobile number has 11 digits, or leave it empty.".into(),
            Refusal::DeclineNeedsReason => "Give the reason for declining: the proposer sees it.".into(),
            Refusal::ScreenChoice => "A proposal becomes a candidate or is declined.".into(),
            Refusal::ProposalYear { this_year } => format!("The year must be {this_year} or {}.", this_year + 1),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.zh(), self.en())
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_worded_in_both_languages_and_says_what_to_do() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let all = [
            Refusal::PlanNotPublished,
            Refusal::PlanClosed,
            Refusal::NotPeriodStart { day },
            Refusal::FuturePeriod { start: day },
            Refusal::UnitDoesNotReport,
            Refusal::TargetTwice { target: 7 },
            Refusal::TargetNotReported { target: 7 },
            Refusal::PeriodLocked { period: day },
            Refusal::CorrectionNeedsReason,
            Refusal::OnlyLeadUnit,
            Refusal::DelayCauseNotListed {
                causes: vec!["资金".into(), "手续".into()],
            },
            Refusal::DeadlineNotLater { current: day },
            Refusal::StepsRequired,
            Refusal::ExplanationPending,
            Refusal::ReturnNeedsReason,
            Refusal::AlreadyDecided,
            Refusal::CompletionInFuture,
            Refusal::AlreadyAccepted,
            Refusal::AcceptancePending,
            Refusal::AcceptanceNotPending,
            Refusal::DispositionNeedsReason,
            Refusal::TargetNotOnItem { target: 7 },
            Refusal::ShareNotPositive,
            Refusal::MilestoneTitle,
            Refusal::PercentOutOfRange,
            Refusal::UnknownUnit,
            Refusal::BallotNotOpen,
            Refusal::ChoiceCount { seats: 3 },
            Refusal::NotACandidate,
            Refusal::AlreadyVoted,
            Refusal::BallotNotClosed,
            Refusal::AlreadyAdopted { plan: 4 },
            Refusal::BallotTie {
                votes: 2,
                tied: vec!["甲".into(), "乙".into()],
            },
            Refusal::NoVotes,
            Refusal::RequirementLength,
            Refusal::DeadlineInPast { deadline: day },
            Refusal::UnitNotOnItem,
            Refusal::ItemHasNoLead,
            Refusal::OrderStepNotNow {
                state: OrderState::Closed,
                action: OrderAction::Answer,
            },
            Refusal::OrderNoteRequired {
                action: OrderAction::Answer,
            },
            Refusal::OrderNoteRequired {
                action: OrderAction::Return,
            },
            Refusal::TooLong { max: 4000 },
            Refusal::BulletinRangeNotStarted,
            Refusal::BulletinTextLength,
            Refusal::BulletinIssued,
            Refusal::TitleLength,
            Refusal::ClosesBeforeOpens,
            Refusal::PlanMustBePublished,
            Refusal::CampaignNotOpen {
                opens: "2025-03-01 08:00".into(),
                closes: "2025-03-31 18:00".into(),
            },
            Refusal::AlreadyRated,
            Refusal::CampaignNotClosed,
            Refusal::TextLength { max: 2000 },
            Refusal::ReplyToMissing,
            Refusal::ReplyNotOnItem,
            Refusal::EvidenceNotOnDraft,
            Refusal::OnlyPhotosPublic,
            Refusal::PhotoOfDraft,
            Refusal::CarryNotAllowed { item: 3 },
            Refusal::CarryIntoDraftOnly,
            Refusal::ReplyToUnpublished,
            Refusal::MobileDigits,
            Refusal::DeclineNeedsReason,
            Refusal::ScreenChoice,
            Refusal::ProposalYear { this_year: 2025 },
        ];
        let mut codes = std::collections::HashSet::new();
        for r in &all {
            if !matches!(r, Refusal::OrderNoteRequired { .. }) {
                assert!(codes.insert(r.code()), "codes are distinct: {}", r.code());
            }
            assert!(r.zh().ends_with('。'), "{}", r.zh());
            assert!(r.en().ends_with('.'), "{}", r.en());
            // Only the plan's own causes (DelayCauseNotListed) stay in Chinese in English.
            let cjk = r
                .en()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            // Names written in the plan (causes, candidates' titles) stay as written.
            let names = ["delay_cause_not_listed", "ballot_tie"];
            assert!(!cjk || names.contains(&r.code()), "{}", r.en());
            assert!(r.to_string().contains(&r.zh()) && r.to_string().contains(&r.en()));
        }
        assert!(
            Refusal::PeriodLocked { period: day }
                .zh()
                .contains("2025-03-03")
        );
        assert_eq!(Refusal::PlanClosed.kind(), RefusalKind::Conflict);
        assert_eq!(
            Refusal::TargetTwice { target: 1 }.kind(),
            RefusalKind::Invalid
        );
    }
}
