//! Tables that lost their grid on the way to text: rows split by ` | ` (cells of merged ranges
//! dropped), rows split by runs of spaces, one cell per line (with or without a trailing ` |`).
//! The header is found by its column names; each row's pieces are laid onto the columns by
//! what they look like (a number, a unit's name, a deadline, a sentence), in order; rows
//! without a serial number continue the row above. The rebuilt table is then read like any
//! other.

mod align;

use super::judge::{DocFacts, is_chrome, score};
use super::{Reading, Segmenter};
use crate::doc::{Cell, Para, Table};
use crate::list::columns::{Role, is_known_extra, role_of};
use align::{Kind, align, is_deadline, is_seq, is_units, kind_of};

/// How the pieces of a row are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `a | b | c |`
    PipeRows,
    /// `a  b  c`
    SpaceRows,
    /// one cell per line
    CellLines,
    /// one cell per line, each ending in ` |`; an empty cell is a bare `|`
    PipeCells,
}

/// A header found in the lines.
struct Found {
    shape: Shape,
    line: usize,
    /// Lines the header takes (cell lines: one per column).
    lines: usize,
    names: Vec<String>,
}

fn useful(names: &[String]) -> bool {
    let roles: Vec<Role> = names.iter().filter_map(|n| role_of(n)).collect();
    roles.len() >= 2
        && roles
            .iter()
            .any(|r| matches!(r, Role::Name | Role::Content))
        && names.len() >= 3
}

fn header_token(t: &str) -> bool {
    let n = t.chars().count();
    n <= 14
        && !t.contains(['。', '，', '；'])
        && (role_of(t).is_some() || is_known_extra(t) || kind_of(t) == Kind::Progress)
}

fn pipe_cells(line: &str) -> Vec<String> {
    let mut cells: Vec<String> = line.split('|').map(|c| c.trim().to_string()).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}

fn find_headers(paras: &[Para]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let t = paras[i].text.trim();
        if t.matches('|').count() >= 2 {
            let cells = pipe_cells(t);
            let single_cell = cells.len() == 1;
            if !single_cell
                && cells.iter().filter(|c| header_token(c)).count() >= 2
                && useful(&cells)
            {
                out.push(Found {
                    shape: Shape::PipeRows,
                    line: i,
                    lines: 1,
                    names: cells,
                });
                i += 1;
                continue;
            }
        }
        let tokens: Vec<String> = t.split_whitespace().map(String::from).collect();
        if tokens.len() >= 3 && tokens.iter().all(|x| header_token(x)) && useful(&tokens) {
            out.push(Found {
                shape: Shape::SpaceRows,
                line: i,
                lines: 1,
                names: tokens,
            });
            i += 1;
            continue;
        }
        let run: Vec<String> = paras[i..]
            .iter()
            .map(|p| p.text.trim().trim_end_matches('|').trim().to_string())
            .take_while(|x| header_token(x))
            .collect();
        if run.len() >= 3 && useful(&run) {
            let k = run.len();
            let piped = paras[i..i + k]
                .iter()
                .all(|p| p.text.trim_end().ends_with('|'));
            let shape = if piped {
                Shape::PipeCells
            } else {
                Shape::CellLines
            };
            out.push(Found {
                shape,
                line: i,
                lines: k,
                names: run,
            });
            i += k;
            continue;
        }
        i += 1;
    }
    out
}

/// Pieces of a row line.
fn pieces_of(shape: Shape, line: &str) -> Vec<String> {
    match shape {
        Shape::PipeRows => pipe_cells(line)
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect(),
        Shape::SpaceRows => line.split_whitespace().map(String::from).collect(),
        Shape::CellLines => {
            let t = line.trim().trim_end_matches('|').trim();
            if t.is_empty() {
                Vec::new()
            } else {
                vec![t.to_string()]
            }
        }
        Shape::PipeCells => {
            let t = line.trim();
            if t.is_empty() {
                Vec::new()
            } else {
                vec![t.trim_end_matches('|').trim().to_string()]
            }
        }
    }
}

/// A heading row: 一、助老扶老 alone on its line.
fn heading_row(pieces: &[String]) -> Option<String> {
    let [p] = pieces else { return None };
    let first = p.chars().next()?;
    (crate::numbers::is_chinese_numeral(first) && p.contains('、') && p.chars().count() <= 40)
        .then(|| p.clone())
}

/// Text-table readings of the paragraphs.
pub fn readings(
    paras: &[Para],
    facts: &DocFacts,
    columns: Option<&[Option<Role>]>,
) -> Vec<Reading> {
    let mut out = Vec::new();
    for h in find_headers(paras) {
        let chosen = columns.filter(|c| c.len() == h.names.len());
        if let Some(r) = read(paras, &h, facts, chosen) {
            out.push(r);
        }
    }
    out
}

