//! Evidence rows: which item and which report, milestone, delay explanation or acceptance
//! request a stored file belongs to, with what the content check found.

use super::Now;
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::ledger::evidence::{self, PhotoFacts, PhotoFinding};
use minsheng_domain::{AttachmentId, ItemId, UnitId, code_enum};
use serde::Serialize;
use std::collections::HashMap;

code_enum!(
    /// What an evidence file is attached to.
    OwnerKind, "attachment owner" {
        /// A report version.
        Report = "report",
        /// A milestone (任务分解).
        Milestone = "milestone",
        /// A delay explanation.
        Delay = "delay",
        /// An acceptance request.
        Acceptance = "acceptance",
        /// The decision an adjustment rests on (决定文件).
        Decision = "decision",
        /// A site visit (现场调研): photos of the item visited.
        Meeting = "meeting",
    }
);

/// A stored evidence file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// Identifier.
    pub id: AttachmentId,
    /// The item.
    pub item_id: ItemId,
    /// What it is attached to.
    pub owner_kind: OwnerKind,
    /// The owner's id.
    pub owner_id: i64,
    /// photo, before, after, document.
    pub purpose: String,
    /// Name as uploaded.
    pub file_name: String,
    /// MIME type from the content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the content (its name on disk).
    pub sha256: String,
    /// EXIF time the photo was taken.
    pub taken_at: Option<String>,
    /// EXIF latitude.
    pub lat: Option<f64>,
    /// EXIF longitude.
    pub lon: Option<f64>,
    /// A thumbnail exists.
    pub has_thumb: bool,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
    /// Approved for the item's public page (photos only).
    pub public_at: Option<DateTime<Utc>>,
    /// What was found doubtful about the photo when it was filed (佐证材料核验).
    pub findings: Vec<PhotoFinding>,
}

impl Attachment {
    /// Whether it is a photo.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

/// A file already stored and checked, to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttachment {
    /// What it is attached to.
    pub owner_kind: OwnerKind,
    /// The owner's id.
    pub owner_id: i64,
    /// photo, before, after, document.
    pub purpose: String,
    /// Name as uploaded.
    pub file_name: String,
    /// MIME type from the content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256.
    pub sha256: String,
    /// EXIF time.
    pub taken_at: Option<String>,
    /// EXIF latitude.
    pub lat: Option<f64>,
    /// EXIF longitude.
    pub lon: Option<f64>,
    /// A thumbnail was stored.
    pub has_thumb: bool,
    /// A photo's perceptual hash.
    pub phash: Option<u64>,
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: i64,
    item_id: i64,
    owner_kind: String,
    owner_id: i64,
    purpose: String,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    taken_at: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    has_thumb: bool,
    created_at: DateTime<Utc>,
    public_at: Option<DateTime<Utc>>,
    findings: Option<String>,
}

const COLS: &str = "id, item_id, owner_kind, owner_id, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at, public_at, findings";

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Self {
        Attachment {
            id: AttachmentId(r.id),
            item_id: ItemId(r.item_id),
            owner_kind: r.owner_kind.parse().unwrap_or(OwnerKind::Report),
            owner_id: r.owner_id,
            purpose: r.purpose,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            taken_at: r.taken_at,
            lat: r.lat,
            lon: r.lon,
            has_thumb: r.has_thumb,
            created_at: r.created_at,
            public_at: r.public_at,
            findings: r
                .findings
                .and_then(|c| serde_json::from_str(&c).ok())
                .unwrap_or_default(),
        }
    }
}

/// The photos a new photo of an item is compared with: the same file anywhere, and every
/// photo of the item's region, of any plan and year: (id, item, unit, period, sha256, phash),
/// the unit and period for reports' photos.
pub(crate) const EARLIER_PHOTOS: &str = "SELECT a.id, a.item_id, r.unit_id, r.period_start, a.sha256, a.phash FROM attachments a \
     LEFT JOIN reports r ON a.owner_kind = 'report' AND r.id = a.owner_id \
     WHERE a.content_type LIKE 'image/%' AND (a.sha256 = $2 OR a.item_id IN (SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id \
     WHERE p.region_id = (SELECT p2.region_id FROM items i2 JOIN plans p2 ON p2.id = i2.plan_id WHERE i2.id = $1))) ORDER BY a.id";

