//! One operation per ledger write, behind the form post and the JSON call alike: each takes
//! what either parsed into typed input, checks who may do it, and writes through the store
//! bound to the user (so the audit log names them). Handlers only read their wire format and
//! answer in theirs.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::Upload;
use chrono::NaiveDate;
use minsheng_domain::ledger::ReportContent;
use minsheng_domain::{AcceptanceId, DelayId, ItemId, MilestoneId, Refusal, TargetId, UnitId};
use minsheng_store::OwnerKind;
use minsheng_store::files::Inspected;
use minsheng_store::{AcceptanceInput, DelayInput, MilestoneInput, Report, ReportWrite};

/// Who files: the unit the person files for on an item (the one asked, or their own), and
/// the targets that unit reports on with their metrics (`None`: it reports on none), read in
/// one query.
pub async fn filer(
    s: &AppState,
    me: &Me,
    item: ItemId,
    asked: Option<UnitId>,
) -> Result<(UnitId, Option<Vec<(TargetId, String)>>), AppError> {
    let f = s.store.item_filing(item).await?;
    let unit = me.unit_among(&f.parties, asked)?;
    Ok((unit, f.reportable(unit)))
}

/// A report's content from its fields (`t{target}`, `percent`, `inv_{source}_{part}`, texts),
/// read against the targets the unit reports on ([`filer`]).
pub fn report_content(
    targets: Option<&[(TargetId, String)]>,
    fields: &[(String, String)],
) -> Result<ReportContent, AppError> {
    let targets = targets.ok_or(AppError::Refused(Refusal::UnitDoesNotReport))?;
    super::report_input::content_from(fields, targets)
}

/// Files (or keeps as a draft) a unit's report for a period as the user, with its evidence
/// files when the form brought any: the checked files are stored by their hash first, then
/// the report and the files' records are written in one transaction.
pub async fn save_report(
    s: &AppState,
    me: &Me,
    item: ItemId,
    unit: UnitId,
    period: NaiveDate,
    w: &ReportWrite,
    files: &[(Upload, Inspected)],
) -> Result<Report, AppError> {
    let s = &me.bind(s);
    let now = s.clock.now();
    let evidence = files
        .iter()
        .map(|(u, i)| super::evidence::store_file(s, OwnerKind::Report, 0, u, i))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(s.store
        .save_report_with(item, unit, period, w, &evidence, now)
        .await?)
}

/// An office's decision on a delay explanation or an acceptance request.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Approve (accept), or return it.
    pub approve: bool,
    /// The reviewer's note; required when returning.
    pub note: String,
}

/// A unit explains a delay of an item it leads (`unit`: the one the user names, if several).
pub async fn submit_delay(
    s: &AppState,
    me: &Me,
    item: ItemId,
    unit: Option<UnitId>,
    input: &DelayInput,
) -> Result<DelayId, AppError> {
    let unit = me.unit_on_item(s, item, unit).await?;
    Ok(me
        .store(s)
        .submit_delay(item, unit, input, s.clock.now())
        .await?)
}

/// The office approves or returns a delay explanation; the item it concerns.
pub async fn review_delay(
    s: &AppState,
    me: &Me,
    id: DelayId,
    d: &Decision,
) -> Result<ItemId, AppError> {
    Ok(me
        .store(s)
        .review_delay(id, d.approve, &d.note, me.name(), s.clock.now())
        .await?)
}

/// A unit asks for the acceptance of an item it leads.
pub async fn request_acceptance(
    s: &AppState,
    me: &Me,
    item: ItemId,
    unit: Option<UnitId>,
    input: &AcceptanceInput,
) -> Result<AcceptanceId, AppError> {
    let unit = me.unit_on_item(s, item, unit).await?;
    Ok(me
        .store(s)
        .request_acceptance(item, unit, input, s.clock.now())
        .await?)
}

/// The office accepts or returns an acceptance request; the item it concerns.
pub async fn decide_acceptance(
    s: &AppState,
    me: &Me,
    id: AcceptanceId,
    d: &Decision,
) -> Result<ItemId, AppError> {
    Ok(me
        .store(s)
        .decide_acceptance(id, d.approve, &d.note, me.name(), s.clock.now())
        .await?)
}

/// Adds a milestone (a step of the task breakdown) to an item.
pub async fn add_milestone(
    s: &AppState,
    me: &Me,
    item: ItemId,
    input: &MilestoneInput,
) -> Result<MilestoneId, AppError> {
    Ok(me.store(s).add_milestone(item, input).await?)
}

/// Marks a milestone done on a day, or reopens it (`None`): only its owner unit or the item's
/// lead unit, or the office. The item it belongs to.
pub async fn mark_milestone(
    s: &AppState,
    me: &Me,
    id: MilestoneId,
    done_on: Option<NaiveDate>,
) -> Result<ItemId, AppError> {
    me.milestone_writer(s, id).await?;
    Ok(me
        .store(s)
        .set_milestone_done(id, done_on, s.clock.now())
        .await?)
}
