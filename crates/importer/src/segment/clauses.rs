//! Lists without numbers: items split by `；` inside a paragraph (办好10件实事：A；B；C。),
//! and items that are paragraphs of their own under short headings, or opened by a short
//! title sentence (小区环境综合改造。街道按照…). Lines flattened with single spaces between
//! paragraphs are split back first.

use super::item_text;
use super::judge::{DocFacts, is_chrome, item_quality, score};
use super::{Reading, Segmenter};
use crate::doc::Para;
use crate::model::ParsedItem;

/// Splits a text at `；` outside brackets and quotes.
fn split_semicolons(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '（' | '“' | '《' | '【' => depth += 1,
            '）' | '”' | '》' | '】' => depth -= 1,
            _ => {}
        }
        if c == '；' && depth <= 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Items split by semicolons: each paragraph with at least three clauses, after its
/// introduction (the text up to the last `：` before the first clause).
pub fn semicolon_reading(paras: &[Para], facts: &DocFacts) -> Option<Reading> {
    let mut items: Vec<ParsedItem> = Vec::new();
    let mut used = vec![false; paras.len()];
    for (i, p) in paras.iter().enumerate() {
        let parts = split_semicolons(&p.text);
        if parts.len() < 3 {
            continue;
        }
        let mut first = parts[0].clone();
        let mut category = None;
        if let Some(pos) = first.rfind('：') {
            let intro = first[..pos].to_string();
            first = first[pos + '：'.len_utf8()..].to_string();
            let intro_tail = intro.rsplit(['。', '，']).next().unwrap_or("").trim();
            if intro_tail.chars().count() <= 16 && !intro_tail.is_empty() && !intro.contains("实事") {
                category = Some(crate::textnorm::squash(intro_tail));
            }
        } else if let Some(pos) = first.rfind('，').filter(|_| first.contains("方面")) {
            // 在城市建设方面，A；B
            category = Some(crate::textnorm::squash(
                first[..pos].trim_start_matches('在').trim_end_matches("方面"),
            ));
            first = first[pos + '，'.len_utf8()..].to_string();
        }
        let mut segs = vec![first];
        segs.extend(parts[1..].iter().cloned());
        for s in segs {
            let s = s.trim().trim_end_matches('。').to_string();
            if s.is_empty() {
                continue;
            }
            let mut it = item_text::build((items.len() + 1) as u32, &[s.as_str()], &p.loc);
            it.category = category.clone();
            items.push(it);
        }
        used[i] = true;
    }
    if items.len() < 3 {
        return None;
    }
    let score = score(0.85, &items, facts);
    Some(Reading {
        segmenter: Segmenter::Semicolon,
        detail: "；".into(),
        items,
        columns: Vec::new(),
        used,
        warnings: Vec::new(),
        score,
    })
}

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
        && !super::judge::has_quantity(t)
        && !is_chrome(t)
        && super::judge::announced_count(t).is_none()
        && !t.contains("实事")
}

