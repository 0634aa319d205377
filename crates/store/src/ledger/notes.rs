//! Notes on an item: a leader's instruction (批示), a deputy's comment, and a unit's reply to
//! either. Also who answers for an item, which is what access checks read.

use super::Now;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::access::ItemParties;
use minsheng_domain::{ItemId, NoteId, ReportId, UnitId, UserId};
use serde::Serialize;
use serde_json::json;

minsheng_domain::code_enum!(
    /// What a note is.
    NoteKind, "note kind" {
        /// A leader's instruction (批示) the unit must answer.
        Instruction = "instruction",
        /// A deputy's comment (意见).
        Comment = "comment",
        /// A unit's reply (回复).
        Reply = "reply",
    }
);

/// A note as shown on the item page.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Note {
    /// Identifier.
    pub id: i64,
    /// The item.
    pub item_id: i64,
    /// Kind code.
    pub kind: String,
    /// Who wrote it.
    pub author: String,
    /// For replies: the unit's name.
    pub unit: Option<String>,
    /// The note answered.
    pub reply_to: Option<i64>,
    /// Text.
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A note to add.
#[derive(Debug, Clone)]
pub struct NewNote<'a> {
    /// Kind.
    pub kind: NoteKind,
    /// Author's account.
    pub author: UserId,
    /// Author's name as shown.
    pub author_name: &'a str,
    /// For replies: the unit replying.
    pub unit: Option<UnitId>,
    /// For replies: the instruction or comment answered.
    pub reply_to: Option<NoteId>,
    /// Text.
    pub body: &'a str,
}

impl Store {
    /// Adds a note. Replies must answer an instruction or comment on the same item.
    pub async fn add_note(
        &self,
        item: ItemId,
        n: &NewNote<'_>,
        now: Now,
    ) -> Result<NoteId, StoreError> {
        let body = n.body.trim();
        if body.is_empty() || body.chars().count() > 2000 {
            return Err(Refusal::TextLength { max: 2000 }.into());
        }
        if n.kind == NoteKind::Reply {
            let Some(to) = n.reply_to else {
                return Err(Refusal::ReplyToMissing.into());
            };
            let target: Option<(i64, String)> = on_pool!(self, p => sqlx::query_as("SELECT item_id, kind FROM item_notes WHERE id = $1").bind(to.0).fetch_optional(p).await?);
            if !target.is_some_and(|(i, k)| i == item.0 && k != NoteKind::Reply.code()) {
                return Err(Refusal::ReplyNotOnItem.into());
            }
        }
        // A leader's instruction is owed an answer: the lead units are told.
        let notices: Vec<crate::supervision::Notice> = if n.kind == NoteKind::Instruction {
            let (seq, leads): (String, Vec<i64>) = on_pool!(self, p => (
                sqlx::query_scalar("SELECT seq FROM items WHERE id = $1").bind(item.0).fetch_one(p).await?,
                sqlx::query_scalar("SELECT unit_id FROM item_units WHERE item_id = $1 AND role = 'lead' ORDER BY position").bind(item.0).fetch_all(p).await?,
            ));
            leads
                .into_iter()
                .map(|u| crate::supervision::Notice {
                    kind: "note.instruction".into(),
                    unit: Some(UnitId(u)),
                    leader: None,
                    level: crate::supervision::ContactLevel::Liaison,
                    title: format!("【民生实事·领导批示】第{seq}项有新批示，请回复"),
                    body: format!("{}：{body}", n.author_name),
                    link: format!("/items/{}#notes", item.0),
                    key: format!("note:{}:{}:unit{u}", item.0, now.at.timestamp_micros()),
                    attach: None,
                })
                .collect()
        } else {
            Vec::new()
        };
        let id: i64 = in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO item_notes (item_id, kind, author_id, author, unit_id, reply_to, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(item.0).bind(n.kind.code()).bind(n.author.0).bind(n.author_name).bind(n.unit.map(|u| u.0)).bind(n.reply_to.map(|r| r.0)).bind(body).bind(now.at)
                .fetch_one(&mut *tx).await?;
            for notice in &notices {
                tx.notify(notice, now.at).await?;
            }
            tx.audit(&self.actor, Change::new("note.add", "note", id).after(json!({"item": item, "kind": n.kind, "unit": n.unit, "reply_to": n.reply_to, "body": body}))).await?;
            id
        });
        Ok(NoteId(id))
    }

    /// An item's notes, oldest first.
    pub async fn notes(&self, item: ItemId) -> Result<Vec<Note>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT n.id, n.item_id, n.kind, n.author, u.name AS unit, n.reply_to, n.body, n.created_at FROM item_notes n LEFT JOIN units u ON u.id = n.unit_id WHERE n.item_id = $1 ORDER BY n.id",
        ).bind(item.0).fetch_all(p).await?))
    }

    /// Per item, the leaders' instructions nobody has replied to yet (one query for all).
    pub async fn unanswered_instructions(
        &self,
        items: &[ItemId],
    ) -> Result<std::collections::HashMap<i64, usize>, StoreError> {
        if items.is_empty() {
            return Ok(Default::default());
        }
        let list = items
            .iter()
            .map(|i| i.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let rows: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT n.item_id, COUNT(*) FROM item_notes n WHERE n.kind = 'instruction' AND n.item_id IN ({list}) \
             AND NOT EXISTS (SELECT 1 FROM item_notes r WHERE r.reply_to = n.id) GROUP BY n.item_id"
        ))).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(i, n)| (i, n as usize)).collect())
    }

    /// Who answers for an item: every unit named on it (lead, co-unit, share holder) and its
    /// leaders in charge.
    pub async fn item_parties(&self, item: ItemId) -> Result<ItemParties, StoreError> {
        Ok(self.item_filing(item).await?.parties)
    }

    /// The item, unit and state (draft/submitted code) of a report version.
    pub async fn report_owner(&self, id: ReportId) -> Result<(ItemId, UnitId, String), StoreError> {
        let row: Option<(i64, i64, String)> = on_pool!(self, p => sqlx::query_as("SELECT item_id, unit_id, state FROM reports WHERE id = $1").bind(id.0).fetch_optional(p).await?);
        let (i, u, s) = row.ok_or(StoreError::NotFound("台账 (report)"))?;
        Ok((ItemId(i), UnitId(u), s))
    }

    /// The item a record of `table` belongs to (delay explanation, acceptance request,
    /// milestone, attachment), for access checks on routes addressed by that record's id.
    pub async fn item_of(&self, kind: Owned, id: i64) -> Result<ItemId, StoreError> {
        let sql = match kind {
            Owned::Delay => "SELECT item_id FROM delay_explanations WHERE id = $1",
            Owned::Acceptance => "SELECT item_id FROM acceptance_requests WHERE id = $1",
            Owned::Milestone => "SELECT item_id FROM milestones WHERE id = $1",
            Owned::Attachment => "SELECT item_id FROM attachments WHERE id = $1",
        };
        let item: Option<i64> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(id).fetch_optional(p).await?);
        item.map(ItemId)
            .ok_or(StoreError::NotFound("记录 (record)"))
    }
}

/// Records that belong to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    /// A delay explanation.
    Delay,
    /// An acceptance request.
    Acceptance,
    /// A milestone.
    Milestone,
    /// An evidence file.
    Attachment,
}
