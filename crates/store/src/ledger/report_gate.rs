//! What a report on (item, unit, period) is checked against — the plan's state and settings,
//! whether the period is locked, the targets the unit reports on, the latest version — read
//! in two indexed queries through the write transaction that saves the report, so the rules
//! and the write see the same rows; a filing reads who files and on what targets in one query
//! before it (`Store::item_filing`).

use super::settings::{SettingsRow, settings_from};
use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::access::ItemParties;
use minsheng_domain::ledger::{
    Curve, Investment, MilestoneFacts, ReportContent, TargetValue, curve,
};
use minsheng_domain::{
    Comparator, ItemId, LeaderId, PlanState, Role, Target, TargetId, TargetKind, UnitId,
};
use std::collections::HashSet;

/// The facts a report is checked against.
#[derive(Debug, Clone)]
pub(crate) struct Reporting {
    /// Its state: only a published plan takes reports.
    pub state: PlanState,
    /// Its ledger settings (the reporting rule).
    pub settings: super::PlanSettings,
    /// Whether the period starting on the day asked is locked.
    pub locked: bool,
    /// The targets the unit reports on, with their metrics, in the item's order; `None` when
    /// the unit does not report on the item.
    pub targets: Option<Vec<(TargetId, String)>>,
    /// The reporting unit's name.
    pub unit_name: String,
    /// The latest version of the report on (item, unit, period), if any.
    pub latest: Option<Latest>,
    /// The id a new version takes.
    pub next_id: i64,
    /// The progress text of the unit's last filed report of an earlier period, with the
    /// number of periods before it that repeated it.
    pub last_progress: Option<(String, u32)>,
    /// What the quality rules read.
    pub quality: QualityFacts,
}

/// What the quality rules (`minsheng_domain::ledger::quality`) read of an item, as the write
/// reads it: its targets, its planned curve, and the filing unit's last submitted report of an
/// earlier period.
#[derive(Debug, Clone)]
pub(crate) struct QualityFacts {
    /// Every target of the item, in order.
    pub targets: Vec<Target>,
    /// The planned curve: start, deadline after extensions, milestones with a planned percent.
    pub curve: Curve,
    /// The unit's last submitted report of an earlier period: its first day and content.
    pub last: Option<(NaiveDate, ReportContent)>,
}

/// The latest version of a report, as a write reads it before writing the next.
#[derive(Debug, Clone)]
pub(crate) struct Latest {
    pub id: i64,
    pub version: i32,
    pub state: String,
    pub revision: i32,
    pub created_at: DateTime<Utc>,
    pub correction_reason: Option<String>,
}

/// An item's assignment as read: unit, role code, the target it holds a share of.
type Assignment = (i64, String, Option<i64>);

/// The targets `unit` reports on among an item's `targets`, given the item's assignments
/// (unit, role, shared target): every unshared target for a lead unit, and the targets it
/// holds a share of. `None` when the unit does not report on the item.
fn reportable(
    assign: &[Assignment],
    targets: Vec<(i64, String)>,
    unit: UnitId,
) -> Option<Vec<(TargetId, String)>> {
    let shared: HashSet<i64> = assign.iter().filter_map(|a| a.2).collect();
    let is_lead = assign
        .iter()
        .any(|a| a.0 == unit.0 && a.1 == Role::Lead.code());
    let own: HashSet<i64> = assign
        .iter()
        .filter(|a| a.0 == unit.0)
        .filter_map(|a| a.2)
        .collect();
    if !is_lead && own.is_empty() {
        return None;
    }
    Some(
        targets
            .into_iter()
            .filter(|(t, _)| own.contains(t) || (is_lead && !shared.contains(t)))
            .map(|(t, v)| (TargetId(t), v))
            .collect(),
    )
}

/// Reads [`Reporting`] through a connection (a pooled one or an open transaction's).
pub(crate) trait ReportReads {
    /// The targets `unit` reports on for `item`, with their metrics (see [`reportable`]).
    async fn reportable_on(
        &mut self,
        item: ItemId,
        unit: UnitId,
    ) -> Result<Option<Vec<(TargetId, String)>>, StoreError>;

    async fn reporting(
        &mut self,
        item: ItemId,
        unit: UnitId,
        period_start: NaiveDate,
    ) -> Result<Reporting, StoreError>;
}

/// An item's targets (kind 0, with their position) and assignments (kind 1): (kind, id,
/// metric or role, shared target, position).
const FILING_ROWS: &str = "SELECT 0 AS k, id, metric AS txt, NULL AS shared, position AS pos FROM targets WHERE item_id = $1 \
     UNION ALL SELECT 1, unit_id, role, target_id, 0 FROM item_units WHERE item_id = $1";