/// An item's sites that have a position: (lat, lon).
pub(crate) const SITE_POINTS: &str =
    "SELECT lat, lon FROM sites WHERE item_id = $1 AND lat IS NOT NULL AND lon IS NOT NULL";

/// A row of [`EARLIER_PHOTOS`].
pub(crate) type EarlierRow = (
    i64,
    i64,
    Option<i64>,
    Option<NaiveDate>,
    String,
    Option<i64>,
);

/// What is doubtful about a new photo `a` of `item` (filed by a unit for a period, for a
/// report's photo), given the photos filed before it and the item's sites, as the JSON kept
/// with it; `None` when nothing is.
pub(crate) fn photo_checks(
    item: ItemId,
    filing: Option<(i64, NaiveDate)>,
    a: &NewAttachment,
    earlier: &[EarlierRow],
    sites: &[(f64, f64)],
    uploaded: NaiveDate,
) -> Option<String> {
    let earlier: Vec<PhotoFacts> = earlier
        .iter()
        .map(|r| PhotoFacts {
            id: r.0,
            item: ItemId(r.1),
            unit: r.2.map(UnitId),
            period: r.3,
            sha256: r.4.clone(),
            phash: r.5.map(|h| h as u64),
        })
        .collect();
    let me = PhotoFacts {
        id: 0,
        item,
        unit: filing.map(|f| UnitId(f.0)),
        period: filing.map(|f| f.1),
        sha256: a.sha256.clone(),
        phash: a.phash,
    };
    let found: Vec<PhotoFinding> = [
        evidence::repeats(&me, &earlier),
        evidence::timing(
            a.taken_at.as_deref().and_then(evidence::exif_day),
            me.period,
            uploaded,
        ),
        evidence::place(a.lat.zip(a.lon), sites),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!found.is_empty()).then(|| serde_json::to_string(&found).unwrap_or_default())
}

/// Records one checked file inside a write transaction (`$tx`), with what is doubtful about it
/// when it is a photo, and its audit entry; the new attachment's id.
macro_rules! insert_attachment {
    ($store:expr, $tx:ident, $item:expr, $kind:expr, $owner:expr, $filing:expr, $a:expr, $at:expr, $today:expr) => {{
        let a: &$crate::NewAttachment = $a;
        let checks = if a.content_type.starts_with("image/") {
            let earlier: Vec<$crate::ledger::attachments::EarlierRow> =
                sqlx::query_as($crate::ledger::attachments::EARLIER_PHOTOS)
                    .bind($item.0).bind(&a.sha256).fetch_all(&mut *$tx).await?;
            let sites: Vec<(f64, f64)> = sqlx::query_as($crate::ledger::attachments::SITE_POINTS)
                .bind($item.0).fetch_all(&mut *$tx).await?;
            $crate::ledger::attachments::photo_checks($item, $filing, a, &earlier, &sites, $today)
        } else {
            None
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (item_id, owner_kind, owner_id, purpose, file_name, content_type, size, sha256, taken_at, lat, lon, has_thumb, created_at, phash, findings) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind($item.0).bind($kind.code()).bind($owner).bind(&a.purpose).bind(&a.file_name).bind(&a.content_type)
        .bind(a.size).bind(&a.sha256).bind(&a.taken_at).bind(a.lat).bind(a.lon).bind(a.has_thumb).bind($at)
        .bind(a.phash.map(|h| h as i64)).bind(&checks)
        .fetch_one(&mut *$tx).await?;
        $tx.audit(&$store.actor, $crate::audit::Change::new("attachment.add", "attachment", id).after(serde_json::json!({
            "item": $item, "owner": $kind.code(), "owner_id": $owner, "file": a.file_name, "size": a.size, "sha256": a.sha256,
            "checks": checks.as_deref().and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())}))).await?;
        id
    }};
}
pub(crate) use insert_attachment;

