//! Layout detection. Every segmenter proposes readings of the document's list — a table by
//! its header, a grid flattened to text, numbered paragraphs of each numbering style, inline
//! numbering, 一是/二是, semicolon lists, paragraphs under headings — each scored by the judge
//! ([`judge`]) on what its items look like. The best reading wins; the others are kept so a
//! person can switch to one of them. `docs/IMPORTER.md` explains how to add a segmenter.

pub mod chains;
pub mod clauses;
pub mod enumerators;
pub mod grid;
pub mod item_text;
pub mod judge;
pub mod manual;

use crate::doc::{Block, Cell, Doc, Para, Table};
use crate::list::Builder;
use crate::list::table;
use crate::model::{ParsedItem, Warning};
use judge::DocFacts;
use serde::{Deserialize, Serialize};

/// Which segmenter produced a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segmenter {
    /// A table with a recognisable header (DOCX, XLSX, CSV, Word's text export, TSV).
    Table,
    /// Rows split by ` | `.
    PipeRows,
    /// Rows split by runs of spaces.
    SpaceRows,
    /// One cell per line.
    CellLines,
    /// Numbered paragraphs (1. 1、 （1） ① 一、 【实事一】 …), numbers at line starts.
    Numbered,
    /// Numbering inside paragraphs: …。(1)…(2)… or 1.…2.…
    Inline,
    /// 一是…二是…
    OrdinalWords,
    /// Items split by ；.
    Semicolon,
    /// Paragraphs under headings, or a title sentence then a description.
    Paragraphs,
    /// Sentences of paragraphs opened by their category (在城市建设方面，…).
    Sentences,
    /// Names in a sentence separated by 、 (包括A、B、C等N个项目).
    Enumeration,
    /// Item starts marked by a person.
    Manual,
    /// Every line an item (nothing else read the text).
    Lines,
}

impl Segmenter {
    /// Stable code used in the API and forms.
    pub fn code(self) -> &'static str {
        match self {
            Segmenter::Table => "table",
            Segmenter::PipeRows => "pipe_rows",
            Segmenter::SpaceRows => "space_rows",
            Segmenter::CellLines => "cell_lines",
            Segmenter::Numbered => "numbered",
            Segmenter::Inline => "inline",
            Segmenter::OrdinalWords => "ordinal_words",
            Segmenter::Semicolon => "semicolon",
            Segmenter::Paragraphs => "paragraphs",
            Segmenter::Sentences => "sentences",
            Segmenter::Enumeration => "enumeration",
            Segmenter::Manual => "manual",
            Segmenter::Lines => "lines",
        }
    }

    /// What the reading is, in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Segmenter::Table => "表格",
            Segmenter::PipeRows => "竖线分隔的表格行",
            Segmenter::SpaceRows => "空格分隔的表格行",
            Segmenter::CellLines => "每行一个单元格的表格",
            Segmenter::Numbered => "编号段落",
            Segmenter::Inline => "段内编号",
            Segmenter::OrdinalWords => "“一是、二是”",
            Segmenter::Semicolon => "分号分隔",
            Segmenter::Paragraphs => "标题和段落",
            Segmenter::Sentences => "按句分条",
            Segmenter::Enumeration => "顿号列举",
            Segmenter::Manual => "手工标记的条目起点",
            Segmenter::Lines => "每行一项",
        }
    }

    /// What the reading is, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Segmenter::Table => "table",
            Segmenter::PipeRows => "rows split by |",
            Segmenter::SpaceRows => "rows split by spaces",
            Segmenter::CellLines => "one cell per line",
            Segmenter::Numbered => "numbered paragraphs",
            Segmenter::Inline => "numbering inside paragraphs",
            Segmenter::OrdinalWords => "一是 / 二是",
            Segmenter::Semicolon => "split by ；",
            Segmenter::Paragraphs => "headings and paragraphs",
            Segmenter::Sentences => "one sentence an item",
            Segmenter::Enumeration => "names listed with 、",
            Segmenter::Manual => "item starts marked by hand",
            Segmenter::Lines => "one line an item",
        }
    }
}

/// One way of reading the document's list.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Which segmenter.
    pub segmenter: Segmenter,
    /// Its variant: the numbering style (`1.`, `（一）`) or the header it found.
    pub detail: String,
    /// The items, not yet finished (no deadline dates or targets).
    pub items: Vec<ParsedItem>,
    /// Table header cells, if a table.
    pub columns: Vec<String>,
    /// Per paragraph of the document: whether the items took it.
    pub used: Vec<bool>,
    /// What the segmenter was unsure of.
    pub warnings: Vec<Warning>,
    /// The judge's score.
    pub score: f64,
    /// For a table reading, per table of the document, the row of its header (rows above it
    /// are notice text).
    pub header_rows: Vec<Option<usize>>,
}

impl Reading {
    /// A reading of paragraphs (no table columns, no warnings of its own).
    pub fn of_paragraphs(
        segmenter: Segmenter,
        detail: impl Into<String>,
        items: Vec<ParsedItem>,
        used: Vec<bool>,
        score: f64,
    ) -> Reading {
        Reading {
            segmenter,
            detail: detail.into(),
            items,
            columns: Vec::new(),
            used,
            warnings: Vec::new(),
            score,
            header_rows: Vec::new(),
        }
    }
}

/// Paragraphs of a text, one a line, for the segmenters' tests.
#[cfg(test)]
pub(crate) fn paras_of(text: &str) -> Vec<Para> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Para {
            text: l.to_string(),
            loc: format!("line {}", i + 1),
        })
        .collect()
}

