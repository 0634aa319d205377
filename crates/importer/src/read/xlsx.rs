//! Spreadsheets (XLSX, XLS, ODS) via calamine: every non-empty sheet becomes a table; merged
//! ranges become explicit vertical merges, and a row merged across the whole width is one
//! heading cell. Line breaks inside cells become cell lines.

use crate::doc::{Block, Cell, Doc, Merge, Table};
use crate::{ImportError, Limits};
use calamine::{Data, Dimensions, Reader, Sheets, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Reads a workbook.
pub fn read_sheet(bytes: &[u8], ext: &str, limits: Limits) -> Result<Doc, ImportError> {
    let kind = if ext == "xls" { "XLS" } else { "XLSX" };
    if bytes.starts_with(b"PK") {
        super::zipped::check_declared_size(bytes, kind, limits.max_inflated_bytes)?;
    }
    let bad = |e: &dyn std::fmt::Display| ImportError::BadContainer {
        kind,
        detail: e.to_string(),
    };
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| bad(&e))?;
    let mut blocks = Vec::new();
    for (n, name) in wb.sheet_names().into_iter().enumerate() {
        let range = wb.worksheet_range(&name).map_err(|e| bad(&e))?;
        if range.is_empty() {
            continue;
        }
        if range.width().saturating_mul(range.height()) > limits.max_cells {
            return Err(bad(&format!(
                "工作表“{name}”有 {} 行 × {} 列，超过 {} 个单元格的上限",
                range.height(),
                range.width(),
                limits.max_cells
            )));
        }
        #[allow(deprecated)] // the replacement is not offered for .xls
        let merges: Vec<Dimensions> = match &mut wb {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        blocks.push(Block::Table(to_table(&range, &merges, &name, n + 1)));
    }
    Ok(Doc { blocks })
}

fn text_of(d: &Data) -> Vec<String> {
    let s = match d {
        Data::Empty => return Vec::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // Excel serial days from 1899-12-30 (the 1900 date system).
        Data::DateTime(dt) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(dt.as_f64().floor() as i64)))
            .map(|d| d.to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::Error(e) => format!("#{e:?}"),
    };
    s.replace("\r\n", "\n")
        .split('\n')
        .map(String::from)
        .collect()
}

fn to_table(range: &calamine::Range<Data>, merges: &[Dimensions], sheet: &str, n: usize) -> Table {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (h, w) = (range.height(), range.width());
    let mut rows: Vec<Vec<Cell>> = (0..h)
        .map(|r| {
            (0..w)
                .map(|c| {
                    let v = range.get((r, c)).map(text_of).unwrap_or_default();
                    Cell::new(
                        v,
                        format!(
                            "sheet {n} ({sheet}) row {} col {}",
                            r as u32 + r0 + 1,
                            c as u32 + c0 + 1
                        ),
                    )
                })
                .collect()
        })
        .collect();
    let mut heading_rows = Vec::new();
    for m in merges {
        let (top, left) = (
            m.start.0.saturating_sub(r0) as usize,
            m.start.1.saturating_sub(c0) as usize,
        );
        let (bottom, right) = (
            m.end.0.saturating_sub(r0) as usize,
            m.end.1.saturating_sub(c0) as usize,
        );
        if top >= h || left >= w {
            continue;
        }
        if top == bottom && left == 0 && right + 1 >= w && w > 1 {
            heading_rows.push(top);
            continue;
        }
        for row in rows.iter_mut().take(bottom.min(h - 1) + 1).skip(top + 1) {
            for cell in row.iter_mut().take(right.min(w - 1) + 1).skip(left) {
                cell.merge = Merge::Continue;
            }
        }
    }
    for r in heading_rows {
        let first = rows[r][0].clone();
        rows[r] = vec![first];
    }
    Table {
        rows,
        explicit_merges: !merges.is_empty(),
    }
}
