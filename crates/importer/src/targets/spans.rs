//! Clause and sentence bounds in a target's text, and the quotes and asides that hold no target.

use crate::textnorm::fold_width;

fn is_open(c: char) -> Option<char> {
    Some(match c {
        '“' => '”',
        '「' => '」',
        '『' => '』',
        '《' => '》',
        '"' => '"',
        '（' => '）',
        '(' => ')',
        '【' => '】',
        _ => return None,
    })
}

/// Marks characters inside quotes and parenthesised asides. An enumerator such as （1） or
/// (三) is not an aside. Unclosed marks end at the sentence.
pub(super) fn enclosed_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if let Some(close) = is_open(chars[i]) {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != close && !matches!(chars[j], '。' | '；' | ';') {
                j += 1;
            }
            let closed = j < chars.len() && chars[j] == close;
            let inner = &chars[i + 1..j];
            let enumerator = inner.len() <= 3
                && inner.iter().all(|c| {
                    fold_width(*c).is_ascii_digit() || crate::numbers::is_chinese_numeral(*c)
                });
            // 城市标准（788元/月）: a value in brackets is the item's figure, not an aside.
            let value = inner.len() <= 12
                && inner
                    .first()
                    .is_some_and(|c| fold_width(*c).is_ascii_digit())
                && inner.iter().any(|c| matches!(c, '元' | '/' | '%'));
            if closed && !enumerator && !value {
                for m in &mut mask[i..=j] {
                    *m = true;
                }
            }
            i = if closed { j + 1 } else { i + 1 };
        } else {
            i += 1;
        }
    }
    mask
}

pub(super) fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '。' | '：' | ':' | '！' | '？' | '\n'
    )
}

fn is_sentence_break(c: char) -> bool {
    matches!(c, '；' | ';' | '。' | '！' | '？' | '\n')
}

pub(super) fn clause_start(chars: &[char], i: usize) -> usize {
    (0..i)
        .rev()
        .find(|&k| is_clause_break(chars[k]))
        .map_or(0, |k| k + 1)
}

pub(super) fn sentence_start(chars: &[char], i: usize) -> usize {
    (0..i)
        .rev()
        .find(|&k| is_sentence_break(chars[k]))
        .map_or(0, |k| k + 1)
}

pub(super) fn sentence_end(chars: &[char], i: usize) -> usize {
    (i..chars.len())
        .find(|&k| is_sentence_break(chars[k]))
        .unwrap_or(chars.len())
}

pub(super) fn clause_end(chars: &[char], i: usize) -> usize {
    (i..chars.len())
        .find(|&k| is_clause_break(chars[k]))
        .unwrap_or(chars.len())
}

pub(super) fn text_of(chars: &[char], mask: Option<&[bool]>, from: usize, to: usize) -> String {
    // Sized once: most characters here take three bytes.
    let mut s = String::with_capacity(to.saturating_sub(from) * 3);
    s.extend(
        (from..to)
            .filter(|k| mask.is_none_or(|m| !m[*k]))
            .map(|k| chars[k]),
    );
    s
}
