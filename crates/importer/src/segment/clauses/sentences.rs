//! Items that are the sentences of paragraphs opened by their category (在城市建设方面，…).

use super::paragraphs::body;
use crate::doc::Para;
use crate::model::ParsedItem;
use crate::segment::item_text;
use crate::segment::judge::{DocFacts, score};
use crate::segment::{Reading, Segmenter};

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
