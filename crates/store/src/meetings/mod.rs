//! Meetings on a list (调度会, 专题会议, 调研): a meeting's agenda is drawn from the ledger as
//! of its day — the last meeting's open decided matters first, then red and yellow items,
//! overdue orders and units that have not reported (`minsheng_domain::meeting::agenda`) —
//! each entry takes minutes, and each matter decided (议定事项) is a supervision order with
//! origin `meeting`, chased like any order (acknowledge, answer, check, close). The minutes
//! (纪要) are issued to the attendees and freeze the meeting (`minutes`); meetings held are
//! counted against the notices' cadence (`tally`).

mod minutes;
mod tally;

pub(crate) use minutes::hold_open;
pub use minutes::{Attendee, Matter};
pub use tally::{CadenceCount, Held, LeaderTally, counted_from, quarters as meeting_quarters};

use crate::audit::Change;
use crate::batch::RunBatch;
use crate::supervision::{NewOrder, OrderFilter};
use crate::tx::WriteTx;
use crate::{Now, Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::ledger::Light;
use minsheng_domain::meeting::{AgendaCandidate, AgendaReason, MeetingKind, agenda};
use minsheng_domain::{ItemId, LeaderId, PlanId, Refusal, UnitId};
use serde::Serialize;
use serde_json::json;

/// A meeting to hold: on which list, what kind, when, its title and who chairs it.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    /// The list.
    pub plan: PlanId,
    /// Its kind.
    pub kind: MeetingKind,
    /// The day it is held (the agenda is drawn from the ledger as of that day).
    pub held_on: NaiveDate,
    /// Its title: 2025年第三次民生实事调度会.
    pub title: String,
    /// Who chairs it, as printed.
    pub chair: String,
    /// The leader in charge who holds it, when one does (counted against the cadence).
    pub leader: Option<LeaderId>,
    /// Where (会议室, or the site of a visit).
    pub place: String,
    /// The item a site visit goes to (its photos are that item's evidence).
    pub site_item: Option<ItemId>,
    /// Units asked to attend.
    pub units: Vec<UnitId>,
    /// Leaders attending.
    pub leaders: Vec<LeaderId>,
}

/// A meeting.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Meeting {
    /// Id.
    pub id: i64,
    /// Its list.
    pub plan_id: i64,
    /// Kind code.
    pub kind: String,
    /// The day.
    pub held_on: NaiveDate,
    /// Title.
    pub title: String,
    /// Chair, as printed.
    pub chair: String,
    /// The leader who holds it.
    pub leader_id: Option<i64>,
    /// When it was set up.
    pub created_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// The item a site visit goes to.
    pub site_item_id: Option<i64>,
    /// The minutes' number in the list's year, once issued.
    pub number: Option<i32>,
    /// When the minutes were issued (the meeting is frozen from then).
    pub issued_at: Option<DateTime<Utc>>,
}

impl Meeting {
    /// Its kind (a stored code the domain knows).
    pub fn kind(&self) -> MeetingKind {
        self.kind.parse().unwrap_or(MeetingKind::Dispatch)
    }

    /// The minutes' number as printed: 纪要〔2025〕3号; empty before they are issued.
    pub fn number_label(&self) -> String {
        use chrono::Datelike;
        self.number
            .map(|n| format!("纪要〔{}〕{n}号", self.held_on.year()))
            .unwrap_or_default()
    }

    /// Refuses a change once the minutes are issued.
    pub(crate) fn open(&self) -> Result<(), StoreError> {
        match self.issued_at {
            Some(_) => Err(Refusal::MeetingIssued.into()),
            None => Ok(()),
        }
    }
}

/// One entry of a meeting's agenda, with its minutes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AgendaEntry {
    /// Id.
    pub id: i64,
    /// Place on the agenda, from 1.
    pub position: i32,
    /// Why it is there (an `AgendaReason` code).
    pub reason: String,
    /// The item it is about.
    pub item_id: Option<i64>,
    /// The id it names in its kind (item, order or unit).
    pub ref_id: i64,
    /// What the agenda says.
    pub title: String,
    /// What is taken up with it (an overdue order of a red item …), one per line.
    pub also: String,
    /// What was said (记录).
    pub minutes: String,
}

