//! A list table into items: find the header, map columns to roles, resolve vertical merges,
//! group headings and serial numbers, split responsibility cells.

pub use super::columns::Role;
use super::columns::{is_known_extra, role_of};
use super::{Builder, strip_numbering};
use crate::doc::{Cell, Merge, Table};
use crate::model::ParsedItem;
use crate::units::{split_leaders, split_units};

/// The header row of a table and what its columns hold.
pub struct Header {
    /// Index of the header row.
    pub row: usize,
    /// Role of each column (None: unknown, kept as an extra field).
    pub roles: Vec<Option<Role>>,
    /// Header texts, whitespace removed.
    pub names: Vec<String>,
}

/// A header row's cell texts, whitespace removed; a blank or merged cell takes the text of
/// the cell above it, so a header of two rows (责任单位 over 牵头单位 | 配合单位, 序号 merged
/// down both) reads as one.
fn header_names(t: &Table, row: usize) -> Vec<String> {
    let text = |c: &Cell| -> String { c.text().chars().filter(|ch| !ch.is_whitespace()).collect() };
    t.rows[row]
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let own = text(c);
            if !own.is_empty() || row == 0 {
                return own;
            }
            t.rows[row - 1].get(k).map(text).unwrap_or_default()
        })
        .collect()
}

/// Finds the header among the first rows: the row naming the most known columns (at least two,
/// one of them a content, name or unit column).
pub fn find_header(t: &Table) -> Option<Header> {
    let mut best: Option<(usize, usize)> = None;
    for (r, row) in t.rows.iter().enumerate().take(8) {
        // Header names are short: a long cell is content and is not read as a name.
        if row
            .iter()
            .all(|c| c.lines.iter().map(String::len).sum::<usize>() > 96 || c.is_blank())
        {
            continue;
        }
        let roles: Vec<Option<Role>> = header_names(t, r)
            .iter()
            .map(|n| if n.len() > 96 { None } else { role_of(n) })
            .collect();
        let known = roles.iter().flatten().count();
        let useful = roles
            .iter()
            .flatten()
            .any(|r| matches!(r, Role::Name | Role::Content | Role::Lead));
        if known >= 2 && useful && best.is_none_or(|(_, k)| known > k) {
            best = Some((r, known));
        }
    }
    let (row, _) = best?;
    let names = header_names(t, row);
    let roles = names.iter().map(|n| role_of(n)).collect();
    Some(Header { row, roles, names })
}

fn blank_or_merged(c: Option<&Cell>) -> bool {
    c.is_none_or(|c| c.is_blank() || c.merge == Merge::Continue)
}

/// A name-like column used as a merged group heading (001 实事项目, 004 项目名称): its
/// cells are left empty below each heading, and it has few distinct values.
fn is_group_column(t: &Table, h: &Header, col: usize) -> bool {
    let data = &t.rows[h.row + 1..];
    let content_cols: Vec<usize> = (0..h.roles.len())
        .filter(|&k| h.roles[k] == Some(Role::Content))
        .collect();
    let mut empty_with_content = 0;
    let mut distinct = std::collections::BTreeSet::new();
    let mut rows = 0;
    for row in data.iter().filter(|r| r.len() > 1) {
        rows += 1;
        let has_content = content_cols.iter().any(|&k| !blank_or_merged(row.get(k)));
        if blank_or_merged(row.get(col)) {
            if has_content {
                empty_with_content += 1;
            }
        } else {
            distinct.insert(row[col].text());
        }
    }
    empty_with_content >= 2 && distinct.len() * 2 <= rows.max(1) + 1
}

