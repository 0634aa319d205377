//! Who attends a meeting, the agenda as the office edits it, and the minutes (纪要): issued
//! once, numbered in the list's year, sent to the attendees by their channels, and from then
//! the meeting is frozen.

use super::{MEETING_COLS, Meeting};
use crate::audit::Change;
use crate::batch::{RunBatch, Stmt};
use crate::supervision::{ContactLevel, Notice, Order};
use crate::tx::WriteTx;
use crate::{Now, Store, StoreError, in_write_tx, on_pool};
use minsheng_domain::meeting::AgendaReason;
use minsheng_domain::{ItemId, LeaderId, Refusal, RegionId, UnitId};
use serde::Serialize;
use serde_json::json;

/// Someone who attended: a unit or a leader.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Attendee {
    /// The unit, when a unit attended.
    pub unit_id: Option<i64>,
    /// The leader, when a leader attended.
    pub leader_id: Option<i64>,
    /// The name (with a leader's post: 王五（副区长）).
    pub name: String,
}

/// A matter a meeting decided: its supervision order and the units that work with the one
/// that answers (配合单位).
#[derive(Debug, Clone, Serialize)]
pub struct Matter {
    /// The order.
    pub order: Order,
    /// Co-units' names, joined by 、.
    pub co_units: String,
}

/// The statements that record a meeting's attendees.
pub(super) fn attendee_stmts(meeting: i64, units: &[UnitId], leaders: &[LeaderId]) -> Vec<Stmt> {
    let unit = |u: &UnitId| {
        Stmt::new("INSERT INTO meeting_attendees (meeting_id, unit_id) VALUES ($1, $2)")
            .arg(meeting)
            .arg(u.0)
    };
    let leader = |l: &LeaderId| {
        Stmt::new("INSERT INTO meeting_attendees (meeting_id, leader_id) VALUES ($1, $2)")
            .arg(meeting)
            .arg(l.0)
    };
    units
        .iter()
        .map(unit)
        .chain(leaders.iter().map(leader))
        .collect()
}

/// The statement that opens every transaction changing a meeting: it holds the meeting's row
/// (PostgreSQL locks it until the transaction ends; SQLite writes one transaction at a time)
/// and refuses once the minutes are issued. Issuing takes the same row, so nothing is written
/// beside it and left out of the minutes sent.
pub(crate) fn hold_open(meeting: i64) -> Stmt {
    Stmt::new("UPDATE meetings SET issued_at = issued_at WHERE id = $1 AND issued_at IS NULL")
        .arg(meeting)
        .expect(1, || Refusal::MeetingIssued.into())
}

impl Store {
    /// The units and leaders named, each once, when every one is of `region`; else refused.
    pub(super) async fn attendees_known(
        &self,
        region: RegionId,
        units: &[UnitId],
        leaders: &[LeaderId],
    ) -> Result<(Vec<UnitId>, Vec<LeaderId>), StoreError> {
        let mut units = units.to_vec();
        units.sort_by_key(|u| u.0);
        units.dedup();
        let mut leaders = leaders.to_vec();
        leaders.sort_by_key(|l| l.0);
        leaders.dedup();
        let found = self.units_by_id(&units).await?;
        if found.len() != units.len() || found.iter().any(|u| u.region_id != region) {
            return Err(Refusal::UnknownUnit.into());
        }
        let all = self.leaders().await?;
        if !leaders
            .iter()
            .all(|l| all.iter().any(|x| x.id == *l && x.region_id == region))
        {
            return Err(StoreError::NotFound("领导 (leader)"));
        }
        Ok((units, leaders))
    }

