//! Items that are paragraphs, under short headings or opened by a title sentence; flattened lines split back.

use crate::doc::Para;
use crate::model::ParsedItem;
use crate::segment::item_text;
use crate::segment::judge::{DocFacts, is_chrome, item_quality, score};
use crate::segment::{Reading, Segmenter};

/// Long lines whose paragraphs were flattened with single spaces: split them back.
pub fn unflatten(paras: &[Para]) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        let t = p.text.trim();
        if t.chars().count() < 120 || !t.contains(' ') {
            out.push(p.clone());
            continue;
        }
        let pieces: Vec<&str> = t.split(' ').filter(|s| !s.is_empty()).collect();
        let cjk_edges = pieces.windows(2).all(|w| {
            w[0].chars().last().is_some_and(crate::textnorm::is_cjk)
                && w[1].chars().next().is_some_and(crate::textnorm::is_cjk)
        });
        if pieces.len() >= 3 && cjk_edges {
            for piece in pieces {
                out.push(Para {
                    text: piece.to_string(),
                    loc: p.loc.clone(),
                });
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn heading(t: &str) -> bool {
    let n = t.chars().count();
    (2..=24).contains(&n)
        && !t.contains(['。', '；', '，', '：'])
        && !crate::segment::judge::has_quantity(t)
        && !is_chrome(t)
        && crate::segment::judge::announced_count(t).is_none()
        && !t.contains("实事")
}

/// The paragraphs that hold the list: after its introduction (a paragraph ending in `：` or
/// `如下`), else from the first paragraph that reads like an item or a heading, up to a
/// closing paragraph; page furniture left out.
pub(super) fn body(texts: &[&str]) -> Vec<usize> {
    let intro = texts
        .iter()
        .rposition(|t| t.ends_with('：') || (t.ends_with("如下") && t.chars().count() < 80));
    let start = match intro {
        Some(k) => k + 1,
        None => {
            let item_like = |t: &str| {
                let it = item_text::build(1, &[t], "");
                // A paragraph naming the list itself (通报了…民生实事进展情况) introduces it.
                !is_chrome(t)
                    && item_quality(&it) >= 0.6
                    && crate::segment::judge::announced_count(t).is_none()
                    && !t.contains("民生实事")
            };
            (0..texts.len())
                .find(|&k| {
                    item_like(texts[k])
                        || heading(texts[k]) && texts.get(k + 1).is_some_and(|n| item_like(n))
                })
                .unwrap_or(texts.len())
        }
    };
    let mut end = start;
    while end < texts.len() && !CLOSING.iter().any(|w| texts[end].contains(w)) {
        end += 1;
    }
    (start..end).filter(|&k| !is_chrome(texts[k])).collect()
}

/// Words of a closing paragraph after the list.
const CLOSING: &[&str] = &[
    "免责声明",
    "责任编辑",
    "版权所有",
    "相关文章",
    "相关阅读",
    "（完）",
    "【纠错】",
];

/// Paragraph items: after the list's introduction (a paragraph ending in `：` or announcing
/// the list), each paragraph is an item; short headings between them are categories, or the
/// name of the one paragraph that follows when every heading has exactly one.
pub fn paragraph_reading(paras: &[Para], facts: &DocFacts) -> Option<Reading> {
    let flat = unflatten(paras);
    let texts: Vec<&str> = flat.iter().map(|p| p.text.trim()).collect();
    let body = body(&texts);
    if body.len() < 3 {
        return None;
    }
    let heads: Vec<bool> = body.iter().map(|&k| heading(texts[k])).collect();
    // Headings that each head exactly one paragraph are the items' names.
    let runs_of_one = heads
        .iter()
        .enumerate()
        .filter(|(_, h)| **h)
        .all(|(k, _)| heads.get(k + 1) == Some(&false) && heads.get(k + 2).is_none_or(|h| *h));
    let names = heads.iter().any(|h| *h) && runs_of_one;
    let mut items: Vec<ParsedItem> = Vec::new();
    let mut category: Option<String> = None;
    let mut pending_name: Option<String> = None;
    for (k, &line) in body.iter().enumerate() {
        let t = texts[line];
        if heads[k] {
            let h = crate::textnorm::squash(t);
            if names {
                pending_name = Some(h);
            } else {
                category = Some(h);
            }
            continue;
        }
        // A progress paragraph reports on the item before it.
        if item_text::is_progress(t)
            && let Some(prev) = items.last_mut()
        {
            let e = prev.extra.entry("进展情况".into()).or_default();
            e.push_str(&crate::textnorm::squash(t));
            continue;
        }
        let mut it = item_text::build((items.len() + 1) as u32, &[t], &flat[line].loc);
        if let Some(n) = pending_name.take() {
            let content = [it.name.take(), it.content.take()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("。");
            it.name = Some(n);
            it.content = crate::textnorm::non_empty(content);
        }
        it.category = category.clone();
        items.push(it);
    }
    if items.len() < 2 {
        return None;
    }
    let used_locs: std::collections::HashSet<&str> =
        body.iter().map(|&k| flat[k].loc.as_str()).collect();
    let used = paras
        .iter()
        .map(|p| used_locs.contains(p.loc.as_str()))
        .collect();
    let score = score(0.8, &items, facts);
    Some(Reading::of_paragraphs(
        Segmenter::Paragraphs,
        "",
        items,
        used,
        score,
    ))
}
