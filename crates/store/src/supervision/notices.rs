//! Notices: an in-app notification (站内通知) to a unit or a leader, and one `deliver` job per
//! e-mail address and robot of their contacts, written in the transaction of the change that
//! causes them. The job runner sends the deliveries.

use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::{LeaderId, UnitId};
use serde::{Deserialize, Serialize};

/// Something to tell a unit or a leader.
#[derive(Debug, Clone)]
pub struct Notice {
    /// What it is about (`remind.overdue`, `order.issued`, …).
    pub kind: String,
    /// The unit told (its contacts of `level`).
    pub unit: Option<UnitId>,
    /// The leader told (their leader-level contacts).
    pub leader: Option<LeaderId>,
    /// Which of the unit's contacts: liaison or head.
    pub level: super::ContactLevel,
    /// One line.
    pub title: String,
    /// The text.
    pub body: String,
    /// Path in the application (`/items/3`), made absolute by the runner.
    pub link: String,
    /// Unique key: deliveries are keyed `{key}:{channel}:{contact}` and so never sent twice.
    pub key: String,
    /// A document the e-mail carries, named as the runner makes it (`meeting:3`: that
    /// meeting's 纪要); other channels carry the link.
    pub attach: Option<String>,
}

/// One message to send, the payload of a `deliver` job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// `email`, `webhook`, `sms`, or a work notice: `dingtalk`, `wecom`, `feishu`.
    pub channel: String,
    /// E-mail address, robot URL, mobile, or the person's user id on the platform.
    pub to: String,
    /// Robot format code for webhooks.
    pub webhook_kind: Option<String>,
    /// Recipient's name.
    pub name: String,
    /// Subject / title.
    pub subject: String,
    /// Text.
    pub text: String,
    /// Path in the application.
    pub link: String,
    /// Mobiles to @-mention in group robots.
    pub mobiles: Vec<String>,
    /// What it is about.
    pub kind: String,
    /// The unit it is for, if any (SMS are capped per unit and day).
    #[serde(default)]
    pub unit: Option<i64>,
    /// The next rung of the ladder: sent when this delivery fails (an SMS to the same person).
    #[serde(default)]
    pub fallback: Option<Box<Delivery>>,
    /// The job key the fallback is enqueued under (at most one per person and notice).
    #[serde(default)]
    pub fallback_key: String,
    /// A document an e-mail carries (`meeting:3`), made when it is sent.
    #[serde(default)]
    pub attach: Option<String>,
}

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Notification {
    /// Identifier.
    pub id: i64,
    /// What it is about.
    pub kind: String,
    /// One line.
    pub title: String,
    /// Text.
    pub body: String,
    /// Path.
    pub link: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Read at.
    pub read_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Notifications for any of `units` or for `leader`, newest first.
    pub async fn notifications_for(
        &self,
        units: &[UnitId],
        leader: Option<LeaderId>,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        let unit_list = super::id_list(units);
        let sql = format!(
            "SELECT id, kind, title, body, link, created_at, read_at FROM notifications WHERE unit_id IN ({unit_list}) OR leader_id = $1 ORDER BY id DESC LIMIT $2"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(leader.map(|l| l.0)).bind(limit).fetch_all(p).await?),
        )
    }

    /// Marks notifications read (only those addressed to `units` or `leader`).
    pub async fn mark_notifications_read(
        &self,
        units: &[UnitId],
        leader: Option<LeaderId>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let unit_list = super::id_list(units);
        let sql = format!(
            "UPDATE notifications SET read_at = $1 WHERE read_at IS NULL AND (unit_id IN ({unit_list}) OR leader_id = $2)"
        );
        Ok(
            crate::write_on_pool!(self, p => sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now).bind(leader.map(|l| l.0)).execute(p).await?.rows_affected()),
        )
    }
}
