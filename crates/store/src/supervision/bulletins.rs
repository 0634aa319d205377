//! Bulletins as records (通报): a draft per plan, kind and range whose content is computed
//! live; issuing numbers it within the plan's year (〔2025〕第3期), freezes the content as JSON
//! with its SHA-256, locks and snapshots the periods it covers, and tells every lead unit.

use super::bulletin::BulletinData;
use super::{ContactLevel, Notice};
use crate::audit::Change;
use crate::ledger::Now;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::supervision::{BulletinKind, bulletin_number};
use minsheng_domain::{PlanId, UnitId};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// A bulletin as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Bulletin {
    /// Identifier.
    pub id: i64,
    /// Plan.
    pub plan_id: i64,
    /// Kind code.
    pub kind: String,
    /// First day covered.
    pub range_start: NaiveDate,
    /// Last day covered.
    pub range_end: NaiveDate,
    /// Year.
    pub year: i32,
    /// Issue number within the year (issued only).
    pub number: Option<i64>,
    /// Title.
    pub title: String,
    /// The editable "next steps" section (下步工作).
    pub next_steps: String,
    /// `draft` or `issued`.
    pub state: String,
    /// Frozen content, JSON (issued only).
    pub content: Option<String>,
    /// SHA-256 of `content`.
    pub content_hash: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// Issued by.
    pub issued_by: Option<String>,
}

impl Bulletin {
    /// Kind.
    pub fn kind(&self) -> BulletinKind {
        self.kind.parse().unwrap_or(BulletinKind::Quarterly)
    }

    /// Issued and frozen.
    pub fn issued(&self) -> bool {
        self.state == "issued"
    }

    /// Whether the frozen content still matches its hash (None for a draft).
    pub fn intact(&self) -> Option<bool> {
        let (c, h) = (self.content.as_ref()?, self.content_hash.as_ref()?);
        Some(hex::encode(Sha256::digest(c.as_bytes())) == *h)
    }

    /// 〔2025〕第3期, or 草稿.
    pub fn number_label(&self) -> String {
        self.number
            .map(|n| bulletin_number(self.year, n))
            .unwrap_or_else(|| "（草稿，签发时编号）".into())
    }
}

const COLS: &str = "id, plan_id, kind, range_start, range_end, year, number, title, next_steps, state, content, content_hash, created_at, issued_at, issued_by";

/// The default "next steps" text of a new bulletin.
pub const DEFAULT_NEXT_STEPS: &str = "一是压实责任。各牵头单位要对照年度目标，逐项梳理滞后事项，明确整改措施和完成时限。\n二是加强调度。对亮红灯、黄灯的项目实行清单化管理，专班每旬调度，督查室跟踪督办。\n三是按时报送。各单位要严格按照报送时间节点更新台账，确保数据真实准确。";

