//! Why a write is refused, as the rules see it: a typed reason that storage returns and the
//! web layer words in the reader's language ([`Refusal::zh`], [`Refusal::en`]). `Display`
//! gives both, for logs and the command line.

use crate::PlanState;
use crate::ledger::ReportInputError;
use crate::supervision::order::{OrderAction, OrderState};
use chrono::NaiveDate;

mod codes;
mod en;
mod setup;
mod zh;

pub use setup::{Named, SetupRefusal};

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
    /// An item is allocated only to the regions directly below its list's region.
    RegionNotBelow {
        /// The region named.
        region: String,
    },
    /// An allocated item's adjustment is decided by the office of the list that allocated it.
    DecidedAbove {
        /// The allocating list's region.
        region: String,
    },
    /// An office confined to a region makes lists only for its region and those below it.
    BeyondRegion {
        /// The region named.
        region: String,
    },
    /// Only a count is shared out among regions: a level or a rate is each region's own.
    OnlyCountsShared {
        /// The target given a share.
        target: i64,
    },
    /// An item with counts is given to a region with a share of at least one of them.
    SharesNeeded,
    /// The item is already allocated to this region (change the shares on its item there).
    AlreadyAllocated {
        /// The region.
        region: String,
    },
    /// An imported item is linked only to an item allocated to its own region.
    NotAllocatedHere {
        /// The region of the item's list.
        region: String,
    },
    /// The item already stands for an allocated item (each is linked once).
    AlreadyLinked,
    /// The allocated item's own copy below has reports: linking would drop them.
    AllocatedCopyReported,
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
    /// The meeting's minutes (纪要) are issued: the meeting is frozen.
    MeetingIssued,
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
    /// The campaign asks citizens to verify a mobile number before rating.
    PhoneNotVerified,
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
    /// Only a period that has ended is locked.
    PeriodNotFinished,
    /// A site needs a name of 1 to 100 characters.
    SiteName,
    /// Coordinates out of range.
    CoordinatesOutOfRange,
    /// A proposal is for this year or the next.
    ProposalYear {
        /// This year.
        this_year: i32,
    },
    /// A proposal names its region.
    ProposalRegion,
    /// A proposal's title of 2 to 60 characters.
    ProposalTitle,
    /// What a proposal asks for, in 5 to 2000 characters.
    ProposalContent,
    /// A message of 2 to 1000 characters.
    MessageLength,
    /// A ballot has more candidates than seats, and at least one seat.
    SeatsAndCandidates {
        /// Candidates given.
        candidates: usize,
        /// Seats to fill.
        seats: i64,
    },
    /// A proposal on a ballot that was not screened as a candidate.
    CandidateNotScreened {
        /// The proposal.
        proposal: i64,
    },
    /// The plan's life cycle does not allow the step.
    PlanStateChange {
        /// Where it is.
        from: PlanState,
        /// Where it was asked to go.
        to: PlanState,
    },
    /// A field that must be filled in.
    FieldRequired {
        /// Which.
        field: Field,
    },
    /// A field longer than allowed.
    FieldTooLong {
        /// Which.
        field: Field,
        /// The limit.
        max: usize,
    },
    /// More entries than allowed (targets, units, leaders on one item).
    TooMany {
        /// Which.
        field: Field,
        /// The limit.
        max: usize,
    },
    /// A target's value (or baseline, or budget) that is not a number from 0 up.
    TargetValue {
        /// The target's metric (or the field's name).
        metric: String,
    },
    /// A unit holds a share of two targets of one item.
    ShareTwice {
        /// The unit.
        unit: String,
    },
    /// A published or closed plan is not edited directly: a change is an adjustment.
    PlanNotDraft,
    /// The category is not one of the plan's.
    CategoryNotInPlan,
    /// A draft is edited directly; adjustments are for published plans.
    AdjustDraft,
    /// An adjustment of the item already waits for its decision.
    AdjustmentPending,
    /// The adjustment was already decided.
    AdjustmentDecided,
    /// The proposed change changes nothing.
    AdjustmentUnchanged,
    /// A major adjustment takes effect only with its decision record.
    DecisionRecordRequired,
    /// A split names the parts split off.
    SplitNeedsParts,
    /// The item has ended (terminated, merged away or carried over): it is not adjusted.
    ItemEnded,
    /// New items are proposed by the office.
    NewItemByOffice,
    /// Another category of the plan has that name.
    CategoryNameTaken,
    /// A date outside 2000–2100, which no list of this kind has.
    DateOutOfRange {
        /// Which.
        field: Field,
    },
    /// A merge names the other items of the plan merged in, still under way.
    MergeNeedsItems,
    /// A target with reported values is not removed (it may become informative).
    TargetHasReports {
        /// Its metric.
        metric: String,
    },
    /// A value of a report that cannot be taken as given.
    ReportInput(ReportInputError),
    /// The quality rules ask about a submission (a running total going back, nothing moved,
    /// a jump past the plan's pace): answered, it may be sent again.
    Questions(Vec<crate::ledger::quality::Question>),
    /// Set-up an administrator or the office does.
    Setup(SetupRefusal),
}

