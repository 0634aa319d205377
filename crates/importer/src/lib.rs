//! Reads an officially issued 民生实事 list — Word/Excel/CSV/text — into a structured list of
//! items, categories, units, leaders, deadlines and quantified targets, with warnings for every
//! doubt. Pure: bytes in, [`ParsedList`] out; no database, no network, no global state.

pub mod deadline;
pub mod doc;
mod error;
pub mod list;
pub mod model;
pub mod numbers;
pub mod read;
pub mod targets;
pub mod textnorm;
pub mod units;

pub use error::ImportError;
pub use model::{Layout, ParsedItem, ParsedList, ParsedTarget, Warning};

/// Limits that keep a hostile or broken file from using unbounded memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_input_bytes: usize,
    /// Largest total size of the XML parts read from a DOCX/XLSX zip, once inflated.
    pub max_inflated_bytes: u64,
    /// Largest number of table cells read from a spreadsheet.
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 32 << 20,
            max_inflated_bytes: 64 << 20,
            max_cells: 200_000,
        }
    }
}

/// Parses a document given its bytes and file name (the extension picks the reader).
pub fn parse_bytes(bytes: &[u8], file_name: &str) -> Result<ParsedList, ImportError> {
    parse_bytes_with(bytes, file_name, Limits::default())
}

/// [`parse_bytes`] with explicit limits.
pub fn parse_bytes_with(
    bytes: &[u8],
    file_name: &str,
    limits: Limits,
) -> Result<ParsedList, ImportError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let doc = read::read_document(bytes, file_name, limits)?;
    let mut list = list::interpret(&doc)?;
    list.file = std::path::Path::new(file_name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(list)
}

/// Parses text already in memory (UTF-8), as exported from Word or typed by hand.
pub fn parse_text(text: &str) -> Result<ParsedList, ImportError> {
    let doc = read::text::read_text(text);
    list::interpret(&doc)
}
