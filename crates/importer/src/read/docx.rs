//! DOCX: paragraphs and tables from word/document.xml, read with quick-xml. Cell paragraphs
//! become cell lines; gridSpan (horizontal merge) and vMerge (vertical merge) are resolved onto
//! the table grid; a row whose one cell spans the whole grid is a heading row.

use crate::doc::{Block, Cell, Doc, Merge, Para, Table};
use crate::{ImportError, Limits};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Reads a DOCX file.
pub fn read_docx(bytes: &[u8], limits: Limits) -> Result<Doc, ImportError> {
    super::zipped::check_declared_size(bytes, "DOCX", limits.max_inflated_bytes)?;
    let xml = super::zipped::read_part(
        bytes,
        "word/document.xml",
        "DOCX",
        limits.max_inflated_bytes,
    )?
    .ok_or(ImportError::BadContainer {
        kind: "DOCX",
        detail: "缺少 word/document.xml".into(),
    })?;
    // Lists numbered by Word keep their numbers in numbering.xml, not in the text.
    let numbering = super::zipped::read_part(
        bytes,
        "word/numbering.xml",
        "DOCX",
        limits.max_inflated_bytes,
    )
    .ok()
    .flatten()
    .map(|x| super::numbering::Numbering::parse(&x))
    .unwrap_or_default();
    parse_with_numbering(&xml, numbering)
}

/// Parses the main document part.
pub fn parse_document_xml(xml: &str) -> Result<Doc, ImportError> {
    parse_with_numbering(xml, super::numbering::Numbering::default())
}

/// A cell being read.
#[derive(Default)]
struct RawCell {
    lines: Vec<String>,
    span: usize,
    vmerge: Option<bool>, // Some(true) = restart, Some(false) = continue
}

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<RawCell>>,
    row: Vec<RawCell>,
    cell: Option<RawCell>,
}

/// An attribute's value.
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// Parses the main document part, writing Word's automatic numbers in front of numbered
/// paragraphs.
fn parse_with_numbering(
    xml: &str,
    mut numbering: super::numbering::Numbering,
) -> Result<Doc, ImportError> {
    let bad = |e: &dyn std::fmt::Display| ImportError::BadContainer {
        kind: "DOCX",
        detail: e.to_string(),
    };
    let mut reader = Reader::from_str(xml);
    let mut blocks: Vec<Block> = Vec::new();
    let mut tables: Vec<TableState> = Vec::new();
    let mut para: Option<String> = None;
    let mut in_text = false;
    let mut para_count = 0usize;
    // The current paragraph's automatic numbering: list id and level.
    let mut num: (Option<String>, u32) = (None, 0);
    loop {
        let ev = reader.read_event().map_err(|e| bad(&e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:tbl" => {
                tables.push(TableState::default())
            }
            Event::Start(e) if e.name().as_ref() == "w:tc" => {
                if let Some(t) = tables.last_mut() {
                    t.cell = Some(RawCell {
                        span: 1,
                        ..Default::default()
                    });
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:gridSpan" => {
                if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.span = attr(&e, "w:val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:vMerge" => {
                if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.vmerge = Some(attr(&e, "w:val").is_some_and(|v| v == "restart"));
                }
            }
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                para = Some(String::new());
                num = (None, 0);
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:numId" => {
                num.0 = attr(&e, "w:val").filter(|v| v != "0");
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:ilvl" => {
                num.1 = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
            }
            Event::Empty(e) if e.name().as_ref() == "w:p" => {
                para = None;
                finish_para(String::new(), &mut tables, &mut blocks, &mut para_count);
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Empty(e) if e.name().as_ref() == "w:tab" => {
                if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
            Event::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = para.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.push(c);
                    } else {
                        p.push(match r.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            _ => '\u{FFFD}',
                        });
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "w:p" => {
                if let Some(mut text) = para.take() {
                    if let Some(id) = num.0.take()
                        && !text.trim().is_empty()
                        && let Some(prefix) = numbering.next(&id, num.1)
                    {
                        text.insert_str(0, &prefix);
                    }
                    finish_para(text, &mut tables, &mut blocks, &mut para_count);
                }
            }
            Event::End(e) if e.name().as_ref() == "w:tc" => {
                if let Some(t) = tables.last_mut()
                    && let Some(c) = t.cell.take()
                {
                    t.row.push(c);
                }
            }
            Event::End(e) if e.name().as_ref() == "w:tr" => {
                if let Some(t) = tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            Event::End(e) if e.name().as_ref() == "w:tbl" => {
                if let Some(t) = tables.pop() {
                    let table = to_table(
                        t,
                        blocks
                            .iter()
                            .filter(|b| matches!(b, Block::Table(_)))
                            .count()
                            + 1,
                    );
                    match tables.last_mut().and_then(|outer| outer.cell.as_mut()) {
                        // A nested table: its text becomes lines of the outer cell.
                        Some(outer) => outer
                            .lines
                            .extend(table.rows.iter().flatten().map(Cell::text)),
                        None => blocks.push(Block::Table(table)),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Doc { blocks })
}

fn finish_para(
    text: String,
    tables: &mut [TableState],
    blocks: &mut Vec<Block>,
    count: &mut usize,
) {
    *count += 1;
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(c) => c.lines.push(text),
        None => {
            if !text.trim().is_empty() {
                blocks.push(Block::Para(Para {
                    text: text.trim().to_string(),
                    loc: format!("paragraph {count}"),
                }));
            }
        }
    }
}

fn to_table(t: TableState, n: usize) -> Table {
    let width = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut explicit = false;
    let mut rows = Vec::with_capacity(t.rows.len());
    for (r, raw) in t.rows.into_iter().enumerate() {
        let loc = |col: usize| format!("table {n} row {} col {}", r + 1, col + 1);
        if raw.len() == 1 && raw[0].span >= width && width > 1 {
            rows.push(vec![Cell::new(
                raw.into_iter().next().map(|c| c.lines).unwrap_or_default(),
                loc(0),
            )]);
            continue;
        }
        let mut row = Vec::with_capacity(width);
        for c in raw {
            let col = row.len();
            let span = c.span;
            let merge = if c.vmerge == Some(false) {
                explicit = true;
                Merge::Continue
            } else {
                if c.vmerge == Some(true) {
                    explicit = true;
                }
                Merge::None
            };
            let mut cell = Cell::new(c.lines, loc(col));
            cell.merge = merge;
            row.push(cell);
            for k in 1..span {
                let mut blank = Cell::new(vec![], loc(col + k));
                blank.merge = merge;
                row.push(blank);
            }
        }
        rows.push(row);
    }
    Table {
        rows,
        explicit_merges: explicit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paragraphs_tables_and_merges() {
        let xml = r#"<w:document><w:body>
<w:p><w:r><w:t>标题 &amp; 说明</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>类别</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>一、教育</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>发展软环境</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>保障局</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>
</w:tbl></w:body></w:document>"#;
        let doc = parse_document_xml(xml).unwrap();
        let Block::Para(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "标题 & 说明");
        let Block::Table(t) = &doc.blocks[1] else {
            panic!()
        };
        assert!(t.explicit_merges);
        assert_eq!(t.rows[1].len(), 1, "full-width heading row");
        assert_eq!(t.rows[2][2].lines, ["发展软环境", "", "保障局"]);
        assert_eq!(t.rows[3][1].merge, Merge::Continue);
        assert!(t.rows[3][2].is_blank());
        assert_eq!(t.rows[3][2].merge, Merge::None);
    }
}
