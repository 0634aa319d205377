//! Items named in a sentence, separated by `、` (包括A、B、C等3个项目).

use super::{intro_category, split_intro};
use crate::doc::Para;
use crate::model::ParsedItem;
use crate::segment::item_text;
use crate::segment::judge::{DocFacts, score};
use crate::segment::{Reading, Segmenter};

/// Splits at `、` outside brackets and quotes.
fn split_enumeration(text: &str) -> Vec<String> {
    crate::textnorm::split_outside_brackets(text, |c| c == '、', false, true)
}

/// The end of an enumeration: 等6个项目, 等10件, 等.
fn strip_enumeration_tail(last: &str) -> &str {
    if let Some(p) = last.rfind('等') {
        let tail = &last[p + '等'.len_utf8()..];
        if tail.is_empty()
            || tail
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || crate::numbers::is_chinese_numeral(c))
        {
            return &last[..p];
        }
    }
    last
}

/// Items named in a sentence, separated by `、`: 包括城市靓化工程、“口袋公园”建设、增加停车位
/// 供给等6个项目. Each clause that introduces three or more short names gives items, its
/// introduction the category.
pub fn enumeration_reading(paras: &[Para], facts: &DocFacts) -> Option<Reading> {
    let (mut declared_clauses, mut declared_match, mut achieved) = (0, 0, 0);
    let mut items: Vec<ParsedItem> = Vec::new();
    let mut used = vec![false; paras.len()];
    for (i, p) in paras.iter().enumerate() {
        if !p.text.contains('、') {
            continue;
        }
        for clause in p.text.split(['；', '。']) {
            if !clause.contains('、') {
                continue;
            }
            let introduced = split_intro(clause);
            let (intro, rest) = match introduced {
                Some(x) => x,
                None => match clause.rfind('，') {
                    Some(k) => (&clause[..k], &clause[k + '，'.len_utf8()..]),
                    None => ("", clause),
                },
            };
            let mut names = split_enumeration(rest);
            let declared = crate::segment::judge::declares_count(rest);
            // Two names are a list when introduced (包括A、B) or counted (A、B等2个项目).
            let enough = names.len() >= 3
                || names.len() == 2 && (introduced.is_some() || declared == Some(2));
            if !enough {
                continue;
            }
            if let Some(d) = declared {
                declared_clauses += 1;
                if d == names.len() {
                    declared_match += 1;
                }
            }
            if let Some(last) = names.last_mut() {
                *last = strip_enumeration_tail(last).trim().to_string();
            }
            let short = names
                .iter()
                .all(|n| (2..=40).contains(&n.chars().count()) && !n.contains('，'));
            if !short {
                continue;
            }
            // 陆续完成了A、B、C: what was done, told as a summary.
            let clause_head: String = clause
                .chars()
                .take(clause.chars().count().saturating_sub(rest.chars().count()) + 12)
                .collect();
            if ["完成了", "已完成", "建成了", "实现了", "已建成", "开展了"]
                .iter()
                .any(|w| clause_head.contains(w))
            {
                achieved += 1;
            }
            let category = intro_category(intro);
            for n in names {
                let mut it = item_text::build((items.len() + 1) as u32, &[n.as_str()], &p.loc);
                it.category = category.clone();
                items.push(it);
            }
            used[i] = true;
        }
    }
    if items.len() < 3 {
        return None;
    }
    // Every clause that says how many it names names that many: the enumeration is the list.
    let counted = declared_clauses > 0 && declared_clauses == declared_match;
    // Names told again, at more length, elsewhere in the document: a summary of the list
    // (第三季度完成了A、B、C等13项工作), not the list.
    let elsewhere = items
        .iter()
        .filter(|it| {
            let name: String = it
                .content
                .as_deref()
                .or(it.name.as_deref())
                .unwrap_or("")
                .chars()
                .take(6)
                .collect();
            name.chars().count() >= 4
                && paras
                    .iter()
                    .enumerate()
                    .any(|(k, p)| !used[k] && p.text.contains(&name))
        })
        .count();
    let summary = elsewhere * 3 >= items.len() || achieved > 0;
    let prior = match (counted, summary) {
        (_, true) => 0.4,
        (true, false) => 1.3,
        (false, false) => 0.8,
    };
    let score = score(prior, &items, facts);
    Some(Reading::of_paragraphs(
        Segmenter::Enumeration,
        "、",
        items,
        used,
        score,
    ))
}
