//! Numbered readings: for each style of enumerator, the runs 1, 2, 3 … it forms (at line
//! starts, or anywhere in a paragraph), with headings of another style — or short unnumbered
//! lines — before the items as their categories. One reading per style and mode; the judge
//! decides which numbering is the list and which is the notice's or an item's own.

mod categories;
mod runs;
mod tail;

use super::enumerators::{Mark, Style, marks};
use super::item_text;
use super::judge::{DocFacts, is_chrome, score};
use super::{Reading, Segmenter};
use crate::doc::Para;
use crate::model::ParsedItem;
use categories::{categories, heading_like};
use runs::{Mode, runs};
use tail::continues_last;

/// The paragraphs as one text, with where each line starts.
pub struct Text {
    /// All lines joined by `\n`.
    pub chars: Vec<char>,
    /// Char index where each line starts.
    pub starts: Vec<usize>,
}

impl Text {
    /// Joins paragraphs.
    pub fn new(paras: &[Para]) -> Text {
        let mut chars = Vec::new();
        let mut starts = Vec::with_capacity(paras.len());
        for p in paras {
            starts.push(chars.len());
            chars.extend(p.text.trim().chars());
            chars.push('\n');
        }
        Text { chars, starts }
    }

    /// The line a char belongs to.
    pub fn line_of(&self, pos: usize) -> usize {
        match self.starts.binary_search(&pos) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        }
    }

    /// Char index where a line ends (its `\n`).
    pub fn line_end(&self, line: usize) -> usize {
        self.starts
            .get(line + 1)
            .map_or(self.chars.len(), |s| s - 1)
    }

    fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from.min(to)..to].iter().collect()
    }
}

/// The text a mark heads: to the end of its line or the next mark, whichever is first.
fn own_text(text: &Text, m: &Mark, next: Option<usize>) -> String {
    let end = text.line_end(text.line_of(m.start));
    let end = next.map_or(end, |n| n.min(end));
    text.slice(m.end, end)
}

/// Index of the paragraph after a short 附件 line, where an attached list begins.
fn attachment_line(paras: &[Para]) -> Option<usize> {
    paras.iter().position(|p| {
        let t: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        t.starts_with("附件") && t.chars().count() <= 6
    })
}

/// Numbered readings of the paragraphs.
pub fn readings(paras: &[Para], facts: &DocFacts) -> Vec<Reading> {
    let text = Text::new(paras);
    let mut all = marks(&text.chars);
    // A list attached to a notice starts after its 附件 line; the notice's own 一、二、 are not it.
    if let Some(a) = attachment_line(paras) {
        let from = text.starts[a];
        if all.iter().filter(|m| m.start >= from).count() >= 2 {
            all.retain(|m| m.start >= from);
        }
    }
    // An item number right after a heading on the same line (二、助餐行动（2项） *1.新增…)
    // starts its item as if it began the line.
    for k in 1..all.len() {
        let (h, m) = (all[k - 1], all[k]);
        if !m.line_start
            && h.line_start
            && h.style != m.style
            && text.line_of(h.start) == text.line_of(m.start)
            && heading_like(&text.slice(h.end, m.start))
        {
            all[k].line_start = true;
        }
    }
    let mut styles: Vec<Style> = all.iter().map(|m| m.style).collect();
    styles.sort();
    styles.dedup();
    let mut out: Vec<Reading> = Vec::new();
    for &style in &styles {
        let mut line_start_marks: Option<Vec<Mark>> = None;
        for mode in [Mode::LineStart, Mode::Inline] {
            let rs = runs(&all, style, mode);
            let total: usize = rs.iter().map(Vec::len).sum();
            let longest = rs.iter().map(Vec::len).max().unwrap_or(0);
            if total < 2 || longest < 2 {
                continue;
            }
            let kept: Vec<Mark> = rs
                .into_iter()
                .filter(|r| r.len() >= 2 || r[0].line_start)
                .flatten()
                .collect();
            // Inline runs that found only the line-start marks read the same.
            if line_start_marks.as_ref() == Some(&kept) {
                continue;
            }
            if mode == Mode::LineStart {
                line_start_marks = Some(kept.clone());
            }
            let reading = build(paras, &text, &all, &kept, style, mode, facts);
            if out.iter().any(|o| o.items == reading.items) {
                continue;
            }
            out.push(reading);
        }
    }
    out.extend(composites(&out, facts));
    out
}

/// Two lists on one page, numbered differently (a leader's four pledges 1.–4., then the ten
/// projects 之一：…之十：): the best readings that take no paragraph in common, read as one.
fn composites(readings: &[Reading], facts: &DocFacts) -> Vec<Reading> {
    let mut best: Vec<&Reading> = readings.iter().filter(|r| r.items.len() >= 2).collect();
    best.sort_by(|a, b| b.score.total_cmp(&a.score));
    best.truncate(3);
    let mut out = Vec::new();
    for (i, a) in best.iter().enumerate() {
        for b in &best[i + 1..] {
            let apart = a.used.iter().zip(&b.used).all(|(x, y)| !(*x && *y));
            if !apart || a.detail == b.detail {
                continue;
            }
            let first = |r: &Reading| r.used.iter().position(|u| *u).unwrap_or(usize::MAX);
            let (x, y) = if first(a) <= first(b) { (a, b) } else { (b, a) };
            let items: Vec<ParsedItem> = x.items.iter().chain(&y.items).cloned().collect();
            let used = x.used.iter().zip(&y.used).map(|(p, q)| *p || *q).collect();
            let score = score(1.1, &items, facts);
            out.push(Reading::of_paragraphs(
                x.segmenter,
                format!("{} + {}", x.detail, y.detail),
                items,
                used,
                score,
            ));
        }
    }
    out
}

