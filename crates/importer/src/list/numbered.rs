//! Numbered paragraphs into items: `1.` `1、` `（1）` `(1)` items, `一、交通出行` headings,
//! responsibility notes inside the text, and (1)…(n) items run together in one paragraph.

use super::respnote::take_notes;
use super::{Builder, strip_numbering};
use crate::doc::Para;
use crate::model::ParsedItem;
use crate::numbers::is_chinese_numeral;

/// How an item number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// 1. / 1、 / 1． / 1 (followed by a space)
    Arabic,
    /// （1） / (1)
    Paren,
    /// （一）
    ParenChinese,
}

/// The item number at the start of a line, its style, and the text after it.
fn numbered(line: &str) -> Option<(Style, u32, &str)> {
    let t = line.trim_start();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && digits.len() <= 3 {
        let rest = &t[digits.len()..];
        for sep in ['.', '、', '．', ' ', '\u{3000}'] {
            if let Some(r) = rest.strip_prefix(sep) {
                if sep == '.' && r.starts_with(|c: char| c.is_ascii_digit()) {
                    return None; // 1.5万 is a number, not a numbering
                }
                return Some((Style::Arabic, digits.parse().ok()?, r.trim_start()));
            }
        }
        return None;
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(r) = t.strip_prefix(open) {
            let inner: String = r.chars().take_while(|c| *c != close).collect();
            let after = r[inner.len()..].strip_prefix(close)?;
            if let Ok(n) = inner.parse::<u32>() {
                return Some((Style::Paren, n, after.trim_start()));
            }
            if !inner.is_empty() && inner.chars().all(is_chinese_numeral) {
                let n = crate::numbers::parse_chinese(&inner)? as u32;
                return Some((Style::ParenChinese, n, after.trim_start()));
            }
        }
    }
    None
}

/// A group heading: 一、交通出行 or （一）教育医疗 (short, not a sentence).
fn heading(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix(['（', '(']).unwrap_or(t);
    if !inner.chars().next().is_some_and(is_chinese_numeral) {
        return None;
    }
    let body = strip_numbering(t);
    if body.len() == t.len() || body.is_empty() {
        return None;
    }
    let body = body.trim_end_matches(['。', '：', ':']);
    let short = body.chars().count() <= 30 && !body.contains(['。', '；', '，']);
    short.then(|| body.to_string())
}

/// Splits one item paragraph into name, content and notes.
fn item_from(seq: u32, text: &str, loc: &str, year: Option<i32>) -> ParsedItem {
    let (rest, note) = take_notes(text);
    let (name, content) = match rest.find('。') {
        Some(p) if rest[..p].chars().count() <= 40 => {
            let name = rest[..p].trim().to_string();
            let content = rest[p + '。'.len_utf8()..].trim().to_string();
            (Some(name), (!content.is_empty()).then_some(content))
        }
        _ => {
            if rest.chars().count() <= 40 && !rest.contains(['，', '；']) {
                (Some(rest.trim_end_matches('。').to_string()), None)
            } else {
                (None, Some(rest.clone()))
            }
        }
    };
    let _ = year;
    ParsedItem {
        seq: seq.to_string(),
        name: name.map(|n| crate::textnorm::squash(&n)),
        content: content.map(|c| crate::textnorm::squash(&c)),
        lead_units: note.lead,
        co_units: note.co,
        leaders: note.leaders,
        deadline_text: note.deadline,
        source: loc.to_string(),
        ..Default::default()
    }
}

/// Index of the paragraph where the list starts: after a short 附件 line, if any.
fn list_start(paras: &[Para]) -> usize {
    paras
        .iter()
        .position(|p| {
            let t: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
            t.starts_with("附件") && t.chars().count() <= 6
        })
        .map_or(0, |i| i + 1)
}