type FilingRow = (i32, i64, String, Option<i64>, i32);

/// The targets `unit` reports on, from an item's [`FILING_ROWS`].
fn reportable_from(mut rows: Vec<FilingRow>, unit: UnitId) -> Option<Vec<(TargetId, String)>> {
    rows.sort_by_key(|r| (r.0, r.4, r.1));
    let (targets, assign): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.0 == 0);
    let assign: Vec<Assignment> = assign.into_iter().map(|r| (r.1, r.2, r.3)).collect();
    let targets = targets.into_iter().map(|r| (r.1, r.2)).collect();
    reportable(&assign, targets, unit)
}

/// What a report's write reads in its transaction, in one row: the plan's state and settings,
/// the lock, the unit's name, the latest version of this report, the id a new version takes
/// (`{next}`), and the item's [`FILING_ROWS`] as one JSON array (`{rows}` around them).
const HEAD: &str = "SELECT p.state, (SELECT COUNT(*) FROM period_locks l WHERE l.plan_id = i.plan_id AND l.period_start = $2) AS locks, \
     (SELECT name FROM units WHERE id = $3) AS unit_name, {next} AS next_id, {rows} AS filing, \
     s.cadence, s.due_day, s.grace_days, s.yellow_gap, s.red_gap, s.blue_days, s.start_on, s.delay_causes, s.score_weights, s.reminder_policy, s.jump_factor, \
     r.id AS r_id, r.version AS r_version, r.state AS r_state, r.revision AS r_revision, r.created_at AS r_created_at, r.correction_reason AS r_correction_reason, \
     lp.progress AS lp_progress, lp.progress_repeats AS lp_repeats, lp.period_start AS lp_period, lp.percent AS lp_percent, \
     {lp_values} AS lp_values, {lp_investments} AS lp_investments, \
     p.year, COALESCE(i.start_on, s.start_on) AS i_start, COALESCE(i.current_deadline, i.deadline, p.default_deadline) AS i_deadline, \
     {targets} AS targets, {milestones} AS milestones \
     FROM items i JOIN plans p ON p.id = i.plan_id LEFT JOIN plan_settings s ON s.plan_id = i.plan_id \
     LEFT JOIN (SELECT id, version, state, revision, created_at, correction_reason FROM reports WHERE item_id = $1 AND unit_id = $3 AND period_start = $2 ORDER BY version DESC LIMIT 1) r ON TRUE \
     LEFT JOIN (SELECT id, period_start, percent, progress, progress_repeats FROM reports WHERE item_id = $1 AND unit_id = $3 AND period_start < $2 AND state = 'submitted' ORDER BY period_start DESC, version DESC LIMIT 1) lp ON TRUE \
     WHERE i.id = $1";

/// The arrays [`HEAD`] reads as JSON columns: (name, columns, rows).
const HEAD_ARRAYS: [(&str, &str, &str); 5] = [
    ("{rows}", "k, id, txt, shared, pos", "(FILING_ROWS) q"),
    (
        "{targets}",
        "t.id, t.position, t.metric, t.unit, t.value, t.comparator, t.kind, t.baseline, CASE WHEN t.optional THEN 1 ELSE 0 END",
        "targets t WHERE t.item_id = i.id",
    ),
    (
        "{milestones}",
        "m.due_on, m.done_on, m.planned_percent",
        "milestones m WHERE m.item_id = i.id",
    ),
    (
        "{lp_values}",
        "v.target_id, v.value",
        "report_values v WHERE v.report_id = lp.id",
    ),
    (
        "{lp_investments}",
        "v.source, v.planned, v.completed, v.disbursed",
        "report_investments v WHERE v.report_id = lp.id",
    ),
];

/// [`HEAD`] for SQLite: under the writer gate and `BEGIN IMMEDIATE` nobody else inserts, so
/// the next id is the one SQLite would give.
static SQLITE_HEAD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    head_sql(
        "(SELECT COALESCE(MAX(id), 0) + 1 FROM reports)",
        "COALESCE((SELECT json_group_array(json_array({cols})) FROM {from}), '[]')",
    )
});

/// [`HEAD`] for PostgreSQL: the next id from the column's sequence.
static PG_HEAD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    head_sql(
        "nextval(pg_get_serial_sequence('reports', 'id'))",
        "COALESCE((SELECT json_agg(json_build_array({cols}))::text FROM {from}), '[]')",
    )
});

