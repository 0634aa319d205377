//! Reads an officially issued 民生实事 list — Word/Excel/CSV/text — into a structured list of
//! items, categories, units, leaders, deadlines and quantified targets, with warnings for every
//! doubt. Pure: bytes in, [`ParsedList`] out; no database, no network, no global state.

pub mod deadline;
pub mod doc;
mod error;
pub mod list;
pub mod model;
pub mod normalize;
pub mod numbers;
pub mod read;
pub mod score;
pub mod segment;
pub mod targets;
pub mod textnorm;
pub mod units;
pub mod wordlist;

pub use error::ImportError;
pub use list::Choice;
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
    parse_bytes_as(bytes, file_name, limits, &Choice::default())
}

/// [`parse_bytes`] with explicit limits, read as a person chose (another reading, or item
/// starts marked by hand).
pub fn parse_bytes_as(
    bytes: &[u8],
    file_name: &str,
    limits: Limits,
    choice: &Choice,
) -> Result<ParsedList, ImportError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let mut doc = read::read_document(bytes, file_name, limits)?;
    let norm = normalize::normalize_doc(&mut doc);
    let mut list = list::interpret_with(&doc, choice)?;
    list.from_traditional = norm.from_traditional;
    list.file = std::path::Path::new(file_name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(list)
}

/// The document's paragraphs as the importer numbers them (1-based), for marking where
/// items start.
pub fn paragraphs(bytes: &[u8], file_name: &str) -> Result<Vec<doc::Para>, ImportError> {
    let mut doc = read::read_document(bytes, file_name, Limits::default())?;
    normalize::normalize_doc(&mut doc);
    Ok(segment::paragraphs(&doc))
}

/// Parses text already in memory (UTF-8), as exported from Word or typed by hand.
pub fn parse_text(text: &str) -> Result<ParsedList, ImportError> {
    let mut doc = read::text::read_text(text);
    let norm = normalize::normalize_doc(&mut doc);
    let mut list = list::interpret(&doc)?;
    list.from_traditional = norm.from_traditional;
    Ok(list)
}