/// Reads a group heading's text: 一、助老扶老提升改造项目 → 助老扶老提升改造项目.
fn heading_text(s: &str) -> Option<String> {
    let s = strip_numbering(s).trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// Whether a whole row is one heading: a single cell, one text cell starting with a
/// numeral, or the same text repeated across a horizontally merged row. Checked on raw lines
/// first, so ordinary rows cost no text building.
fn row_heading(row: &[Cell]) -> Option<String> {
    let filled: Vec<&Cell> = row
        .iter()
        .filter(|c| !c.is_blank() && c.merge != Merge::Continue)
        .collect();
    let first = filled.first()?;
    let first_line = first
        .lines
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let numeral_start = first_line
        .chars()
        .next()
        .is_some_and(crate::numbers::is_chinese_numeral)
        || first_line.starts_with(['（', '(']);
    let single = row.len() == 1;
    let lone_numbered = filled.len() == 1 && numeral_start && row.len() >= 3 && !row[0].is_blank();
    let repeated =
        filled.len() >= 2 && row.len() >= 3 && filled.iter().all(|c| c.lines == first.lines);
    if single || lone_numbered || repeated {
        heading_text(&first.text())
    } else {
        None
    }
}

fn is_chinese_group_number(s: &str) -> bool {
    let t = s.trim_matches(|c: char| matches!(c, '、' | '.' | '．' | '（' | '）' | '(' | ')'));
    !t.is_empty() && t.chars().all(crate::numbers::is_chinese_numeral)
}

/// A leading item number inside a content cell: "12、…" → ("12", rest).
fn content_seq(s: &str) -> Option<(String, String)> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = &s[digits.len()..];
    let rest = rest
        .strip_prefix('、')
        .or_else(|| rest.strip_prefix('．'))
        .or_else(|| rest.strip_prefix('.'))?;
    Some((digits, rest.to_string()))
}

