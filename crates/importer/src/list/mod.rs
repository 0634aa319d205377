//! Interpreting a [`Doc`]: find the list (a table with a recognisable header, else numbered
//! paragraphs), read the notice metadata, then finish every item — deadlines as dates,
//! targets, and warnings for whatever is doubtful.

pub mod columns;
pub mod meta;
pub mod respnote;
pub mod table;

use crate::deadline::{deadline_in_content, parse_deadline_cell};
use crate::doc::{Block, Cell, Doc};
use crate::model::{Layout, ParsedItem, ParsedList, Warning};
use crate::{ImportError, targets};

/// Collects items and warnings while a list is read.
#[derive(Default)]
pub struct Builder {
    items: Vec<ParsedItem>,
    warnings: Vec<Warning>,
    /// The list's year when already known.
    pub year: Option<i32>,
}

impl Builder {
    /// Adds an item.
    pub fn push(&mut self, item: ParsedItem) {
        self.items.push(item);
    }

    /// The items and warnings collected.
    pub fn take(&mut self) -> (Vec<ParsedItem>, Vec<Warning>) {
        (
            std::mem::take(&mut self.items),
            std::mem::take(&mut self.warnings),
        )
    }

    /// Records a warning.
    pub fn warn(&mut self, location: &str, code: &'static str, message: String) {
        self.warnings.push(Warning {
            location: location.to_string(),
            code: code.to_string(),
            message,
        });
    }
}

/// Strips a leading enumerator: 一、 （一） (1) 1、 1. 第一部分.
pub fn strip_numbering(s: &str) -> &str {
    let t = s.trim();
    let is_num = |c: char| c.is_ascii_digit() || crate::numbers::is_chinese_numeral(c);
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(r) = t.strip_prefix(open)
            && let Some(p) = r.find(close)
            && p > 0
            && r[..p].chars().all(is_num)
        {
            return r[p + close.len_utf8()..]
                .trim_start_matches(['、', '.', '．', ' '])
                .trim();
        }
    }
    let end = t
        .char_indices()
        .find(|(_, c)| !is_num(*c))
        .map_or(t.len(), |(i, _)| i);
    if end > 0 {
        let rest = &t[end..];
        if let Some(r) = rest.strip_prefix(['、', '.', '．', ' ', '\u{3000}']) {
            return r.trim();
        }
        if rest.is_empty() {
            return rest;
        }
    }
    t
}

/// What a person chose in review: another reading, or where items start.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    /// Take this reading (index into the readings, best first) instead of the best.
    pub reading: Option<usize>,
    /// Items start at these paragraphs (1-based, as [`crate::paragraphs`] numbers them): a
    /// reading cut by hand.
    pub item_starts: Option<Vec<usize>>,
    /// What each column of the list's table holds, in the header's order (`None`: keep the
    /// column as an extra field), overriding what the header names say.
    pub columns: Option<Vec<Option<columns::Role>>>,
}

/// Turns a document into a parsed list, taking the best reading.
pub fn interpret(doc: &Doc) -> Result<ParsedList, ImportError> {
    interpret_with(doc, &Choice::default())
}

/// How far ahead of the next reading the best must be, and how good, to be taken without
/// asking: below these the review shows the readings side by side.
const CONFIDENT_SCORE: f64 = 0.35;
const CONFIDENT_LEAD: f64 = 1.15;

