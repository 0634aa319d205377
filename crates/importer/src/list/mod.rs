//! Interpreting a [`Doc`]: find the list (a table with a recognisable header, else numbered
//! paragraphs), read the notice metadata, then finish every item — deadlines as dates,
//! targets, and warnings for whatever is doubtful.

pub mod columns;
pub mod meta;
pub mod numbered;
pub mod respnote;
pub mod table;

use crate::deadline::{deadline_in_content, parse_deadline_cell};
use crate::doc::{Block, Cell, Doc, Para, Table};
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

/// Turns a document into a parsed list.
pub fn interpret(doc: &Doc) -> Result<ParsedList, ImportError> {
    let mut b = Builder::default();
    let mut notice: Vec<(String, String)> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut header: Option<table::Header> = None;
    let mut paras: Vec<Para> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Para(p) => paras.push(p.clone()),
            Block::Table(t) => {
                if let Some(h) = table::find_header(t) {
                    for row in &t.rows[..h.row] {
                        for c in row.iter().filter(|c| !c.is_blank()) {
                            notice.push((c.text(), c.loc.clone()));
                        }
                    }
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
                } else {
                    for row in &t.rows {
                        let line: Vec<String> = row
                            .iter()
                            .map(Cell::text)
                            .filter(|s| !s.is_empty())
                            .collect();
                        if !line.is_empty() {
                            b.warn(&row[0].loc, "unplaced_row", "表格行不属于清单（没有可识别的表头），已作为通知正文保留 (table row outside the list kept as notice text)".into());
                            notice.push((line.join(" "), row[0].loc.clone()));
                        }
                    }
                }
            }
        }
    }
    let layout = if b.items.is_empty() {
        let used = numbered::read_items(&paras, &mut b);
        for (i, p) in paras.iter().enumerate() {
            if !used.contains(&i) {
                notice.push((p.text.clone(), p.loc.clone()));
            }
        }
        Layout::Numbered
    } else {
        notice.extend(paras.iter().map(|p| (p.text.clone(), p.loc.clone())));
        Layout::Table
    };
    if b.items.is_empty() {
        return Err(ImportError::NoList);
    }
    let notice_lines: Vec<&str> = notice.iter().map(|(t, _)| t.as_str()).collect();
    let mut all_years = Vec::new();
    for it in &b.items {
        for f in [&it.name, &it.summary, &it.content].into_iter().flatten() {
            all_years.extend(meta::years_in(f));
        }
    }
    let m = meta::extract(&notice_lines, &all_years);
    let year = m.year;
    if year.is_none() {
        b.warn("document", "no_year", "未能确定清单年度，期限无法换算为日期；导入时请指定年度 (year unknown: give it on import)".into());
    }
    let default_deadline = meta::default_deadline(&notice_lines, year);
    finish_items(&mut b, year);
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
        notice: notice.into_iter().map(|(t, _)| t).collect(),
        warnings: std::mem::take(&mut b.warnings),
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
