//! Headings above numbered items — of another numbering style, or short unnumbered lines.

use super::{Text, own_text};
use crate::segment::enumerators::{Mark, Style};
use crate::segment::item_text;
use crate::segment::judge::is_chrome;

/// A heading: short, no sentence inside it, no stated quantity.
pub(super) fn heading_like(s: &str) -> bool {
    let t = s.trim().trim_end_matches(['：', '。', '*', '★', ' ']);
    // 促进就业方面（2项）: the count of items under a heading is no quantity of its own.
    let t = match t.rfind('（') {
        Some(p) if t.ends_with('）') && p > 0 => t[..p].trim_end(),
        _ => t,
    };
    let n = t.chars().count();
    // 实施“畅通出行”工程，持续加强市政设施建设: a heading of two phrases has one comma.
    let commas = t.matches('，').count();
    (1..=36).contains(&n)
        && !t.contains(['。', '；'])
        && (commas == 0 || commas == 1 && n <= 30 && !s.trim_end().ends_with('。'))
        && !crate::segment::judge::has_quantity(t)
}

/// Where a category begins and what it says.
pub(super) struct CategoryAt {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) name: String,
}

pub(super) fn categories(
    text: &Text,
    all: &[Mark],
    items: &[Mark],
    style: Style,
) -> Vec<CategoryAt> {
    let Some(first_item) = items.first().map(|m| m.start) else {
        return Vec::new();
    };
    let item_starts: Vec<usize> = items.iter().map(|m| m.start).collect();
    let mut out = Vec::new();
    // Other styles, when their first mark comes before the first item: 一、 above 1.
    for (k, m) in all.iter().enumerate() {
        if m.style == style || item_starts.contains(&m.start) {
            continue;
        }
        let first_of_style = all.iter().find(|x| x.style == m.style).map(|x| x.start);
        if first_of_style.is_none_or(|f| f > first_item) {
            continue;
        }
        let next = all.get(k + 1).map(|x| x.start);
        let own = own_text(text, m, next);
        let next_is_item = next.is_some_and(|n| item_starts.contains(&n));
        if heading_like(&own) && (next_is_item || m.line_start) {
            let end = next
                .filter(|n| text.line_of(*n) == text.line_of(m.start))
                .unwrap_or_else(|| text.line_end(text.line_of(m.start)));
            out.push(CategoryAt {
                start: m.start,
                end,
                name: crate::textnorm::squash(own.trim().trim_end_matches(['：', '。'])),
            });
        }
    }
    // Unnumbered short lines right before an item line, after an item: 教育方面.
    for m in items.iter().filter(|m| m.line_start) {
        let line = text.line_of(m.start);
        if line == 0 {
            continue;
        }
        let prev = line - 1;
        let s = text.starts[prev];
        let t = text.slice(s, text.line_end(prev));
        let unnumbered = crate::segment::enumerators::mark_at(&text.chars, s).is_none();
        // 建设经开区文体中心、漕湖文体中心。 after an item's title line is its sentence.
        let short = t.chars().count() <= 20
            && !t.trim_end().ends_with('。')
            && heading_like(&t)
            && !t.trim_end_matches('：').contains('：')
            && !t.chars().any(|c| c.is_ascii_digit());
        if unnumbered
            && short
            && !is_chrome(&t)
            && !out.iter().any(|c| c.start == s)
            && !item_text::is_progress(&t)
        {
            out.push(CategoryAt {
                start: s,
                end: text.line_end(prev),
                name: crate::textnorm::squash(t.trim().trim_end_matches(['：', '。'])),
            });
        }
    }
    out.sort_by_key(|c| c.start);
    out
}