    /// Who attended a meeting: leaders first, then units, by name.
    pub async fn attendees(&self, meeting: i64) -> Result<Vec<Attendee>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT a.unit_id, a.leader_id, COALESCE(u.name, l.name || COALESCE('（' || l.title || '）', '')) AS name \
             FROM meeting_attendees a LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN leaders l ON l.id = a.leader_id \
             WHERE a.meeting_id = $1 ORDER BY a.unit_id IS NOT NULL, name",
        ).bind(meeting).fetch_all(p).await?))
    }

    /// Replaces who attends, until the minutes are issued.
    pub async fn set_attendees(
        &self,
        meeting: i64,
        units: &[UnitId],
        leaders: &[LeaderId],
    ) -> Result<(), StoreError> {
        let m = self.meeting_head(meeting).await?;
        m.open()?;
        let region = self
            .plan(minsheng_domain::PlanId(m.plan_id))
            .await?
            .region_id;
        let (units, leaders) = self.attendees_known(region, units, leaders).await?;
        let before = self.attendees(meeting).await?;
        in_write_tx!(self, tx => {
            tx.run_batch(&[hold_open(meeting)]).await?;
            sqlx::query("DELETE FROM meeting_attendees WHERE meeting_id = $1").bind(meeting).execute(&mut *tx).await?;
            tx.run_batch(&attendee_stmts(meeting, &units, &leaders)).await?;
            tx.audit(&self.actor, Change::new("meeting.attendees", "meeting", meeting)
                .before(json!({"attendees": before})).after(json!({"units": units, "leaders": leaders}))).await?;
        });
        Ok(())
    }

    /// Adds an entry to the agenda (其他议题), at its end, until the minutes are issued.
    pub async fn add_agenda_entry(
        &self,
        meeting: i64,
        title: &str,
        item: Option<ItemId>,
    ) -> Result<i64, StoreError> {
        let m = self.meeting_head(meeting).await?;
        m.open()?;
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 500 {
            return Err(Refusal::TooLong { max: 500 }.into());
        }
        if let Some(item) = item
            && self.item_detail(item).await?.0.id.0 != m.plan_id
        {
            return Err(StoreError::NotFound("项目 (item)"));
        }
        Ok(in_write_tx!(self, tx => {
            tx.run_batch(&[hold_open(meeting)]).await?;
            let position: i32 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(position), 0) + 1 AS INTEGER) FROM meeting_agenda WHERE meeting_id = $1")
                .bind(meeting).fetch_one(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO meeting_agenda (meeting_id, position, reason, item_id, ref_id, title, also, minutes) VALUES ($1, $2, $3, $4, 0, $5, '', '') RETURNING id",
            ).bind(meeting).bind(position).bind(AgendaReason::Added.code()).bind(item.map(|i| i.0)).bind(title)
                .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("meeting.agenda_add", "meeting", meeting)
                .after(json!({"entry": id, "title": title, "item": item}))).await?;
            id
        }))
    }

    /// Takes an entry off the agenda, until the minutes are issued.
    pub async fn remove_agenda_entry(&self, meeting: i64, entry: i64) -> Result<(), StoreError> {
        self.meeting_head(meeting).await?.open()?;
        let agenda = self.meeting_agenda(meeting).await?;
        let e = agenda
            .iter()
            .find(|e| e.id == entry)
            .ok_or(StoreError::NotFound("议题 (agenda entry)"))?;
        in_write_tx!(self, tx => {
            tx.run_batch(&[hold_open(meeting)]).await?;
            sqlx::query("DELETE FROM meeting_agenda WHERE id = $1").bind(entry).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("meeting.agenda_remove", "meeting", meeting)
                .before(json!({"entry": entry, "title": e.title, "reason": e.reason, "minutes": e.minutes}))).await?;
        });
        Ok(())
    }

    /// Moves an entry one place up (`up`) or down the agenda, until the minutes are issued;
    /// the first entry does not go up, nor the last down.
    pub async fn move_agenda_entry(
        &self,
        meeting: i64,
        entry: i64,
        up: bool,
    ) -> Result<(), StoreError> {
        self.meeting_head(meeting).await?.open()?;
        let agenda = self.meeting_agenda(meeting).await?;
        let at = agenda
            .iter()
            .position(|e| e.id == entry)
            .ok_or(StoreError::NotFound("议题 (agenda entry)"))?;
        let other = match up {
            true => at.checked_sub(1),
            false => Some(at + 1).filter(|o| *o < agenda.len()),
        };
        let Some(other) = other.map(|o| &agenda[o]) else {
            return Ok(());
        };
        let this = &agenda[at];
        in_write_tx!(self, tx => {
            tx.run_batch(&[
                hold_open(meeting),
                Stmt::new("UPDATE meeting_agenda SET position = $1 WHERE id = $2").arg(other.position).arg(this.id),
                Stmt::new("UPDATE meeting_agenda SET position = $1 WHERE id = $2").arg(this.position).arg(other.id),
            ]).await?;
            tx.audit(&self.actor, Change::new("meeting.agenda_move", "meeting", meeting)
                .before(json!({"entry": entry, "position": this.position}))
                .after(json!({"entry": entry, "position": other.position}))).await?;
        });
        Ok(())
    }

    /// Issues the minutes: numbers them in the list's year, freezes the meeting and sends each
    /// attending unit (its liaison) and leader a notice with the decided matters by their
    /// channels. Returns the number.
    pub async fn issue_minutes(&self, meeting: i64, now: Now) -> Result<i32, StoreError> {
        let m = self.meeting_head(meeting).await?;
        m.open()?;
        Ok(in_write_tx!(self, tx => {
            // Taking the row first: a matter or an attendee recorded at the same moment is
            // either in what is read below or refused as issued.
            let n = sqlx::query("UPDATE meetings SET issued_at = $1 WHERE id = $2 AND issued_at IS NULL")
                .bind(now.at).bind(meeting).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(Refusal::MeetingIssued.into());
            }
            let number: i32 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(number), 0) + 1 AS INTEGER) FROM meetings WHERE plan_id = $1")
                .bind(m.plan_id).fetch_one(&mut *tx).await?;
            sqlx::query("UPDATE meetings SET number = $1 WHERE id = $2").bind(number).bind(meeting).execute(&mut *tx).await?;
            let matters: Vec<(String, String, chrono::NaiveDate, String)> = sqlx::query_as(
                "SELECT o.requirement, u.name, o.deadline, x.co_units FROM meeting_matters x JOIN supervision_orders o ON o.id = x.order_id \
                 JOIN units u ON u.id = o.unit_id WHERE x.meeting_id = $1 ORDER BY x.order_id",
            ).bind(meeting).fetch_all(&mut *tx).await?;
            let attendees: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT unit_id, leader_id FROM meeting_attendees WHERE meeting_id = $1 ORDER BY id",
            ).bind(meeting).fetch_all(&mut *tx).await?;
            let lines = matters
                .iter()
                .enumerate()
                .map(|(k, (requirement, unit, deadline, co))| {
                    let co = match co.as_str() {
                        "" => String::new(),
                        co => format!("，配合：{co}"),
                    };
                    format!("{}. {requirement}（{unit}{co}，{deadline}前）", k + 1)
                })
                .collect::<Vec<_>>();
            let body = format!(
                "{}召开的{}纪要已印发。议定事项 {} 项{}\n请登录系统查看纪要，按时限办理并反馈。",
                m.held_on,
                m.title,
                lines.len(),
                match lines.is_empty() {
                    true => "。".to_string(),
                    false => format!("：\n{}", lines.join("\n")),
                }
            );
            let label = Meeting { number: Some(number), ..m.clone() }.number_label();
            for (unit, leader) in &attendees {
                let n = Notice {
                    kind: "meeting.minutes".into(),
                    unit: unit.map(UnitId),
                    leader: leader.map(LeaderId),
                    level: ContactLevel::Liaison,
                    title: format!("【民生实事·会议纪要】{label} {}", m.title),
                    body: body.clone(),
                    link: format!("/meetings/{meeting}"),
                    key: format!("meeting:{meeting}:minutes:{}", match (unit, leader) {
                        (Some(u), _) => format!("u{u}"),
                        (_, Some(l)) => format!("l{l}"),
                        _ => String::new(),
                    }),
                    attach: Some(format!("meeting:{meeting}")),
                };
                tx.notify(&n, now.at).await?;
            }
            tx.event("meeting.issued", &json!({"meeting": meeting, "plan": m.plan_id, "number": number, "matters": matters.len()}), now.at).await?;
            tx.audit(&self.actor, Change::new("meeting.issue", "meeting", meeting)
                .after(json!({"number": number, "attendees": attendees.len(), "matters": matters.len()}))).await?;
            number
        }))
    }

    /// A site visit's photos (evidence of the item visited), in upload order.
    pub async fn meeting_photos(&self, meeting: i64) -> Result<Vec<crate::Attachment>, StoreError> {
        Ok(self
            .attachments_of(crate::OwnerKind::Meeting, &[meeting])
            .await?
            .remove(&meeting)
            .unwrap_or_default())
    }

    /// The meetings a leader held or attended, latest first.
    pub async fn leader_meetings(&self, leader: LeaderId) -> Result<Vec<Meeting>, StoreError> {
        let sql = format!(
            "SELECT {MEETING_COLS} FROM meetings WHERE leader_id = $1 OR id IN (SELECT meeting_id FROM meeting_attendees WHERE leader_id = $1) \
             ORDER BY held_on DESC, id DESC"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(leader.0).fetch_all(p).await?),
        )
    }

    /// The meetings a unit attended or was given a matter by, latest first.
    pub async fn unit_meetings(&self, units: &[UnitId]) -> Result<Vec<Meeting>, StoreError> {
        let list = crate::supervision::id_list(units);
        let sql = format!(
            "SELECT {MEETING_COLS} FROM meetings WHERE id IN (SELECT meeting_id FROM meeting_attendees WHERE unit_id IN ({list}) \
             UNION SELECT x.meeting_id FROM meeting_matters x JOIN supervision_orders o ON o.id = x.order_id WHERE o.unit_id IN ({list})) \
             ORDER BY held_on DESC, id DESC"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?))
    }
}
