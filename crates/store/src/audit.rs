//! The audit log (审计日志): every state change, who made it and what it was before and after,
//! appended in the same transaction as the change. Each row carries the hash of the one before
//! it, so an edited or deleted row breaks the chain and [`Store::verify_audit`] names it.

use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, SecondsFormat, Utc};
use minsheng_domain::UserId;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Who is acting, as the audit log records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// The account, if a person (None for the system and the command line).
    pub user: Option<UserId>,
    /// User name, or `system` / `cli`.
    pub name: String,
    /// Role code at the time.
    pub role: String,
    /// Client address.
    pub ip: String,
    /// The region the account is confined to: what it makes must lie in it (None: anywhere).
    pub region: Option<minsheng_domain::RegionId>,
}

impl Actor {
    /// The program itself (migrations, demo data, background work).
    pub fn system() -> Actor {
        Actor {
            user: None,
            name: "system".into(),
            role: "system".into(),
            ip: "-".into(),
            region: None,
        }
    }

    /// Someone at the server's command line.
    pub fn cli() -> Actor {
        Actor {
            name: "cli".into(),
            role: "cli".into(),
            ..Actor::system()
        }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Value,
    pub after: Value,
}

impl Change {
    /// A change to `entity` `id` by `action`.
    pub fn new(action: &'static str, entity: &'static str, id: impl ToString) -> Change {
        Change {
            action,
            entity,
            entity_id: id.to_string(),
            before: Value::Null,
            after: Value::Null,
        }
    }

    /// What it was.
    pub fn before(mut self, v: Value) -> Change {
        self.before = v;
        self
    }