fn build(
    paras: &[Para],
    text: &Text,
    all: &[Mark],
    items: &[Mark],
    style: Style,
    mode: Mode,
    facts: &DocFacts,
) -> Reading {
    let cats = categories(text, all, items, style);
    let mut bounds: Vec<usize> = items.iter().map(|m| m.start).collect();
    bounds.extend(cats.iter().map(|c| c.start));
    bounds.sort_unstable();
    let mut used = vec![false; paras.len()];
    let mut out: Vec<ParsedItem> = Vec::new();
    for (k, m) in items.iter().enumerate() {
        let next = bounds.iter().copied().find(|b| *b > m.start);
        let first_line = text.line_of(m.start);
        let mut end = match next {
            Some(n) => n,
            None => {
                // The last item: its own line, then lines that continue it.
                let own = text.slice(m.end, text.line_end(first_line));
                let own = own.trim();
                // A number alone, or a title line: the item's text is on the lines below.
                let short = mode == Mode::LineStart
                    && (own.is_empty()
                        || own.ends_with('：')
                        || own.chars().count() <= 40 && heading_like(own) && !own.ends_with('。'));
                let mut last = first_line;
                let mut taken = 0;
                while last + 1 < paras.len() && taken < 12 {
                    let t = &paras[last + 1].text;
                    if !continues_last(t, short)
                        || (short
                            && taken >= 1
                            && !item_text::is_progress(t)
                            && t.chars().count() > 200)
                    {
                        break;
                    }
                    last += 1;
                    taken += 1;
                }
                text.line_end(last)
            }
        };
        if mode == Mode::Inline && next.is_some_and(|n| text.line_of(n) != first_line) {
            // An inline item ends with its paragraph unless the next mark is on a later line
            // that the paragraph runs into.
            end = end.min(next.unwrap_or(end));
        }
        let body = text.slice(m.end, end);
        let lines: Vec<&str> = body
            .split('\n')
            .filter(|l| !is_chrome(l) || l.trim().is_empty())
            .collect();
        let mut it = item_text::build(m.value, &lines, &paras[first_line].loc);
        if it.name.is_none() && it.content.is_none() {
            continue;
        }
        it.category = cats
            .iter()
            .rev()
            .find(|c| c.start < m.start)
            .map(|c| c.name.clone())
            .filter(|n| !n.is_empty());
        let last_line = text.line_of(end.saturating_sub(1).max(m.start));
        used[first_line..=last_line]
            .iter_mut()
            .for_each(|u| *u = true);
        let _ = k;
        out.push(it);
    }
    for c in &cats {
        if c.start >= items.first().map_or(usize::MAX, |m| m.start)
            || bounds.first() == Some(&c.start)
        {
            used[text.line_of(c.start)] = true;
        }
        let _ = c.end;
    }
    let (segmenter, prior) = match (style, mode) {
        (Style::Ordinal, _) => (Segmenter::OrdinalWords, 1.1),
        (_, Mode::LineStart) => (Segmenter::Numbered, 1.2),
        (_, Mode::Inline) => (Segmenter::Inline, 1.05),
    };
    // Headings read as items: short titles on their own lines, each holding a list of
    // another numbering, are the categories of a list, not its items.
    let holders = items
        .iter()
        .enumerate()
        .filter(|(k, m)| {
            let next = items.get(k + 1).map_or(text.chars.len(), |n| n.start);
            m.line_start
                && heading_like(&own_text(text, m, None))
                && all
                    .iter()
                    .filter(|x| x.style != style && x.start > m.start && x.start < next)
                    .count()
                    >= 2
        })
        .count();
    // Sub-points of titled paragraphs: the numbering starts again in several paragraphs,
    // each time after the paragraph's own title sentence (关于X。一是…二是…); the paragraphs
    // are the items.
    let titled_restarts = items
        .iter()
        .filter(|m| m.value == 1 && !m.line_start)
        .filter(|m| {
            let line = text.line_of(m.start);
            let lead = text.slice(text.starts[line], m.start);
            lead.trim_end().ends_with('。') && heading_like(&lead)
        })
        .count();
    let nested_penalty = if holders * 2 >= items.len() || titled_restarts >= 2 {
        0.6
    } else {
        1.0
    };
    let score = score(prior, &out, facts) * nested_penalty;
    Reading::of_paragraphs(segmenter, style.sample(), out, used, score)
}

#[cfg(test)]
mod tests;