/// [`HEAD`] with the next id `next` and each of [`HEAD_ARRAYS`] aggregated by `array`.
fn head_sql(next: &str, array: &str) -> String {
    HEAD_ARRAYS
        .iter()
        .fold(HEAD.replace("{next}", next), |sql, (name, cols, from)| {
            let from = from.replace("FILING_ROWS", FILING_ROWS);
            sql.replace(
                name,
                &array.replace("{cols}", cols).replace("{from}", &from),
            )
        })
}

/// [`Reporting`] from its row (`None`: no such item).
fn reporting_from(
    head: Option<HeadRow>,
    item: ItemId,
    unit: UnitId,
) -> Result<Reporting, StoreError> {
    let h = head.ok_or(StoreError::NotFound("项目 (item)"))?;
    let filing: Vec<FilingRow> = serde_json::from_str(&h.filing)
        .map_err(|e| StoreError::Internal(format!("an item's targets could not be read: {e}")))?;
    Ok(Reporting {
        state: h.state.parse().unwrap_or(PlanState::Draft),
        settings: settings_from(h.settings()),
        locked: h.locks > 0,
        unit_name: h.unit_name.clone().unwrap_or_default(),
        latest: h.latest(),
        next_id: h.next_id,
        last_progress: h
            .lp_progress
            .clone()
            .map(|t| (t, h.lp_repeats.unwrap_or(0).max(0) as u32)),
        targets: reportable_from(filing, unit),
        quality: h.quality(item)?,
    })
}

/// [`Reporting`] read on the SQLite writer's own connection, inside its transaction
/// (`direct::in_tx`).
pub(crate) fn reporting_direct(
    c: &rusqlite::Connection,
    item: ItemId,
    unit: UnitId,
    period_start: NaiveDate,
) -> Result<Reporting, StoreError> {
    let head = crate::direct::first_row(
        c,
        &SQLITE_HEAD,
        &[item.0.into(), period_start.into(), unit.0.into()],
        HeadRow::from_direct,
    )?;
    reporting_from(head, item, unit)
}

macro_rules! report_reads_on {
    ($conn:ty, $head:expr) => {
        impl ReportReads for $conn {
            async fn reportable_on(
                &mut self,
                item: ItemId,
                unit: UnitId,
            ) -> Result<Option<Vec<(TargetId, String)>>, StoreError> {
                let rows: Vec<FilingRow> = sqlx::query_as(FILING_ROWS)
                    .bind(item.0)
                    .fetch_all(&mut *self)
                    .await?;
                Ok(reportable_from(rows, unit))
            }

            async fn reporting(
                &mut self,
                item: ItemId,
                unit: UnitId,
                period_start: NaiveDate,
            ) -> Result<Reporting, StoreError> {
                let head: Option<HeadRow> = sqlx::query_as(sqlx::AssertSqlSafe($head.as_str()))
                    .bind(item.0)
                    .bind(period_start)
                    .bind(unit.0)
                    .fetch_optional(&mut *self)
                    .await?;
                reporting_from(head, item, unit)
            }
        }
    };
}

report_reads_on!(sqlx::SqliteConnection, SQLITE_HEAD);
report_reads_on!(sqlx::PgConnection, PG_HEAD);

/// The head of a report's checks as read (see `reporting`).
#[derive(sqlx::FromRow)]
struct HeadRow {
    state: String,
    locks: i64,
    unit_name: Option<String>,
    cadence: Option<String>,
    due_day: Option<i32>,
    grace_days: Option<i32>,
    yellow_gap: Option<f64>,
    red_gap: Option<f64>,
    blue_days: Option<i32>,
    start_on: Option<NaiveDate>,
    delay_causes: Option<String>,
    score_weights: Option<String>,
    reminder_policy: Option<String>,
    jump_factor: Option<f64>,
    r_id: Option<i64>,
    r_version: Option<i32>,
    r_state: Option<String>,
    r_revision: Option<i32>,
    r_created_at: Option<DateTime<Utc>>,
    r_correction_reason: Option<String>,
    lp_progress: Option<String>,
    lp_repeats: Option<i32>,
    lp_period: Option<NaiveDate>,
    lp_percent: Option<f64>,
    lp_values: String,
    lp_investments: String,
    year: i32,
    i_start: Option<NaiveDate>,
    i_deadline: Option<NaiveDate>,
    targets: String,
    milestones: String,
    next_id: i64,
    filing: String,
}