/// Reads the items of a table with a known header into the builder.
pub fn read_items(t: &Table, h: &Header, b: &mut Builder) {
    let mut roles = h.roles.clone();
    // Name-like columns that are merged group headings become the category.
    let has_category = roles.contains(&Some(Role::Category));
    if !has_category
        && let Some(col) =
            (0..roles.len()).find(|&k| roles[k] == Some(Role::Name) && is_group_column(t, h, k))
    {
        roles[col] = Some(Role::Category);
    }
    let col = |r: Role| roles.iter().position(|x| *x == Some(r));
    let (seq_col, cat_col, level_col) = (col(Role::Seq), col(Role::Category), col(Role::Level));
    let (name_col, summary_col, content_col) =
        (col(Role::Name), col(Role::Summary), col(Role::Content));
    let (lead_col, co_col, leader_col, deadline_col) = (
        col(Role::Lead),
        col(Role::Co),
        col(Role::Leaders),
        col(Role::Deadline),
    );
    let seq_is_group_number = seq_col.is_some_and(|s| {
        let vals: Vec<String> = t.rows[h.row + 1..]
            .iter()
            .filter_map(|r| r.get(s))
            .filter(|c| !c.is_blank())
            .map(Cell::text)
            .collect();
        !vals.is_empty() && vals.iter().all(|v| is_chinese_group_number(v))
    });
    for (k, name) in h.names.iter().enumerate() {
        if roles[k].is_none() && !is_known_extra(name) && !name.is_empty() {
            b.warn(&t.rows[h.row][k].loc, "unknown_column", format!("未识别的列“{name}”，其内容保存为附加字段 (unknown column kept as an extra field)"));
        }
    }
    // Values carried down a vertical merge, per column.
    let mut above: Vec<Option<&Cell>> = vec![None; h.roles.len()];
    let mut category: Option<String> = None;
    for row in &t.rows[h.row + 1..] {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        if let Some(hd) = row_heading(row) {
            category = Some(hd);
            above.iter_mut().for_each(|a| *a = None);
            continue;
        }
        if row.len() > h.roles.len() {
            b.warn(&row[h.roles.len()].loc, "extra_cells", format!("本行有 {} 个单元格，多于表头的 {} 列，多出的内容放入附加字段 (row has more cells than the header)", row.len(), h.roles.len()));
        }
        let lead_blank = lead_col.is_none_or(|c| blank_or_merged(row.get(c)));
        // Resolve each column's cell: explicit merges always; empty text cells by role.
        let mut cells: Vec<Option<&Cell>> = Vec::with_capacity(h.roles.len());
        for (k, role) in roles.iter().enumerate() {
            let cell = row.get(k);
            let merged = cell.as_ref().is_some_and(|c| c.merge == Merge::Continue);
            let blank = cell.is_none_or(|c| c.is_blank());
            let inherit = merged
                || (blank
                    && !t.explicit_merges
                    && match role {
                        Some(
                            Role::Category
                            | Role::Level
                            | Role::Leaders
                            | Role::Deadline
                            | Role::Lead,
                        ) => true,
                        Some(Role::Co) => lead_blank,
                        _ => false,
                    });
            let resolved = if inherit {
                above[k]
            } else {
                cell.filter(|c| !c.is_blank())
            };
            if !inherit {
                above[k] = resolved;
            }
            cells.push(resolved);
        }
        let text = |c: Option<usize>| {
            c.and_then(|k| cells[k])
                .map(Cell::text)
                .filter(|s| !s.is_empty())
        };
        let lines = |c: Option<usize>| {
            c.and_then(|k| cells[k])
                .map(|c| c.lines.clone())
                .unwrap_or_default()
        };
        let mut item = ParsedItem {
            source: row.first().map(|c| c.loc.clone()).unwrap_or_default(),
            ..Default::default()
        };
        if let Some(c) = text(cat_col) {
            category = heading_text(&c);
        }
        item.category = category.clone();
        item.level = text(level_col);
        item.name = text(name_col);
        item.summary = text(summary_col);
        item.content = text(content_col);
        let raw_seq =
            text(seq_col).filter(|s| !(seq_is_group_number && is_chinese_group_number(s)));
        item.seq = match raw_seq {
            Some(s) => s.trim_end_matches(['、', '.', '．']).to_string(),
            None => match item.content.as_deref().and_then(content_seq) {
                Some((n, rest)) => {
                    item.content = Some(rest);
                    n
                }
                None => String::new(),
            },
        };
        if item.name.is_none() && item.content.is_none() && item.summary.is_none() {
            if !item.seq.is_empty() {
                b.warn(
                    &item.source,
                    "empty_item",
                    format!(
                        "第 {} 项没有名称和内容，已跳过 (item has no name or content)",
                        item.seq
                    ),
                );
            }
            continue;
        }
        item.lead_units = split_units(&lines(lead_col));
        item.co_units = split_units(&lines(co_col));
        item.leaders = split_leaders(&lines(leader_col));
        item.deadline_text = text(deadline_col);
        for (k, name) in h.names.iter().enumerate() {
            if roles[k].is_none()
                && let Some(v) = text(Some(k))
            {
                item.extra.insert(name.clone(), v);
            }
        }
        for (k, c) in row.iter().enumerate().skip(h.roles.len()) {
            if !c.is_blank() {
                item.extra.insert(format!("列{}", k + 1), c.text());
            }
        }
        b.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Merge;

    fn cell(t: &str) -> Cell {
        Cell::new(vec![t.to_string()], String::new())
    }

    fn merged() -> Cell {
        let mut c = Cell::new(vec![], String::new());
        c.merge = Merge::Continue;
        c
    }

    #[test]
    fn a_header_of_two_rows_reads_as_one() {
        let t = Table {
            rows: vec![
                vec![
                    cell("序号"),
                    cell("项目名称"),
                    cell("责任单位"),
                    cell(""),
                    cell("完成时限"),
                ],
                vec![
                    merged(),
                    merged(),
                    cell("牵头单位"),
                    cell("配合单位"),
                    merged(),
                ],
                vec![
                    cell("1"),
                    cell("新建老年食堂5处"),
                    cell("民政局"),
                    cell("财政局"),
                    cell("年底"),
                ],
            ],
            explicit_merges: true,
        };
        let h = find_header(&t).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!(
            h.names,
            ["序号", "项目名称", "牵头单位", "配合单位", "完成时限"]
        );
        let mut b = crate::list::Builder::default();
        read_items(&t, &h, &mut b);
        let (items, _) = b.take();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].lead_units, ["民政局"]);
        assert_eq!(items[0].co_units, ["财政局"]);
        assert_eq!(items[0].deadline_text.as_deref(), Some("年底"));
    }
}