fn read(
    paras: &[Para],
    h: &Found,
    facts: &DocFacts,
    chosen: Option<&[Option<Role>]>,
) -> Option<Reading> {
    let kinds: Vec<Kind> = match chosen {
        Some(c) => c
            .iter()
            .map(|r| r.map_or(Kind::Other, Kind::Role))
            .collect(),
        None => h.names.iter().map(|n| kind_of(n)).collect(),
    };
    let width = kinds.len();
    let seq_col = kinds.iter().position(|k| *k == Kind::Role(Role::Seq));
    let mut used = vec![false; paras.len()];
    for u in &mut used[h.line..h.line + h.lines] {
        *u = true;
    }
    // Rows as pieces, each with the line it starts on.
    let mut rows: Vec<(Vec<String>, usize, bool)> = Vec::new(); // pieces, line, is heading
    let mut expected = 1u32;
    let mut i = h.line + h.lines;
    while i < paras.len() {
        let t = paras[i].text.trim();
        if is_chrome(t) && !rows.is_empty() {
            break;
        }
        let pieces = pieces_of(h.shape, t);
        if pieces.is_empty() {
            i += 1;
            continue;
        }
        let starts_row = match seq_col {
            Some(_) => {
                let first = pieces[0].trim_end_matches(['.', '、', '．']);
                if matches!(h.shape, Shape::CellLines | Shape::PipeCells) {
                    // A list's extract skips numbers (4, 23): a higher one after a full row.
                    let skipped = is_seq(first)
                        && first.parse::<u32>().is_ok_and(|n| n > expected)
                        && rows.last().is_some_and(|r| r.0.len() >= width);
                    first == expected.to_string() || skipped
                } else {
                    is_seq(&pieces[0])
                        || seq_col != Some(0) && pieces.iter().take(2).any(|p| is_seq(p))
                }
            }
            None => {
                !matches!(h.shape, Shape::CellLines | Shape::PipeCells)
                    || rows.last().is_none_or(|r| r.0.len() >= width)
            }
        };
        if let Some(hd) = heading_row(&pieces) {
            rows.push((vec![hd], i, true));
        } else if starts_row || rows.is_empty() {
            if seq_col.is_some()
                && let Some(p) = pieces.iter().find(|p| is_seq(p))
            {
                expected = p
                    .trim_end_matches(['.', '、', '．'])
                    .parse::<u32>()
                    .unwrap_or(expected)
                    + 1;
            }
            if h.shape == Shape::PipeRows && !t.contains('|') && !rows.is_empty() {
                // A line break inside a cell.
                rows.last_mut().unwrap().0.extend(pieces);
            } else {
                rows.push((pieces, i, false));
            }
        } else if h.shape == Shape::PipeCells {
            // Cells keep coming until the row is full; past that, a merged range's next row.
            let last = rows.last_mut().expect("a row");
            let filled = last.0.iter().take_while(|p| *p != "\u{1}").count();
            if filled >= width && !last.0.contains(&String::from("\u{1}")) {
                last.0.push(String::from("\u{1}"));
            }
            last.0.extend(pieces);
        } else if h.shape == Shape::CellLines {
            // One cell per line: the row goes on.
            rows.last_mut().expect("a row").0.extend(pieces);
        } else if h.shape != Shape::PipeRows || t.contains('|') {
            // A row without its serial number continues the item above (a merged range).
            let last = rows.last_mut().expect("a row");
            if last.2 {
                rows.push((pieces, i, false));
            } else {
                last.0.push(String::from("\u{1}"));
                last.0.extend(pieces);
            }
        } else {
            rows.last_mut().expect("a row").0.extend(pieces);
        }
        used[i] = true;
        i += 1;
    }
    if rows.iter().filter(|r| !r.2).count() < 1 {
        return None;
    }
    // One cell per line: a sentence after the deadline starts a second task of the same item
    // (开工建设县老年养护楼。/ 县民政局 / 5月底前动工 / 开工建设老年大学。/ 12月底前), a merged row.
    if matches!(h.shape, Shape::CellLines) && kinds.contains(&Kind::Role(Role::Deadline)) {
        for (pieces, _, heading) in rows.iter_mut().filter(|r| !r.2) {
            let _ = heading;
            let mut k = 2;
            while k < pieces.len() {
                let sentence = pieces[k].chars().count() >= 8
                    && !is_units(&pieces[k])
                    && !is_deadline(&pieces[k]);
                if is_deadline(&pieces[k - 1])
                    && sentence
                    && !pieces[..k].contains(&String::from("\u{1}"))
                {
                    pieces.insert(k, String::from("\u{1}"));
                    k += 1;
                }
                k += 1;
            }
        }
    }
    let mut table = Table {
        rows: vec![
            h.names
                .iter()
                .map(|n| Cell::new(vec![n.clone()], format!("line {}", h.line + 1)))
                .collect(),
        ],
        explicit_merges: false,
    };
    for (pieces, line, heading) in rows {
        let loc = format!("line {}", line + 1);
        if heading {
            table.rows.push(vec![Cell::new(pieces, loc)]);
            continue;
        }
        // A continuation (after the \u{1} mark) is laid onto the columns without the
        // serial number and added to the row's cells.
        let mut parts = pieces.split(|p| p == "\u{1}");
        let main = parts.next().unwrap_or_default();
        let exact = matches!(h.shape, Shape::PipeCells | Shape::PipeRows);
        let mut cols = align(main, &kinds, exact);
        for cont in parts {
            let skip = seq_col.map_or(0, |s| s + 1);
            let sub = align(cont, &kinds[skip..], false);
            for (k, c) in sub.into_iter().enumerate() {
                cols[skip + k].extend(c);
            }
        }
        table.rows.push(
            cols.into_iter()
                .map(|c| Cell::new(c, loc.clone()))
                .collect(),
        );
    }
    let mut header = crate::list::table::find_header(&table)?;
    if header.row != 0 {
        return None;
    }
    if let Some(c) = chosen {
        header.roles = c.to_vec();
    }
    let mut b = crate::list::Builder::default();
    crate::list::table::read_items(&table, &header, &mut b);
    let (items, warnings) = b.take();
    if items.is_empty() {
        return None;
    }
    let segmenter = match h.shape {
        Shape::PipeRows => Segmenter::PipeRows,
        Shape::SpaceRows => Segmenter::SpaceRows,
        Shape::CellLines | Shape::PipeCells => Segmenter::CellLines,
    };
    let score = score(1.3, &items, facts);
    Some(Reading {
        segmenter,
        detail: h.names.join(" | "),
        items,
        columns: h.names.clone(),
        used,
        warnings,
        score,
        header_rows: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(names: &[&str]) -> Vec<Kind> {
        names.iter().map(|n| kind_of(n)).collect()
    }

    #[test]
    fn pieces_fall_onto_columns_by_shape() {
        let k = kinds(&["序号", "民生实事", "责任单位", "完成时限"]);
        let p: Vec<String> = [
            "1",
            "启动建设东柳河城区段综合治理工程。",
            "县水务局",
            "县住建局",
            "12月底前",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cols = align(&p, &k, false);
        assert_eq!(cols[0], ["1"]);
        assert_eq!(cols[2], ["县水务局", "县住建局"]);
        assert_eq!(cols[3], ["12月底前"]);
        // A dropped empty cell: no unit given.
        let p: Vec<String> = ["2", "新建2座人行天桥。", "9月投入使用"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = align(&p, &k, false);
        assert!(cols[2].is_empty());
        assert_eq!(cols[3], ["9月投入使用"]);
    }

    #[test]
    fn cell_lines_table() {
        let text = "附件\n\n序号\n\n民生实事\n\n责任单位\n\n完成时限\n\n1\n\n启动建设东柳河城区段综合治理工程。\n\n县水务局\n\n县住建局\n\n12月底前\n\n2\n\n新建2座人行天桥。\n\n县住建局\n\n9月投入使用\n\n3\n\n开工建设县老年养护楼。\n\n县民政局\n\n5月底前动工\n\n开工建设老年大学。\n\n12月底前\n";
        let list = crate::parse_text(text).unwrap();
        assert_eq!(list.items.len(), 3, "{:?}", list.items);
        let third = format!("{:?}{:?}", list.items[2].name, list.items[2].content);
        assert!(
            third.contains("老年养护楼") && third.contains("老年大学"),
            "{third}"
        );
        assert_eq!(list.items[2].lead_units, ["县民政局"]);
        assert_eq!(list.items[0].lead_units, ["县水务局", "县住建局"]);
        assert_eq!(list.items[1].deadline_text.as_deref(), Some("9月投入使用"));
    }

    #[test]
    fn pipe_rows_with_dropped_cells_and_sub_rows() {
        let text = "序号 | 工作任务 | 责任单位 | 进展情况 |\n1 | 新改扩建公办中小学校1所 | 教体局 | 顺利推进 |\n新增学位810个 | |||\n2 | 新建公厕2座 | 城管局 | 已完成 |\n";
        let list = crate::parse_text(text).unwrap();
        assert_eq!(list.items.len(), 2, "{:?}", list.items);
        let first = &list.items[0];
        let text = format!("{:?}{:?}", first.name, first.content);
        assert!(text.contains("新增学位810个"), "{text}");
        assert_eq!(list.items[1].lead_units, ["城管局"]);
    }
}
