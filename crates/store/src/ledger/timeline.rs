//! An item's history as one timeline: report submissions and corrections, delay explanations
//! and their review, deadline changes, acceptance requests and decisions, milestones done.

use super::{AcceptanceRequest, DeadlineChange, DelayExplanation, MilestoneView, Report};
use crate::{Store, StoreError};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use minsheng_domain::ItemId;
use minsheng_domain::ledger::ReportState;
use serde::Serialize;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// A report version was submitted.
    Report,
    /// A correction of a submitted report was submitted.
    Correction,
    /// A delay explanation was filed.
    Delay,
    /// A delay explanation was decided.
    DelayDecision,
    /// The deadline moved.
    Deadline,
    /// Acceptance was requested.
    Acceptance,
    /// Acceptance was decided.
    AcceptanceDecision,
    /// A milestone was done.
    Milestone,
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// What kind of event.
    pub kind: TimelineKind,
    /// One line, in Chinese.
    pub title: String,
    /// Details.
    pub detail: String,
    /// A page with more, if any.
    pub link: Option<String>,
}

fn day(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::MIN).and_utc()
}

/// An item's reviews and milestones, loaded once for its page, its API entry and its timeline.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ItemRecords {
    /// Task breakdown.
    pub milestones: Vec<MilestoneView>,
    /// Delay explanations, newest first.
    pub delays: Vec<DelayExplanation>,
    /// Deadline changes, oldest first.
    pub deadline_changes: Vec<DeadlineChange>,
    /// Acceptance requests, newest first.
    pub acceptance: Vec<AcceptanceRequest>,
}

impl Store {
    /// An item's milestones, delays, deadline changes and acceptance requests, read now (readers
    /// take [`Store::item_records`], kept under the plan's version).
    pub async fn load_item_records(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<ItemRecords, StoreError> {
        Ok(ItemRecords {
            milestones: self.milestones(item, today).await?,
            delays: self.delays(item).await?,
            deadline_changes: self.deadline_changes(item).await?,
            acceptance: self.acceptance_requests(item).await?,
        })
    }

    /// An item's timeline, newest first.
    pub async fn item_timeline(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let reports = self.item_reports(item).await?;
        Ok(timeline(&reports, &self.item_records(item, today).await?))
    }
}

/// The timeline of an item from what is already loaded, newest first.
pub fn timeline(reports: &[Report], records: &ItemRecords) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for r in reports {
        if r.state != ReportState::Submitted {
            continue;
        }
        let (kind, title) = if r.version > 1 {
            (
                TimelineKind::Correction,
                format!(
                    "{} 更正 {} 起的台账（第 {} 版）",
                    r.unit, r.period_start, r.version
                ),
            )
        } else {
            (
                TimelineKind::Report,
                format!("{} 报送 {} 起的台账", r.unit, r.period_start),
            )
        };
        let mut detail = match &r.correction_reason {
            Some(why) if r.version > 1 => format!("更正原因：{why}。{}", r.content.progress),
            _ => r.content.progress.clone(),
        };
        if let Some(why) = &r.no_progress {
            detail = format!("本期无进展：{why}。{detail}");
        }
        if let Some(by) = &r.filed_by {
            detail = format!("（专班 {by} 代报）{detail}");
        }
        out.push(TimelineEntry {
            at: r.submitted_at.unwrap_or(r.updated_at),
            kind,
            title,
            detail,
            link: Some(format!("/reports/{}", r.id)),
        });
    }
    for d in &records.delays {
        out.push(TimelineEntry {
            at: d.created_at,
            kind: TimelineKind::Delay,
            title: format!(
                "{} 提交延期说明（{}），承诺 {} 前完成",
                d.unit, d.cause, d.new_deadline
            ),
            detail: d.explanation.clone(),
            link: None,
        });
        if let Some(at) = d.reviewed_at {
            out.push(TimelineEntry {
                at,
                kind: TimelineKind::DelayDecision,
                title: format!("延期说明{}", d.state.label_zh()),
                detail: d.review_note.clone().unwrap_or_default(),
                link: None,
            });
        }
    }
    for c in &records.deadline_changes {
        out.push(TimelineEntry {
            at: c.changed_at,
            kind: TimelineKind::Deadline,
            title: format!("完成时限由 {} 调整为 {}", c.from_date, c.to_date),
            detail: c.reason.clone(),
            link: None,
        });
    }
    for a in &records.acceptance {
        out.push(TimelineEntry {
            at: a.created_at,
            kind: TimelineKind::Acceptance,
            title: format!("{} 申请验收（{} 完成）", a.unit, a.completed_on),
            detail: a.summary.clone(),
            link: None,
        });
        if let Some(on) = a.decided_on {
            out.push(TimelineEntry {
                at: day(on).max(a.created_at),
                kind: TimelineKind::AcceptanceDecision,
                title: format!(
                    "验收{}（{}）",
                    if a.state == minsheng_domain::ledger::ReviewState::Approved {
                        "通过"
                    } else {
                        "退回"
                    },
                    a.decided_by.clone().unwrap_or_default()
                ),
                detail: a.decision_note.clone().unwrap_or_default(),
                link: None,
            });
        }
    }
    for m in &records.milestones {
        if let Some(done) = m.milestone.done_on {
            out.push(TimelineEntry {
                at: day(done),
                kind: TimelineKind::Milestone,
                title: format!("完成任务：{}", m.milestone.title),
                detail: String::new(),
                link: None,
            });
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    out
}