    /// What it became.
    pub fn after(mut self, v: Value) -> Change {
        self.after = v;
        self
    }
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// When (UTC, RFC 3339 with microseconds).
    pub at: String,
    /// The account.
    pub user_id: Option<i64>,
    /// User name.
    pub actor: String,
    /// Role code.
    pub role: String,
    /// Client address.
    pub ip: String,
    /// What was done, e.g. `report.submit`.
    pub action: String,
    /// What kind of record.
    pub entity: String,
    /// Which record.
    pub entity_id: String,
    /// Before, as JSON text.
    pub before_json: String,
    /// After, as JSON text.
    pub after_json: String,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEntry {
    /// An entry not yet chained: its sequence number and hashes are given when it is.
    pub(crate) fn unchained(actor: &Actor, c: Change) -> AuditEntry {
        let at: DateTime<Utc> = Utc::now();
        AuditEntry {
            seq: 0,
            at: at.to_rfc3339_opts(SecondsFormat::Micros, true),
            user_id: actor.user.map(|u| u.0),
            actor: actor.name.clone(),
            role: actor.role.clone(),
            ip: actor.ip.clone(),
            action: c.action.into(),
            entity: c.entity.into(),
            entity_id: c.entity_id,
            before_json: c.before.to_string(),
            after_json: c.after.to_string(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    /// SHA-256 over every field but the hash itself, the previous hash included.
    pub fn computed_hash(&self) -> String {
        let canonical = json!([
            self.seq,
            self.at,
            self.user_id,
            self.actor,
            self.role,
            self.ip,
            self.action,
            self.entity,
            self.entity_id,
            self.before_json,
            self.after_json,
            self.prev_hash
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

impl Store {
    /// A number that changes with every audited write (the audit log's head): background work
    /// that depends only on stored data and the day can skip a pass when it has not moved.
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        self.chain_audit_for_reading().await?;
        crate::on_pool!(self, p => sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_optional(p).await?)
            .ok_or(StoreError::AuditHeadMissing)
    }
}

/// A break in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditBreak {
    /// The row concerned (for a missing row: the sequence number that is missing).
    pub seq: i64,
    /// What is wrong, in Chinese and English.
    pub problem: String,
}

/// What checking the chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditCheck {
    /// Rows read.
    pub rows: i64,
    /// The last hash (record it elsewhere to anchor the chain).
    pub head: String,
    /// Every break, in order; empty when the chain is intact.
    pub breaks: Vec<AuditBreak>,
}

/// Filters for browsing the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// User name contains.
    pub actor: Option<String>,
    /// Action starts with.
    pub action: Option<String>,
    /// Entity kind.
    pub entity: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// From this instant (RFC 3339 prefix, e.g. `2025-03-05`).
    pub from: Option<String>,
    /// Before this instant.
    pub to: Option<String>,
    /// Rows before this sequence number (paging backwards from the newest).
    pub before_seq: Option<i64>,
    /// Page size.
    pub limit: i64,
}

const COLUMNS: &str = "seq, at, user_id, actor, role, ip, action, entity, entity_id, before_json, after_json, prev_hash, hash";

impl Store {
    /// Re-reads the whole log and checks every row's hash, the links and the sequence, and the
    /// head row (which catches rows cut off the end).
    pub async fn verify_audit(&self) -> Result<AuditCheck, StoreError> {
        // Pending entries are chained first; without a head they stay pending, and the
        // missing head is reported below.
        match self.chain_audit_for_reading().await {
            Ok(_) | Err(StoreError::AuditHeadMissing) => {}
            Err(e) => return Err(e),
        }
        // The rows and the head are read in one snapshot: a write committing between two
        // separate reads (a server killed mid-commit finishes it on PostgreSQL's side) would
        // otherwise look like a row cut off the end.
        let (rows, head): (Vec<AuditEntry>, Option<(i64, String)>) = crate::in_snapshot!(self, tx => {
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq"))).fetch_all(&mut *tx).await?;
            let head = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_optional(&mut *tx).await?;
            (rows, head)
        });
        let Some((head_seq, head_hash)) = head else {
            // The rows are checked among themselves; the missing head is a break of its own.
            let (last_seq, last_hash) = rows
                .last()
                .map_or((0, GENESIS.to_string()), |r| (r.seq, r.hash.clone()));
            let mut check = check_chain(&rows, last_seq, &last_hash);
            check.breaks.push(AuditBreak {
                seq: last_seq + 1,
                problem: "日志头记录缺失（被删除）：末尾是否有记录被删无法判断，且在恢复日志头之前任何修改都无法保存 (the head row is missing: rows cut off the end cannot be detected, and no change can be saved until it is restored)".into(),
            });
            return Ok(check);
        };
        Ok(check_chain(&rows, head_seq, &head_hash))
    }

    /// Rows of the log, newest first, filtered.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        match self.chain_audit_for_reading().await {
            Ok(_) | Err(StoreError::AuditHeadMissing) => {}
            Err(e) => return Err(e),
        }
        let like = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_log WHERE (CAST($1 AS TEXT) IS NULL OR actor LIKE '%' || $1 || '%') AND (CAST($2 AS TEXT) IS NULL OR action LIKE $2 || '%') \
             AND (CAST($3 AS TEXT) IS NULL OR entity = $3) AND (CAST($4 AS TEXT) IS NULL OR entity_id = $4) AND (CAST($5 AS TEXT) IS NULL OR at >= $5) AND (CAST($6 AS TEXT) IS NULL OR at < $6) \
             AND (CAST($7 AS BIGINT) IS NULL OR seq < $7) ORDER BY seq DESC LIMIT $8"
        );
        let rows = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(like(&f.actor)).bind(like(&f.action)).bind(like(&f.entity)).bind(like(&f.entity_id))
            .bind(like(&f.from)).bind(like(&f.to)).bind(f.before_seq).bind(f.limit.clamp(1, 500))
            .fetch_all(p).await?);
        Ok(rows)
    }
}

/// Checks a chain read in sequence order against the head row.
pub fn check_chain(rows: &[AuditEntry], head_seq: i64, head_hash: &str) -> AuditCheck {
    let mut breaks = Vec::new();
    let mut expect_seq = 1;
    let mut prev = GENESIS.to_string();
    for r in rows {
        while r.seq > expect_seq {
            breaks.push(AuditBreak {
                seq: expect_seq,
                problem: format!(
                    "第 {expect_seq} 条记录缺失（被删除） (row {expect_seq} is missing)"
                ),
            });
            expect_seq += 1;
        }
        if r.prev_hash != prev {
            breaks.push(AuditBreak {
                seq: r.seq,
                problem: format!(
                    "第 {} 条记录的前序哈希与上一条不符 (row {} does not link to the row before it)",
                    r.seq, r.seq
                ),
            });
        }
        if r.computed_hash() != r.hash {
            breaks.push(AuditBreak {
                seq: r.seq,
                problem: format!(
                    "第 {} 条记录内容被改动（{} {} {}） (row {} was edited)",
                    r.seq, r.action, r.entity, r.entity_id, r.seq
                ),
            });
        }
        prev = r.hash.clone();
        expect_seq = r.seq + 1;
    }
    if head_seq >= expect_seq {
        breaks.push(AuditBreak {
            seq: expect_seq,
            problem: format!(
                "第 {expect_seq}–{head_seq} 条记录缺失（日志末尾被删除） (rows {expect_seq}–{head_seq} were cut off the end)"
            ),
        });
    } else if head_hash != prev {
        breaks.push(AuditBreak {
            seq: head_seq,
            problem: "日志头与最后一条记录不符 (the head does not match the last row)".into(),
        });
    }
    AuditCheck {
        rows: rows.len() as i64,
        head: prev,
        breaks,
    }
}
