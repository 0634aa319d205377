//! Zip containers (DOCX, XLSX, ODS): telling them apart, and reading a part with a hard cap
//! on inflated size so a zip bomb stops early with a clear error.

use crate::ImportError;
use std::io::{Cursor, Read};

/// Which office format a zip holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Word document.
    Docx,
    /// Excel workbook.
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
}

/// Looks at the part names to tell the format.
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<&[u8]> = zip.file_names_raw().collect();
    if names.contains(&b"word/document.xml".as_slice()) {
        Some(Kind::Docx)
    } else if names.contains(&b"xl/workbook.xml".as_slice()) {
        Some(Kind::Xlsx)
    } else if names.contains(&b"content.xml".as_slice()) {
        Some(Kind::Ods)
    } else {
        None
    }
}

/// Reads one part as UTF-8 text, refusing to inflate more than `limit` bytes.
pub fn read_part(
    bytes: &[u8],
    name: &str,
    kind: &'static str,
    limit: u64,
) -> Result<Option<String>, ImportError> {
    let bad = |e: &dyn std::fmt::Display| ImportError::BadContainer {
        kind,
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(&e)),
    };
    if file.encrypted() {
        return Err(bad(&"文件已加密 (encrypted)"));
    }
    let mut buf = Vec::new();
    let read = file
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| bad(&e))?;
    if read as u64 > limit {
        return Err(ImportError::InflateLimit { kind, limit });
    }
    String::from_utf8(buf).map(Some).map_err(|e| bad(&e))
}

/// Total declared inflated size of all parts, checked before any reading.
pub fn check_declared_size(
    bytes: &[u8],
    kind: &'static str,
    limit: u64,
) -> Result<(), ImportError> {
    let bad = |e: &dyn std::fmt::Display| ImportError::BadContainer {
        kind,
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| bad(&e))?;
        total = total.saturating_add(f.size());
    }
    if total > limit {
        return Err(ImportError::InflateLimit { kind, limit });
    }
    Ok(())
}
