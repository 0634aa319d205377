//! The comparator of a target (at least, at most, exactly) from the words around its value.

use super::kind::starts_with_at;
use super::spans::text_of;
use crate::numbers::Number;
use minsheng_domain::Comparator;

pub(super) const GE_BEFORE: &[&str] = &[
    "不少于",
    "不低于",
    "不小于",
    "至少",
    "超过",
    "多于",
    "高于",
    "不下于",
];
pub(super) const LE_BEFORE: &[&str] = &[
    "不超过",
    "不高于",
    "不多于",
    "控制在",
    "少于",
    "低于",
    "最多",
];

/// The floor words, then the ceiling words, in one automaton.
fn comparator_words() -> &'static aho_corasick::AhoCorasick {
    static CELL: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let words: Vec<&str> = GE_BEFORE.iter().chain(LE_BEFORE).copied().collect();
        aho_corasick::AhoCorasick::new(words).expect("valid words")
    })
}

pub(super) fn comparator_for(
    chars: &[char],
    mask: &[bool],
    clause_from: usize,
    num: &Number,
    unit_end: usize,
    has_yu: bool,
) -> Comparator {
    let before = text_of(
        chars,
        Some(mask),
        clause_from.max(num.start.saturating_sub(16)),
        num.start,
    );
    let before_tail: String = {
        // only the words after any other number in the window
        let cut = before
            .rfind(|c: char| c.is_ascii_digit())
            .map_or(0, |p| p + 1);
        before[cut..].to_string()
    };
    let after = |w: &str| starts_with_at(chars, unit_end, w);
    if has_yu || after("以上") || after("及以上") || after("多") {
        return Comparator::Ge;
    }
    if after("以内") || after("以下") || after("之内") {
        return Comparator::Le;
    }
    // The longest word decides: 不超过 is a ceiling though it holds 超过, 不低于 a floor.
    let (mut ge, mut le) = (None::<usize>, None::<usize>);
    for m in comparator_words().find_overlapping_iter(&before_tail) {
        let (side, len) = if m.pattern().as_usize() < GE_BEFORE.len() {
            (&mut ge, m.len())
        } else {
            (&mut le, m.len())
        };
        *side = Some(side.map_or(len, |l| l.max(len)));
    }
    match (ge, le) {
        (Some(g), Some(l)) if l > g => Comparator::Le,
        (Some(_), _) => Comparator::Ge,
        (None, Some(_)) => Comparator::Le,
        // 完成超230个: 超 just before the value.
        (None, None) if before_tail.ends_with('超') => Comparator::Ge,
        (None, None) => Comparator::Eq,
    }
}
