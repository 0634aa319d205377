//! Citizens' feedback (群众留言) in storage: submitted with the domain's filter and a rate
//! limit per client, moderated by the office, answered by the item's unit. Only approved
//! messages and their replies are ever read for the public, without name or phone.

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::civic::{FeedbackKind, FeedbackState, Screen, screen, valid_phone};
use minsheng_domain::{ItemId, PlanState, UnitId};
use serde::Serialize;
use serde_json::json;

/// Messages one client may leave per hour.
pub const PER_HOUR: i64 = 5;

/// A message to leave.
#[derive(Debug, Clone)]
pub struct NewFeedback {
    /// Kind.
    pub kind: FeedbackKind,
    /// Text.
    pub body: String,
    /// Optional name (for the office only).
    pub name: Option<String>,
    /// Optional mobile (for the office only).
    pub phone: Option<String>,
    /// The client (address and browser); stored only as its SHA-256, for the rate limit.
    pub client: crate::Client,
}

/// A message as the public sees it: no name, no phone, no client.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PublicFeedback {
    /// Identifier.
    pub id: i64,
    /// Kind code.
    pub kind: String,
    /// Text.
    pub body: String,
    /// The unit's reply.
    pub reply: Option<String>,
    /// The replying unit.
    pub reply_unit: Option<String>,
    /// Left at.
    pub created_at: DateTime<Utc>,
}

