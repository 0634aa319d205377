//! The importer's output: the gold schema of the seed labels, plus warnings and kept notice text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the list was laid out in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// A table with a header row.
    Table,
    /// Numbered paragraphs.
    Numbered,
}

/// A whole parsed document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParsedList {
    /// File name of the source.
    pub file: String,
    /// Region that issued the list, if the document names it.
    pub region: Option<String>,
    /// Year the list is for.
    pub year: Option<i32>,
    /// Table or numbered paragraphs.
    pub layout: Layout,
    /// Title of the list (清单/汇总表 title, else the notice title).
    pub title: Option<String>,
    /// Document number (文号).
    pub doc_number: Option<String>,
    /// Issuing authority (发文机关).
    pub issuer: Option<String>,
    /// Date of issue.
    pub issued_on: Option<NaiveDate>,
    /// Deadline for the whole list.
    pub default_deadline: Option<NaiveDate>,
    /// Header cells of the table, in order (empty for numbered lists).
    pub columns: Vec<String>,
    /// The items, in document order.
    pub items: Vec<ParsedItem>,
    /// Text outside the items (the notice), kept so nothing is silently dropped.
    pub notice: Vec<String>,
    /// Everything uncertain, with where it was found.
    pub warnings: Vec<Warning>,
    /// How the list was read: which segmenter, its score, whether the importer is confident.
    #[serde(default)]
    pub reading: Option<ReadingInfo>,
    /// The other readings, best first, each with its items, for a person to switch to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// The document was in Traditional script and was read as Simplified.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_traditional: bool,
}

impl ParsedList {
    /// A list with no items, to start a plan by hand.
    pub fn empty(title: Option<String>, region: Option<String>, year: Option<i32>) -> ParsedList {
        ParsedList {
            file: String::new(),
            region,
            year,
            layout: Layout::Numbered,
            title,
            doc_number: None,
            issuer: None,
            issued_on: None,
            default_deadline: None,
            columns: Vec::new(),
            items: Vec::new(),
            notice: Vec::new(),
            warnings: Vec::new(),
            reading: None,
            alternatives: Vec::new(),
            from_traditional: false,
        }
    }
}

/// Which reading of a document was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingInfo {
    /// The segmenter.
    pub segmenter: crate::segment::Segmenter,
    /// Its variant: the numbering style or the table header.
    pub detail: String,
    /// The judge's score (higher is better; comparable between readings of one document).
    pub score: f64,
    /// Whether the importer is confident: a good score, well ahead of the next reading.
    pub confident: bool,
    /// Its place among the document's readings, best first (0): the number to ask for to
    /// read the document this way again.
    #[serde(default)]
    pub rank: usize,
}

/// Another reading of the same document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// How it was read.
    pub info: ReadingInfo,
    /// Table header cells, if a table.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Its items, finished like the chosen reading's.
    pub items: Vec<ParsedItem>,
}

/// One item of the list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParsedItem {
    /// Serial number as printed.
    pub seq: String,
    /// Group heading without its 一、 numbering.
    pub category: Option<String>,
    /// Level such as 市级民生实事.
    pub level: Option<String>,
    /// Item name.
    pub name: Option<String>,
    /// Summary (内容概述).
    pub summary: Option<String>,
    /// Goal and task text.
    pub content: Option<String>,
    /// Lead units, in order.
    pub lead_units: Vec<String>,
    /// Co-operating units, in order.
    pub co_units: Vec<String>,
    /// Leaders in charge, in order.
    pub leaders: Vec<String>,
    /// Deadline as written.
    pub deadline_text: Option<String>,
    /// Deadline as a date.
    pub deadline: Option<NaiveDate>,
    /// Quantified targets.
    pub targets: Vec<ParsedTarget>,
    /// Columns the importer has no field for (备注, 总投资 …), by header text.
    pub extra: BTreeMap<String, String>,
    /// Where the item starts in the source (line or table cell).
    pub source: String,
}

/// A quantified target read from an item's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedTarget {
    /// The words it was read from, verbatim (whitespace removed).
    pub text: String,
    /// What is counted.
    pub metric: String,
    /// Normalised value.
    pub value: f64,
    /// Unit, rates with their denominator (元/人·月).
    pub unit: String,
    /// eq / ge / le.
    pub comparator: minsheng_domain::Comparator,
    /// What kind of commitment it is (a count, a level, a rate, a ceiling).
    #[serde(default)]
    pub kind: Option<minsheng_domain::TargetKind>,
    /// The starting value when the text gives one (从788元提高到1050元 → 788).
    #[serde(default)]
    pub baseline: Option<f64>,
    /// Never set by the importer: every target it finds is offered as a commitment.
    #[serde(default)]
    pub optional: bool,
}

