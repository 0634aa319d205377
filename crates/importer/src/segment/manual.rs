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
        let lines: Vec<&str> = paras[from..to]
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| !is_chrome(t))
            .collect();
        let mut it = item_text::build((n + 1) as u32, &lines, &paras[from].loc);
        // The person's start is the item: a leading enumerator is its number, not its text.
        if let Some(c) = it.content.as_deref().or(it.name.as_deref()) {
            let stripped = crate::list::strip_numbering(c);
            if stripped.len() < c.len() && !stripped.is_empty() {
                if it.content.is_some() {
                    it.content = Some(stripped.to_string());
                } else {
                    it.name = Some(stripped.to_string());
                }
            }
        }
        for u in &mut used[from..to] {
            *u = true;
        }
        items.push(it);
    }
    Reading {
        segmenter: Segmenter::Manual,
        detail: s
            .iter()
            .map(|k| (k + 1).to_string())
            .collect::<Vec<_>>()
            .join(","),
        items,
        columns: Vec::new(),
        used,
        warnings: Vec::new(),
        score: 1.0,
        header_rows: Vec::new(),
    }
}

fn has_note(t: &str) -> bool {
    let (_, n) = crate::list::respnote::take_notes(t);
    !n.lead.is_empty() || !n.co.is_empty() || !n.leaders.is_empty() || n.deadline.is_some()
}
