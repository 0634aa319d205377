//! Pairing gold and read items by their text: character-bigram similarity, greedily, at
//! least 0.7.

use crate::model::ParsedItem;
use crate::normalize::fold_for_compare;
use std::collections::HashMap;

/// An item's whole text: its name, summary and content; with `progress`, also the progress
/// the importer kept apart.
pub(super) fn item_text(it: &ParsedItem, progress: bool) -> String {
    let mut s = String::new();
    for f in [&it.name, &it.summary, &it.content].into_iter().flatten() {
        s.push_str(f);
    }
    if progress && let Some(p) = it.extra.get(PROGRESS) {
        s.push_str(p);
    }
    fold_for_compare(&s)
}

/// The field the importer keeps progress text in.
const PROGRESS: &str = "进展情况";

/// Character-bigram Dice similarity of two folded texts.
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let cs: Vec<char> = s.chars().collect();
        let mut m: HashMap<(char, char), usize> = HashMap::new();
        for w in cs.windows(2) {
            *m.entry((w[0], w[1])).or_default() += 1;
        }
        (m, cs.len().saturating_sub(1))
    };
    let (ga, na) = grams(a);
    let (gb, nb) = grams(b);
    if na + nb == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let common: usize = ga
        .iter()
        .map(|(k, v)| (*v).min(gb.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

/// Pairs gold and read items: greedily by similarity of their whole text, at least 0.7, so a
/// read item that merges two gold items pairs with neither of them well enough.
pub(super) fn align(gold: &[ParsedItem], pred: &[ParsedItem]) -> Vec<Option<usize>> {
    let gt: Vec<String> = gold.iter().map(|it| item_text(it, false)).collect();
    let pt: Vec<String> = pred.iter().map(|it| item_text(it, false)).collect();
    // Progress sentences that share the item's paragraph are content to a label and kept
    // apart by the importer: an item pairs on its text with or without them, whichever is
    // closer (the content score still judges where they went).
    let pt_all: Vec<String> = pred.iter().map(|it| item_text(it, true)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (g, a) in gt.iter().enumerate() {
        for (p, b) in pt.iter().enumerate() {
            let s = if pt_all[p].len() > b.len() {
                similarity(a, b).max(similarity(a, &pt_all[p]))
            } else {
                similarity(a, b)
            };
            if s >= 0.7 {
                pairs.push((s, g, p));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut out = vec![None; gold.len()];
    let mut used = vec![false; pred.len()];
    for (_, g, p) in pairs {
        if out[g].is_none() && !used[p] {
            out[g] = Some(p);
            used[p] = true;
        }
    }
    out
}
