//! Saving a report (台账更新): the checks of the rules inside one write transaction, a draft
//! edited in place, a submission frozen, a correction as the next version, and the revision
//! the writer read compared so that a stale write is refused and nothing is written.

use super::report_gate::{ReportReads, Reporting};
use super::reports::{Report, ReportWrite};
use super::{NewAttachment, Now, OwnerKind, is_unique_violation};
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx};
use chrono::NaiveDate;
use minsheng_domain::Refusal;
use minsheng_domain::ledger::Period;
use minsheng_domain::ledger::ReportState;
use minsheng_domain::{ItemId, PlanState, ReportId, TargetId, UnitId};
use std::collections::HashSet;

impl Store {
    /// Saves a report for (item, unit, period): creates the first version, updates the draft,
    /// or — when the latest version is submitted — starts a correction as the next version.
    /// Refuses writes to unpublished plans, locked or future periods, units that do not report
    /// on the item, targets the unit does not report on, and stale revisions.
    pub async fn save_report(
        &self,
        item: ItemId,
        unit: UnitId,
        period_start: NaiveDate,
        w: &ReportWrite,
        now: Now,
    ) -> Result<Report, StoreError> {
        self.save_report_with(item, unit, period_start, w, &[], now)
            .await
    }

    /// [`Store::save_report`] with evidence files (already stored by their hash) recorded
    /// against the saved version in the same transaction: the checks, the report, its values
    /// and its files are one write, or nothing is written. The files' owner fields are
    /// ignored. A correction keeps the evidence already filed and adds these.
    pub async fn save_report_with(
        &self,
        item: ItemId,
        unit: UnitId,
        period_start: NaiveDate,
        w: &ReportWrite,
        evidence: &[NewAttachment],
        now: Now,
    ) -> Result<Report, StoreError> {
        let reason = w
            .correction_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let stale = || {
            StoreError::Stale("该台账已被他人修改，请刷新后在最新内容上重新填写；您填写的内容未保存 (the report changed since you opened it)".into())
        };
        let c = &w.content;
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| v.chars().take(500).collect::<String>())
        };
        let (on_behalf, no_progress) = (text(&w.on_behalf), text(&w.no_progress));
        let id: i64 = in_write_tx!(self, tx => {
            let g = tx.reporting(item, unit, period_start).await?;
            let (period, locked) = admit(&g, period_start, w, reason, now)?;
            let latest: Option<(i64, i32, String, i32)> = sqlx::query_as(
                "SELECT id, version, state, revision FROM reports WHERE item_id = $1 AND unit_id = $2 AND period_start = $3 ORDER BY version DESC LIMIT 1",
            ).bind(item.0).bind(unit.0).bind(period.start).fetch_optional(&mut *tx).await?;
            let before = latest.as_ref().map(|(id, v, st, rev)| serde_json::json!({"report": id, "version": v, "state": st, "revision": rev}));
            let state = if w.submit { ReportState::Submitted } else { ReportState::Draft };
            let (submitted_at, submitted_on) = if w.submit { (Some(now.at), Some(now.today)) } else { (None, None) };
            let id = match latest {
                Some((id, version, st, rev)) if st == ReportState::Draft.code() => {
                    if w.revision != Some(rev) {
                        return Err(stale());
                    }
                    if w.submit && version > 1 && reason.is_none() {
                        return Err(Refusal::CorrectionNeedsReason.into());
                    }
                    let done = sqlx::query(
                        "UPDATE reports SET state = $1, revision = revision + 1, percent = $2, progress = $3, problems = $4, next_steps = $5, \
                         correction_reason = COALESCE($6, correction_reason), updated_at = $7, submitted_at = $8, submitted_on = $9, filed_by = $12, no_progress = $13 WHERE id = $10 AND revision = $11",
                    )
                    .bind(state.code()).bind(c.percent).bind(&c.progress).bind(&c.problems).bind(&c.next_steps)
                    .bind(reason).bind(now.at).bind(submitted_at).bind(submitted_on).bind(id).bind(rev)
                    .bind(&on_behalf).bind(&no_progress)
                    .execute(&mut *tx).await?;
                    if done.rows_affected() != 1 {
                        return Err(stale());
                    }
                    sqlx::query("DELETE FROM report_values WHERE report_id = $1").bind(id).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM report_investments WHERE report_id = $1").bind(id).execute(&mut *tx).await?;
                    id
                }
                other => {
                    let (version, prev) = match other {
                        Some((prev_id, v, _, rev)) => {
                            if w.revision != Some(rev) {
                                return Err(stale());
                            }
                            if w.submit && reason.is_none() {
                                return Err(Refusal::CorrectionNeedsReason.into());
                            }
                            (v + 1, Some(prev_id))
                        }
                        None => {
                            if w.revision.is_some_and(|r| r != 0) {
                                return Err(stale());
                            }
                            (1, None)
                        }
                    };
                    let inserted = sqlx::query_scalar(
                        "INSERT INTO reports (item_id, unit_id, period_start, version, state, revision, percent, progress, problems, next_steps, correction_reason, created_at, updated_at, submitted_at, submitted_on, filed_by, no_progress) \
                         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15) RETURNING id",
                    )
                    .bind(item.0).bind(unit.0).bind(period.start).bind(version).bind(state.code())
                    .bind(c.percent).bind(&c.progress).bind(&c.problems).bind(&c.next_steps).bind(reason)
                    .bind(now.at).bind(submitted_at).bind(submitted_on).bind(&on_behalf).bind(&no_progress)
                    .fetch_one(&mut *tx).await;
                    let id: i64 = match inserted {
                        Ok(id) => id,
                        Err(e) if is_unique_violation(&e) => return Err(stale()),
                        Err(e) => return Err(e.into()),
                    };
                    if let Some(prev) = prev {
                        // A correction keeps the evidence already filed.
                        sqlx::query(
                            "INSERT INTO attachments (item_id, owner_kind, owner_id, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at) \
                             SELECT item_id, owner_kind, $1, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at FROM attachments WHERE owner_kind = 'report' AND owner_id = $2 ORDER BY id",
                        ).bind(id).bind(prev).execute(&mut *tx).await?;
                    }
                    id
                }
            };
            if !c.values.is_empty() {
                let sql = format!("INSERT INTO report_values (report_id, target_id, value) VALUES {}", crate::placeholders(c.values.len(), 3));
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for v in &c.values {
                    q = q.bind(id).bind(v.target_id.0).bind(v.value);
                }
                q.execute(&mut *tx).await?;
            }
            if !c.investments.is_empty() {
                let sql = format!("INSERT INTO report_investments (report_id, source, planned, completed, disbursed) VALUES {}", crate::placeholders(c.investments.len(), 5));
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for i in &c.investments {
                    q = q.bind(id).bind(i.source.code()).bind(i.planned).bind(i.completed).bind(i.disbursed);
                }
                q.execute(&mut *tx).await?;
            }
            for a in evidence {
                let file: i64 = sqlx::query_scalar(
                    "INSERT INTO attachments (item_id, owner_kind, owner_id, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                )
                .bind(item.0).bind(OwnerKind::Report.code()).bind(id).bind(&a.purpose).bind(&a.file_name).bind(&a.content_type)
                .bind(a.size).bind(&a.sha256).bind(&a.taken_at).bind(a.lat).bind(a.lon).bind(a.has_thumb).bind(now.at)
                .fetch_one(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("attachment.add", "attachment", file).after(serde_json::json!({
                    "item": item, "owner": OwnerKind::Report.code(), "owner_id": id, "file": a.file_name, "size": a.size, "sha256": a.sha256}))).await?;
            }
            if locked && w.submit {
                sqlx::query("UPDATE reports SET amendment = TRUE WHERE id = $1").bind(id).execute(&mut *tx).await?;
            }
            let action = match (w.submit, locked, reason.is_some()) {
                (false, _, _) => "report.draft",
                (true, true, _) => "report.amend",
                (true, false, true) => "report.correct",
                (true, false, false) => "report.submit",
            };
            if w.submit {
                tx.event("report.filed", &serde_json::json!({"report": id, "item": item, "unit": unit, "period": period.start,
                    "percent": c.percent, "amendment": locked, "correction": reason.is_some()}), now.at).await?;
            }
            tx.audit(&self.actor, Change::new(action, "report", id).before(before.unwrap_or_default()).after(serde_json::json!({
                "item": item, "unit": unit, "period": period.start, "state": state, "percent": c.percent,
                "values": c.values.iter().map(|v| (v.target_id.0, v.value)).collect::<Vec<_>>(),
                "investments": c.investments.len(), "correction_reason": reason,
                "on_behalf": on_behalf, "no_progress": no_progress}))).await?;
            id
        });
        self.report(ReportId(id)).await
    }
}

