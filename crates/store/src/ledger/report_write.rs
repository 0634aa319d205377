//! Saving a report (台账更新): the checks of the rules inside one write transaction — with the
//! quality rules' questions when the filer is asked them — a draft edited in place, a
//! submission frozen, a correction as the next version, and the revision the writer read
//! compared so that a stale write is refused and nothing is written.

use super::attachments::insert_attachment;
use super::pace::pace;
use super::report_gate::{ReportReads, Reporting, reporting_direct};
use super::reports::{Quality, Report, ReportWrite};
use super::{NewAttachment, Now, OwnerKind, is_unique_violation};
use crate::audit::Change;
use crate::batch::{RunBatch, Stmt};
use crate::direct;
use crate::tx::WriteTx;
use crate::tx::{audit_stmt, event_stmt};
use crate::{Store, StoreError, in_write_tx};
use chrono::{NaiveDate, SubsecRound};
use minsheng_domain::Refusal;
use minsheng_domain::ledger::Period;
use minsheng_domain::ledger::quality::{Given, questions};
use minsheng_domain::ledger::{FundSource, ReportState};
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
        let stale_on_unique = |e: StoreError| match e {
            StoreError::Db(d) if is_unique_violation(&d) => stale(),
            StoreError::Direct(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                stale()
            }
            e => e,
        };
        // Most filings on SQLite: run with the writer gate held on the writer's own
        // connection, by the writer thread, with no hand-over inside the write (`direct`).
        if let (crate::Db::Sqlite(_), true) = (&self.db, evidence.is_empty()) {
            let (store, w) = (self.clone(), w.clone());
            let written = self
                .writer_thread
                .run(&self.write_gate, move |c| {
                    direct::in_tx(c, |c| {
                        let g = reporting_direct(c, item, unit, period_start)?;
                        let (batch, report) =
                            store.written(&g, item, unit, period_start, &w, now)?;
                        direct::run_all(c, &batch)?;
                        Ok(report)
                    })
                })
                .await
                .map_err(stale_on_unique)?;
            if let Some(report) = written {
                self.after_write().await;
                return self.with_files(report, evidence).await;
            }
        }
        // With files, on PostgreSQL, and on a SQLite database in memory: through the pool.
        let report = in_write_tx!(self, tx => {
                let g = tx.reporting(item, unit, period_start).await?;
                let (batch, report) = self.written(&g, item, unit, period_start, w, now)?;
                tx.run_batch(&batch).await.map_err(stale_on_unique)?;
                let (id, at) = (report.id.0, report.updated_at);
                // Evidence files, each with its own audit entry naming its id (few, and only
                // from the form).
                for a in evidence {
                    insert_attachment!(self, tx, item, OwnerKind::Report, id, Some((unit.0, period_start)), a, at, now.today);
                }
                report
        });
        self.with_files(report, evidence).await
    }

    /// The version as written with its files, read when it may have any.
    async fn with_files(
        &self,
        mut report: Report,
        evidence: &[NewAttachment],
    ) -> Result<Report, StoreError> {
        if report.version > 1 || report.revision > 1 || !evidence.is_empty() {
            report.attachments = self
                .attachments_of(OwnerKind::Report, &[report.id.0])
                .await?
                .remove(&report.id.0)
                .unwrap_or_default();
        }
        Ok(report)
    }

    /// What a write of `w` writes, given what it read in its transaction: the rules applied,
    /// the statements that write the version, its values, investment, event and audit entry
    /// (run as one batch), and the version as written, put together from what the write knows
    /// rather than read back (`store/tests/ledger.rs` compares the two) — its files apart.
    #[allow(clippy::too_many_arguments)]
    fn written(
        &self,
        g: &Reporting,
        item: ItemId,
        unit: UnitId,
        period_start: NaiveDate,
        w: &ReportWrite,
        now: Now,
    ) -> Result<(Vec<Stmt>, Report), StoreError> {
        let reason = w
            .correction_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let c = &w.content;
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| v.chars().take(500).collect::<String>())
        };
        let (on_behalf, no_progress) = (text(&w.on_behalf), text(&w.no_progress));
        // Both databases keep microseconds: the instant written is the one answered.
        let at = now.at.trunc_subsecs(6);
        let (period, locked) = admit(g, period_start, w, reason, now)?;
        let before = g.latest.as_ref().map(|l| serde_json::json!({"report": l.id, "version": l.version, "state": l.state, "revision": l.revision}));
        let state = if w.submit {
            ReportState::Submitted
        } else {
            ReportState::Draft
        };
        let (submitted_at, submitted_on) = if w.submit {
            (Some(at), Some(now.today))
        } else {
            (None, None)
        };
        // How many earlier periods in a row said the same (无实质进展 at three).
        let repeats = minsheng_domain::ledger::evidence::repeated_periods(
            &c.progress,
            g.last_progress.as_ref().map(|(t, n)| (t.as_str(), *n)),
        ) as i32;
        // Submitted into a locked period: an amendment beside the frozen figures.
        let amendment = locked && w.submit;
        // What the saved version is: (id, version, revision, created, its correction
        // reason), and the statements that write it, run as one batch.
        let mut batch = Vec::new();
        let (id, version, revision, created_at, kept_reason) = match &g.latest {
            Some(l) if l.state == ReportState::Draft.code() => {
                if w.revision != Some(l.revision) {
                    return Err(stale());
                }
                if w.submit && l.version > 1 && reason.is_none() {
                    return Err(Refusal::CorrectionNeedsReason.into());
                }
                batch.push(Stmt::new(
                    "UPDATE reports SET state = $1, revision = revision + 1, percent = $2, progress = $3, problems = $4, next_steps = $5, \
                     correction_reason = COALESCE($6, correction_reason), updated_at = $7, submitted_at = $8, submitted_on = $9, filed_by = $12, no_progress = $13, amendment = $14, progress_repeats = $15 WHERE id = $10 AND revision = $11",
                )
                .arg(state.code()).arg(c.percent).arg(&c.progress).arg(&c.problems).arg(&c.next_steps)
                .arg(reason).arg(at).arg(submitted_at).arg(submitted_on).arg(l.id).arg(l.revision)
                .arg(&on_behalf).arg(&no_progress).arg(amendment).arg(repeats)
                .expect(1, stale));
                batch.push(Stmt::new("DELETE FROM report_values WHERE report_id = $1").arg(l.id));
                batch.push(
                    Stmt::new("DELETE FROM report_investments WHERE report_id = $1").arg(l.id),
                );
                (
                    l.id,
                    l.version,
                    l.revision + 1,
                    l.created_at,
                    l.correction_reason.clone(),
                )
            }
            other => {
                let (version, prev) = match other {
                    Some(l) => {
                        if w.revision != Some(l.revision) {
                            return Err(stale());
                        }
                        if w.submit && reason.is_none() {
                            return Err(Refusal::CorrectionNeedsReason.into());
                        }
                        (l.version + 1, Some(l.id))
                    }
                    None => {
                        if w.revision.is_some_and(|r| r != 0) {
                            return Err(stale());
                        }
                        (1, None)
                    }
                };
                let id = g.next_id;
                batch.push(Stmt::new(
                    "INSERT INTO reports (id, item_id, unit_id, period_start, version, state, revision, percent, progress, problems, next_steps, correction_reason, created_at, updated_at, submitted_at, submitted_on, filed_by, no_progress, amendment, progress_repeats) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17, $18)",
                )
                .arg(id).arg(item.0).arg(unit.0).arg(period.start).arg(version).arg(state.code())
                .arg(c.percent).arg(&c.progress).arg(&c.problems).arg(&c.next_steps).arg(reason)
                .arg(at).arg(submitted_at).arg(submitted_on).arg(&on_behalf).arg(&no_progress).arg(amendment).arg(repeats));
                if let Some(prev) = prev {
                    // A correction keeps the evidence already filed.
                    batch.push(Stmt::new(
                        "INSERT INTO attachments (item_id, owner_kind, owner_id, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at, phash, findings) \
                         SELECT item_id, owner_kind, $1, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at, phash, findings FROM attachments WHERE owner_kind = 'report' AND owner_id = $2 ORDER BY id",
                    ).arg(id).arg(prev));
                }
                (id, version, 1, at, None)
            }
        };
        if let (true, Quality::Asked { confirmed }) = (w.submit, w.quality) {
            let q = &g.quality;
            let last = q.last.as_ref();
            let pace = pace(&q.curve, &g.settings, period.start, last.map(|l| l.0));
            let given = Given {
                reason: reason.is_some(),
                no_progress: no_progress.is_some(),
                confirmed,
            };
            let open = questions(last.map(|l| &l.1), c, &q.targets, Some(&pace), given);
            if !open.is_empty() {
                return Err(Refusal::Questions(open).into());
            }
        }
        if !c.values.is_empty() {
            let mut st = Stmt::new(format!(
                "INSERT INTO report_values (report_id, target_id, value) VALUES {}",
                crate::placeholders(c.values.len(), 3)
            ));
            for v in &c.values {
                st = st.arg(id).arg(v.target_id.0).arg(v.value);
            }
            batch.push(st);
        }
        if !c.investments.is_empty() {
            let mut st = Stmt::new(format!(
                "INSERT INTO report_investments (report_id, source, planned, completed, disbursed) VALUES {}",
                crate::placeholders(c.investments.len(), 5)
            ));
            for i in &c.investments {
                st = st
                    .arg(id)
                    .arg(i.source.code())
                    .arg(i.planned)
                    .arg(i.completed)
                    .arg(i.disbursed);
            }
            batch.push(st);
        }
        let action = match (w.submit, locked, reason.is_some()) {
            (false, _, _) => "report.draft",
            (true, true, _) => "report.amend",
            (true, false, true) => "report.correct",
            (true, false, false) => "report.submit",
        };
        if w.submit {
            batch.push(event_stmt("report.filed", &serde_json::json!({"report": id, "item": item, "unit": unit, "period": period.start,
                "percent": c.percent, "amendment": locked, "correction": reason.is_some()}), at));
        }
        batch.push(audit_stmt(&self.actor, Change::new(action, "report", id).before(before.unwrap_or_default()).after(serde_json::json!({
            "item": item, "unit": unit, "period": period.start, "state": state, "percent": c.percent,
            "values": c.values.iter().map(|v| (v.target_id.0, v.value)).collect::<Vec<_>>(),
            "investments": c.investments.len(), "correction_reason": reason,
            "on_behalf": on_behalf, "no_progress": no_progress}))));
        // The version as written, put together from what this write knows rather than read
        // back (`store/tests/ledger.rs` compares the two); only its files need reading
        // when it has any.
        let mut content = c.clone();
        content.values.sort_by_key(|v| v.target_id.0);
        content
            .investments
            .sort_by_key(|i| FundSource::ALL.iter().position(|s| *s == i.source));
        let report = Report {
            id: ReportId(id),
            item_id: item,
            unit_id: unit,
            unit: g.unit_name.clone(),
            period_start: period.start,
            version,
            state,
            revision,
            content,
            correction_reason: reason.map(str::to_string).or(kept_reason),
            amendment,
            created_at,
            updated_at: at,
            submitted_at,
            submitted_on,
            attachments: Vec::new(),
            filed_by: on_behalf.clone(),
            no_progress: no_progress.clone(),
            repeats: repeats as u32,
        };
        Ok((batch, report))
    }
}

/// The refusal of a write made on a revision that is no longer the latest.
fn stale() -> StoreError {
    StoreError::Stale("该台账已被他人修改，请刷新后在最新内容上重新填写；您填写的内容未保存 (the report changed since you opened it)".into())
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
