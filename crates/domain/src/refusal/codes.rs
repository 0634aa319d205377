//! What kind of refusal each is (the input or the state at fault) and its stable code for
//! programs.

use super::{Refusal, RefusalKind};

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
            | Refusal::MeetingIssued
            | Refusal::PlanMustBePublished
            | Refusal::PlanNotDraft
            | Refusal::AdjustDraft
            | Refusal::AdjustmentPending
            | Refusal::AdjustmentDecided
            | Refusal::ItemEnded
            | Refusal::NewItemByOffice
            | Refusal::CampaignNotOpen { .. }
            | Refusal::AlreadyRated
            | Refusal::PhoneNotVerified
            | Refusal::CampaignNotClosed
            | Refusal::EvidenceNotOnDraft
            | Refusal::PhotoOfDraft
            | Refusal::CarryIntoDraftOnly
            | Refusal::ReplyToUnpublished
            | Refusal::CandidateNotScreened { .. }
            | Refusal::AlreadyAllocated { .. }
            | Refusal::AlreadyLinked
            | Refusal::AllocatedCopyReported
            | Refusal::PlanStateChange { .. } => RefusalKind::Conflict,
            Refusal::Setup(r) => r.kind(),
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
            | Refusal::RegionNotBelow { .. }
            | Refusal::BeyondRegion { .. }
            | Refusal::DecidedAbove { .. }
            | Refusal::OnlyCountsShared { .. }
            | Refusal::SharesNeeded
            | Refusal::NotAllocatedHere { .. }
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
            | Refusal::PeriodNotFinished
            | Refusal::SiteName
            | Refusal::CoordinatesOutOfRange
            | Refusal::TextLength { .. }
            | Refusal::ReplyToMissing
            | Refusal::ReplyNotOnItem
            | Refusal::OnlyPhotosPublic
            | Refusal::CarryNotAllowed { .. }
            | Refusal::MobileDigits
            | Refusal::DeclineNeedsReason
            | Refusal::ScreenChoice
            | Refusal::ProposalYear { .. }
            | Refusal::ProposalRegion
            | Refusal::ProposalTitle
            | Refusal::ProposalContent
            | Refusal::MessageLength
            | Refusal::SeatsAndCandidates { .. }
            | Refusal::FieldRequired { .. }
            | Refusal::FieldTooLong { .. }
            | Refusal::TooMany { .. }
            | Refusal::TargetValue { .. }
            | Refusal::ShareTwice { .. }
            | Refusal::CategoryNotInPlan
            | Refusal::AdjustmentUnchanged
            | Refusal::DecisionRecordRequired
            | Refusal::SplitNeedsParts
            | Refusal::CategoryNameTaken
            | Refusal::DateOutOfRange { .. }
            | Refusal::MergeNeedsItems
            | Refusal::TargetHasReports { .. }
            | Refusal::ReportInput(_)
            | Refusal::Questions(_) => RefusalKind::Invalid,
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
            Refusal::RegionNotBelow { .. } => "region_not_below",
            Refusal::BeyondRegion { .. } => "beyond_region",
            Refusal::DecidedAbove { .. } => "decided_above",
            Refusal::OnlyCountsShared { .. } => "only_counts_shared",
            Refusal::SharesNeeded => "shares_needed",
            Refusal::AlreadyAllocated { .. } => "already_allocated",
            Refusal::NotAllocatedHere { .. } => "not_allocated_here",
            Refusal::AlreadyLinked => "already_linked",
            Refusal::AllocatedCopyReported => "allocated_copy_reported",
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
            Refusal::MeetingIssued => "meeting_issued",
            Refusal::TitleLength => "title_length",
            Refusal::ClosesBeforeOpens => "closes_before_opens",
            Refusal::PlanMustBePublished => "plan_must_be_published",
            Refusal::CampaignNotOpen { .. } => "campaign_not_open",
            Refusal::AlreadyRated => "already_rated",
            Refusal::PhoneNotVerified => "phone_not_verified",
            Refusal::CampaignNotClosed => "campaign_not_closed",
            Refusal::PeriodNotFinished => "period_not_finished",
            Refusal::SiteName => "site_name",
            Refusal::CoordinatesOutOfRange => "coordinates_out_of_range",
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
            Refusal::ProposalRegion => "proposal_region",
            Refusal::ProposalTitle => "proposal_title",
            Refusal::ProposalContent => "proposal_content",
            Refusal::MessageLength => "message_length",
            Refusal::SeatsAndCandidates { .. } => "seats_and_candidates",
            Refusal::CandidateNotScreened { .. } => "candidate_not_screened",
            Refusal::PlanStateChange { .. } => "plan_state_change",
            Refusal::FieldRequired { .. } => "field_required",
            Refusal::FieldTooLong { .. } => "field_too_long",
            Refusal::TooMany { .. } => "too_many",
            Refusal::TargetValue { .. } => "target_value",
            Refusal::ShareTwice { .. } => "share_twice",
            Refusal::PlanNotDraft => "plan_not_draft",
            Refusal::CategoryNotInPlan => "category_not_in_plan",
            Refusal::AdjustDraft => "adjust_draft",
            Refusal::AdjustmentPending => "adjustment_pending",
            Refusal::AdjustmentDecided => "adjustment_decided",
            Refusal::AdjustmentUnchanged => "adjustment_unchanged",
            Refusal::DecisionRecordRequired => "decision_record_required",
            Refusal::SplitNeedsParts => "split_needs_parts",
            Refusal::ItemEnded => "item_ended",
            Refusal::NewItemByOffice => "new_item_by_office",
            Refusal::CategoryNameTaken => "category_name_taken",
            Refusal::DateOutOfRange { .. } => "date_out_of_range",
            Refusal::MergeNeedsItems => "merge_needs_items",
            Refusal::TargetHasReports { .. } => "target_has_reports",
            Refusal::ReportInput(_) => "report_input",
            Refusal::Questions(_) => "quality",
            Refusal::Setup(r) => r.code(),
        }
    }
}