impl Store {
    /// Starts a draft bulletin for the range of `kind` that contains `date`.
    pub async fn create_bulletin(
        &self,
        plan: PlanId,
        kind: BulletinKind,
        date: NaiveDate,
        now: Now,
    ) -> Result<i64, StoreError> {
        let p = self.plan(plan).await?;
        let (start, end) = kind.range(date);
        if start > now.today {
            return Err(Refusal::BulletinRangeNotStarted.into());
        }
        let region = self.plan_detail(plan, None).await?.region.name;
        // Named by its plan too: two lists of one region (a district's own and the city's items
        // it carries) otherwise get the same title.
        let title = format!(
            "关于{}{}民生实事项目推进情况的通报（{}）",
            region,
            kind.range_label(start),
            p.title
        );
        Ok(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO bulletins (plan_id, kind, range_start, range_end, year, title, next_steps, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8) RETURNING id")
                .bind(plan.0).bind(kind.code()).bind(start).bind(end).bind(p.year).bind(&title).bind(DEFAULT_NEXT_STEPS).bind(now.at)
                .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("bulletin.create", "bulletin", id).after(json!({"plan": plan, "kind": kind, "range": [start, end]}))).await?;
            id
        }))
    }

    /// One bulletin.
    pub async fn bulletin(&self, id: i64) -> Result<Bulletin, StoreError> {
        let sql = format!("SELECT {COLS} FROM bulletins WHERE id = $1");
        let b: Option<Bulletin> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?);
        b.ok_or(StoreError::NotFound("通报 (bulletin)"))
    }

    /// A plan's bulletins, newest first.
    pub async fn bulletins(&self, plan: PlanId) -> Result<Vec<Bulletin>, StoreError> {
        let sql = format!(
            "SELECT {COLS} FROM bulletins WHERE plan_id = $1 ORDER BY range_start DESC, id DESC"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(plan.0).fetch_all(p).await?),
        )
    }

    /// A plan's issued bulletins, newest first, as listed on its pages: id, number (〔2025〕第3
    ///期), title. Reads only those columns (an issued bulletin's frozen content is large).
    pub async fn issued_bulletins(
        &self,
        plan: PlanId,
    ) -> Result<Vec<(i64, String, String)>, StoreError> {
        let rows: Vec<(i64, i32, Option<i64>, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT id, year, number, title FROM bulletins WHERE plan_id = $1 AND state = 'issued' ORDER BY range_start DESC, id DESC",
        ).bind(plan.0).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(id, year, number, title)| {
                let label = number.map(|n| bulletin_number(year, n)).unwrap_or_default();
                (id, label, title)
            })
            .collect())
    }

    /// A bulletin's content: frozen when issued, computed as of `today` while a draft.
    pub async fn bulletin_content(
        &self,
        b: &Bulletin,
        today: NaiveDate,
    ) -> Result<BulletinData, StoreError> {
        if let Some(c) = &b.content {
            return serde_json::from_str(c).map_err(|e| {
                StoreError::Internal(format!("bulletin {}: frozen content unreadable: {e}", b.id))
            });
        }
        self.bulletin_data(
            PlanId(b.plan_id),
            b.kind(),
            (b.range_start, b.range_end),
            today,
        )
        .await
    }

    /// Edits a draft's title and "next steps".
    pub async fn edit_bulletin(
        &self,
        id: i64,
        title: &str,
        next_steps: &str,
    ) -> Result<(), StoreError> {
        let (title, next_steps) = (title.trim(), next_steps.trim());
        if title.is_empty() || title.chars().count() > 200 || next_steps.chars().count() > 10_000 {
            return Err(Refusal::BulletinTextLength.into());
        }
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE bulletins SET title = $1, next_steps = $2 WHERE id = $3 AND state = 'draft'")
                .bind(title).bind(next_steps).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(Refusal::BulletinIssued.into());
            }
            tx.audit(&self.actor, Change::new("bulletin.edit", "bulletin", id).after(json!({"title": title, "next_steps": next_steps}))).await?;
        });
        Ok(())
    }

    /// Issues a draft: numbers it, freezes its content with a hash, locks and snapshots the
    /// finished periods it covers, and tells each lead unit.
    pub async fn issue_bulletin(&self, id: i64, now: Now) -> Result<Bulletin, StoreError> {
        let b = self.bulletin(id).await?;
        if b.issued() {
            return Err(Refusal::BulletinIssued.into());
        }
        let plan = PlanId(b.plan_id);
        let settings = self.plan_settings(plan).await?;
        for p in settings
            .rule
            .periods(b.range_start, b.range_end.min(now.today))
        {
            if p.end < now.today {
                self.freeze_period(plan, p.start, "bulletin", now).await?;
            }
        }
        let data = self.bulletin_content(&b, now.today).await?;
        let content = serde_json::to_string(&data).expect("bulletin content serialises");
        let hash = hex::encode(Sha256::digest(content.as_bytes()));
        let units: Vec<i64> = data.ranking.iter().map(|s| s.facts.unit_id).collect();
        let by = self.actor.name.clone();
        in_write_tx!(self, tx => {
            let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM bulletins WHERE plan_id = $1 AND year = $2").bind(plan.0).bind(b.year).fetch_one(&mut *tx).await?;
            let n = sqlx::query("UPDATE bulletins SET state = 'issued', number = $1, content = $2, content_hash = $3, issued_at = $4, issued_by = $5 WHERE id = $6 AND state = 'draft'")
                .bind(number).bind(&content).bind(&hash).bind(now.at).bind(&by).bind(id)
                .execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Stale("通报刚被他人签发，请刷新 (the bulletin was just issued)".into()));
            }
            for u in &units {
                let notice = Notice {
                    kind: "bulletin.issued".into(),
                    unit: Some(UnitId(*u)),
                    leader: None,
                    level: ContactLevel::Head,
                    title: format!("【民生实事·通报】{}", b.title),
                    body: format!("{}已签发（{}），请查阅本单位排名和点名情况，并按下步工作要求落实。", b.title, bulletin_number(b.year, number)),
                    link: format!("/bulletins/{id}"),
                    key: format!("bulletin:{id}:unit{u}"),
                    attach: None,
                };
                tx.notify(&notice, now.at).await?;
            }
            tx.event("bulletin.issued", &json!({"bulletin": id, "number": number, "hash": hash}), now.at).await?;
            tx.audit(&self.actor, Change::new("bulletin.issue", "bulletin", id).after(json!({"number": number, "hash": hash}))).await?;
        });
        self.bulletin(id).await
    }
}
