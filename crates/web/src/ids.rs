//! Typed ids from the path: a handler takes `Id<ItemId>` and gets a positive number of the
//! right kind, or the request is refused with what was wrong, in the reader's language.

use crate::error::AppError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use minsheng_domain::{
    AcceptanceId, AdjustmentId, AgendaId, AttachmentId, BallotId, BulletinId, CampaignId,
    CandidateId, CategoryId, ContactId, DelayId, FeedbackId, ImportId, ItemId, JobId, LeaderId,
    MeetingId, MilestoneId, NoteId, OrderId, PhotoId, PlanId, ProposalId, RegionId, ReportId,
    TokenId, UnitId, UserId,
};

/// The route's one path parameter, read as the id of a `T`.
#[derive(Debug, Clone, Copy)]
pub struct Id<T>(pub T);

/// A kind of thing named by an id in a URL.
pub trait PathId: Sized {
    /// Its name, in Chinese and English, for the refusal.
    const NAME: (&'static str, &'static str);
    /// The id of this kind.
    fn from_raw(v: i64) -> Self;
}

impl<S: Send + Sync, T: PathId> FromRequestParts<S> for Id<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::internal(&e))?;
        positive(&raw)
            .map(|v| Id(T::from_raw(v)))
            .ok_or(AppError::BadId(T::NAME, raw))
    }
}

/// Reads the id of a `T` from a form field or query value.
pub fn parse_id<T: PathId>(raw: &str) -> Result<T, AppError> {
    positive(raw)
        .map(T::from_raw)
        .ok_or_else(|| AppError::BadId(T::NAME, raw.to_string()))
}

/// A positive whole number, or none.
pub fn positive(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|v| *v > 0)
}

macro_rules! path_ids {
    ($($t:ident: $zh:literal, $en:literal;)+) => {$(
        impl PathId for $t {
            const NAME: (&'static str, &'static str) = ($zh, $en);
            fn from_raw(v: i64) -> Self {
                $t(v)
            }
        }
    )+};
}

path_ids! {
    PlanId: "计划", "plan";
    CategoryId: "分类", "category";
    ItemId: "项目", "item";
    UnitId: "单位", "unit";
    RegionId: "地区", "region";
    MilestoneId: "任务", "milestone";
    ReportId: "台账", "report";
    AttachmentId: "附件", "file";
    DelayId: "延期说明", "delay explanation";
    AcceptanceId: "验收申请", "acceptance request";
    AdjustmentId: "调整", "adjustment";
    UserId: "用户", "user";
    NoteId: "批示", "note";
    LeaderId: "领导", "leader";
    OrderId: "督办单", "order";
    BulletinId: "通报", "bulletin";
    BallotId: "票决", "ballot";
    CandidateId: "候选", "candidate";
    CampaignId: "测评", "survey";
    ProposalId: "建议", "proposal";
    FeedbackId: "留言", "message";
    PhotoId: "照片", "photo";
    ContactId: "联系人", "contact";
    ImportId: "导入", "import";
    JobId: "任务", "job";
    TokenId: "令牌", "token";
    MeetingId: "会议", "meeting";
    AgendaId: "议题", "agenda entry";
}
