//! What waits on someone (待办), for the home pages: requests waiting for the office's
//! decision, what a unit must redo after the office returned it, and the counts behind each
//! role's to-do list.

use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::{RegionId, UnitId};

/// One request or order waiting on someone.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Waiting {
    /// `delay` (延期说明), `acceptance` (验收申请) or `adjustment` (调整申请).
    pub kind: String,
    /// The request's id.
    pub id: i64,
    /// The item it is about (none for a proposed new item).
    pub item_id: Option<i64>,
    /// The item's list number.
    pub seq: Option<String>,
    /// The item's name.
    pub name: Option<String>,
    /// The item's text, for a title when it has no name.
    pub content: Option<String>,
    /// The item's summary.
    pub summary: Option<String>,
    /// The reason given (adjustments), shown when there is no item.
    pub reason: Option<String>,
    /// The unit that asked.
    pub unit: Option<String>,
    /// Asked at.
    pub since: DateTime<Utc>,
    /// The region whose office decides it: the list's, but for an adjustment of an allocated
    /// item the region of the list that allocated it.
    pub decided_in: i64,
}

impl Waiting {
    /// A title for a list: the item's, else the request's reason.
    pub fn title(&self) -> String {
        if self.item_id.is_some() {
            minsheng_domain::item::title_of(
                self.name.as_deref(),
                self.content.as_deref(),
                self.summary.as_deref(),
            )
        } else {
            minsheng_domain::item::title_of(None, self.reason.as_deref(), None)
        }
    }
}

/// Counts behind the office's and the administrator's to-do lists.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct QueueCounts {
    /// Citizens' messages waiting for moderation (留言待审).
    pub feedback: i64,
    /// Proposals waiting for screening (征集待筛选).
    pub proposals: i64,
    /// Supervision orders answered, waiting for the office's check (督办待核).
    pub orders_answered: i64,
    /// Supervision orders past their deadline and not closed (督办逾期).
    pub orders_overdue: i64,
    /// Deliveries that gave up (发送失败).
    pub failed_jobs: i64,
    /// Accounts.
    pub users: i64,
    /// Accounts disabled.
    pub users_disabled: i64,
    /// Accounts locked after failed sign-ins.
    pub users_locked: i64,
}

const ITEM_COLS: &str = "i.seq, i.name, i.content, i.summary";

impl Store {
    /// Requests waiting for the office's decision, oldest first: delay explanations,
    /// acceptance requests and adjustments (at most `limit`).
    pub async fn decisions_waiting(&self, limit: i64) -> Result<Vec<Waiting>, StoreError> {
        let sql = format!(
            "SELECT * FROM ( \
               SELECT 'delay' AS kind, d.id, d.item_id, {ITEM_COLS}, CAST(NULL AS TEXT) AS reason, u.name AS unit, d.created_at AS since, p.region_id AS decided_in \
                 FROM delay_explanations d JOIN items i ON i.id = d.item_id JOIN plans p ON p.id = i.plan_id JOIN units u ON u.id = d.unit_id WHERE d.state = 'pending' \
               UNION ALL \
               SELECT 'acceptance', a.id, a.item_id, {ITEM_COLS}, CAST(NULL AS TEXT), u.name, a.created_at, p.region_id \
                 FROM acceptance_requests a JOIN items i ON i.id = a.item_id JOIN plans p ON p.id = i.plan_id JOIN units u ON u.id = a.unit_id WHERE a.state = 'pending' \
               UNION ALL \
               SELECT 'adjustment', a.id, a.item_id, {ITEM_COLS}, a.reason, u.name, a.proposed_at, COALESCE(( \
                 SELECT ap.region_id FROM allocations al JOIN items ai ON ai.id = al.item_id JOIN plans ap ON ap.id = ai.plan_id \
                  WHERE al.child_item_id = a.item_id), p.region_id) \
                 FROM adjustments a JOIN plans p ON p.id = a.plan_id LEFT JOIN items i ON i.id = a.item_id LEFT JOIN units u ON u.id = a.unit_id WHERE a.state = 'pending' \
             ) w ORDER BY since, kind, id LIMIT $1"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(p).await?),
        )
    }

    /// What the office returned to `units` and nobody has sent again, oldest first: delay
    /// explanations and adjustments returned with no later request for the same item.
    pub async fn returned_to(&self, units: &[UnitId]) -> Result<Vec<Waiting>, StoreError> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let list = crate::supervision::id_list(units);
        let sql = format!(
            "SELECT * FROM ( \
               SELECT 'delay' AS kind, d.id, d.item_id, {ITEM_COLS}, d.review_note AS reason, u.name AS unit, d.created_at AS since, p.region_id AS decided_in \
                 FROM delay_explanations d JOIN items i ON i.id = d.item_id JOIN plans p ON p.id = i.plan_id JOIN units u ON u.id = d.unit_id \
                WHERE d.state = 'returned' AND d.unit_id IN ({list}) \
                  AND NOT EXISTS (SELECT 1 FROM delay_explanations e WHERE e.item_id = d.item_id AND e.unit_id = d.unit_id AND e.id > d.id) \
               UNION ALL \
               SELECT 'adjustment', a.id, a.item_id, {ITEM_COLS}, a.decision_note, u.name, a.proposed_at, p.region_id \
                 FROM adjustments a JOIN plans p ON p.id = a.plan_id JOIN items i ON i.id = a.item_id JOIN units u ON u.id = a.unit_id \
                WHERE a.state = 'returned' AND a.unit_id IN ({list}) \
                  AND NOT EXISTS (SELECT 1 FROM adjustments b WHERE b.item_id = a.item_id AND b.unit_id = a.unit_id AND b.id > a.id) \
             ) w ORDER BY since, kind, id LIMIT 200"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?))
    }

    /// The counts behind the office's and the administrator's to-do lists on `today`: of
    /// `region`'s own lists and proposals when given, else of all.
    pub async fn queue_counts(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
        region: Option<RegionId>,
    ) -> Result<QueueCounts, StoreError> {
        let sql = "SELECT \
            (SELECT COUNT(*) FROM feedback WHERE state = 'pending' AND ($3 IS NULL OR item_id IN \
                (SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id WHERE p.region_id = $3))) AS feedback, \
            (SELECT COUNT(*) FROM proposals WHERE state = 'submitted' AND ($3 IS NULL OR region_id = $3)) AS proposals, \
            (SELECT COUNT(*) FROM supervision_orders WHERE state = 'answered' \
                AND ($3 IS NULL OR plan_id IN (SELECT id FROM plans WHERE region_id = $3))) AS orders_answered, \
            (SELECT COUNT(*) FROM supervision_orders WHERE state <> 'closed' AND deadline < $1 \
                AND ($3 IS NULL OR plan_id IN (SELECT id FROM plans WHERE region_id = $3))) AS orders_overdue, \
            (SELECT COUNT(*) FROM jobs WHERE state = 'failed') AS failed_jobs, \
            (SELECT COUNT(*) FROM users) AS users, \
            (SELECT COUNT(*) FROM users WHERE disabled) AS users_disabled, \
            (SELECT COUNT(*) FROM users WHERE locked_until > $2) AS users_locked";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(today).bind(now).bind(region.map(|r| r.0)).fetch_one(p).await?),
        )
    }
}
