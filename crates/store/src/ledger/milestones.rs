//! Task breakdown (任务分解): an item's dated sub-tasks with owner unit, optional planned
//! percent (which shapes the planned curve), done date and evidence.

use super::{Attachment, Now, OwnerKind};
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::NaiveDate;
use minsheng_domain::Refusal;
use minsheng_domain::{ItemId, Milestone, MilestoneId, UnitId};
use serde::Serialize;
use serde_json::json;

/// A new milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneInput {
    /// What is to be done.
    pub title: String,
    /// The unit that owns it.
    pub owner_unit_id: Option<UnitId>,
    /// Planned date.
    pub due_on: NaiveDate,
    /// Planned percent complete of the item at that date.
    pub planned_percent: Option<f64>,
}

/// A milestone with its owner's name, evidence and whether it is overdue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneView {
    /// The milestone.
    pub milestone: Milestone,
    /// Planned percent at its date.
    pub planned_percent: Option<f64>,
    /// Owner unit's name.
    pub owner: Option<String>,
    /// Past due and not done, as of the day asked.
    pub overdue: bool,
    /// Evidence files.
    pub attachments: Vec<Attachment>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    item_id: i64,
    title: String,
    owner_unit_id: Option<i64>,
    due_on: Option<NaiveDate>,
    done_on: Option<NaiveDate>,
    planned_percent: Option<f64>,
    owner: Option<String>,
}

impl Store {
    /// An item's milestones in planned order.
    pub async fn milestones(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<Vec<MilestoneView>, StoreError> {
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(
            "SELECT m.id, m.item_id, m.title, m.owner_unit_id, m.due_on, m.done_on, m.planned_percent, u.name AS owner \
             FROM milestones m LEFT JOIN units u ON u.id = m.owner_unit_id WHERE m.item_id = $1 ORDER BY m.due_on, m.position, m.id",
        ).bind(item.0).fetch_all(p).await?);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut files = self.attachments_of(OwnerKind::Milestone, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| MilestoneView {
                overdue: r.done_on.is_none() && r.due_on.is_some_and(|d| d < today),
                attachments: files.remove(&r.id).unwrap_or_default(),
                planned_percent: r.planned_percent,
                owner: r.owner,
                milestone: Milestone {
                    id: MilestoneId(r.id),
                    item_id: ItemId(r.item_id),
                    title: r.title,
                    owner_unit_id: r.owner_unit_id.map(UnitId),
                    due_on: r.due_on,
                    done_on: r.done_on,
                },
            })
            .collect())
    }

    /// Adds a milestone to an item.
    pub async fn add_milestone(
        &self,
        item: ItemId,
        m: &MilestoneInput,
    ) -> Result<MilestoneId, StoreError> {
        let title = m.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(Refusal::MilestoneTitle.into());
        }
        if m.planned_percent
            .is_some_and(|p| !(0.0..=100.0).contains(&p))
        {
            return Err(Refusal::PercentOutOfRange.into());
        }
        let (exists, owner_ok): (Option<i64>, bool) = on_pool!(self, p => {
            let e: Option<i64> = sqlx::query_scalar("SELECT id FROM items WHERE id = $1").bind(item.0).fetch_optional(p).await?;
            let ok = match m.owner_unit_id {
                None => true,
                Some(u) => sqlx::query_scalar::<_, i64>("SELECT id FROM units WHERE id = $1").bind(u.0).fetch_optional(p).await?.is_some(),
            };
            (e, ok)
        });
        exists.ok_or(StoreError::NotFound("项目 (item)"))?;
        if !owner_ok {
            return Err(Refusal::UnknownUnit.into());
        }
        let id: i64 = in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO milestones (item_id, title, owner_unit_id, due_on, planned_percent, position) \
                 VALUES ($1, $2, $3, $4, $5, (SELECT COUNT(*) FROM milestones WHERE item_id = $1) + 1) RETURNING id",
            ).bind(item.0).bind(title).bind(m.owner_unit_id.map(|u| u.0)).bind(m.due_on).bind(m.planned_percent).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("milestone.add", "milestone", id).after(json!({
                "item": item, "title": title, "owner_unit": m.owner_unit_id, "due_on": m.due_on, "planned_percent": m.planned_percent}))).await?;
            id
        });
        Ok(MilestoneId(id))
    }

    /// The item a milestone belongs to and the unit that owns it, if one does.
    pub async fn milestone_owner(
        &self,
        id: MilestoneId,
    ) -> Result<(ItemId, Option<UnitId>), StoreError> {
        let row: Option<(i64, Option<i64>)> = on_pool!(self, p => sqlx::query_as("SELECT item_id, owner_unit_id FROM milestones WHERE id = $1").bind(id.0).fetch_optional(p).await?);
        let (item, owner) = row.ok_or(StoreError::NotFound("任务 (milestone)"))?;
        Ok((ItemId(item), owner.map(UnitId)))
    }

    /// Marks a milestone done on a date (not in the future), or reopens it with `None`.
    pub async fn set_milestone_done(
        &self,
        id: MilestoneId,
        done_on: Option<NaiveDate>,
        now: Now,
    ) -> Result<ItemId, StoreError> {
        if done_on.is_some_and(|d| d > now.today) {
            return Err(Refusal::CompletionInFuture.into());
        }
        let item: Option<i64> = in_write_tx!(self, tx => {
            let before: Option<(i64, Option<NaiveDate>)> = sqlx::query_as("SELECT item_id, done_on FROM milestones WHERE id = $1").bind(id.0).fetch_optional(&mut *tx).await?;
            if let Some((_, was)) = before {
                sqlx::query("UPDATE milestones SET done_on = $1 WHERE id = $2").bind(done_on).bind(id.0).execute(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("milestone.done", "milestone", id).before(json!({"done_on": was})).after(json!({"done_on": done_on}))).await?;
            }
            before.map(|b| b.0)
        });
        item.map(ItemId)
            .ok_or(StoreError::NotFound("任务 (milestone)"))
    }
}
