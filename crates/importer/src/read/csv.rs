//! CSV/TSV into one table. Quoted cells may hold line breaks, which become cell lines.

use crate::doc::{Block, Cell, Doc, Table};

/// Reads delimited text into a [`Doc`] with one table.
pub fn read_csv(text: &str, delimiter: u8) -> Doc {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (r, rec) in rdr.records().enumerate() {
        let Ok(rec) = rec else { continue };
        let row: Vec<Cell> = rec
            .iter()
            .enumerate()
            .map(|(c, v)| {
                Cell::new(
                    v.lines().map(String::from).collect(),
                    format!("row {} col {}", r + 1, c + 1),
                )
            })
            .collect();
        rows.push(row);
    }
    Doc {
        blocks: vec![Block::Table(Table {
            rows,
            explicit_merges: false,
        })],
    }
}
