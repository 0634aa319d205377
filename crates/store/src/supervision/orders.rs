//! Supervision orders in storage (督办单): issuing (numbered per plan), the unit's and the
//! office's steps with every step kept as an event, and the escalation of overdue orders.
//! Each step tells the other side through a notice written in the same transaction.

use super::{ContactLevel, Notice};
use crate::audit::Change;
use crate::batch::RunBatch;
use crate::ledger::Now;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::supervision::{OrderAction, OrderState, bulletin_number};
use minsheng_domain::{ItemId, LeaderId, PlanId, UnitId};
use serde::Serialize;
use serde_json::json;

/// An order as shown.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Order {
    /// Identifier.
    pub id: i64,
    /// Plan.
    pub plan_id: i64,
    /// Item.
    pub item_id: i64,
    /// Item list number.
    pub item_seq: String,
    /// Item title.
    pub item_title: String,
    /// The unit that must answer.
    pub unit_id: i64,
    /// Its name.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// Number within the plan.
    pub number: i64,
    /// `manual`, `red_light` (proposed for a red item) or `meeting` (decided by a meeting).
    pub origin: String,
    /// What the office requires.
    pub requirement: String,
    /// By when.
    pub deadline: NaiveDate,
    /// State code.
    pub state: String,
    /// The unit's answer.
    pub answer: Option<String>,
    /// First answered on.
    pub answered_on: Option<NaiveDate>,
    /// Escalated as overdue at.
    pub escalated_at: Option<DateTime<Utc>>,
    /// Issued by.
    pub created_by: String,
    /// Issued at.
    pub created_at: DateTime<Utc>,
}

impl Order {
    /// State.
    pub fn state(&self) -> OrderState {
        self.state.parse().unwrap_or(OrderState::Issued)
    }

    /// Printed number as a document number (发文字号, GB/T 9704-2012 7.2.4: the year in full in
    /// 〔〕, the number without 第 or leading zeros): 督办〔2025〕3号.
    pub fn label(&self) -> String {
        format!("督办〔{}〕{}号", self.year, self.number)
    }

    /// Overdue on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.state().overdue(self.deadline, today)
    }

    /// Answered by its deadline.
    pub fn answered_on_time(&self) -> bool {
        self.answered_on.is_some_and(|d| d <= self.deadline)
    }
}

/// One step taken on an order.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OrderEvent {
    /// Action code (`issue`, `acknowledge`, `answer`, `close`, `return`, `escalate`).
    pub action: String,
    /// State after it.
    pub state: String,
    /// Who.
    pub actor: String,
    /// Text.
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An order to issue.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// Item.
    pub item: ItemId,
    /// The unit that must answer (default: the item's first lead unit).
    pub unit: Option<UnitId>,
    /// Requirement.
    pub requirement: String,
    /// Deadline.
    pub deadline: NaiveDate,
    /// `manual`, `red_light` or `meeting` (a matter a meeting decided).
    pub origin: String,
}

/// Which orders to list.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// Plan.
    pub plan: Option<PlanId>,
    /// Item.
    pub item: Option<ItemId>,
    /// Units (any of).
    pub units: Option<Vec<UnitId>>,
    /// Only open ones.
    pub open_only: bool,
}

const ORDER_SELECT: &str = "SELECT o.id, o.plan_id, o.item_id, i.seq AS item_seq, COALESCE(NULLIF(i.name, ''), i.summary, i.content, '') AS item_title, o.unit_id, u.name AS unit, o.year, o.number, o.origin, o.requirement, o.deadline, o.state, o.answer, o.answered_on, o.escalated_at, o.created_by, o.created_at \
     FROM supervision_orders o JOIN items i ON i.id = o.item_id JOIN units u ON u.id = o.unit_id";

impl Store {
    /// Issues a supervision order and tells the unit's liaisons.
    pub async fn issue_order(&self, o: &NewOrder, now: Now) -> Result<i64, StoreError> {
        self.issue_order_in(o, None, now).await
    }

