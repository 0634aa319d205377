//! A plan's 数据质量 list: the photos found doubtful when they were filed and the progress
//! texts filed unchanged period after period (`minsheng_domain::ledger::evidence`), read in
//! two indexed queries for the dashboard and the bulletin draft.

use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::ledger::evidence::PhotoFinding;
use minsheng_domain::{PlanId, item::title_of};
use std::collections::HashSet;

/// What one entry of the list is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Doubt {
    /// A photo and what was found about it.
    Photo {
        /// The attachment.
        attachment: i64,
        /// Its file name.
        file_name: String,
        /// The findings.
        found: Vec<PhotoFinding>,
    },
    /// The same progress text for this many periods in a row (无实质进展).
    Copied {
        /// Periods in a row, this one included.
        periods: u32,
        /// The text.
        text: String,
    },
}

/// One entry of a plan's 数据质量 list.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityFlag {
    /// The item.
    pub item_id: i64,
    /// Its list number.
    pub seq: String,
    /// Its title.
    pub title: String,
    /// The unit that filed it, when a report did.
    pub unit: Option<String>,
    /// The period it was filed for, when a report did.
    pub period: Option<NaiveDate>,
    /// When it was filed.
    pub at: DateTime<Utc>,
    /// What is doubtful.
    pub doubt: Doubt,
}

type PhotoRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    String,
    String,
    String,
    DateTime<Utc>,
);

type CopiedRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    NaiveDate,
    i32,
    String,
    DateTime<Utc>,
);

const PHOTOS: &str = "SELECT a.id, a.item_id, i.seq, i.name, i.content, i.summary, u.name, r.period_start, a.sha256, a.file_name, a.findings, a.created_at \
     FROM attachments a JOIN items i ON i.id = a.item_id \
     LEFT JOIN reports r ON a.owner_kind = 'report' AND r.id = a.owner_id LEFT JOIN units u ON u.id = r.unit_id \
     WHERE i.plan_id = $1 AND a.findings IS NOT NULL AND (a.owner_kind <> 'report' OR r.state = 'submitted') ORDER BY a.id";

/// Reports repeating their text for two earlier periods: [`copied`]'s rule, written out so
/// that the partial index `reports_repeated` serves it (a test holds the two together).
const COPIED: &str = "SELECT r.item_id, i.seq, i.name, i.content, i.summary, u.name, r.period_start, r.progress_repeats, r.progress, COALESCE(r.submitted_at, r.updated_at) \
     FROM reports r JOIN items i ON i.id = r.item_id JOIN units u ON u.id = r.unit_id \
     WHERE i.plan_id = $1 AND r.state = 'submitted' AND r.progress_repeats >= 2 ORDER BY r.period_start DESC, r.version DESC";

impl Store {
    /// A plan's 数据质量 list, newest first: each doubtful photo of a filed report (not a
    /// unit's draft) or of another record once (a correction carries its photos forward; the
    /// first filing is listed), and each unit's latest run of an unchanged progress text per
    /// item.
    pub async fn plan_quality(&self, plan: PlanId) -> Result<Vec<QualityFlag>, StoreError> {
        let photos: Vec<PhotoRow> =
            on_pool!(self, p => sqlx::query_as(PHOTOS).bind(plan.0).fetch_all(p).await?);
        let texts: Vec<CopiedRow> =
            on_pool!(self, p => sqlx::query_as(COPIED).bind(plan.0).fetch_all(p).await?);
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for r in photos {
            if !seen.insert((r.1, r.6.clone(), r.7, r.8.clone())) {
                continue;
            }
            let found: Vec<PhotoFinding> = serde_json::from_str(&r.10).unwrap_or_default();
            if found.is_empty() {
                continue;
            }
            out.push(QualityFlag {
                item_id: r.1,
                seq: r.2,
                title: title_of(r.3.as_deref(), r.4.as_deref(), r.5.as_deref()),
                unit: r.6,
                period: r.7,
                at: r.11,
                doubt: Doubt::Photo {
                    attachment: r.0,
                    file_name: r.9,
                    found,
                },
            });
        }
        let mut runs = HashSet::new();
        for r in texts {
            if !runs.insert((r.0, r.5.clone())) {
                continue;
            }
            out.push(QualityFlag {
                item_id: r.0,
                seq: r.1,
                title: title_of(r.2.as_deref(), r.3.as_deref(), r.4.as_deref()),
                unit: Some(r.5),
                period: Some(r.6),
                at: r.9,
                doubt: Doubt::Copied {
                    periods: r.7.max(0) as u32 + 1,
                    text: r.8,
                },
            });
        }
        out.sort_by_key(|f| std::cmp::Reverse(f.at));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_query_asks_what_the_rule_says() {
        use minsheng_domain::ledger::evidence::copied;
        assert!(super::COPIED.contains("progress_repeats >= 2"));
        assert!(copied(2) && !copied(1));
    }
}