/// The paragraphs that hold the list: after its introduction (a paragraph ending in `：` or
/// `如下`), else from the first paragraph that reads like an item or a heading, up to a
/// closing paragraph; page furniture left out.
fn body(texts: &[&str]) -> Vec<usize> {
    let intro = texts
        .iter()
        .rposition(|t| t.ends_with('：') || (t.ends_with("如下") && t.chars().count() < 80));
    let start = match intro {
        Some(k) => k + 1,
        None => {
            let item_like = |t: &str| {
                let it = item_text::build(1, &[t], "");
                !is_chrome(t) && item_quality(&it) >= 0.6 && super::judge::announced_count(t).is_none()
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

/// Splits a text into sentences at `。` outside brackets and quotes.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '（' | '“' | '《' | '【' => depth += 1,
            '）' | '”' | '》' | '】' => depth -= 1,
            _ => {}
        }
        cur.push(c);
        if c == '。' && depth <= 0 {
            out.push(std::mem::take(&mut cur));
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A paragraph's opening category phrase: 在城市建设方面， or 城市建设方面：.
fn lead_in(p: &str) -> Option<(String, &str)> {
    let head: String = p.chars().take(24).collect();
    let at = head.find("方面")?;
    let after = &p[at + "方面".len()..];
    let rest = after.strip_prefix(['，', '：'])?;
    let name = p[..at].trim_start_matches('在').trim();
    (!name.is_empty()).then(|| (crate::textnorm::squash(name), rest))
}

/// Items that are the sentences of paragraphs, each paragraph opened by its category
/// (在城市建设方面，…。…。): news reports that retell a list.
pub fn sentence_reading(paras: &[Para], facts: &DocFacts) -> Option<Reading> {
    let texts: Vec<&str> = paras.iter().map(|p| p.text.trim()).collect();
    let rows = body(&texts);
    let mut items: Vec<ParsedItem> = Vec::new();
    let mut used = vec![false; paras.len()];
    let mut with_lead_in = 0;
    for &k in &rows {
        let (category, rest) = match lead_in(texts[k]) {
            Some((c, r)) => {
                with_lead_in += 1;
                (Some(c), r)
            }
            None => (None, texts[k]),
        };
        for s in split_sentences(rest) {
            let mut it = item_text::build((items.len() + 1) as u32, &[s.as_str()], &paras[k].loc);
            it.category = category.clone();
            items.push(it);
        }
        used[k] = true;
    }
    if items.len() < 3 || with_lead_in < 2 {
        return None;
    }
    let score = score(0.8, &items, facts);
    Some(Reading {
        segmenter: Segmenter::Sentences,
        detail: "。".into(),
        items,
        columns: Vec::new(),
        used,
        warnings: Vec::new(),
        score,
    })
}

/// Words of a closing paragraph after the list.
const CLOSING: &[&str] = &["免责声明", "责任编辑", "版权所有", "相关文章", "相关阅读", "（完）", "【纠错】"];

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
    let runs_of_one = heads.iter().enumerate().filter(|(_, h)| **h).all(|(k, _)| {
        heads.get(k + 1) == Some(&false) && heads.get(k + 2).is_none_or(|h| *h)
    });
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
    let used = paras.iter().map(|p| used_locs.contains(p.loc.as_str())).collect();
    let score = score(0.8, &items, facts);
    Some(Reading {
        segmenter: Segmenter::Paragraphs,
        detail: String::new(),
        items,
        columns: Vec::new(),
        used,
        warnings: Vec::new(),
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<Para> {
        text.lines()
            .enumerate()
            .map(|(i, l)| Para {
                text: l.to_string(),
                loc: format!("line {}", i + 1),
            })
            .collect()
    }

    #[test]
    fn semicolon_items_after_the_introduction() {
        let p = paras("2020年，天水市将集中力量办好10件实事：建成藉河治理二期工程；新增城区停车位3000个以上；新建城区公共厕所20座；建成社区便民市场8处。");
        let r = semicolon_reading(&p, &DocFacts::default()).unwrap();
        assert_eq!(r.items.len(), 4);
        assert_eq!(r.items[0].content.as_deref(), Some("建成藉河治理二期工程"));
        assert_eq!(r.items[3].content.as_deref(), Some("建成社区便民市场8处"));
    }

    #[test]
    fn paragraphs_under_headings() {
        let p = paras("街道制定了2024年实事清单，现介绍如下：\n小区环境综合改造。对19号楼周边地面进行修缮，铺设903平方米。\n街巷改造。重新铺设车行道526.8平方米。\n加装快速灭火设施。加装灭火设施100个。");
        let r = paragraph_reading(&p, &DocFacts::default()).unwrap();
        assert_eq!(r.items.len(), 3);
        assert_eq!(r.items[0].name.as_deref(), Some("小区环境综合改造"));
    }
}
