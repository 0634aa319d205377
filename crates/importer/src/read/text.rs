//! Plain text into paragraphs and tables. Understands Word's "save as text" export (a line
//! starting with TAB begins a cell; following lines, blank ones included, continue it) and
//! tab-separated rows copied from a spreadsheet. Everything else is paragraphs.

use crate::doc::{Block, Cell, Doc, Para, Table};

/// Reads text into a [`Doc`].
pub fn read_text(text: &str) -> Doc {
    // A cell line may carry stray spaces before its TAB (" \t序号"): the TAB still begins a cell.
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            let l = l.trim_end_matches('\r').trim_start_matches('\u{feff}');
            let t = l.trim_start_matches([' ', '\u{3000}']);
            if t.starts_with('\t') { t } else { l }
        })
        .collect();
    let tab_cells = lines.iter().filter(|l| l.starts_with('\t')).count();
    let tsv_rows = lines
        .iter()
        .filter(|l| l.trim_start().matches('\t').count() >= 2)
        .count();
    if tab_cells >= 4 && tab_cells >= tsv_rows {
        read_tab_cells(&lines)
    } else if tsv_rows >= 2 {
        read_tsv(&lines)
    } else {
        Doc {
            blocks: paragraphs(&lines, 0),
        }
    }
}

/// Non-blank lines as paragraphs, numbered from `offset`.
pub(super) fn paragraphs(lines: &[&str], offset: usize) -> Vec<Block> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            Block::Para(Para {
                text: l.trim().to_string(),
                loc: format!("line {}", offset + i + 1),
            })
        })
        .collect()
}

/// Header cells that begin a table in Word export are its first tab cells up to a blank line.
fn read_tab_cells(lines: &[&str]) -> Doc {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('\t') {
            if !lines[i].trim().is_empty() {
                blocks.push(Block::Para(Para {
                    text: lines[i].trim().to_string(),
                    loc: format!("line {}", i + 1),
                }));
            }
            i += 1;
            continue;
        }
        let (table, next) = read_one_tab_table(lines, i);
        blocks.push(Block::Table(table));
        i = next;
    }
    Doc { blocks }
}

/// A cell as read: its lines and the line number it starts on.
struct RawCell {
    lines: Vec<String>,
    line_no: usize,
}

fn read_one_tab_table(lines: &[&str], start: usize) -> (Table, usize) {
    let mut cells: Vec<RawCell> = Vec::new();
    let mut header_len: Option<usize> = None;
    let mut i = start;
    let last_tab_line = (start..lines.len())
        .rev()
        .find(|&k| lines[k].starts_with('\t'))
        .unwrap_or(start);
    while i < lines.len() {
        let line = lines[i];
        if let Some(rest) = line.strip_prefix('\t') {
            for part in rest.split('\t') {
                cells.push(RawCell {
                    lines: vec![part.to_string()],
                    line_no: i + 1,
                });
            }
        } else if line.trim().is_empty() {
            if header_len.is_none() && !cells.is_empty() {
                header_len = Some(cells.len());
            }
            if let Some(c) = cells.last_mut() {
                c.lines.push(String::new());
            }
        } else if i > last_tab_line && line.trim().chars().count() > 30 {
            // Past the last cell, a long line is running text after the table.
            break;
        } else if let Some(c) = cells.last_mut() {
            c.lines.push(line.to_string());
        }
        i += 1;
    }
    let n = header_len.unwrap_or(cells.len()).max(1);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let seq_first = cells.first().is_some_and(|c| {
        let t = crate::textnorm::join_lines(c.lines.iter().map(String::as_str));
        t.contains("序号") || t.contains("编号") || t == "序"
    });
    let mut k = 0;
    while k < cells.len() {
        let row_is_heading =
            seq_first && !rows.is_empty() && is_heading_cell(&cells[k]) && k + 1 < cells.len();
        let take = if row_is_heading {
            1
        } else {
            n.min(cells.len() - k)
        };
        let row = cells[k..k + take]
            .iter()
            .map(|c| {
                let mut lines = c.lines.clone();
                while lines.last().is_some_and(|l| l.trim().is_empty()) {
                    lines.pop();
                }
                Cell::new(lines, format!("line {}", c.line_no))
            })
            .collect();
        rows.push(row);
        k += take;
    }
    (
        Table {
            rows,
            explicit_merges: false,
        },
        i,
    )
}

/// A full-width group heading in a table whose first column is 序号: 一、交通出行.
fn is_heading_cell(c: &RawCell) -> bool {
    let t = crate::textnorm::join_lines(c.lines.iter().map(String::as_str));
    let mut chars = t.chars();
    let first_is_numeral = chars.next().is_some_and(crate::numbers::is_chinese_numeral);
    let rest: String = chars.collect();
    let has_sep = rest
        .trim_start_matches(crate::numbers::is_chinese_numeral)
        .starts_with(['、', '.', '．', ' ']);
    first_is_numeral && has_sep && t.chars().count() > 3
}

fn read_tsv(lines: &[&str]) -> Doc {
    let mut blocks = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.matches('\t').count() >= 1 && !line.trim().is_empty() {
            let row = line
                .split('\t')
                .enumerate()
                .map(|(k, c)| {
                    let c = c.trim().trim_matches('"');
                    let lines = c.split("\\n").map(String::from).collect();
                    Cell::new(lines, format!("line {} col {}", i + 1, k + 1))
                })
                .collect();
            rows.push(row);
        } else {
            if !rows.is_empty() {
                blocks.push(Block::Table(Table {
                    rows: std::mem::take(&mut rows),
                    explicit_merges: false,
                }));
            }
            if !line.trim().is_empty() {
                blocks.push(Block::Para(Para {
                    text: line.trim().to_string(),
                    loc: format!("line {}", i + 1),
                }));
            }
        }
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(Table {
            rows,
            explicit_merges: false,
        }));
    }
    Doc { blocks }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_export_cells_group_into_rows_by_header_width() {
        let text =
            "标题\n\t序号\n\t名称\n\t单位\n\n\t1\n\t建设\n\n食堂\n\t民政局\n\n\t2\n\t\n\t教育局\n";
        let doc = read_text(text);
        assert!(matches!(&doc.blocks[0], Block::Para(p) if p.text == "标题"));
        let Block::Table(t) = &doc.blocks[1] else {
            panic!("no table")
        };
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1][1].text(), "建设食堂");
        assert!(t.rows[2][1].is_blank());
        assert_eq!(t.rows[2][2].text(), "教育局");
    }

    #[test]
    fn full_width_heading_rows_stand_alone() {
        let text = "\t序号\n\t名称\n\t单位\n\n\t一、交通出行\n\t1\n\t修路\n\t交通局\n";
        let Block::Table(t) = &read_text(text).blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].len(), 1);
        assert_eq!(t.rows[2][1].text(), "修路");
    }

    #[test]
    fn tab_separated_rows_are_a_table() {
        let text = "序号\t项目名称\t责任单位\n1\t建设食堂\t民政局\n2\t修路\t交通局\n";
        let Block::Table(t) = &read_text(text).blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2][1].text(), "修路");
    }
}
