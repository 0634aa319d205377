//! Every refusal worded in both languages.

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
        Refusal::RegionNotBelow {
            region: "某县".into(),
        },
        Refusal::BeyondRegion {
            region: "某县".into(),
        },
        Refusal::DecidedAbove {
            region: "某市".into(),
        },
        Refusal::AlreadyAllocated {
            region: "某县".into(),
        },
        Refusal::NotAllocatedHere {
            region: "某县".into(),
        },
        Refusal::AlreadyLinked,
        Refusal::AllocatedCopyReported,
        Refusal::OnlyCountsShared { target: 7 },
        Refusal::SharesNeeded,
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
        Refusal::MeetingIssued,
        Refusal::TitleLength,
        Refusal::ClosesBeforeOpens,
        Refusal::PlanMustBePublished,
        Refusal::CampaignNotOpen {
            opens: "2025-03-01 08:00".into(),
            closes: "2025-03-31 18:00".into(),
        },
        Refusal::AlreadyRated,
        Refusal::PhoneNotVerified,
        Refusal::CampaignNotClosed,
        Refusal::PeriodNotFinished,
        Refusal::SiteName,
        Refusal::CoordinatesOutOfRange,
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
        Refusal::ProposalRegion,
        Refusal::ProposalTitle,
        Refusal::ProposalContent,
        Refusal::MessageLength,
        Refusal::SeatsAndCandidates {
            candidates: 3,
            seats: 3,
        },
        Refusal::CandidateNotScreened { proposal: 9 },
        Refusal::PlanStateChange {
            from: crate::PlanState::Published,
            to: crate::PlanState::Draft,
        },
        Refusal::FieldRequired {
            field: Field::Explanation,
        },
        Refusal::FieldTooLong {
            field: Field::Step,
            max: 500,
        },
        Refusal::ReportInput(ReportInputError::NotANumber {
            field: "托位".into(),
            raw: "x".into(),
        }),
        Refusal::Questions(vec![crate::ledger::quality::Question {
            ask: crate::ledger::quality::Finding::NothingChanged.asks(),
            zh: crate::ledger::quality::Finding::NothingChanged.zh(&|_| String::new()),
            en: crate::ledger::quality::Finding::NothingChanged.en(&|_| String::new()),
        }]),
    ];
    let setup = [
        SetupRefusal::UsernameRules { name: "a b".into() },
        SetupRefusal::UsernameTaken {
            name: "liaison".into(),
        },
        SetupRefusal::Password(crate::access::PasswordProblem::TooShort),
        SetupRefusal::Password(crate::access::PasswordProblem::TooSimple),
        SetupRefusal::Password(crate::access::PasswordProblem::SameAsUsername),
        SetupRefusal::DisplayNameLength { max: 50 },
        SetupRefusal::ContactLength { max: 100 },
        SetupRefusal::UnitAccountNeedsUnit,
        SetupRefusal::AdminHasNoRegion,
        SetupRefusal::TokenNameRequired,
        SetupRefusal::SecondFactorOn,
        SetupRefusal::SecondFactorOff,
        SetupRefusal::SecondFactorCode,
        SetupRefusal::NameLength { what: Named::Unit },
        SetupRefusal::NameTaken {
            what: Named::Region,
        },
        SetupRefusal::OwnParent,
        SetupRefusal::AliasEmpty,
        SetupRefusal::Thresholds,
        SetupRefusal::BlueDays,
        SetupRefusal::DueDay,
        SetupRefusal::GraceDays,
        SetupRefusal::DelayCausesEmpty,
        SetupRefusal::WeightRange,
        SetupRefusal::WeightsAllZero,
        SetupRefusal::StartDate,
        SetupRefusal::JumpFactor,
        SetupRefusal::ContactKindMissing,
        SetupRefusal::ContactBinding,
        SetupRefusal::ContactName,
        SetupRefusal::EmailFormat,
        SetupRefusal::WebhookUrl,
        SetupRefusal::NoChannel,
        SetupRefusal::JobNotFailed,
        SetupRefusal::BackupIsPgDump,
    ];
    let all: Vec<Refusal> = all
        .into_iter()
        .chain(setup.into_iter().map(Refusal::from))
        .collect();
    let mut codes = std::collections::HashSet::new();
    for r in &all {
        if !matches!(
            r,
            Refusal::OrderNoteRequired { .. } | Refusal::Setup(SetupRefusal::Password(_))
        ) {
            assert!(codes.insert(r.code()), "codes are distinct: {}", r.code());
        }
        assert!(r.zh().ends_with('。'), "{}", r.zh());
        assert!(r.en().ends_with('.'), "{}", r.en());
        // Only the plan's own causes (DelayCauseNotListed) stay in Chinese in English.
        let cjk = r
            .en()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        // Names written in the plan or the directory (causes, candidates' titles, regions)
        // stay as written.
        let names = [
            "delay_cause_not_listed",
            "ballot_tie",
            "report_input",
            "region_not_below",
            "beyond_region",
            "decided_above",
            "already_allocated",
            "not_allocated_here",
        ];
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