/// A JSON array column of the head read.
fn json_rows<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Internal(format!("{what} could not be read: {e}")))
}

/// A target as the head read gives it.
type TargetJson = (
    i64,
    i32,
    String,
    String,
    f64,
    String,
    String,
    Option<f64>,
    i64,
);

impl HeadRow {
    /// The row as the writer's own connection reads it (`direct`).
    fn from_direct(r: &rusqlite::Row<'_>) -> rusqlite::Result<HeadRow> {
        use crate::direct::{day, instant};
        Ok(HeadRow {
            state: r.get("state")?,
            locks: r.get("locks")?,
            unit_name: r.get("unit_name")?,
            cadence: r.get("cadence")?,
            due_day: r.get("due_day")?,
            grace_days: r.get("grace_days")?,
            yellow_gap: r.get("yellow_gap")?,
            red_gap: r.get("red_gap")?,
            blue_days: r.get("blue_days")?,
            start_on: day(r.get("start_on")?),
            delay_causes: r.get("delay_causes")?,
            score_weights: r.get("score_weights")?,
            reminder_policy: r.get("reminder_policy")?,
            jump_factor: r.get("jump_factor")?,
            r_id: r.get("r_id")?,
            r_version: r.get("r_version")?,
            r_state: r.get("r_state")?,
            r_revision: r.get("r_revision")?,
            r_created_at: instant(r.get("r_created_at")?),
            r_correction_reason: r.get("r_correction_reason")?,
            lp_progress: r.get("lp_progress")?,
            lp_repeats: r.get("lp_repeats")?,
            lp_period: day(r.get("lp_period")?),
            lp_percent: r.get("lp_percent")?,
            lp_values: r.get("lp_values")?,
            lp_investments: r.get("lp_investments")?,
            year: r.get("year")?,
            i_start: day(r.get("i_start")?),
            i_deadline: day(r.get("i_deadline")?),
            targets: r.get("targets")?,
            milestones: r.get("milestones")?,
            next_id: r.get("next_id")?,
            filing: r.get("filing")?,
        })
    }

    /// The plan's settings row, if it has one.
    fn settings(&self) -> Option<SettingsRow> {
        Some(SettingsRow {
            cadence: self.cadence.clone()?,
            due_day: self.due_day?,
            grace_days: self.grace_days?,
            yellow_gap: self.yellow_gap?,
            red_gap: self.red_gap?,
            blue_days: self.blue_days?,
            start_on: self.start_on,
            delay_causes: self.delay_causes.clone()?,
            score_weights: self.score_weights.clone(),
            reminder_policy: self.reminder_policy.clone(),
            jump_factor: self.jump_factor,
        })
    }

    /// What the quality rules read of item `item`.
    fn quality(&self, item: ItemId) -> Result<QualityFacts, StoreError> {
        let mut targets: Vec<TargetJson> = json_rows("an item's targets", &self.targets)?;
        targets.sort_by_key(|t| (t.1, t.0));
        let targets = targets
            .into_iter()
            .map(|t| Target {
                id: TargetId(t.0),
                item_id: item,
                position: t.1,
                metric: t.2,
                unit: t.3,
                value: t.4,
                comparator: t.5.parse().unwrap_or(Comparator::Eq),
                kind: t.6.parse().unwrap_or(TargetKind::Count),
                baseline: t.7,
                optional: t.8 != 0,
                source_text: None,
            })
            .collect();
        let milestones: Vec<(Option<NaiveDate>, Option<NaiveDate>, Option<f64>)> =
            json_rows("an item's milestones", &self.milestones)?;
        let milestones: Vec<MilestoneFacts> = milestones
            .into_iter()
            .map(|(due_on, done_on, planned_percent)| MilestoneFacts {
                due_on,
                done_on,
                planned_percent,
            })
            .collect();
        let day = |m, d| NaiveDate::from_ymd_opt(self.year, m, d).expect("a day of the year");
        let start = self.i_start.unwrap_or_else(|| day(1, 1));
        let deadline = self.i_deadline.unwrap_or_else(|| day(12, 31));
        let last = match self.lp_period {
            None => None,
            Some(period) => {
                let mut values: Vec<(i64, f64)> = json_rows("a report's values", &self.lp_values)?;
                values.sort_by_key(|v| v.0);
                let investments: Vec<(String, f64, f64, f64)> =
                    json_rows("a report's investments", &self.lp_investments)?;
                let content = ReportContent {
                    values: values
                        .into_iter()
                        .map(|(t, value)| TargetValue {
                            target_id: TargetId(t),
                            value,
                        })
                        .collect(),
                    percent: self.lp_percent,
                    progress: self.lp_progress.clone().unwrap_or_default(),
                    investments: investments
                        .into_iter()
                        .filter_map(|(source, planned, completed, disbursed)| {
                            Some(Investment {
                                source: source.parse().ok()?,
                                planned,
                                completed,
                                disbursed,
                            })
                        })
                        .collect(),
                    ..ReportContent::default()
                };
                Some((period, content))
            }
        };
        Ok(QualityFacts {
            targets,
            curve: curve(start, deadline, &milestones),
            last,
        })
    }