/// Turns a document into a parsed list, as the person chose.
pub fn interpret_with(doc: &Doc, choice: &Choice) -> Result<ParsedList, ImportError> {
    let paras = crate::segment::paragraphs(doc);
    let mut readings = crate::segment::readings(doc, choice.columns.as_deref());
    if let Some(starts) = &choice.item_starts {
        let r = crate::segment::manual::reading(&paras, starts);
        readings.insert(0, r);
    }
    if readings.is_empty() {
        return Err(ImportError::NoList);
    }
    let pick = if choice.item_starts.is_some() {
        0
    } else {
        choice.reading.filter(|k| *k < readings.len()).unwrap_or(0)
    };
    let confident = readings[0].score >= CONFIDENT_SCORE
        && readings
            .get(1)
            .is_none_or(|r| readings[0].score >= r.score * CONFIDENT_LEAD);
    let chosen = readings.remove(pick);
    let info =
        |r: &crate::segment::Reading, rank: usize, confident: bool| crate::model::ReadingInfo {
            segmenter: r.segmenter,
            detail: r.detail.clone(),
            score: (r.score * 1000.0).round() / 1000.0,
            confident,
            rank,
        };
    let reading = info(&chosen, pick, confident && pick == 0);
    let mut notice: Vec<String> = Vec::new();
    let mut para_k = 0;
    let mut table_k = 0;
    for block in &doc.blocks {
        match block {
            Block::Para(p) if !p.text.trim().is_empty() => {
                if !chosen.used.get(para_k).copied().unwrap_or(false) {
                    notice.push(p.text.trim().to_string());
                }
                para_k += 1;
            }
            Block::Para(_) => {}
            Block::Table(t) => {
                let first_body = match chosen.header_rows.get(table_k).copied().flatten() {
                    Some(row) if chosen.segmenter == crate::segment::Segmenter::Table => row,
                    _ => t.rows.len(),
                };
                table_k += 1;
                for row in &t.rows[..first_body] {
                    let line: Vec<String> = row
                        .iter()
                        .map(Cell::text)
                        .filter(|s| !s.is_empty())
                        .collect();
                    if !line.is_empty() {
                        notice.push(line.join(" "));
                    }
                }
            }
        }
    }
    let notice_lines: Vec<&str> = notice.iter().map(String::as_str).collect();
    let mut all_years = Vec::new();
    for l in &notice_lines {
        all_years.extend(meta::years_in(l));
    }
    for it in &chosen.items {
        for f in [&it.name, &it.summary, &it.content].into_iter().flatten() {
            all_years.extend(meta::years_in(f));
        }
    }
    let m = meta::extract(&notice_lines, &all_years);
    let year = m.year;
    let columns = chosen.columns;
    let mut b = Builder {
        items: chosen.items,
        warnings: chosen.warnings,
        year,
    };
    if year.is_none() {
        b.warn("document", "no_year", "未能确定清单年度，期限无法换算为日期；导入时请指定年度 (year unknown: give it on import)".into());
    }
    if !confident {
        b.warn("document", "reading_uncertain", "清单的版式不易确定：请核对条目是否分对；可以改用其他读法，或标出每一条的起点 (the layout is uncertain: check the items, or choose another reading)".into());
    }
    let default_deadline = meta::default_deadline(&notice_lines, year);
    // Items that name no unit, in a list one unit undertakes (区城市管理委共承办…7项).
    if b.items.iter().any(|it| it.lead_units.is_empty())
        && let Some(unit) = meta::undertaking_unit(&notice_lines)
    {
        for it in b.items.iter_mut().filter(|it| it.lead_units.is_empty()) {
            it.lead_units.push(unit.clone());
        }
        b.warn("document", "unit_from_notice", format!("各项未写责任单位，按文首“{unit}承办”填入，请核对 (the unit that undertakes the list was given to items naming none)"));
    }
    finish_items(&mut b, year);
    // Other readings carry their items as cut; targets and dates are read when a person
    // takes one (the document is then read again with that choice).
    let alternatives = readings
        .into_iter()
        .enumerate()
        .take(4)
        .map(|(k, r)| crate::model::Alternative {
            info: info(&r, if k < pick { k } else { k + 1 }, false),
            columns: r.columns,
            items: r.items,
        })
        .collect();
    let layout = match chosen.segmenter {
        crate::segment::Segmenter::Table
        | crate::segment::Segmenter::PipeRows
        | crate::segment::Segmenter::SpaceRows
        | crate::segment::Segmenter::CellLines => Layout::Table,
        _ => Layout::Numbered,
    };
    Ok(ParsedList {
        file: String::new(),
        region: m.region,
        year,
        layout,
        title: m.title,
        doc_number: m.doc_number,
        issuer: m.issuer,
        issued_on: m.issued_on,
        default_deadline,
        columns,
        items: std::mem::take(&mut b.items),
        notice,
        warnings: std::mem::take(&mut b.warnings),
        reading: Some(reading),
        alternatives,
        from_traditional: false,
    })
}

/// Serial numbers, then each item's deadline, targets and warnings.
fn finish_items(b: &mut Builder, year: Option<i32>) {
    let mut warnings = Vec::new();
    let mut seen_seq = std::collections::HashSet::new();
    for (k, it) in b.items.iter_mut().enumerate() {
        if it.seq.is_empty() {
            it.seq = (k + 1).to_string();
            warnings.push(warning(
                it,
                "seq_guessed",
                format!(
                    "没有序号，按顺序编为第 {} 项 (no serial number: numbered by position)",
                    it.seq
                ),
            ));
        }
        if !seen_seq.insert((it.category.clone(), it.seq.clone())) {
            warnings.push(warning(
                it,
                "duplicate_seq",
                format!("序号 {} 重复，请核对 (serial number repeated)", it.seq),
            ));
        }
        warnings.extend(refresh_item(it, year));
    }
    b.warnings.extend(warnings);
}

fn warning(it: &ParsedItem, code: &str, message: String) -> Warning {
    Warning {
        location: it.source.clone(),
        code: code.to_string(),
        message,
    }
}

/// Derives an item's deadline date and targets from its text, as after a correction in
/// review; returns the warnings that apply to the item as it now reads.
pub fn refresh_item(it: &mut ParsedItem, year: Option<i32>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    it.deadline = match it.deadline_text.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => {
            let d = parse_deadline_cell(t, year);
            let undated = ["年内", "全年", "长期", "持续", "常态", "逐年"]
                .iter()
                .any(|w| t.contains(w));
            if d.is_none() && !undated {
                warnings.push(warning(
                    it,
                    "deadline_unparsed",
                    format!("完成期限“{t}”无法换算为日期，原文已保留 (deadline kept as text)"),
                ));
            }
            d
        }
        None => [&it.name, &it.summary, &it.content]
            .into_iter()
            .flatten()
            .find_map(|f| deadline_in_content(f, year)),
    };
    if it.lead_units.is_empty() {
        warnings.push(warning(
            it,
            "no_lead_unit",
            format!(
                "第 {} 项没有责任单位，请在确认时补充 (no lead unit)",
                it.seq
            ),
        ));
    }
    it.targets = targets::extract_item(
        [&it.name, &it.summary, &it.content]
            .into_iter()
            .flatten()
            .map(String::as_str),
    );
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_enumerators() {
        assert_eq!(
            strip_numbering("一、助老扶老提升改造项目"),
            "助老扶老提升改造项目"
        );
        assert_eq!(strip_numbering("（三）文体惠民"), "文体惠民");
        assert_eq!(strip_numbering("12、新建"), "新建");
        assert_eq!(strip_numbering("十五"), "");
        assert_eq!(strip_numbering("“优生优育”服务项目"), "“优生优育”服务项目");
    }
}