/// A message as the office sees it in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct QueuedFeedback {
    /// Identifier.
    pub id: i64,
    /// Item.
    pub item_id: i64,
    /// Item list number.
    pub seq: String,
    /// Kind code.
    pub kind: String,
    /// Text.
    pub body: String,
    /// Name given.
    pub name: Option<String>,
    /// Phone given.
    pub phone: Option<String>,
    /// State code.
    pub state: String,
    /// Why the filter held it back.
    pub filter_reason: Option<String>,
    /// Reply.
    pub reply: Option<String>,
    /// Left at.
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Leaves a message on an item of a published plan. Refused: an unpublished plan, an
    /// empty or overlong text, a wrong phone, more than [`PER_HOUR`] messages from the client
    /// in an hour. Held back as spam: links, advertising, repeated characters, or the same
    /// text again from the client. Returns the state it was stored in.
    pub async fn leave_feedback(
        &self,
        item: ItemId,
        f: &NewFeedback,
        now: DateTime<Utc>,
    ) -> Result<FeedbackState, StoreError> {
        if self.item_plan(item).await?.1 != PlanState::Published {
            return Err(StoreError::NotFound("项目 (item)"));
        }
        let body = f.body.trim();
        let (state, reason) = match screen(body) {
            Screen::Invalid(r) => return Err(r.into()),
            Screen::Spam(r) => (FeedbackState::Spam, Some(r)),
            Screen::Accept => (FeedbackState::Pending, None),
        };
        let phone = crate::trimmed(&f.phone, usize::MAX);
        if phone.as_deref().is_some_and(|p| !valid_phone(p)) {
            return Err(Refusal::MobileDigits.into());
        }
        let name = crate::trimmed(&f.name, 20);
        let client = f.client.key();
        let (recent, same): (i64, i64) = on_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN body = $3 THEN 1 ELSE 0 END), 0) FROM feedback WHERE client = $1 AND created_at > $2",
        ).bind(&client).bind(now - Duration::hours(1)).bind(body).fetch_one(p).await?);
        if recent >= PER_HOUR {
            return Err(StoreError::TooMany(format!(
                "留言太频繁：每小时最多 {PER_HOUR} 条，请稍后再试 (too many messages; try again later)"
            )));
        }
        let (state, reason) = if same > 0 {
            (FeedbackState::Spam, Some("重复留言 (the same text again)"))
        } else {
            (state, reason)
        };
        in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO feedback (item_id, kind, body, name, phone, client, state, filter_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
                .bind(item.0).bind(f.kind.code()).bind(body).bind(&name).bind(&phone).bind(&client).bind(state.code()).bind(reason).bind(now)
                .fetch_one(&mut *tx).await?;
            // The audit log keeps the event, not the citizen's contact details.
            tx.audit(&self.actor, Change::new("feedback.leave", "feedback", id).after(json!({"item": item, "kind": f.kind, "state": state}))).await?;
        });
        Ok(state)
    }

    /// Approved messages on an item with their replies, oldest first.
    pub async fn public_feedback(&self, item: ItemId) -> Result<Vec<PublicFeedback>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT f.id, f.kind, f.body, f.reply, u.name AS reply_unit, f.created_at FROM feedback f LEFT JOIN units u ON u.id = f.reply_unit_id \
             WHERE f.item_id = $1 AND f.state = 'approved' ORDER BY f.id",
        ).bind(item.0).fetch_all(p).await?))
    }

    /// Messages in a state (pending by default), for the office; or every approved one on an
    /// item, for its unit to answer.
    /// (Of the acting office's region and those below it when it is confined to one.)
    pub async fn feedback_queue(
        &self,
        state: FeedbackState,
        item: Option<ItemId>,
    ) -> Result<Vec<QueuedFeedback>, StoreError> {
        let sql = format!(
            "SELECT f.id, f.item_id, i.seq, f.kind, f.body, f.name, f.phone, f.state, f.filter_reason, f.reply, f.created_at \
             FROM feedback f JOIN items i ON i.id = f.item_id WHERE f.state = $1 AND (CAST($2 AS BIGINT) IS NULL OR f.item_id = $2) \
               AND (CAST($3 AS BIGINT) IS NULL OR i.plan_id IN (SELECT p.id FROM plans p WHERE p.region_id IN {})) ORDER BY f.id LIMIT 500",
            crate::regions::within_sql("CAST($3 AS BIGINT)")
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(state.code()).bind(item.map(|i| i.0)).bind(self.actor.region.map(|r| r.0)).fetch_all(p).await?),
        )
    }

    /// Approves or rejects a message (from pending or spam).
    pub async fn moderate_feedback(
        &self,
        id: i64,
        approve: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let to = if approve {
            FeedbackState::Approved
        } else {
            FeedbackState::Rejected
        };
        let by = self.actor.name.clone();
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE feedback SET state = $1, moderated_by = $2, moderated_at = $3 WHERE id = $4 AND state IN ('pending', 'spam')")
                .bind(to.code()).bind(&by).bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Stale("该留言已处理或不存在，请刷新 (already moderated)".into()));
            }
            tx.audit(&self.actor, Change::new("feedback.moderate", "feedback", id).after(json!({"state": to}))).await?;
        });
        Ok(())
    }

    /// The item a message is on (for access checks).
    pub async fn feedback_item(&self, id: i64) -> Result<ItemId, StoreError> {
        let item: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT item_id FROM feedback WHERE id = $1").bind(id).fetch_optional(p).await?);
        item.map(ItemId)
            .ok_or(StoreError::NotFound("留言 (message)"))
    }

    /// The item's unit answers an approved message publicly.
    pub async fn reply_feedback(
        &self,
        id: i64,
        unit: UnitId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<ItemId, StoreError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 2000 {
            return Err(Refusal::TextLength { max: 2000 }.into());
        }
        let item: Option<(i64, String)> = on_pool!(self, p => sqlx::query_as("SELECT item_id, state FROM feedback WHERE id = $1").bind(id).fetch_optional(p).await?);
        let (item, state) = item.ok_or(StoreError::NotFound("留言 (message)"))?;
        if state != FeedbackState::Approved.code() {
            return Err(Refusal::ReplyToUnpublished.into());
        }
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE feedback SET reply = $1, reply_unit_id = $2, replied_at = $3 WHERE id = $4")
                .bind(text).bind(unit.0).bind(now).bind(id).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("feedback.reply", "feedback", id).after(json!({"unit": unit, "reply": text}))).await?;
        });
        Ok(ItemId(item))
    }
}
