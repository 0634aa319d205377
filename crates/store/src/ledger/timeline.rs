//! An item's history as one timeline: report submissions and corrections, delay explanations
//! and their review, deadline changes, acceptance requests and decisions, milestones done.

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

impl Store {
    /// An item's timeline, newest first.
    pub async fn item_timeline(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut out = Vec::new();
        for r in self.item_reports(item).await? {
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
            let detail = match &r.correction_reason {
                Some(why) if r.version > 1 => format!("更正原因：{why}。{}", r.content.progress),
                _ => r.content.progress.clone(),
            };
            out.push(TimelineEntry {
                at: r.submitted_at.unwrap_or(r.updated_at),
                kind,
                title,
                detail,
                link: Some(format!("/reports/{}", r.id)),
            });
        }
        for d in self.delays(item).await? {
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
        for c in self.deadline_changes(item).await? {
            out.push(TimelineEntry {
                at: c.changed_at,
                kind: TimelineKind::Deadline,
                title: format!("完成时限由 {} 调整为 {}", c.from_date, c.to_date),
                detail: c.reason,
                link: None,
            });
        }
        for a in self.acceptance_requests(item).await? {
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
        for m in self.milestones(item, today).await? {
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
        Ok(out)
    }
}
