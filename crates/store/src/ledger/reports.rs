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
}

const REPORT_SELECT: &str = "SELECT r.id, r.item_id, r.unit_id, u.name AS unit, r.period_start, r.version, r.state, r.revision, r.percent, \
     r.progress, r.problems, r.next_steps, r.correction_reason, r.amendment, r.created_at, r.updated_at, r.submitted_at, r.submitted_on \
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

impl Store {
    /// Reports in a scope, oldest period first, versions in order, with values, investment
    /// and attachments.
    /// Physical progress and problems of some reports, by id.
    pub(crate) async fn report_texts(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, (String, String)>, StoreError> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let rows: Vec<(i64, String, String)> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, progress, problems FROM reports WHERE id IN ({list})"
            ))).fetch_all(p).await?);
            out.extend(rows.into_iter().map(|(i, a, b)| (i, (a, b))));
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

    /// The submitted versions of every report of a plan up to `as_of`, each current version
    /// carrying those of its values that are its unit's latest for their targets: what the
    /// ledger's rules read. Texts, investment, evidence and timestamps are left out (empty, and
    /// the instants set to the submission day), which keeps a year of a large plan quick to
    /// load; `report_texts` fetches the texts of the few reports shown.
    pub(crate) async fn load_ledger_reports(
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
        // One value per (unit, target), from current versions only, the latest in period
        // order: the value the ledger's rule reads.
        let values: Vec<(i64, i64, f64)> = self
            .json_rows(
                "WITH cur AS (SELECT id, unit_id, period_start FROM (SELECT r.id, r.unit_id, r.period_start, \
                   ROW_NUMBER() OVER (PARTITION BY r.item_id, r.unit_id, r.period_start ORDER BY r.version DESC) AS n \
                   FROM reports r JOIN items i ON i.id = r.item_id \
                   WHERE i.plan_id = $1 AND r.state = 'submitted' AND r.period_start <= $2) v WHERE n = 1) \
                 SELECT report_id, target_id, value FROM (SELECT rv.report_id, rv.target_id, rv.value, \
                   ROW_NUMBER() OVER (PARTITION BY cur.unit_id, rv.target_id ORDER BY cur.period_start DESC, cur.id DESC) AS n \
                   FROM cur JOIN report_values rv ON rv.report_id = cur.id) x WHERE n = 1",
                "report_id, target_id, value",
                plan,
                as_of,
            )
            .await?;
        let mut by_report: std::collections::HashMap<i64, Vec<TargetValue>> =
            std::collections::HashMap::with_capacity(rows.len());
        for (rid, tid, value) in values {
            by_report.entry(rid).or_default().push(TargetValue {
                target_id: TargetId(tid),
                value,
            });
        }
        Ok(rows
            .into_iter()
            .map(|(id, item, unit, period_start, version, percent, on)| {
                let at = on
                    .unwrap_or(period_start)
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight")
                    .and_utc();
                let mut values = by_report.remove(&id).unwrap_or_default();
                values.sort_by_key(|v| v.target_id);
                Report {
                    id: ReportId(id),
                    item_id: ItemId(item),
                    unit_id: UnitId(unit),
                    unit: String::new(),
                    period_start,
                    version,
                    state: ReportState::Submitted,
                    revision: 0,
                    content: ReportContent {
                        values,
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
                }
            })
            .collect())
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