impl Store {
    /// Records a stored file against its owner. Reports take evidence only while a draft:
    /// a submitted version is frozen, and a correction starts a new draft.
    pub async fn add_attachment(
        &self,
        item: ItemId,
        a: &NewAttachment,
        now: Now,
    ) -> Result<Attachment, StoreError> {
        let table = match a.owner_kind {
            OwnerKind::Report => "SELECT item_id FROM reports WHERE id = $1 AND state = 'draft'",
            OwnerKind::Milestone => "SELECT item_id FROM milestones WHERE id = $1",
            OwnerKind::Delay => "SELECT item_id FROM delay_explanations WHERE id = $1",
            OwnerKind::Acceptance => "SELECT item_id FROM acceptance_requests WHERE id = $1",
            OwnerKind::Decision => "SELECT item_id FROM adjustments WHERE id = $1",
            OwnerKind::Meeting => "SELECT site_item_id FROM meetings WHERE id = $1",
        };
        let owner_item: Option<i64> = on_pool!(self, p => sqlx::query_scalar(table).bind(a.owner_id).fetch_optional(p).await?);
        if owner_item != Some(item.0) {
            return Err(Refusal::EvidenceNotOnDraft.into());
        }
        // A report's photo is compared with the period it is filed for (a draft's unit and
        // period do not change).
        let filing: Option<(i64, NaiveDate)> = match a.owner_kind {
            OwnerKind::Report => {
                on_pool!(self, p => sqlx::query_as("SELECT unit_id, period_start FROM reports WHERE id = $1").bind(a.owner_id).fetch_optional(p).await?)
            }
            _ => None,
        };
        let id: i64 = crate::in_write_tx!(self, tx => {
            insert_attachment!(self, tx, item, a.owner_kind, a.owner_id, filing, a, now.at, now.today)
        });
        self.attachment(AttachmentId(id)).await
    }

    /// One attachment.
    pub async fn attachment(&self, id: AttachmentId) -> Result<Attachment, StoreError> {
        let row: Option<AttachmentRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM attachments WHERE id = $1"))).bind(id.0).fetch_optional(p).await?);
        row.map(Into::into)
            .ok_or(StoreError::NotFound("附件 (attachment)"))
    }

    /// Attachments of an item, in upload order.
    pub async fn item_attachments(&self, item: ItemId) -> Result<Vec<Attachment>, StoreError> {
        let rows: Vec<AttachmentRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM attachments WHERE item_id = $1 ORDER BY id"))).bind(item.0).fetch_all(p).await?);
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Attachments of several owners of one kind, by owner id.
    pub(crate) async fn attachments_of(
        &self,
        kind: OwnerKind,
        owners: &[i64],
    ) -> Result<HashMap<i64, Vec<Attachment>>, StoreError> {
        let mut out: HashMap<i64, Vec<Attachment>> = HashMap::new();
        if owners.is_empty() {
            return Ok(out);
        }
        for chunk in owners.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let rows: Vec<AttachmentRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLS} FROM attachments WHERE owner_kind = $1 AND owner_id IN ({list}) ORDER BY id"
            ))).bind(kind.code()).fetch_all(p).await?);
            for r in rows {
                out.entry(r.owner_id).or_default().push(r.into());
            }
        }
        Ok(out)
    }

    /// Approves a photo for the item's public page, or withdraws it. Only photos of filed
    /// reports, milestones, delay explanations or acceptance requests: never a unit's draft.
    pub async fn set_photo_public(
        &self,
        id: AttachmentId,
        public: bool,
        now: Now,
    ) -> Result<Attachment, StoreError> {
        let a = self.attachment(id).await?;
        if !a.is_image() {
            return Err(Refusal::OnlyPhotosPublic.into());
        }
        if a.owner_kind == OwnerKind::Report {
            let state: String = on_pool!(self, p => sqlx::query_scalar("SELECT state FROM reports WHERE id = $1").bind(a.owner_id).fetch_one(p).await?);
            if state == "draft" {
                return Err(Refusal::PhotoOfDraft.into());
            }
        }
        let by = self.actor.name.clone();
        crate::in_write_tx!(self, tx => {
            sqlx::query("UPDATE attachments SET public_at = $1, public_by = $2 WHERE id = $3")
                .bind(public.then_some(now.at)).bind(public.then_some(&by)).bind(id.0)
                .execute(&mut *tx).await?;
            tx.audit(&self.actor, crate::audit::Change::new(if public { "attachment.publish" } else { "attachment.withdraw" }, "attachment", id.0)
                .after(serde_json::json!({"item": a.item_id, "file": a.file_name}))).await?;
        });
        self.attachment(id).await
    }

    /// The photos of an item approved for its public page, in upload order.
    pub async fn public_photos(&self, item: ItemId) -> Result<Vec<Attachment>, StoreError> {
        let rows: Vec<AttachmentRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM attachments WHERE item_id = $1 AND public_at IS NOT NULL ORDER BY id"))).bind(item.0).fetch_all(p).await?);
        Ok(rows.into_iter().map(Into::into).collect())
    }
}