/// Applies the rules to a report before anything is written: the plan takes reports, the day
/// starts a period that has begun, the unit reports on the item and only on its own targets,
/// each once, the content is well formed, and a locked period takes only a reasoned
/// correction. The period and whether it is locked.
fn admit(
    g: &Reporting,
    period_start: NaiveDate,
    w: &ReportWrite,
    reason: Option<&str>,
    now: Now,
) -> Result<(Period, bool), StoreError> {
    match g.state {
        PlanState::Published => {}
        PlanState::Draft => return Err(Refusal::PlanNotPublished.into()),
        PlanState::Closed => return Err(Refusal::PlanClosed.into()),
    }
    let period = g
        .settings
        .rule
        .period_starting(period_start)
        .ok_or(Refusal::NotPeriodStart { day: period_start })?;
    if period.start > now.today {
        return Err(Refusal::FuturePeriod {
            start: period.start,
        }
        .into());
    }
    let allowed: HashSet<TargetId> = g
        .targets
        .as_ref()
        .ok_or(Refusal::UnitDoesNotReport)?
        .iter()
        .map(|(t, _)| *t)
        .collect();
    let mut seen = HashSet::new();
    for v in &w.content.values {
        if !seen.insert(v.target_id) {
            return Err(Refusal::TargetTwice {
                target: v.target_id.0,
            }
            .into());
        }
        if !allowed.contains(&v.target_id) {
            return Err(Refusal::TargetNotReported {
                target: v.target_id.0,
            }
            .into());
        }
    }
    // One rule for every quantity and text, whichever way the report came in.
    w.content.check().map_err(Refusal::ReportInput)?;
    if g.locked && w.submit && reason.is_none() {
        return Err(Refusal::PeriodLocked {
            period: period.start,
        }
        .into());
    }
    Ok((period, g.locked))
}
