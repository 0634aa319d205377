//! Typed identifiers, so a unit id can never be passed where an item id is expected.

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
        }
    )+};
}

id_type!(
    /// Identifies a [`crate::Region`].
    RegionId,
    /// Identifies a [`crate::Plan`].
    PlanId,
    /// Identifies a [`crate::Category`].
    CategoryId,
    /// Identifies an [`crate::Item`].
    ItemId,
    /// Identifies a [`crate::Target`].
    TargetId,
    /// Identifies a [`crate::Unit`].
    UnitId,
    /// Identifies a [`crate::Leader`].
    LeaderId,
    /// Identifies a [`crate::Milestone`].
    MilestoneId,
    /// Identifies a [`crate::Site`].
    SiteId,
    /// Identifies one version of a progress report (台账).
    ReportId,
    /// Identifies an evidence file.
    AttachmentId,
    /// Identifies a delay explanation (延期说明).
    DelayId,
    /// Identifies an acceptance request (验收申请).
    AcceptanceId,
    /// Identifies an adjustment of a published plan (调整).
    AdjustmentId,
    /// Identifies an account (用户).
    UserId,
    /// Identifies a leader's instruction, a deputy's comment or a unit's reply on an item.
    NoteId,
    /// Identifies a supervision order (督办单).
    OrderId,
    /// Identifies a bulletin (通报).
    BulletinId,
    /// Identifies a deputies' ballot (票决).
    BallotId,
    /// Identifies a candidate on a ballot.
    CandidateId,
    /// Identifies a satisfaction survey (测评).
    CampaignId,
    /// Identifies a citizen's proposal (建议).
    ProposalId,
    /// Identifies a citizen's message on an item (留言).
    FeedbackId,
    /// Identifies a site photo.
    PhotoId,
    /// Identifies a contact who receives reminders.
    ContactId,
    /// Identifies an import (a document read into a list).
    ImportId,
    /// Identifies a background job.
    JobId,
    /// Identifies an API token.
    TokenId,
    /// Identifies a meeting (调度会, 专题会议, 调研).
    MeetingId,
    /// Identifies an entry of a meeting's agenda.
    AgendaId,
);
