//! Import reviews: an uploaded list parked, parsed, until a person has checked and corrected it.

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{ImportOptions, ImportSummary, Store, StoreError, in_write_tx, on_pool};
use minsheng_importer::ParsedList;

/// A parked upload.
#[derive(Debug, Clone)]
pub struct ImportReview {
    /// Identifier.
    pub id: i64,
    /// File name as uploaded.
    pub file_name: String,
    /// The list as parsed and, so far, corrected.
    pub list: ParsedList,
}

fn to_json(list: &ParsedList) -> Result<String, StoreError> {
    serde_json::to_string(list)
        .map_err(|e| StoreError::Internal(format!("parsed list not serialisable: {e}")))
}

impl Store {
    /// Parks a parsed upload for review; returns its id.
    pub async fn create_import_review(
        &self,
        file_name: &str,
        source: &[u8],
        list: &ParsedList,
    ) -> Result<i64, StoreError> {
        let json = to_json(list)?;
        let id: i64 = in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO import_reviews (file_name, source_bytes, parsed) VALUES ($1, $2, $3) RETURNING id")
                .bind(file_name).bind(source).bind(json).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("import.upload", "import_review", id)
                .after(serde_json::json!({"file": file_name, "bytes": source.len(), "items": list.items.len()}))).await?;
            id
        });
        Ok(id)
    }

    /// A parked upload.
    pub async fn import_review(&self, id: i64) -> Result<ImportReview, StoreError> {
        let row: Option<(String, String)> = on_pool!(self, p => {
            sqlx::query_as("SELECT file_name, parsed FROM import_reviews WHERE id = $1").bind(id).fetch_optional(p).await?
        });
        let (file_name, parsed) =
            row.ok_or(StoreError::NotFound("待确认的导入 (import review)"))?;
        let list = serde_json::from_str(&parsed).map_err(|e| {
            StoreError::Internal(format!("import review {id}: parsed list unreadable: {e}"))
        })?;
        Ok(ImportReview {
            id,
            file_name,
            list,
        })
    }

    /// The uploaded file of a parked review, to read it again another way.
    pub async fn import_review_source(&self, id: i64) -> Result<(String, Vec<u8>), StoreError> {
        let row: Option<(String, Vec<u8>)> = on_pool!(self, p => {
            sqlx::query_as("SELECT file_name, source_bytes FROM import_reviews WHERE id = $1").bind(id).fetch_optional(p).await?
        });
        row.ok_or(StoreError::NotFound("待确认的导入 (import review)"))
    }

    /// Replaces a parked review's list with the file read another way (another reading,
    /// item starts marked by hand, columns mapped by hand).
    pub async fn update_import_review(&self, id: i64, list: &ParsedList) -> Result<(), StoreError> {
        let json = to_json(list)?;
        in_write_tx!(self, tx => {
            let n = sqlx::query("UPDATE import_reviews SET parsed = $1 WHERE id = $2")
                .bind(json).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound("待确认的导入 (import review)"));
            }
            tx.audit(&self.actor, Change::new("import.reread", "import_review", id)
                .after(serde_json::json!({"reading": list.reading.as_ref().map(|r| r.segmenter.code()), "items": list.items.len()}))).await?;
        });
        Ok(())
    }

    /// Saves a reviewed list as a draft plan and removes the parked upload, in that order, so
    /// a failure leaves the upload to try again.
    pub async fn confirm_import_review(
        &self,
        id: i64,
        list: &ParsedList,
        region: &str,
        year: i32,
    ) -> Result<ImportSummary, StoreError> {
        let row: Option<(String, Vec<u8>)> = on_pool!(self, p => {
            sqlx::query_as("SELECT file_name, source_bytes FROM import_reviews WHERE id = $1").bind(id).fetch_optional(p).await?
        });
        let (file_name, source_bytes) =
            row.ok_or(StoreError::NotFound("待确认的导入 (import review)"))?;
        let opts = ImportOptions {
            region: region.to_string(),
            year,
            source_name: file_name,
            source_bytes,
        };
        let summary = self.import_plan(list, &opts).await?;
        in_write_tx!(self, tx => {
            sqlx::query("DELETE FROM import_reviews WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("import.confirm", "import_review", id)
                .after(serde_json::json!({"plan": summary.plan_id, "region": region, "year": year}))).await?;
        });
        Ok(summary)
    }
}