/// Something the importer was unsure about, or text it could not place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Where: `line 12` or `table 1 row 3 col 2`.
    pub location: String,
    /// Stable code, e.g. `unplaced_text`, `no_deadline`.
    pub code: String,
    /// Human-readable explanation in Chinese (English in brackets).
    pub message: String,
}

/// A human-readable view of a parsed list, for `minsheng parse --format table`.
pub fn render_table(list: &ParsedList) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    let _ = writeln!(s, "标题 title: {}", opt(&list.title));
    let _ = writeln!(
        s,
        "地区 region: {}   年度 year: {}",
        opt(&list.region),
        list.year.map_or("—".into(), |y| y.to_string())
    );
    let _ = writeln!(
        s,
        "文号 doc no.: {}   发文机关 issuer: {}   日期 issued: {}",
        opt(&list.doc_number),
        opt(&list.issuer),
        list.issued_on.map_or("—".into(), |d| d.to_string())
    );
    if let Some(d) = list.default_deadline {
        let _ = writeln!(s, "整体期限 default deadline: {d}");
    }
    if let Some(r) = &list.reading {
        let _ = writeln!(
            s,
            "读法 reading: {} {} · 得分 score {:.2} · {}",
            r.segmenter.label_zh(),
            r.detail,
            r.score,
            if r.confident {
                "把握较大 (confident)"
            } else {
                "把握不大，请核对 (uncertain: check)"
            }
        );
    }
    if list.from_traditional {
        let _ = writeln!(s, "原文为繁体，已按简体读取 (read from Traditional script)");
    }
    let _ = writeln!(
        s,
        "共 {} 项 items; 表头 columns: {}\n",
        list.items.len(),
        list.columns.join(" | ")
    );
    let mut category: Option<&str> = None;
    for it in &list.items {
        if it.category.as_deref() != category {
            category = it.category.as_deref();
            let _ = writeln!(s, "【{}】", category.unwrap_or("—"));
        }
        let title = it
            .name
            .clone()
            .or_else(|| it.content.clone().map(|c| c.chars().take(30).collect()))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{:>3}. {}{}",
            it.seq,
            title,
            it.level
                .as_ref()
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default()
        );
        if !it.lead_units.is_empty() || !it.co_units.is_empty() {
            let _ = writeln!(
                s,
                "     牵头 lead: {}   协办 co: {}",
                it.lead_units.join("、"),
                it.co_units.join("、")
            );
        }
        if !it.leaders.is_empty() {
            let _ = writeln!(s, "     领导 leaders: {}", it.leaders.join("、"));
        }
        if it.deadline.is_some() || it.deadline_text.is_some() {
            let _ = writeln!(
                s,
                "     期限 deadline: {} ({})",
                it.deadline.map_or("—".into(), |d| d.to_string()),
                opt(&it.deadline_text)
            );
        }
        for t in &it.targets {
            let _ = writeln!(
                s,
                "     · {} {}{} {}",
                t.metric,
                t.comparator.label_zh(),
                t.value,
                t.unit
            );
        }
    }
    if !list.alternatives.is_empty() {
        let _ = writeln!(
            s,
            "\n其他读法 other readings（改用：--reading K；手工标出每项起点：--paragraphs 后 --starts N,N,…）:"
        );
        for a in &list.alternatives {
            let first = a
                .items
                .first()
                .and_then(|it| it.name.clone().or_else(|| it.content.clone()))
                .map(|t| t.chars().take(24).collect::<String>())
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  K={} {} {} — {} 项 items, 得分 score {:.2}；首项 first: {}",
                a.info.rank,
                a.info.segmenter.label_zh(),
                a.info.detail.chars().take(30).collect::<String>(),
                a.items.len(),
                a.info.score,
                first
            );
        }
    }
    if !list.warnings.is_empty() {
        let _ = writeln!(s, "\n警告 warnings ({}):", list.warnings.len());
        for w in &list.warnings {
            let _ = writeln!(s, "  [{}] {}: {}", w.code, w.location, w.message);
        }
    }
    s
}