    /// [`Store::issue_order`], as a matter decided by `meeting` when one is named (recorded
    /// with the order, in its transaction).
    pub(crate) async fn issue_order_in(
        &self,
        o: &NewOrder,
        meeting: Option<(i64, &str)>,
        now: Now,
    ) -> Result<i64, StoreError> {
        let requirement = o.requirement.trim();
        if requirement.is_empty() || requirement.chars().count() > 2000 {
            return Err(Refusal::RequirementLength.into());
        }
        if o.deadline < now.today {
            return Err(Refusal::DeadlineInPast {
                deadline: o.deadline,
            }
            .into());
        }
        if !matches!(o.origin.as_str(), "manual" | "red_light" | "meeting") {
            return Err(StoreError::Internal(format!(
                "unknown order origin {}",
                o.origin
            )));
        }
        let row: Option<(i64, i32, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT i.plan_id, p.year, i.seq FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = $1",
        ).bind(o.item.0).fetch_optional(p).await?);
        let (plan, year, seq) = row.ok_or(StoreError::NotFound("项目 (item)"))?;
        let parties = self.item_parties(o.item).await?;
        let lead: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT unit_id FROM item_units WHERE item_id = $1 AND role = 'lead' ORDER BY position LIMIT 1").bind(o.item.0).fetch_optional(p).await?);
        let unit = match o.unit {
            Some(u) if parties.units.contains(&u) => u,
            Some(_) => {
                return Err(Refusal::UnitNotOnItem.into());
            }
            None => UnitId(lead.ok_or(Refusal::ItemHasNoLead)?),
        };
        let by = self.actor.name.clone();
        Ok(in_write_tx!(self, tx => {
            if let Some((meeting, _)) = meeting {
                tx.run_batch(&[crate::meetings::hold_open(meeting)]).await?;
            }
            let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM supervision_orders WHERE plan_id = $1").bind(plan).fetch_one(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar("INSERT INTO supervision_orders (plan_id, item_id, unit_id, year, number, origin, requirement, deadline, state, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'issued', $9, $10, $10) RETURNING id")
                .bind(plan).bind(o.item.0).bind(unit.0).bind(year).bind(number).bind(&o.origin).bind(requirement).bind(o.deadline).bind(&by).bind(now.at)
                .fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO order_events (order_id, action, state, actor, note, at) VALUES ($1, 'issue', 'issued', $2, $3, $4)")
                .bind(id).bind(&by).bind(requirement).bind(now.at).execute(&mut *tx).await?;
            if let Some((meeting, co_units)) = meeting {
                sqlx::query("INSERT INTO meeting_matters (meeting_id, order_id, co_units) VALUES ($1, $2, $3)")
                    .bind(meeting).bind(id).bind(co_units).execute(&mut *tx).await?;
            }
            let label = bulletin_number(year, number).replace('期', "号");
            let n = Notice {
                kind: "order.issued".into(),
                unit: Some(unit),
                leader: None,
                level: ContactLevel::Liaison,
                title: format!("【民生实事·督办】督办{label}：第{seq}项，请于 {} 前办结反馈", o.deadline),
                body: format!("督办要求：{requirement}\n办理时限：{}\n请登录系统签收并反馈办理情况。", o.deadline),
                link: format!("/orders/{id}"),
                key: format!("order:{id}:issued"),
                attach: None,
            };
            tx.notify(&n, now.at).await?;
            tx.event("order.issued", &json!({"order": id, "item": o.item, "unit": unit, "number": number, "deadline": o.deadline}), now.at).await?;
            tx.audit(&self.actor, Change::new("order.issue", "supervision_order", id).after(json!({"item": o.item, "unit": unit, "number": number, "deadline": o.deadline, "requirement": requirement, "origin": o.origin}))).await?;
            id
        }))
    }

    /// One order.
    pub async fn order(&self, id: i64) -> Result<Order, StoreError> {
        let sql = format!("{ORDER_SELECT} WHERE o.id = $1");
        let o: Option<Order> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?);
        o.ok_or(StoreError::NotFound("督办单 (supervision order)"))
    }

    /// An order's steps, oldest first.
    pub async fn order_events(&self, id: i64) -> Result<Vec<OrderEvent>, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_as("SELECT action, state, actor, note, at FROM order_events WHERE order_id = $1 ORDER BY id").bind(id).fetch_all(p).await?),
        )
    }

    /// Orders, newest first.
    pub async fn orders(&self, f: &OrderFilter) -> Result<Vec<Order>, StoreError> {
        let units = f.units.as_deref().map(super::id_list);
        let mut sql = format!(
            "{ORDER_SELECT} WHERE (CAST($1 AS BIGINT) IS NULL OR o.plan_id = $1) AND (CAST($2 AS BIGINT) IS NULL OR o.item_id = $2)"
        );
        if let Some(u) = units {
            sql.push_str(&format!(" AND o.unit_id IN ({u})"));
        }
        if f.open_only {
            sql.push_str(" AND o.state <> 'closed'");
        }
        sql.push_str(" ORDER BY o.id DESC");
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(f.plan.map(|p| p.0)).bind(f.item.map(|i| i.0)).fetch_all(p).await?),
        )
    }

    /// Takes a step on an order. The unit's answer and the office's return need a text.
    /// `expected` is the state the person saw; a different current state means someone else
    /// acted first and nothing is written.
    pub async fn act_on_order(
        &self,
        id: i64,
        action: OrderAction,
        note: &str,
        expected: Option<OrderState>,
        now: Now,
    ) -> Result<OrderState, StoreError> {
        let note = note.trim();
        let o = self.order(id).await?;
        let state = o.state();
        if expected.is_some_and(|e| e != state) {
            return Err(StoreError::Stale(format!(
                "督办单状态已变为“{}”，请刷新后再操作；未做任何更改 (the order changed since you opened it)",
                state.label_zh()
            )));
        }
        let next = state
            .after(action)
            .ok_or(Refusal::OrderStepNotNow { state, action })?;
        if matches!(action, OrderAction::Answer | OrderAction::Return) && note.is_empty() {
            return Err(Refusal::OrderNoteRequired { action }.into());
        }
        if note.chars().count() > 4000 {
            return Err(Refusal::TooLong { max: 4000 }.into());
        }
        let by = self.actor.name.clone();
        let label = o.label();
        let notice = (!action.by_unit()).then(|| Notice {
            kind: format!("order.{action}"),
            unit: Some(UnitId(o.unit_id)),
            leader: None,
            level: ContactLevel::Liaison,
            title: format!(
                "【民生实事·督办】{label}已{}",
                if action == OrderAction::Close {
                    "复核办结"
                } else {
                    "退回，请整改后重新反馈"
                }
            ),
            body: format!("第{}项 {}\n{}", o.item_seq, o.item_title, note),
            link: format!("/orders/{id}"),
            key: format!("order:{id}:{action}:{}", now.at.timestamp_micros()),
            attach: None,
        });
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE supervision_orders SET state = $1, answer = CASE WHEN $2 THEN $3 ELSE answer END, answered_on = CASE WHEN $2 AND answered_on IS NULL THEN $4 ELSE answered_on END, updated_at = $5 WHERE id = $6 AND state = $7")
                .bind(next.code()).bind(action == OrderAction::Answer).bind(note).bind(now.today).bind(now.at).bind(id).bind(state.code())
                .execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Stale("督办单刚被他人处理，请刷新后再操作 (the order changed)".into()));
            }
            sqlx::query("INSERT INTO order_events (order_id, action, state, actor, note, at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id).bind(action.code()).bind(next.code()).bind(&by).bind(note).bind(now.at).execute(&mut *tx).await?;
            if let Some(n) = &notice {
                tx.notify(n, now.at).await?;
            }
            tx.audit(&self.actor, Change::new(match action {
                OrderAction::Acknowledge => "order.acknowledge",
                OrderAction::Answer => "order.answer",
                OrderAction::Close => "order.close",
                OrderAction::Return => "order.return",
            }, "supervision_order", id).before(json!({"state": state})).after(json!({"state": next, "note": note}))).await?;
        });
        Ok(next)
    }

    /// Escalates orders that are overdue on `now.today` and not yet escalated: tells the
    /// unit's head and the item's leaders, once. Returns how many were escalated.
    pub async fn escalate_overdue_orders(&self, now: Now) -> Result<usize, StoreError> {
        let sql = format!(
            "{ORDER_SELECT} WHERE o.escalated_at IS NULL AND o.state IN ('issued', 'acknowledged', 'returned') AND o.deadline < $1"
        );
        let due: Vec<Order> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now.today).fetch_all(p).await?);
        for o in &due {
            let leaders = self.item_parties(ItemId(o.item_id)).await?.leaders;
            let days = (now.today - o.deadline).num_days();
            let base = Notice {
                kind: "order.overdue".into(),
                unit: Some(UnitId(o.unit_id)),
                leader: None,
                level: ContactLevel::Head,
                title: format!(
                    "【民生实事·督办逾期】{}（{}）已超过办理时限 {days} 天",
                    o.label(),
                    o.unit
                ),
                body: format!(
                    "第{}项 {}\n督办要求：{}\n办理时限：{}\n请单位负责人督促办理并反馈。",
                    o.item_seq, o.item_title, o.requirement, o.deadline
                ),
                link: format!("/orders/{}", o.id),
                key: format!("order:{}:overdue", o.id),
                attach: None,
            };
            let mut notices = vec![base.clone()];
            notices.extend(leaders.into_iter().map(|l: LeaderId| Notice {
                unit: None,
                leader: Some(l),
                level: ContactLevel::Leader,
                key: format!("{}:leader{}", base.key, l.0),
                ..base.clone()
            }));
            in_write_tx!(self, tx => {
                let n = sqlx::query("UPDATE supervision_orders SET escalated_at = $1 WHERE id = $2 AND escalated_at IS NULL").bind(now.at).bind(o.id).execute(&mut *tx).await?.rows_affected();
                if n > 0 {
                    sqlx::query("INSERT INTO order_events (order_id, action, state, actor, note, at) VALUES ($1, 'escalate', $2, '系统', $3, $4)")
                        .bind(o.id).bind(&o.state).bind(format!("逾期 {days} 天，已提级至单位负责人和分管领导")).bind(now.at).execute(&mut *tx).await?;
                    for n in &notices {
                        tx.notify(n, now.at).await?;
                    }
                    tx.audit(&self.actor, Change::new("order.escalate", "supervision_order", o.id).after(json!({"days_overdue": days}))).await?;
                }
            });
        }
        Ok(due.len())
    }
}
