//! Lists without numbers: items split by `；` inside a paragraph (办好10件实事：A；B；C。),
//! and items that are paragraphs of their own under short headings, or opened by a short
//! title sentence (小区环境综合改造。街道按照…). Lines flattened with single spaces between
//! paragraphs are split back first.

mod enumeration;
mod paragraphs;
mod sentences;

use super::item_text;
use super::judge::{DocFacts, score};
use super::{Reading, Segmenter};
use crate::doc::Para;
use crate::model::ParsedItem;
pub use enumeration::enumeration_reading;
pub use paragraphs::{paragraph_reading, unflatten};
pub use sentences::sentence_reading;

/// Splits a text at `；` outside brackets and quotes.
fn split_semicolons(text: &str) -> Vec<String> {
    crate::textnorm::split_outside_brackets(text, |c| c == '；', false, false)
}

/// The introduction before a list in a clause: up to the last `：`, or up to `，即` /
/// `包括` / `分别是`. Returns the introduction and the rest.
fn split_intro(text: &str) -> Option<(&str, &str)> {
    if let Some(p) = text.rfind('：') {
        return Some((&text[..p], &text[p + '：'.len_utf8()..]));
    }
    for w in ["，即", "即：", "包括：", "包括", "分别是", "分别为"] {
        if let Some(p) = text.find(w) {
            return Some((&text[..p], &text[p + w.len()..]));
        }
    }
    None
}

/// A category from an introduction: its last clause, if short (“两个实施”, 城市配套提升类).
fn intro_category(intro: &str) -> Option<String> {
    let tail = intro
        .trim_end_matches(['，', '：', ' '])
        .rsplit(['。', '，', '；'])
        .next()
        .unwrap_or("")
        .trim();
    let tail = crate::list::strip_numbering(tail);
    let tail = tail
        .strip_prefix(|c: char| crate::numbers::is_chinese_numeral(c))
        .and_then(|t| t.strip_prefix('是'))
        .unwrap_or(tail);
    let n = tail.chars().count();
    ((2..=16).contains(&n)
        && !tail.contains("实事")
        && super::judge::announced_count(tail).is_none())
    .then(|| crate::textnorm::squash(tail.trim_matches(['“', '”', '"'])))
}

/// Items split by semicolons: each paragraph of at least three clauses — or two, when several
/// paragraphs are built alike — after its introduction.
pub fn semicolon_reading(paras: &[Para], facts: &DocFacts) -> Option<Reading> {
    let split: Vec<Vec<String>> = paras.iter().map(|p| split_semicolons(&p.text)).collect();
    let pairs = split.iter().filter(|p| p.len() >= 2).count();
    let mut items: Vec<ParsedItem> = Vec::new();
    let mut used = vec![false; paras.len()];
    for (i, parts) in split.iter().enumerate() {
        if parts.len() < 3 && !(parts.len() == 2 && pairs >= 2) {
            continue;
        }
        let (first, category) = match split_intro(&parts[0]) {
            Some((intro, rest)) => (rest.to_string(), intro_category(intro)),
            None => (parts[0].clone(), None),
        };
        let mut segs = vec![first];
        segs.extend(parts[1..].iter().cloned());
        for s in segs {
            let s = s.trim().trim_end_matches('。').to_string();
            if s.is_empty() {
                continue;
            }
            let mut it = item_text::build((items.len() + 1) as u32, &[s.as_str()], &paras[i].loc);
            it.category = category.clone();
            items.push(it);
        }
        used[i] = true;
    }
    if items.len() < 3 {
        return None;
    }
    let score = score(0.85, &items, facts);
    Some(Reading::of_paragraphs(
        Segmenter::Semicolon,
        "；",
        items,
        used,
        score,
    ))
}

#[cfg(test)]
mod tests;
