//! A reading cut by hand: a person marked the paragraphs where items start; each item runs
//! to the paragraph before the next start (the last one to its own paragraph, with any note
//! or progress lines after it).

use super::item_text;
use super::judge::is_chrome;
use super::{Reading, Segmenter};
use crate::doc::Para;

/// Items starting at `starts` (1-based paragraph numbers, in any order).
pub fn reading(paras: &[Para], starts: &[usize]) -> Reading {
    let mut s: Vec<usize> = starts
        .iter()
        .filter(|k| **k >= 1 && **k <= paras.len())
        .map(|k| k - 1)
        .collect();
    s.sort_unstable();
    s.dedup();
    let mut used = vec![false; paras.len()];
    let mut items = Vec::new();
    for (n, &from) in s.iter().enumerate() {
        let to = match s.get(n + 1) {
            Some(&next) => next,
            None => {
                let mut end = from + 1;
                while end < paras.len() && {
                    let t = &paras[end].text;
                    !is_chrome(t) && (item_text::is_progress(t) || has_note(t))
                } {
                    end += 1;
                }
                end
            }
        };
        let mut lines: Vec<&str> = paras[from..to]
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| !is_chrome(t))
            .collect();
        // A number at the start of the first line is the item's number, not its text.
        let mut seq = (n + 1) as u32;
        if let Some(first) = lines.first().copied() {
            let chars: Vec<char> = first.trim_start().chars().collect();
            let at = chars
                .iter()
                .take_while(|c| matches!(c, '*' | '★' | '#' | ' '))
                .count();
            if let Some(m) = super::enumerators::mark_at(&chars, at) {
                let byte = first
                    .trim_start()
                    .char_indices()
                    .nth(m.end)
                    .map_or(first.len(), |(p, _)| p);
                lines[0] = &first.trim_start()[byte..];
                if m.value > 0 {
                    seq = m.value;
                }
            }
        }
        let it = item_text::build(seq, &lines, &paras[from].loc);
        for u in &mut used[from..to] {
            *u = true;
        }
        items.push(it);
    }
    let detail = s
        .iter()
        .map(|k| (k + 1).to_string())
        .collect::<Vec<_>>()
        .join(",");
    Reading::of_paragraphs(Segmenter::Manual, detail, items, used, 1.0)
}

fn has_note(t: &str) -> bool {
    let (_, n) = crate::list::respnote::take_notes(t);
    !n.lead.is_empty() || !n.co.is_empty() || !n.leaders.is_empty() || n.deadline.is_some()
}

/// Every line an item: the reading of last resort, for a text no segmenter reads (a few
/// items typed one per line). Page furniture is left out.
pub fn lines_reading(paras: &[Para]) -> Option<Reading> {
    let starts: Vec<usize> = paras
        .iter()
        .enumerate()
        .filter(|(_, p)| !is_chrome(&p.text))
        .map(|(k, _)| k + 1)
        .collect();
    if starts.is_empty() {
        return None;
    }
    let mut r = reading(paras, &starts);
    r.segmenter = Segmenter::Lines;
    r.detail = String::new();
    r.score = 0.05;
    Some(r)
}
