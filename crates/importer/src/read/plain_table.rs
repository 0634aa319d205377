//! Tables typed as plain text without tabs: either each cell on its own line under a header of
//! one name per line, or each row on one line with cells separated by spaces. The header is
//! found by its names (序号, 项目名称, 责任单位 …); rows start at the next serial number.

use crate::doc::{Block, Cell, Doc, Para, Table};
use crate::list::columns::{Role, role_of};

/// Reads such a table, with the lines around it as paragraphs; None when there is none.
pub fn read(lines: &[&str]) -> Option<Doc> {
    let (start, header, one_per_line) = find_header(lines)?;
    let width = header.len();
    // The column that takes a row's extra pieces: the long text one.
    let content_col = header
        .iter()
        .position(|h| role_of(h) == Some(Role::Content))
        .or_else(|| header.iter().position(|h| role_of(h) == Some(Role::Name)))
        .unwrap_or(width - 1);
    let seq_first = role_of(&header[0]) == Some(Role::Seq);
    let body_from = if one_per_line {
        start + width
    } else {
        start + 1
    };
    let mut rows: Vec<Vec<Cell>> = vec![
        header
            .iter()
            .enumerate()
            .map(|(k, h)| {
                Cell::new(
                    vec![h.clone()],
                    format!("line {}", start + 1 + if one_per_line { k } else { 0 }),
                )
            })
            .collect(),
    ];
    let mut current: Vec<(String, usize)> = Vec::new();
    let mut expected = 1u32;
    let mut paras_after = Vec::new();
    let flush = |current: &mut Vec<(String, usize)>, rows: &mut Vec<Vec<Cell>>| {
        if !current.is_empty() {
            rows.push(fit(std::mem::take(current), width, content_col));
        }
    };
    for (i, raw) in lines.iter().enumerate().skip(body_from) {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let tokens: Vec<String> = if one_per_line {
            vec![line.to_string()]
        } else {
            line.split_whitespace().map(String::from).collect()
        };
        let starts_row = if seq_first {
            tokens[0].trim_end_matches(['.', '、', '．']) == expected.to_string()
        } else {
            current.len() >= width || !one_per_line
        };
        if starts_row {
            flush(&mut current, &mut rows);
            expected += 1;
        } else if current.is_empty() && seq_first {
            paras_after.push(Block::Para(Para {
                text: line.to_string(),
                loc: format!("line {}", i + 1),
            }));
            continue;
        }
        current.extend(tokens.into_iter().map(|t| (t, i + 1)));
    }
    flush(&mut current, &mut rows);
    if rows.len() < 2 {
        return None;
    }
    let mut blocks = super::text::paragraphs(&lines[..start], 0);
    blocks.push(Block::Table(Table {
        rows,
        explicit_merges: false,
    }));
    blocks.extend(paras_after);
    Some(Doc { blocks })
}

/// Lays a row's pieces onto the columns: extra pieces are the long text column's continuation.
fn fit(pieces: Vec<(String, usize)>, width: usize, content_col: usize) -> Vec<Cell> {
    let loc = |p: &(String, usize)| format!("line {}", p.1);
    if pieces.len() <= width {
        let mut row: Vec<Cell> = pieces
            .iter()
            .map(|p| Cell::new(vec![p.0.clone()], loc(p)))
            .collect();
        while row.len() < width {
            row.push(Cell::default());
        }
        return row;
    }
    let tail = width - content_col - 1;
    let middle_end = pieces.len() - tail;
    let mut row: Vec<Cell> = pieces[..content_col]
        .iter()
        .map(|p| Cell::new(vec![p.0.clone()], loc(p)))
        .collect();
    row.push(Cell::new(
        pieces[content_col..middle_end]
            .iter()
            .map(|p| p.0.clone())
            .collect(),
        loc(&pieces[content_col]),
    ));
    row.extend(
        pieces[middle_end..]
            .iter()
            .map(|p| Cell::new(vec![p.0.clone()], loc(p))),
    );
    row
}

/// A short, unpunctuated name of a known column.
fn header_name(t: &str) -> Option<Role> {
    let short = t.chars().count() <= 12 && !t.contains(['。', '，', '、', '；', '：', ':', ',']);
    if short { role_of(t) } else { None }
}

/// A plausible header: names an item column and a responsibility or deadline column.
fn plausible(names: &[String]) -> bool {
    let roles: Vec<Role> = names.iter().filter_map(|n| header_name(n)).collect();
    roles.len() == names.len()
        && names.len() >= 3
        && roles
            .iter()
            .any(|r| matches!(r, Role::Seq | Role::Name | Role::Content))
        && roles
            .iter()
            .any(|r| matches!(r, Role::Lead | Role::Co | Role::Leaders | Role::Deadline))
}

/// A header: three or more known column names, one per line or on one line.
fn find_header(lines: &[&str]) -> Option<(usize, Vec<String>, bool)> {
    for (i, l) in lines.iter().enumerate() {
        let tokens: Vec<String> = l.split_whitespace().map(String::from).collect();
        if plausible(&tokens) {
            return Some((i, tokens, false));
        }
        let run: Vec<String> = lines[i..]
            .iter()
            .map(|x| x.trim())
            .take_while(|x| !x.is_empty() && header_name(x).is_some())
            .map(String::from)
            .collect();
        if plausible(&run) {
            return Some((i, run, true));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::parse_text;

    #[test]
    fn cells_on_their_own_lines() {
        let text = "示范区2025年民生实事\n序号\n项目名称\n建设内容\n责任单位\n完成时限\n1\n老年食堂\n新建老年食堂5处。\n民政局\n年底\n2\n道路改造\n改造道路9公里，\n新增路灯200盏。\n交通局\n9月\n";
        let list = parse_text(text).unwrap();
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[1].name.as_deref(), Some("道路改造"));
        assert_eq!(
            list.items[1].content.as_deref(),
            Some("改造道路9公里，新增路灯200盏。")
        );
        assert_eq!(list.items[1].lead_units, ["交通局"]);
        assert_eq!(
            list.items[1].deadline.map(|d| d.to_string()).as_deref(),
            Some("2025-09-30")
        );
        assert_eq!(list.items[1].targets.len(), 2);
    }

    #[test]
    fn rows_flattened_with_spaces() {
        let text = "示范区2025年民生实事\n序号 项目名称 建设内容 责任单位 完成时限\n1 老年食堂 新建老年食堂5处 民政局 年底\n2 道路改造 改造道路9公里 交通局 9月\n";
        let list = parse_text(text).unwrap();
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[0].lead_units, ["民政局"]);
        assert_eq!(list.items[0].targets[0].value, 5.0);
        assert_eq!(list.year, Some(2025));
    }
}