/// The document's paragraphs, in order.
pub fn paragraphs(doc: &Doc) -> Vec<Para> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) if !p.text.trim().is_empty() => Some(p.clone()),
            _ => None,
        })
        .collect()
}

/// Facts about the document the judge uses.
pub fn facts(doc: &Doc, paras: &[Para]) -> DocFacts {
    let mut chars = 0;
    let mut announced = None;
    for p in paras {
        if !judge::is_chrome(&p.text) {
            chars += p.text.len();
        }
        if announced.is_none() {
            announced = judge::announced_count(&p.text);
        }
    }
    for b in &doc.blocks {
        if let Block::Table(t) = b {
            for c in t.rows.iter().flatten() {
                chars += c.lines.iter().map(String::len).sum::<usize>();
            }
        }
    }
    DocFacts { chars, announced }
}

/// Every reading of a document, best first; `columns`, when given, says what each column of
/// the list's table holds.
pub fn readings(doc: &Doc, columns: Option<&[Option<table::Role>]>) -> Vec<Reading> {
    let paras = paragraphs(doc);
    // What the judge needs about the document, worked out only when a reading is judged.
    let facts = std::cell::OnceCell::new();
    let get_facts = || *facts.get_or_init(|| self::facts(doc, &paras));
    let mut out = Vec::new();
    if let Some(r) = table_reading(doc, &paras, &get_facts, columns) {
        out.push(r);
    }
    // A document table with a header that reads well is the list: nothing else is tried.
    if out.first().is_some_and(|r| r.score >= STRUCTURE_IS_ENOUGH) {
        return out;
    }
    let facts = get_facts();
    out.extend(grid::readings(&paras, &facts, columns));
    out.extend(chains::readings(&paras, &facts));
    // Readings of plain paragraphs are tried only when no table or numbering reads well.
    let structured = out.iter().map(|r| r.score).fold(0.0, f64::max);
    if structured < STRUCTURE_IS_ENOUGH {
        out.extend(clauses::semicolon_reading(&paras, &facts));
        out.extend(clauses::paragraph_reading(&paras, &facts));
        out.extend(clauses::sentence_reading(&paras, &facts));
        out.extend(clauses::enumeration_reading(&paras, &facts));
    }
    out.retain(|r| !r.items.is_empty());
    if out.is_empty() {
        out.extend(manual::lines_reading(&paras));
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// A table or numbering that scores this well is taken without trying the readings of
/// plain paragraphs (which no such document has needed in the corpus, and which cost the
/// most).
const STRUCTURE_IS_ENOUGH: f64 = 0.6;

/// The score of a document table whose header names a task column and a responsibility
/// column: as high as the best-judged readings go.
const TABLE_WITH_LIST_HEADER: f64 = 1.5;

/// The tables of a document that have a recognisable header, as one reading; a table that
/// follows with the same width and no header continues the one before.
fn table_reading(
    doc: &Doc,
    paras: &[Para],
    facts: &dyn Fn() -> DocFacts,
    columns_chosen: Option<&[Option<table::Role>]>,
) -> Option<Reading> {
    let mut b = Builder::default();
    let mut columns: Vec<String> = Vec::new();
    let mut header: Option<table::Header> = None;
    let mut header_rows = Vec::new();
    for block in &doc.blocks {
        let Block::Table(t) = block else { continue };
        let mut found = table::find_header(t);
        if let (Some(h), Some(c)) = (found.as_mut(), columns_chosen)
            && c.len() == h.roles.len()
        {
            h.roles = c.to_vec();
        }
        header_rows.push(found.as_ref().map(|h| h.row));
        if let Some(h) = found {
            if columns.is_empty() {
                columns = h.names.clone();
            }
            table::read_items(t, &h, &mut b);
            header = Some(h);
        } else if let Some(h) = header
            .as_ref()
            .filter(|h| t.rows.first().is_some_and(|r| r.len() == h.names.len()))
        {
            // A table continued after a page or section break, header not repeated.
            let mut cont = Table {
                rows: Vec::with_capacity(t.rows.len() + 1),
                explicit_merges: t.explicit_merges,
            };
            cont.rows.push(
                h.names
                    .iter()
                    .map(|n| Cell::new(vec![n.clone()], String::new()))
                    .collect(),
            );
            cont.rows.extend(t.rows.iter().cloned());
            let h2 = table::Header {
                row: 0,
                roles: h.roles.clone(),
                names: h.names.clone(),
            };
            table::read_items(&cont, &h2, &mut b);
        }
    }
    let (items, warnings) = b.take();
    if items.is_empty() {
        return None;
    }
    // A header that names both the task and who answers for it is the list's own header:
    // such a table is the list, and the judge is not asked (it costs a twentieth of a parse).
    use crate::list::columns as table_roles;
    let roles: Vec<table_roles::Role> = columns
        .iter()
        .filter_map(|c| table_roles::role_of(c))
        .collect();
    let task = roles
        .iter()
        .any(|r| matches!(r, table_roles::Role::Name | table_roles::Role::Content));
    let answerable = roles.iter().any(|r| {
        matches!(
            r,
            table_roles::Role::Lead
                | table_roles::Role::Co
                | table_roles::Role::Leaders
                | table_roles::Role::Deadline
        )
    });
    let score = if task && answerable && items.len() >= 3 {
        TABLE_WITH_LIST_HEADER
    } else {
        judge::score(1.5, &items, &facts())
    };
    Some(Reading {
        segmenter: Segmenter::Table,
        detail: columns.join(" | "),
        items,
        columns,
        used: vec![false; paras.len()],
        warnings,
        score,
        header_rows,
    })
}
