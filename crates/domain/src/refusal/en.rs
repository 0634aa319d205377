//! What each refusal says in English, with what to do.

use super::Refusal;
use crate::supervision::order::OrderAction;

impl Refusal {
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
            Refusal::DecidedAbove { region } => format!(
                "This item was allocated by {region}: its adjustments are decided by {region}'s office; the item page shows how far the request has got."
            ),
            Refusal::BeyondRegion { region } => format!(
                "{region} is outside the region your account is confined to (its own and those below); check the region's name, or ask the office above."
            ),
            Refusal::RegionNotBelow { region } => format!(
                "{region} is not directly below this list's region: an item is allocated only to the regions directly below."
            ),
            Refusal::OnlyCountsShared { target } => format!(
                "Target {target} is a level or a rate: each region meets it as it is; only counts are shared out."
            ),
            Refusal::SharesNeeded => {
                "This item has counts: give the region its share of at least one of them.".into()
            }
            Refusal::AlreadyAllocated { region } => format!(
                "This item is already allocated to {region}; to change its share, edit the target of its item in that region's list."
            ),
            Refusal::NotAllocatedHere { region } => format!(
                "The item chosen was not allocated to {region}, so it cannot be linked; choose one allocated to this region, or ask the office above to allocate it first."
            ),
            Refusal::AlreadyLinked => {
                "This item already stands for an allocated item, and each is linked once; if the link is wrong, ask the office above.".into()
            }
            Refusal::AllocatedCopyReported => "The region's copy of the allocated item already has reports, which linking would leave without an item; keep reporting on that copy and delete the duplicate from the imported list.".into(),
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
            Refusal::MeetingIssued => "The minutes of this meeting are issued and the meeting is frozen; take new matters up at the next meeting.".into(),
            Refusal::TitleLength => "The title must be 1 to 100 characters.".into(),
            Refusal::ClosesBeforeOpens => "It must close after it opens.".into(),
            Refusal::PlanMustBePublished => "Only a published plan is rated.".into(),
            Refusal::CampaignNotOpen { opens, closes } => {
                format!("The rating is not open (from {opens} to {closes}).")
            }
            Refusal::AlreadyRated => "You have rated this item already: once per person.".into(),
            Refusal::PhoneNotVerified => {
                "This survey counts one rating per mobile number: verify yours with the code sent by SMS first.".into()
            }
            Refusal::PeriodNotFinished => "Only a period that has ended can be locked.".into(),
            Refusal::SiteName => "Give the site a name of 1 to 100 characters.".into(),
            Refusal::CoordinatesOutOfRange => {
                "Coordinates out of range: latitude −90 to 90, longitude −180 to 180, e.g. 35.41, 116.59.".into()
            }
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
            Refusal::ProposalRegion => "Choose the region.".into(),
            Refusal::ProposalTitle => "The title is 2 to 60 characters.".into(),
            Refusal::ProposalContent => {
                "Say what should be done, in 5 to 2000 characters.".into()
            }
            Refusal::MessageLength => "Write 2 to 1000 characters.".into(),
            Refusal::SeatsAndCandidates { candidates, seats } => format!(
                "A ballot needs more candidates ({candidates}) than seats ({seats}), and at least one seat."
            ),
            Refusal::CandidateNotScreened { proposal } => format!(
                "Proposal {proposal} is not a candidate: screen it as a candidate first."
            ),
            Refusal::PlanStateChange { from, to } => format!(
                "A plan cannot move from {from} to {to}: a draft is published, a published plan is closed."
            ),
            Refusal::FieldRequired { field } => format!("The {} is required.", field.en()),
            Refusal::FieldTooLong { field, max } => {
                format!("The {} is at most {max} characters.", field.en())
            }
            Refusal::TooMany { field, max } => format!("At most {max} of {}.", field.en()),
            Refusal::TargetValue { metric } => {
                format!("“{metric}” must be a number from 0 up, e.g. 320 or 1050.5.")
            }
            Refusal::ShareTwice { unit } => format!(
                "“{unit}” holds shares of two targets: a unit holds at most one share per item; merge them or remove one."
            ),
            Refusal::PlanNotDraft => "The plan is published and no longer edited directly: a change to it is proposed as an adjustment and approved.".into(),
            Refusal::CategoryNotInPlan => "That category is not one of this plan's; reload the page and try again.".into(),
            Refusal::AdjustDraft => "The plan is a draft: change it in the editor; no adjustment is needed.".into(),
            Refusal::AdjustmentPending => "An adjustment of this item already waits for its decision; propose again after it is decided.".into(),
            Refusal::AdjustmentDecided => "This adjustment was already decided; reload the page to see how.".into(),
            Refusal::AdjustmentUnchanged => "What was proposed is what there is now: nothing to adjust.".into(),
            Refusal::DecisionRecordRequired => "A major adjustment needs its decision: give the deciding body, the document number and the date, then approve.".into(),
            Refusal::ItemEnded => "The item has ended (terminated, merged or carried over) and is not adjusted.".into(),
            Refusal::NewItemByOffice => "New items are proposed by the office; a unit suggests them to the office.".into(),
            Refusal::DateOutOfRange { field } => {
                format!("The {} should be between 2000 and 2100, e.g. 2025-12-31.", field.en())
            }
            Refusal::CategoryNameTaken => "The plan already has a category of that name: choose another, or move the items to it.".into(),
            Refusal::SplitNeedsParts => "A split names the items split off: one per line in the box of parts.".into(),
            Refusal::MergeNeedsItems => "A merge names the other items of this plan, still under way, to merge in.".into(),
            Refusal::TargetHasReports { metric } => format!(
                "“{metric}” has reported values and is not removed; mark it for information only, or change its value."
            ),
            Refusal::ReportInput(e) => e.en(),
            Refusal::Questions(q) => q.iter().map(|q| q.en.as_str()).collect::<Vec<_>>().join(" "),
            Refusal::Setup(r) => r.en(),
        }
    }
}
