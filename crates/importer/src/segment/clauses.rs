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
            let declared = super::judge::declares_count(rest);
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
                // A paragraph naming the list itself (通报了…民生实事进展情况) introduces it.
                !is_chrome(t)
                    && item_quality(&it) >= 0.6
                    && super::judge::announced_count(t).is_none()
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

/// Splits a text into sentences at `。` outside brackets and quotes.
fn split_sentences(text: &str) -> Vec<String> {
    crate::textnorm::split_outside_brackets(text, |c| c == '。', true, false)
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
    if rows
        .iter()
        .filter(|&&k| lead_in(texts[k]).is_some())
        .count()
        < 2
    {
        return None;
    }
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
    Some(Reading::of_paragraphs(
        Segmenter::Sentences,
        "。",
        items,
        used,
        score,
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::segment::paras_of as paras;

    #[test]
    fn semicolon_items_after_the_introduction() {
        let p = paras(
            "2020年，天水市将集中力量办好10件实事：建成藉河治理二期工程；新增城区停车位3000个以上；新建城区公共厕所20座；建成社区便民市场8处。",
        );
        let r = semicolon_reading(&p, &DocFacts::default()).unwrap();
        assert_eq!(r.items.len(), 4);
        assert_eq!(r.items[0].content.as_deref(), Some("建成藉河治理二期工程"));
        assert_eq!(r.items[3].content.as_deref(), Some("建成社区便民市场8处"));
    }

    #[test]
    fn paragraphs_under_headings() {
        let p = paras(
            "街道制定了2024年实事清单，现介绍如下：\n小区环境综合改造。对19号楼周边地面进行修缮，铺设903平方米。\n街巷改造。重新铺设车行道526.8平方米。\n加装快速灭火设施。加装灭火设施100个。",
        );
        let r = paragraph_reading(&p, &DocFacts::default()).unwrap();
        assert_eq!(r.items.len(), 3);
        assert_eq!(r.items[0].name.as_deref(), Some("小区环境综合改造"));
    }
}
