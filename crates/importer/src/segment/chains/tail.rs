//! Where the last item ends: the lines after it that continue it, up to a signature.

use crate::segment::item_text;
use crate::segment::judge::is_chrome;

/// A signature or date line closing a notice: 沅江市人民代表大会主席团, 2022年12月21日.
fn is_signature(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    let tail: String = t
        .chars()
        .rev()
        .take(11)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let dated = crate::list::meta::date_line(t).is_some()
        || t.ends_with('日') && tail.contains('年') && tail.contains('月');
    let issuer = [
        "政府",
        "委员会",
        "主席团",
        "办公室",
        "办公厅",
        "管委会",
        "领导小组",
    ]
    .iter()
    .any(|w| t.ends_with(w));
    n <= 40 && (dated || issuer)
}

/// Whether a line after the last item still belongs to it.
pub(super) fn continues_last(line: &str, mark_line_short: bool) -> bool {
    if is_chrome(line) || is_signature(line) {
        return false;
    }
    let (_, note) = crate::list::respnote::take_notes(line);
    let has_note = !note.lead.is_empty() || !note.co.is_empty() || !note.leaders.is_empty();
    has_note || item_text::is_progress(line) || mark_line_short
}