/// A meeting with its agenda and the matters it decided.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDetail {
    /// The meeting.
    pub meeting: Meeting,
    /// Its agenda, in order.
    pub agenda: Vec<AgendaEntry>,
    /// The matters it decided, as orders with their co-units.
    pub matters: Vec<Matter>,
    /// Who attended.
    pub attendees: Vec<Attendee>,
}

const MEETING_COLS: &str = "id, plan_id, kind, held_on, title, chair, leader_id, created_at, place, site_item_id, number, issued_at";
/// Minutes of one agenda entry, at most.
const MINUTES_MAX: usize = 5000;

impl Store {
    /// What a meeting of `plan` on `day` would take up, before ordering: the open matters of
    /// the last meeting held before `day`, the red and yellow items, the overdue orders and
    /// the units that have not reported.
    pub async fn agenda_candidates(
        &self,
        plan: PlanId,
        day: NaiveDate,
    ) -> Result<Vec<AgendaCandidate>, StoreError> {
        let mut out = Vec::new();
        let mut matters = Vec::new();
        let last: Option<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT id FROM meetings WHERE plan_id = $1 AND held_on < $2 ORDER BY held_on DESC, id DESC LIMIT 1",
        ).bind(plan.0).bind(day).fetch_optional(p).await?);
        if let Some(last) = last {
            for Matter { order: o, .. } in self.meeting_matters(last).await? {
                matters.push(o.id);
                out.push(AgendaCandidate {
                    reason: match o.state().is_open() {
                        true => AgendaReason::OpenMatter,
                        false => AgendaReason::DoneMatter,
                    },
                    item: Some(o.item_id),
                    key: o.id,
                    title: format!(
                        "{}（{}，{}前，{}）",
                        o.requirement,
                        o.unit,
                        o.deadline,
                        o.state().label_zh()
                    ),
                });
            }
        }
        let ledger = self.plan_ledger(plan, day).await?;
        for i in &ledger.items {
            let reason = match i.assessment.light {
                Light::Red => AgendaReason::Red,
                Light::Yellow => AgendaReason::Yellow,
                _ => continue,
            };
            let lead = i
                .detail
                .lead_units
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join("、");
            out.push(AgendaCandidate {
                reason,
                item: Some(i.detail.item.id.0),
                key: i.detail.item.id.0,
                title: format!(
                    "{}. {}（{}）",
                    i.detail.item.seq,
                    i.detail.item.display_title(),
                    lead
                ),
            });
        }
        let orders = self
            .orders(&OrderFilter {
                plan: Some(plan),
                open_only: true,
                ..OrderFilter::default()
            })
            .await?;
        // An overdue matter of the last meeting is heard as that matter, not again.
        for o in orders
            .iter()
            .filter(|o| o.overdue(day) && !matters.contains(&o.id))
        {
            out.push(AgendaCandidate {
                reason: AgendaReason::OverdueOrder,
                item: Some(o.item_id),
                key: o.id,
                title: format!(
                    "督办{}：{}（{}，{}前）",
                    o.label(),
                    o.requirement,
                    o.unit,
                    o.deadline
                ),
            });
        }
        let mut units: Vec<(i64, String, Vec<String>)> = Vec::new();
        for n in &ledger.not_reported {
            match units.iter_mut().find(|u| u.0 == n.unit_id.0) {
                Some(u) => u.2.push(n.seq.clone()),
                None => units.push((n.unit_id.0, n.unit.clone(), vec![n.seq.clone()])),
            }
        }
        for (id, name, seqs) in units {
            out.push(AgendaCandidate {
                reason: AgendaReason::NotReported,
                item: None,
                key: id,
                title: format!("{name}：第{}项未报送", seqs.join("、")),
            });
        }
        Ok(out)
    }

    /// Sets up a meeting with its agenda drawn from the ledger as of its day; returns its id.
    pub async fn create_meeting(&self, m: &NewMeeting, now: Now) -> Result<i64, StoreError> {
        let title = m.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(Refusal::TooLong { max: 200 }.into());
        }
        let plan = self.plan(m.plan).await?;
        if m.place.trim().chars().count() > 200 {
            return Err(Refusal::TooLong { max: 200 }.into());
        }
        if m.chair.trim().chars().count() > 100 {
            return Err(Refusal::TooLong { max: 100 }.into());
        }
        if let Some(item) = m.site_item
            && self.item_detail(item).await?.0.id != m.plan
        {
            return Err(StoreError::NotFound("项目 (item)"));
        }
        let (units, leaders) = self
            .attendees_known(plan.region_id, &m.units, &m.leaders)
            .await?;
        // The leader who holds it is one of the region's, as the attendees are.
        if let Some(l) = m.leader {
            self.attendees_known(plan.region_id, &[], &[l]).await?;
        }
        let entries = agenda(&self.agenda_candidates(m.plan, m.held_on).await?);
        Ok(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO meetings (plan_id, kind, held_on, title, chair, leader_id, created_at, place, site_item_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            ).bind(m.plan.0).bind(m.kind.code()).bind(m.held_on).bind(title).bind(m.chair.trim())
                .bind(m.leader.map(|l| l.0)).bind(now.at).bind(m.place.trim()).bind(m.site_item.map(|i| i.0))
                .fetch_one(&mut *tx).await?;
            tx.run_batch(&minutes::attendee_stmts(id, &units, &leaders)).await?;
            for (k, (head, also)) in entries.iter().enumerate() {
                let also = also.iter().map(|a| a.title.as_str()).collect::<Vec<_>>().join("\n");
                sqlx::query(
                    "INSERT INTO meeting_agenda (meeting_id, position, reason, item_id, ref_id, title, also, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, '')",
                ).bind(id).bind(k as i32 + 1).bind(head.reason.code()).bind(head.item).bind(head.key)
                    .bind(&head.title).bind(also).execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new("meeting.create", "meeting", id).after(json!({
                "plan": m.plan, "kind": m.kind.code(), "held_on": m.held_on, "title": title,
                "chair": m.chair.trim(), "leader": m.leader, "agenda": entries.len(),
                "place": m.place.trim(), "site_item": m.site_item, "units": units, "leaders": leaders,
            }))).await?;
            id
        }))
    }

    /// A meeting's own row, without its agenda, matters or attendees.
    pub async fn meeting_head(&self, id: i64) -> Result<Meeting, StoreError> {
        let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE id = $1");
        let meeting: Option<Meeting> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?);
        meeting.ok_or(StoreError::NotFound("会议 (meeting)"))
    }

    /// A meeting's agenda, in order.
    pub async fn meeting_agenda(&self, id: i64) -> Result<Vec<AgendaEntry>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT id, position, reason, item_id, ref_id, title, also, minutes FROM meeting_agenda WHERE meeting_id = $1 ORDER BY position",
        ).bind(id).fetch_all(p).await?))
    }

    /// A meeting with its agenda and decided matters.
    pub async fn meeting(&self, id: i64) -> Result<MeetingDetail, StoreError> {
        let meeting = self.meeting_head(id).await?;
        let agenda = self.meeting_agenda(id).await?;
        Ok(MeetingDetail {
            meeting,
            agenda,
            matters: self.meeting_matters(id).await?,
            attendees: self.attendees(id).await?,
        })
    }

    /// The meetings of a list, latest first.
    pub async fn meetings(&self, plan: PlanId) -> Result<Vec<Meeting>, StoreError> {
        let sql = format!(
            "SELECT {MEETING_COLS} FROM meetings WHERE plan_id = $1 ORDER BY held_on DESC, id DESC"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(plan.0).fetch_all(p).await?),
        )
    }

    /// The matters a meeting decided, as orders with their co-units, in the order decided.
    pub async fn meeting_matters(&self, meeting: i64) -> Result<Vec<Matter>, StoreError> {
        let rows: Vec<(i64, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT order_id, co_units FROM meeting_matters WHERE meeting_id = $1 ORDER BY order_id",
        ).bind(meeting).fetch_all(p).await?);
        let mut out = Vec::with_capacity(rows.len());
        for (id, co_units) in rows {
            out.push(Matter {
                order: self.order(id).await?,
                co_units,
            });
        }
        Ok(out)
    }

    /// The meeting that decided an order, if a meeting did.
    pub async fn matter_meeting(&self, order: i64) -> Result<Option<Meeting>, StoreError> {
        let sql = format!(
            "SELECT {} FROM meetings m JOIN meeting_matters x ON x.meeting_id = m.id WHERE x.order_id = $1",
            MEETING_COLS
                .split(", ")
                .map(|c| format!("m.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(order).fetch_optional(p).await?),
        )
    }

    /// Records what was said under an agenda entry (replacing what was recorded).
    pub async fn record_minutes(&self, entry: i64, minutes: &str) -> Result<(), StoreError> {
        let meeting: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT meeting_id FROM meeting_agenda WHERE id = $1")
            .bind(entry).fetch_optional(p).await?);
        let meeting = meeting.ok_or(StoreError::NotFound("议题 (agenda entry)"))?;
        self.record_all_minutes(meeting, &[(entry, minutes.to_string())])
            .await
    }

    /// Records the minutes of several entries of one meeting, all or none: each entry must be
    /// the meeting's, each text at most 5,000 characters, and the minutes not yet issued.
    pub async fn record_all_minutes(
        &self,
        meeting: i64,
        minutes: &[(i64, String)],
    ) -> Result<(), StoreError> {
        if minutes
            .iter()
            .any(|(_, t)| t.trim().chars().count() > MINUTES_MAX)
        {
            return Err(Refusal::TooLong { max: MINUTES_MAX }.into());
        }
        self.meeting_head(meeting).await?.open()?;
        in_write_tx!(self, tx => {
            tx.run_batch(&[minutes::hold_open(meeting)]).await?;
            for (entry, text) in minutes {
                let text = text.trim();
                let before: Option<String> = sqlx::query_scalar("SELECT minutes FROM meeting_agenda WHERE id = $1 AND meeting_id = $2")
                    .bind(entry).bind(meeting).fetch_optional(&mut *tx).await?;
                let before = before.ok_or(StoreError::NotFound("议题 (agenda entry)"))?;
                if before == text {
                    continue;
                }
                sqlx::query("UPDATE meeting_agenda SET minutes = $1 WHERE id = $2").bind(text).bind(entry).execute(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("meeting.minutes", "meeting", meeting)
                    .before(json!({"entry": entry, "minutes": before})).after(json!({"entry": entry, "minutes": text}))).await?;
            }
        });
        Ok(())
    }

    /// Records a matter the meeting decided: a supervision order with origin `meeting`, on
    /// the item it serves, for its lead unit (or the unit named), with its deadline, and the
    /// units that work with it (配合单位, named in the minutes).
    pub async fn decide_matter(
        &self,
        meeting: i64,
        o: &NewOrder,
        co_units: &[UnitId],
        now: Now,
    ) -> Result<i64, StoreError> {
        let m = self.meeting_head(meeting).await?;
        m.open()?;
        let (plan, _) = self.item_detail(o.item).await?;
        if plan.id.0 != m.plan_id {
            return Err(StoreError::NotFound("项目 (item)"));
        }
        let (co_units, _) = self.attendees_known(plan.region_id, co_units, &[]).await?;
        let co = self
            .units_by_id(&co_units)
            .await?
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join("、");
        let order = NewOrder {
            origin: "meeting".into(),
            ..o.clone()
        };
        self.issue_order_in(&order, Some((meeting, &co)), now).await
    }
}
