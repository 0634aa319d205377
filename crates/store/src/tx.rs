//! What every write does inside its transaction, as ordinary methods of the connection the
//! transaction holds: append to the audit log, enqueue a job, tell a unit or a leader. A
//! transaction of either database derefs to its connection, so `tx.audit(actor, change)` reads
//! the same on both. The methods are written once and compiled for each database's connection
//! (the SQL and row types work on both).

use crate::StoreError;
use crate::audit::{Actor, AuditEntry, Change};
use crate::batch::{RunBatch, Stmt};
use crate::supervision::contacts::CONTACT_SELECT;
use crate::supervision::{Contact, Delivery, Notice};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A connection inside an open write transaction.
pub(crate) trait WriteTx {
    /// Appends a change to the audit log as `actor` (as a pending entry, chained in a batch
    /// after the transaction commits: see `audit_chain`).
    async fn audit(&mut self, actor: &Actor, change: Change) -> Result<(), StoreError>;

    /// Enqueues a job unless one with the same key exists; whether a new one was added.
    async fn enqueue(
        &mut self,
        kind: &str,
        key: &str,
        payload: &(impl Serialize + Sync),
        run_at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Tells a unit or leader: an in-app notification and a delivery job per channel of their
    /// contacts; the number of deliveries enqueued.
    async fn notify(&mut self, n: &Notice, now: DateTime<Utc>) -> Result<usize, StoreError>;

    /// Records an event for the systems around (delivered to the outbound webhooks in order,
    /// after the transaction commits).
    async fn event(
        &mut self,
        kind: &str,
        payload: &serde_json::Value,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// [`WriteTx::enqueue`] for several jobs of one kind, by (key, payload), in few
    /// statements; the number added.
    async fn enqueue_many(
        &mut self,
        kind: &str,
        jobs: &[(String, String)],
        run_at: DateTime<Utc>,
    ) -> Result<usize, StoreError>;
}

macro_rules! write_tx_on {
    ($conn:ty) => {
        impl WriteTx for $conn {
            async fn audit(&mut self, actor: &Actor, change: Change) -> Result<(), StoreError> {
                // Into the pending entries, chained later in a batch (`audit_chain`); refused
                // while the chain's head row is missing, as a chained write would be.
                self.run_batch(&[audit_stmt(actor, change)]).await
            }

            async fn enqueue(
                &mut self,
                kind: &str,
                key: &str,
                payload: &(impl Serialize + Sync),
                run_at: DateTime<Utc>,
            ) -> Result<bool, StoreError> {
                let n = sqlx::query(
                    "INSERT INTO jobs (kind, dedup_key, payload, state, run_at, created_at) \
                     VALUES ($1, $2, $3, 'queued', $4, $4) ON CONFLICT (dedup_key) DO NOTHING",
                )
                .bind(kind)
                .bind(key)
                .bind(serde_json::to_string(payload).expect("job payloads serialise"))
                .bind(run_at)
                .execute(&mut *self)
                .await?
                .rows_affected();
                Ok(n > 0)
            }

            async fn enqueue_many(
                &mut self,
                kind: &str,
                jobs: &[(String, String)],
                run_at: DateTime<Utc>,
            ) -> Result<usize, StoreError> {
                let mut added = 0;
                for chunk in jobs.chunks(500) {
                    let rows: Vec<String> = (0..chunk.len())
                        .map(|i| {
                            let b = i * 4;
                            format!("(${}, ${}, ${}, 'queued', ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 4)
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO jobs (kind, dedup_key, payload, state, run_at, created_at) VALUES {} ON CONFLICT (dedup_key) DO NOTHING",
                        rows.join(", ")
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (key, payload) in chunk {
                        q = q.bind(kind).bind(key).bind(payload).bind(run_at);
                    }
                    added += q.execute(&mut *self).await?.rows_affected() as usize;
                }
                Ok(added)
            }

            async fn event(
                &mut self,
                kind: &str,
                payload: &serde_json::Value,
                at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                self.run_batch(&[event_stmt(kind, payload, at)]).await
            }

            async fn notify(&mut self, n: &Notice, now: DateTime<Utc>) -> Result<usize, StoreError> {
                sqlx::query(
                    "INSERT INTO notifications (unit_id, leader_id, kind, title, body, link, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(n.unit.map(|u| u.0))
                .bind(n.leader.map(|l| l.0))
                .bind(&n.kind)
                .bind(&n.title)
                .bind(&n.body)
                .bind(&n.link)
                .bind(now)
                .execute(&mut *self)
                .await?;
                let sql = format!(
                    "{CONTACT_SELECT} WHERE (c.unit_id = $1 AND c.level = $2) \
                     OR (c.leader_id = $3 AND c.level = 'leader') ORDER BY c.id"
                );
                let contacts: Vec<Contact> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(n.unit.map(|u| u.0))
                    .bind(n.level.code())
                    .bind(n.leader.map(|l| l.0))
                    .fetch_all(&mut *self)
                    .await?;
                let mut sent = 0usize;
                for c in contacts {
                    let base = Delivery {
                        channel: String::new(),
                        to: String::new(),
                        webhook_kind: None,
                        name: c.name.clone(),
                        subject: n.title.clone(),
                        text: n.body.clone(),
                        link: n.link.clone(),
                        mobiles: c.phone.clone().into_iter().collect(),
                        kind: n.kind.clone(),
                        unit: n.unit.map(|u| u.0),
                        fallback: None,
                        fallback_key: String::new(),
                        attach: n.attach.clone(),
                    };
                    // The ladder: work notices, e-mail and robot first; an SMS to the person's
                    // phone when one of them fails, or at once when the phone is all there is.
                    let sms_key = format!("{}:sms:{}", n.key, c.id);
                    let sms = c.phone.as_ref().map(|phone| Delivery {
                        channel: "sms".into(),
                        to: phone.clone(),
                        ..base.clone()
                    });
                    let first = Delivery {
                        fallback: sms.clone().map(Box::new),
                        fallback_key: sms_key.clone(),
                        ..base.clone()
                    };
                    let mut rungs = 0;
                    // A personal work notice on each office platform the person is on.
                    for (channel, user) in [
                        ("dingtalk", &c.dingtalk_user),
                        ("wecom", &c.wecom_user),
                        ("feishu", &c.feishu_user),
                    ] {
                        let Some(user) = user else { continue };
                        let d = Delivery {
                            channel: channel.into(),
                            to: user.clone(),
                            ..first.clone()
                        };
                        let key = format!("{}:{channel}:{}", n.key, c.id);
                        sent += usize::from(self.enqueue("deliver", &key, &d, now).await?);
                        rungs += 1;
                    }
                    if let Some(email) = &c.email {
                        let d = Delivery {
                            channel: "email".into(),
                            to: email.clone(),
                            ..first.clone()
                        };
                        let key = format!("{}:email:{}", n.key, c.id);
                        sent += usize::from(self.enqueue("deliver", &key, &d, now).await?);
                        rungs += 1;
                    }
                    if let (Some(kind), Some(url)) = (&c.webhook_kind, &c.webhook_url) {
                        let d = Delivery {
                            channel: "webhook".into(),
                            to: url.clone(),
                            webhook_kind: Some(kind.clone()),
                            ..first
                        };
                        let key = format!("{}:webhook:{}", n.key, c.id);
                        sent += usize::from(self.enqueue("deliver", &key, &d, now).await?);
                        rungs += 1;
                    }
                    if let (0, Some(sms)) = (rungs, sms) {
                        sent += usize::from(self.enqueue("deliver", &sms_key, &sms, now).await?);
                    }
                }
                Ok(sent)
            }
        }
    };
}

write_tx_on!(sqlx::SqliteConnection);
write_tx_on!(sqlx::PgConnection);

/// The statement that appends a change to the pending audit entries as `actor`; it changes
/// no row, and fails, while the chain's head row is missing, as a chained write would.
pub(crate) fn audit_stmt(actor: &Actor, change: Change) -> Stmt {
    let e = AuditEntry::unchained(actor, change);
    Stmt::new(
        "INSERT INTO audit_pending (at, user_id, actor, role, ip, action, entity, entity_id, before_json, after_json) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE EXISTS (SELECT 1 FROM audit_head WHERE id = 1)",
    )
    .arg(e.at)
    .arg(e.user_id)
    .arg(e.actor)
    .arg(e.role)
    .arg(e.ip)
    .arg(e.action)
    .arg(e.entity)
    .arg(e.entity_id)
    .arg(e.before_json)
    .arg(e.after_json)
    .expect(1, || StoreError::AuditHeadMissing)
}

/// The statement that records an event for the systems around.
pub(crate) fn event_stmt(kind: &str, payload: &serde_json::Value, at: DateTime<Utc>) -> Stmt {
    Stmt::new("INSERT INTO events (kind, payload, at) VALUES ($1, $2, $3)")
        .arg(kind)
        .arg(payload.to_string())
        .arg(at)
}
