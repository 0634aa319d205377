//! Progress reports (台账更新): one row per version of (item, unit, period). A draft is edited
//! in place; a submitted version is frozen and a correction becomes the next version. Every
//! write carries the revision it read; a stale revision is refused and nothing is written.

use super::{Attachment, OwnerKind};
use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::ledger::{FundSource, Investment, ReportContent, ReportState, TargetValue};
use minsheng_domain::{ItemId, PlanId, ReportId, TargetId, UnitId};
use serde::Serialize;

/// One version of a unit's report on an item for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Identifier of this version.
    pub id: ReportId,
    /// The item.
    pub item_id: ItemId,
    /// The reporting unit.
    pub unit_id: UnitId,
    /// Its name.
    pub unit: String,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// 1 for the first filing, then one more per correction.
    pub version: i32,
    /// Draft or submitted.
    pub state: ReportState,
    /// Bumped by every write; a writer must send the one it read.
    pub revision: i32,
    /// What it says.
    pub content: ReportContent,
    /// Why a submitted report was corrected (versions after the first), or why it was
    /// filed after its period was locked.
    pub correction_reason: Option<String>,
    /// Submitted after the period was locked (锁定后更正): the frozen figures stand and this
    /// version is shown as an amendment.
    pub amendment: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last written.
    pub updated_at: DateTime<Utc>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The calendar day it was submitted (for on-time checks).
    pub submitted_on: Option<NaiveDate>,
    /// Evidence files.
    pub attachments: Vec<Attachment>,
    /// The office's person who filed it on the unit's behalf (代报), if not the unit.
    pub filed_by: Option<String>,
    /// Why nothing moved this period, when the unit said so (本期无进展原因).
    pub no_progress: Option<String>,
    /// How many earlier periods in a row the unit filed this same progress text
    /// (`minsheng_domain::ledger::evidence::copied` says when that is 无实质进展).
    pub repeats: u32,
}

/// A write to a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportWrite {
    /// The content, already checked at the edge.
    pub content: ReportContent,
    /// The revision of the latest version the writer read; `None` when there was none.
    pub revision: Option<i32>,
    /// Submit now rather than keep a draft.
    pub submit: bool,
    /// Why a submitted report is being corrected.
    pub correction_reason: Option<String>,
    /// The office's person filing on the unit's behalf (代报).
    pub on_behalf: Option<String>,
    /// Why nothing moved this period.
    pub no_progress: Option<String>,
    /// Whether the quality rules ask about a submission before it is filed.
    pub quality: Quality,
}

/// Whether a submission is asked the quality rules' questions (a running total going back,
/// nothing moved, a jump past the plan's pace: `minsheng_domain::ledger::quality`) inside its
/// write, and refused with them (`Refusal::Questions`) while one is left open. The report
/// form, the API and the report sheets ask; what the system loads itself does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Quality {
    /// Filed as given.
    #[default]
    NotAsked,
    /// Asked; `confirmed` answers the questions that need only the filer's confirmation
    /// (the reasons they ask for are the write's correction and no-progress reasons).
    Asked {
        /// The filer confirmed the doubtful values.
        confirmed: bool,
    },
}

#[derive(sqlx::FromRow)]
pub(crate) struct ReportRow {
    id: i64,
    item_id: i64,
    unit_id: i64,
    unit: String,
    period_start: NaiveDate,
    version: i32,
    state: String,
    revision: i32,
    percent: Option<f64>,
    progress: String,
    problems: String,
    next_steps: String,
    correction_reason: Option<String>,
    amendment: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
    submitted_on: Option<NaiveDate>,
    filed_by: Option<String>,
    no_progress: Option<String>,
    progress_repeats: i32,
}

const REPORT_SELECT: &str = "SELECT r.id, r.item_id, r.unit_id, u.name AS unit, r.period_start, r.version, r.state, r.revision, r.percent, \
     r.progress, r.problems, r.next_steps, r.correction_reason, r.amendment, r.created_at, r.updated_at, r.submitted_at, r.submitted_on, r.filed_by, r.no_progress, r.progress_repeats \
     FROM reports r JOIN units u ON u.id = r.unit_id";

/// Which reports to load.
pub(crate) enum ReportScope {
    One(ReportId),
    Item(ItemId),
}