/// Reads numbered items from paragraphs. Returns the indexes of the paragraphs consumed.
pub fn read_items(paras: &[Para], b: &mut Builder) -> Vec<usize> {
    let start = list_start(paras);
    let candidates: Vec<(usize, Style, u32)> = paras
        .iter()
        .enumerate()
        .skip(start)
        .filter_map(|(i, p)| numbered(&p.text).map(|(s, n, _)| (i, s, n)))
        .collect();
    // The item style is the one whose numbers run 1, 2, 3 … most often.
    let style = [Style::Arabic, Style::Paren, Style::ParenChinese]
        .into_iter()
        .max_by_key(|s| {
            let ns: Vec<u32> = candidates
                .iter()
                .filter(|c| c.1 == *s)
                .map(|c| c.2)
                .collect();
            ns.windows(2).filter(|w| w[1] == w[0] + 1).count() + usize::from(ns.first() == Some(&1))
        })
        .filter(|s| candidates.iter().any(|c| c.1 == *s));
    let mut used = Vec::new();
    let Some(style) = style else {
        return inline_items(paras, start, b);
    };
    let first = candidates
        .iter()
        .find(|c| c.1 == style)
        .map_or(start, |c| c.0);
    let mut category: Option<String> = None;
    let mut current: Option<ParsedItem> = None;
    // A heading just before the first item belongs to the list too.
    let scan_from = (start..first)
        .rev()
        .take_while(|&i| heading(&paras[i].text).is_some())
        .last()
        .unwrap_or(first);
    for (i, p) in paras.iter().enumerate().skip(scan_from) {
        match numbered(&p.text) {
            Some((s, n, rest)) if s == style => {
                if let Some(it) = current.take() {
                    b.push(it);
                }
                let mut it = item_from(n, rest, &p.loc, b.year);
                it.category = category.clone();
                current = Some(it);
                used.push(i);
            }
            _ => {
                if let Some(h) = heading(&p.text) {
                    if let Some(it) = current.take() {
                        b.push(it);
                    }
                    category = Some(h);
                    used.push(i);
                } else if let Some(it) = current.as_mut() {
                    // A following paragraph of the same item (sub-items, details).
                    let (rest, note) = take_notes(&p.text);
                    let extra = crate::textnorm::squash(&rest);
                    if !extra.is_empty() {
                        it.content = Some(match it.content.take() {
                            Some(c) => format!("{c}{extra}"),
                            None => extra,
                        });
                    }
                    it.lead_units.extend(note.lead);
                    it.co_units.extend(note.co);
                    it.leaders.extend(note.leaders);
                    if note.deadline.is_some() {
                        it.deadline_text = note.deadline;
                    }
                    used.push(i);
                }
            }
        }
    }
    if let Some(it) = current.take() {
        b.push(it);
    }
    used
}

/// Items run together in one paragraph: (1)新建…；(2)改造…；(3)…
fn inline_items(paras: &[Para], start: usize, b: &mut Builder) -> Vec<usize> {
    let mut used = Vec::new();
    for (i, p) in paras.iter().enumerate().skip(start) {
        let parts = split_inline(&p.text);
        if parts.len() >= 3 {
            for (n, text) in parts {
                b.push(item_from(n, &text, &p.loc, b.year));
            }
            used.push(i);
        }
    }
    used
}

fn split_inline(text: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    let mut expected = 1;
    let mut rest = text;
    let pos_of_next = |s: &str, n: u32| -> Option<(usize, usize)> {
        ["（{}）", "({})"].iter().find_map(|pat| {
            let m = pat.replace("{}", &n.to_string());
            s.find(&m).map(|p| (p, m.len()))
        })
    };
    let Some((p, l)) = pos_of_next(rest, 1) else {
        return out;
    };
    rest = &rest[p + l..];
    loop {
        expected += 1;
        match pos_of_next(rest, expected) {
            Some((p, l)) => {
                out.push((
                    expected - 1,
                    rest[..p].trim_end_matches(['；', ';', '，']).to_string(),
                ));
                rest = &rest[p + l..];
            }
            None => {
                out.push((expected - 1, rest.to_string()));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_numbering_styles() {
        assert_eq!(
            numbered("1. 实施工程").map(|x| (x.0, x.1)),
            Some((Style::Arabic, 1))
        );
        assert_eq!(
            numbered("12、新建").map(|x| (x.0, x.1)),
            Some((Style::Arabic, 12))
        );
        assert_eq!(
            numbered("（3）改造").map(|x| (x.0, x.1)),
            Some((Style::Paren, 3))
        );
        assert_eq!(
            numbered("（十二）改造").map(|x| (x.0, x.1)),
            Some((Style::ParenChinese, 12))
        );
        assert_eq!(numbered("1.5万人参加"), None);
        assert_eq!(heading("一、交通出行"), Some("交通出行".into()));
        assert_eq!(heading("（一）教育医疗"), Some("教育医疗".into()));
        assert_eq!(
            heading(
                "一、提高思想认识。各部门单位作为项目实施的责任主体，要把民生实事项目作为重中之重"
            ),
            None
        );
    }

    #[test]
    fn splits_inline_items() {
        let parts =
            split_inline("今年办好以下实事：(1)新建食堂5处；(2)改造道路9公里；(3)新增托位320个。");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], (2, "改造道路9公里".into()));
    }
}