    fn latest(&self) -> Option<Latest> {
        Some(Latest {
            id: self.r_id?,
            version: self.r_version?,
            state: self.r_state.clone()?,
            revision: self.r_revision?,
            created_at: self.r_created_at?,
            correction_reason: self.r_correction_reason.clone(),
        })
    }
}

/// Who answers for an item and what each unit reports on it, read in one query: what a
/// filing checks before its write (which unit files, and the targets its fields name).
#[derive(Debug, Clone)]
pub struct ItemFiling {
    /// The units and leaders of the item.
    pub parties: ItemParties,
    assign: Vec<Assignment>,
    targets: Vec<(i64, String)>,
}

impl ItemFiling {
    /// The targets `unit` reports on, with their metrics, in the item's order; `None` when
    /// the unit does not report on the item.
    pub fn reportable(&self, unit: UnitId) -> Option<Vec<(TargetId, String)>> {
        reportable(&self.assign, self.targets.clone(), unit)
    }
}

impl Store {
    /// [`ItemFiling`] of an item: the item, its assignments, its leaders and its targets in
    /// one query.
    pub async fn item_filing(&self, item: ItemId) -> Result<ItemFiling, StoreError> {
        let rows: Vec<(String, i64, String, Option<i64>, i32)> = on_pool!(self, p => sqlx::query_as(
            "SELECT 'item', id, '', NULL, 0 FROM items WHERE id = $1 \
             UNION ALL SELECT 'unit', unit_id, role, target_id, 0 FROM item_units WHERE item_id = $1 \
             UNION ALL SELECT 'leader', leader_id, '', NULL, position FROM item_leaders WHERE item_id = $1 \
             UNION ALL SELECT 'target', id, metric, NULL, position FROM targets WHERE item_id = $1",
        ).bind(item.0).fetch_all(p).await?);
        if !rows.iter().any(|r| r.0 == "item") {
            return Err(StoreError::NotFound("项目 (item)"));
        }
        let of = |kind: &'static str| rows.iter().filter(move |r| r.0 == kind);
        let ids = |lead: bool| {
            let mut ids: Vec<i64> = of("unit")
                .filter(|r| !lead || r.2 == Role::Lead.code())
                .map(|r| r.1)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter().map(UnitId).collect()
        };
        let in_order = |kind: &'static str| {
            let mut v: Vec<&(String, i64, String, Option<i64>, i32)> = of(kind).collect();
            v.sort_by_key(|r| (r.4, r.1));
            v
        };
        Ok(ItemFiling {
            parties: ItemParties {
                item,
                units: ids(false),
                leads: ids(true),
                leaders: in_order("leader")
                    .into_iter()
                    .map(|r| LeaderId(r.1))
                    .collect(),
            },
            assign: of("unit").map(|r| (r.1, r.2.clone(), r.3)).collect(),
            targets: in_order("target")
                .into_iter()
                .map(|r| (r.1, r.2.clone()))
                .collect(),
        })
    }

    /// The targets `unit` reports on for `item`: every unshared target for a lead unit, and
    /// the targets it holds a share of. `None` when the unit does not report on the item.
    pub async fn reportable_targets(
        &self,
        item: ItemId,
        unit: UnitId,
    ) -> Result<Option<Vec<TargetId>>, StoreError> {
        Ok(self
            .reportable_metrics(item, unit)
            .await?
            .map(|ts| ts.into_iter().map(|(t, _)| t).collect()))
    }

    /// [`Store::reportable_targets`] with each target's metric (for a form's fields and
    /// messages): one query.
    pub async fn reportable_metrics(
        &self,
        item: ItemId,
        unit: UnitId,
    ) -> Result<Option<Vec<(TargetId, String)>>, StoreError> {
        on_pool!(self, p => {
            let mut c = p.acquire().await?;
            c.reportable_on(item, unit).await
        })
    }
}