impl ReportScope {
    fn clause(&self) -> (&'static str, i64) {
        match self {
            ReportScope::One(id) => ("r.id = $1", id.0),
            ReportScope::Item(id) => ("r.item_id = $1", id.0),
        }
    }
}

/// A report's physical progress, problems, and why nothing moved (when it said so).
pub(crate) type ReportTexts = (String, String, Option<String>);

impl Store {
    /// Physical progress, problems and the no-progress reason of some reports, by id.
    pub(crate) async fn report_texts(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, ReportTexts>, StoreError> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let rows: Vec<(i64, String, String, Option<String>)> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, progress, problems, no_progress FROM reports WHERE id IN ({list})"
            ))).fetch_all(p).await?);
            out.extend(rows.into_iter().map(|(i, a, b, c)| (i, (a, b, c))));
        }
        Ok(out)
    }

    /// The rows of `select` (bound to a plan and a day) as one JSON array of arrays of
    /// `columns`, decoded: one row over the wire instead of many.
    async fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        select: &str,
        columns: &str,
        plan: PlanId,
        as_of: NaiveDate,
    ) -> Result<Vec<T>, StoreError> {
        let sql = match self.backend() {
            crate::Backend::Sqlite => format!(
                "SELECT COALESCE(json_group_array(json_array({columns})), '[]') FROM ({select}) q"
            ),
            crate::Backend::Postgres => format!(
                "SELECT COALESCE(json_agg(json_build_array({columns}))::text, '[]') FROM ({select}) q"
            ),
        };
        let text: String = on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(plan.0).bind(as_of).fetch_one(p).await?);
        serde_json::from_str(&text)
            .map_err(|e| StoreError::Internal(format!("ledger rows could not be read: {e}")))
    }

    /// The submitted versions of every report of a plan up to `as_of`, without values (the
    /// ledger's facts pick those from [`Store::ledger_values`] with [`latest_values`]). Texts, investment, evidence and timestamps are left out (empty, and
    /// the instants set to the submission day), which keeps a year of a large plan quick to
    /// load; `report_texts` fetches the texts of the few reports shown.
    pub(crate) async fn load_ledger_report_rows(
        &self,
        plan: PlanId,
        as_of: NaiveDate,
    ) -> Result<Vec<Report>, StoreError> {
        type Row = (
            i64,
            i64,
            i64,
            NaiveDate,
            i32,
            Option<f64>,
            Option<NaiveDate>,
        );
        // Both come back as one JSON array each: SQLite hands rows one at a time to the async
        // side, which costs more than the query itself for a year of a plan's reports.
        let rows: Vec<Row> = self
            .json_rows(
                "SELECT r.id, r.item_id, r.unit_id, r.period_start, r.version, r.percent, r.submitted_on \
                 FROM reports r JOIN items i ON i.id = r.item_id WHERE i.plan_id = $1 AND r.state = 'submitted' AND r.period_start <= $2",
                "id, item_id, unit_id, period_start, version, percent, submitted_on",
                plan,
                as_of,
            )
            .await?;
        let reports: Vec<Report> = rows
            .into_iter()
            .map(|(id, item, unit, period_start, version, percent, on)| {
                submitted(
                    ReportId(id),
                    ItemId(item),
                    UnitId(unit),
                    period_start,
                    version,
                    percent,
                    on,
                )
            })
            .collect();
        Ok(reports)
    }

    /// Every value of a plan's submitted report versions up to `as_of`, as (report, target,
    /// value): one JSON array, from which the values the rules read on any day up to `as_of`
    /// are picked without asking again ([`latest_values`]).
    pub(crate) async fn ledger_values(
        &self,
        plan: PlanId,
        as_of: NaiveDate,
    ) -> Result<Vec<(i64, i64, f64)>, StoreError> {
        self.json_rows(
            "SELECT rv.report_id, rv.target_id, rv.value FROM report_values rv JOIN reports r ON r.id = rv.report_id \
             JOIN items i ON i.id = r.item_id WHERE i.plan_id = $1 AND r.state = 'submitted' AND r.period_start <= $2",
            "report_id, target_id, value",
            plan,
            as_of,
        )
        .await
    }

    pub(crate) async fn load_reports(&self, scope: ReportScope) -> Result<Vec<Report>, StoreError> {
        let (clause, id) = scope.clause();
        let (rows, values, invest) = on_pool!(self, p => {
            let rows: Vec<ReportRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{REPORT_SELECT} WHERE {clause} ORDER BY r.period_start, r.item_id, r.unit_id, r.version"))).bind(id).fetch_all(p).await?;
            let values: Vec<(i64, i64, f64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT rv.report_id, rv.target_id, rv.value FROM report_values rv JOIN reports r ON r.id = rv.report_id WHERE {clause} ORDER BY rv.target_id"))).bind(id).fetch_all(p).await?;
            let invest: Vec<(i64, String, f64, f64, f64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT ri.report_id, ri.source, ri.planned, ri.completed, ri.disbursed FROM report_investments ri JOIN reports r ON r.id = ri.report_id WHERE {clause}"))).bind(id).fetch_all(p).await?;
            (rows, values, invest)
        });
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut files = self.attachments_of(OwnerKind::Report, &ids).await?;
        let mut by_report: std::collections::HashMap<i64, (Vec<TargetValue>, Vec<Investment>)> =
            std::collections::HashMap::new();
        for (rid, tid, value) in values {
            by_report.entry(rid).or_default().0.push(TargetValue {
                target_id: TargetId(tid),
                value,
            });
        }
        for (rid, source, planned, completed, disbursed) in invest {
            if let Ok(source) = source.parse::<FundSource>() {
                by_report.entry(rid).or_default().1.push(Investment {
                    source,
                    planned,
                    completed,
                    disbursed,
                });
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| {
                let (values, mut investments) = by_report.remove(&r.id).unwrap_or_default();
                investments.sort_by_key(|i| FundSource::ALL.iter().position(|s| *s == i.source));
                let attachments = files.remove(&r.id).unwrap_or_default();
                Report {
                    id: ReportId(r.id),
                    item_id: ItemId(r.item_id),
                    unit_id: UnitId(r.unit_id),
                    unit: r.unit,
                    period_start: r.period_start,
                    version: r.version,
                    state: r.state.parse().unwrap_or(ReportState::Draft),
                    revision: r.revision,
                    content: ReportContent {
                        values,
                        percent: r.percent,
                        progress: r.progress,
                        problems: r.problems,
                        next_steps: r.next_steps,
                        investments,
                    },
                    correction_reason: r.correction_reason,
                    amendment: r.amendment,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                    submitted_at: r.submitted_at,
                    submitted_on: r.submitted_on,
                    attachments,
                    filed_by: r.filed_by,
                    no_progress: r.no_progress,
                    repeats: r.progress_repeats.max(0) as u32,
                }
            })
            .collect())
    }

    /// One report version.
    pub async fn report(&self, id: ReportId) -> Result<Report, StoreError> {
        self.load_reports(ReportScope::One(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound("台账 (report)"))
    }

    /// Every version of every report on an item, oldest period first.
    pub async fn item_reports(&self, item: ItemId) -> Result<Vec<Report>, StoreError> {
        self.load_reports(ReportScope::Item(item)).await
    }

    /// The versions of one unit's report on an item for one period, oldest first.
    pub async fn report_versions(
        &self,
        item: ItemId,
        unit: UnitId,
        period_start: NaiveDate,
    ) -> Result<Vec<Report>, StoreError> {
        Ok(self
            .item_reports(item)
            .await?
            .into_iter()
            .filter(|r| r.unit_id == unit && r.period_start == period_start)
            .collect())
    }
}

/// A submitted version as the ledger reads it: no texts, investment or evidence, its instants
/// the day it was submitted (or its period's first day), values to be put on by
/// [`latest_values`].
fn submitted(
    id: ReportId,
    item: ItemId,
    unit: UnitId,
    period_start: NaiveDate,
    version: i32,
    percent: Option<f64>,
    on: Option<NaiveDate>,
) -> Report {
    let at = on
        .unwrap_or(period_start)
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    Report {
        id,
        item_id: item,
        unit_id: unit,
        unit: String::new(),
        period_start,
        version,
        state: ReportState::Submitted,
        revision: 0,
        content: ReportContent {
            values: Vec::new(),
            percent,
            progress: String::new(),
            problems: String::new(),
            next_steps: String::new(),
            investments: Vec::new(),
        },
        correction_reason: None,
        amendment: false,
        created_at: at,
        updated_at: at,
        submitted_at: Some(at),
        submitted_on: on,
        attachments: Vec::new(),
        filed_by: None,
        no_progress: None,
        repeats: 0,
    }
}

/// Puts on `reports` (submitted versions of one plan's reports) the values the ledger reads,
/// replacing any they carry: per (unit, target), the value of the current version (the
/// highest of its item, unit and period) of the latest period that has one. `values` are
/// (report, target, value) triples; those of reports not in `reports` are ignored.
pub(crate) fn latest_values(reports: &mut [Report], values: &[(i64, i64, f64)]) {
    use std::collections::HashMap;
    let mut top: HashMap<(ItemId, UnitId, NaiveDate), (i32, ReportId)> = HashMap::new();
    for r in reports.iter() {
        let e = top
            .entry((r.item_id, r.unit_id, r.period_start))
            .or_insert((r.version, r.id));
        if r.version > e.0 {
            *e = (r.version, r.id);
        }
    }
    let current: HashMap<i64, (UnitId, NaiveDate)> = reports
        .iter()
        .filter(|r| {
            top.get(&(r.item_id, r.unit_id, r.period_start))
                .map(|t| t.1)
                == Some(r.id)
        })
        .map(|r| (r.id.0, (r.unit_id, r.period_start)))
        .collect();
    // Per (unit, target): the latest (period, report) and its value.
    let mut latest: HashMap<(UnitId, i64), ((NaiveDate, i64), f64)> = HashMap::new();
    for &(report, target, value) in values {
        let Some(&(unit, period)) = current.get(&report) else {
            continue;
        };
        let rank = (period, report);
        let e = latest.entry((unit, target)).or_insert((rank, value));
        if rank > e.0 {
            *e = (rank, value);
        }
    }
    let mut by_report: HashMap<i64, Vec<TargetValue>> = HashMap::new();
    for ((_, target), ((_, report), value)) in latest {
        by_report.entry(report).or_default().push(TargetValue {
            target_id: TargetId(target),
            value,
        });
    }
    for r in reports {
        let mut values = by_report.remove(&r.id.0).unwrap_or_default();
        values.sort_by_key(|v| v.target_id);
        r.content.values = values;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(id: i64, unit: i64, week: u32, version: i32) -> Report {
        let start =
            NaiveDate::from_ymd_opt(2025, 3, 3).unwrap() + chrono::Duration::weeks(week.into());
        submitted(
            ReportId(id),
            ItemId(1),
            UnitId(unit),
            start,
            version,
            None,
            Some(start),
        )
    }

    fn values_of(reports: &[Report]) -> Vec<(i64, Vec<(i64, f64)>)> {
        reports
            .iter()
            .map(|r| {
                let v = r
                    .content
                    .values
                    .iter()
                    .map(|v| (v.target_id.0, v.value))
                    .collect();
                (r.id.0, v)
            })
            .collect()
    }

    #[test]
    fn the_latest_value_of_current_versions_per_unit_and_target() {
        // Unit 7: week 0 says 10 on target 100 and 5 on 101; week 1 says 20 on 100, then is
        // corrected to 15 (version 2) with nothing on 101. Unit 8 holds a share of 100.
        let mut reports = vec![
            report(1, 7, 0, 1),
            report(2, 7, 1, 1),
            report(3, 7, 1, 2),
            report(4, 8, 0, 1),
        ];
        let values = [
            (1, 100, 10.0),
            (1, 101, 5.0),
            (2, 100, 20.0),
            (3, 100, 15.0),
            (4, 100, 3.0),
            (99, 100, 1000.0), // not one of these reports
        ];
        latest_values(&mut reports, &values);
        assert_eq!(
            values_of(&reports),
            vec![
                (1, vec![(101, 5.0)]),
                (2, vec![]),
                (3, vec![(100, 15.0)]),
                (4, vec![(100, 3.0)]),
            ]
        );
        // As of week 0 only: the first reports carry their own values.
        let mut early: Vec<Report> = reports
            .iter()
            .filter(|r| r.id.0 == 1 || r.id.0 == 4)
            .cloned()
            .collect();
        latest_values(&mut early, &values);
        assert_eq!(
            values_of(&early),
            vec![(1, vec![(100, 10.0), (101, 5.0)]), (4, vec![(100, 3.0)])]
        );
    }
}
