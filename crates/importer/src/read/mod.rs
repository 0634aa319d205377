//! Readers: each turns one file format into the format-neutral [`crate::doc::Doc`].
//! The format is chosen by content first (zip, OLE2, text) and by extension second.

pub mod csv;
pub mod decode;
pub mod docx;
mod numbering;
pub mod text;
pub mod xlsx;
mod zipped;

use crate::doc::Doc;
use crate::{ImportError, Limits};

/// Reads any supported document into a [`Doc`].
pub fn read_document(bytes: &[u8], file_name: &str, limits: Limits) -> Result<Doc, ImportError> {
    let ext = std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return match zipped::kind(bytes) {
            Some(zipped::Kind::Docx) => docx::read_docx(bytes, limits),
            Some(zipped::Kind::Xlsx) | Some(zipped::Kind::Ods) => {
                xlsx::read_sheet(bytes, &ext, limits)
            }
            None if ext == "docx" => Err(ImportError::BadContainer {
                kind: "DOCX",
                detail: "缺少 word/document.xml".into(),
            }),
            None if ext == "xlsx" => Err(ImportError::BadContainer {
                kind: "XLSX",
                detail: "缺少 xl/workbook.xml".into(),
            }),
            None => Err(ImportError::Binary),
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // OLE2 compound file: legacy .doc/.wps/.xls/.et.
        return match ext.as_str() {
            "xls" | "et" => xlsx::read_sheet(bytes, "xls", limits),
            "wps" => Err(ImportError::LegacyFormat("WPS")),
            _ => Err(ImportError::LegacyFormat("DOC")),
        };
    }
    match ext.as_str() {
        "docx" => {
            return Err(ImportError::BadContainer {
                kind: "DOCX",
                detail: "不是 zip 文件（文件头不对）".into(),
            });
        }
        "xlsx" | "ods" => {
            return Err(ImportError::BadContainer {
                kind: "XLSX",
                detail: "不是 zip 文件（文件头不对）".into(),
            });
        }
        "doc" => return Err(ImportError::LegacyFormat("DOC")),
        "wps" => return Err(ImportError::LegacyFormat("WPS")),
        "pdf" => return Err(ImportError::Binary),
        _ => {}
    }
    let text = decode::decode(bytes)?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if ext == "csv" || ext == "tsv" {
        return Ok(csv::read_csv(
            &text,
            if ext == "tsv" { b'\t' } else { b',' },
        ));
    }
    Ok(text::read_text(&text))
}