/// A text field of a delay explanation or an acceptance request, for refusals that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 情况说明.
    Explanation,
    /// 整改措施.
    Step,
    /// 完成情况.
    CompletionSummary,
    /// 验收人.
    AcceptedBy,
    /// 项目名称.
    ItemName,
    /// 指标名称.
    Metric,
    /// 计量单位.
    MeasureUnit,
    /// 单位名称.
    UnitName,
    /// 领导姓名.
    LeaderName,
    /// 预算.
    Budget,
    /// 序号.
    Seq,
    /// 分类名称.
    CategoryName,
    /// 建设内容.
    Content,
    /// 层级.
    Level,
    /// 完成时限.
    DeadlineText,
    /// 资金来源.
    FundSource,
    /// 验收标准.
    AcceptanceStandard,
    /// 调整理由.
    AdjustmentReason,
    /// 决定机关.
    DecisionBody,
    /// 决定文号.
    DecisionNumber,
    /// 别名 (one of a unit's other names).
    Alias,
    /// 别名合计 (a unit's other names together).
    Aliases,
    /// 职务 (a leader's title).
    LeaderTitle,
    /// 机器人地址 (a group robot's webhook).
    WebhookUrl,
    /// 手机号 (a contact's).
    Phone,
    /// 办公平台账号 (a contact's user id on DingTalk, WeCom or Feishu).
    WorkUserId,
}

impl Field {
    /// Its name in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Field::Explanation => "情况说明",
            Field::Step => "整改措施",
            Field::CompletionSummary => "完成情况",
            Field::AcceptedBy => "验收人",
            Field::ItemName => "项目名称",
            Field::Metric => "指标名称",
            Field::MeasureUnit => "计量单位",
            Field::UnitName => "单位名称",
            Field::LeaderName => "领导姓名",
            Field::Budget => "预算",
            Field::Seq => "序号",
            Field::CategoryName => "分类名称",
            Field::Content => "建设内容",
            Field::Level => "层级",
            Field::DeadlineText => "完成时限",
            Field::FundSource => "资金来源",
            Field::AcceptanceStandard => "验收标准",
            Field::AdjustmentReason => "调整理由",
            Field::DecisionBody => "决定机关",
            Field::DecisionNumber => "决定文号",
            Field::Alias => "每个别名",
            Field::Aliases => "别名合计",
            Field::LeaderTitle => "职务",
            Field::WebhookUrl => "机器人地址",
            Field::Phone => "手机号",
            Field::WorkUserId => "办公平台账号",
        }
    }

    /// Its name in English.
    pub fn en(self) -> &'static str {
        match self {
            Field::Explanation => "explanation",
            Field::Step => "corrective step",
            Field::CompletionSummary => "completion summary",
            Field::AcceptedBy => "accepted by",
            Field::ItemName => "item name",
            Field::Metric => "target's metric",
            Field::MeasureUnit => "unit of measure",
            Field::UnitName => "unit's name",
            Field::LeaderName => "leader's name",
            Field::Budget => "budget",
            Field::Seq => "number",
            Field::CategoryName => "category name",
            Field::Content => "content",
            Field::Level => "level",
            Field::DeadlineText => "deadline as written",
            Field::FundSource => "fund source",
            Field::AcceptanceStandard => "acceptance standard",
            Field::AdjustmentReason => "reason for the adjustment",
            Field::DecisionBody => "deciding body",
            Field::DecisionNumber => "decision's document number",
            Field::Alias => "alias",
            Field::Aliases => "aliases together",
            Field::LeaderTitle => "title",
            Field::WebhookUrl => "robot address",
            Field::Phone => "phone",
            Field::WorkUserId => "office platform user id",
        }
    }
}

impl From<SetupRefusal> for Refusal {
    fn from(r: SetupRefusal) -> Self {
        Refusal::Setup(r)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.zh(), self.en())
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests;
