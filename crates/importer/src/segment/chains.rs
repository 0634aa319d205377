//! Numbered readings: for each style of enumerator, the runs 1, 2, 3 … it forms (at line
//! starts, or anywhere in a paragraph), with headings of another style — or short unnumbered
//! lines — before the items as their categories. One reading per style and mode; the judge
//! decides which numbering is the list and which is the notice's or an item's own.

use super::enumerators::{Mark, Style, marks};
use super::item_text;
use super::judge::{DocFacts, is_chrome, score};
use super::{Reading, Segmenter};
use crate::doc::Para;
use crate::model::ParsedItem;

/// The paragraphs as one text, with where each line starts.
pub struct Text {
    /// All lines joined by `\n`.
    pub chars: Vec<char>,
    /// Char index where each line starts.
    pub starts: Vec<usize>,
}

impl Text {
    /// Joins paragraphs.
    pub fn new(paras: &[Para]) -> Text {
        let mut chars = Vec::new();
        let mut starts = Vec::with_capacity(paras.len());
        for p in paras {
            starts.push(chars.len());
            chars.extend(p.text.trim().chars());
            chars.push('\n');
        }
        Text { chars, starts }
    }

    /// The line a char belongs to.
    pub fn line_of(&self, pos: usize) -> usize {
        match self.starts.binary_search(&pos) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        }
    }

    /// Char index where a line ends (its `\n`).
    pub fn line_end(&self, line: usize) -> usize {
        self.starts
            .get(line + 1)
            .map_or(self.chars.len(), |s| s - 1)
    }

    fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from.min(to)..to].iter().collect()
    }
}

/// Which marks a run may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Only marks that begin a line.
    LineStart,
    /// Marks anywhere after a sentence or clause boundary.
    Inline,
}

/// Runs 1, 2, 3 … of one style. A mark extends the latest run that expects its value; a 1
/// starts a new run. Runs that overlap are alternatives (an item's own numbering inside a
/// list, page markers across it): the longest is kept, then the longest of the rest that
/// overlap nothing kept, and so on — lists restarting under each heading all stay.
fn runs(ms: &[Mark], style: Style, mode: Mode) -> Vec<Vec<Mark>> {
    let mut runs: Vec<Vec<Mark>> = Vec::new();
    for m in ms
        .iter()
        .filter(|m| m.style == style && (mode == Mode::Inline || m.line_start))
    {
        let extend = runs
            .iter()
            .rposition(|r| r.last().is_some_and(|l| l.value + 1 == m.value));
        if let Some(k) = extend {
            runs[k].push(*m);
        } else if !m.weak && (m.value == 1 || runs.is_empty() && m.line_start) {
            runs.push(vec![*m]);
        }
    }
    let span = |r: &Vec<Mark>| (r[0].start, r[r.len() - 1].start);
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|a, b| {
        let (sa, sb) = (span(&runs[*a]), span(&runs[*b]));
        runs[*b]
            .len()
            .cmp(&runs[*a].len())
            .then((sb.1 - sb.0).cmp(&(sa.1 - sa.0)))
            .then(a.cmp(b))
    });
    let mut kept: Vec<usize> = Vec::new();
    for k in order {
        let (s, e) = span(&runs[k]);
        let clash = kept.iter().any(|&j| {
            let (js, je) = span(&runs[j]);
            s <= je && js <= e
        });
        if !clash {
            kept.push(k);
        }
    }
    kept.sort_unstable();
    kept.into_iter().map(|k| runs[k].clone()).collect()
}

/// The text a mark heads: to the end of its line or the next mark, whichever is first.
fn own_text(text: &Text, m: &Mark, next: Option<usize>) -> String {
    let end = text.line_end(text.line_of(m.start));
    let end = next.map_or(end, |n| n.min(end));
    text.slice(m.end, end)
}

/// A heading: short, no sentence inside it, no stated quantity.
fn heading_like(s: &str) -> bool {
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
        && !super::judge::has_quantity(t)
}

/// Index of the paragraph after a short 附件 line, where an attached list begins.
fn attachment_line(paras: &[Para]) -> Option<usize> {
    paras.iter().position(|p| {
        let t: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        t.starts_with("附件") && t.chars().count() <= 6
    })
}

/// Numbered readings of the paragraphs.
pub fn readings(paras: &[Para], facts: &DocFacts) -> Vec<Reading> {
    let text = Text::new(paras);
    let mut all = marks(&text.chars);
    // A list attached to a notice starts after its 附件 line; the notice's own 一、二、 are not it.
    if let Some(a) = attachment_line(paras) {
        let from = text.starts[a];
        if all.iter().filter(|m| m.start >= from).count() >= 2 {
            all.retain(|m| m.start >= from);
        }
    }
    // An item number right after a heading on the same line (二、助餐行动（2项） *1.新增…)
    // starts its item as if it began the line.
    for k in 1..all.len() {
        let (h, m) = (all[k - 1], all[k]);
        if !m.line_start
            && h.line_start
            && h.style != m.style
            && text.line_of(h.start) == text.line_of(m.start)
            && heading_like(&text.slice(h.end, m.start))
        {
            all[k].line_start = true;
        }
    }
    let mut styles: Vec<Style> = all.iter().map(|m| m.style).collect();
    styles.sort();
    styles.dedup();
    let mut out: Vec<Reading> = Vec::new();
    for &style in &styles {
        let mut line_start_marks: Option<Vec<Mark>> = None;
        for mode in [Mode::LineStart, Mode::Inline] {
            let rs = runs(&all, style, mode);
            let total: usize = rs.iter().map(Vec::len).sum();
            let longest = rs.iter().map(Vec::len).max().unwrap_or(0);
            if total < 2 || longest < 2 {
                continue;
            }
            let kept: Vec<Mark> = rs
                .into_iter()
                .filter(|r| r.len() >= 2 || r[0].line_start)
                .flatten()
                .collect();
            // Inline runs that found only the line-start marks read the same.
            if line_start_marks.as_ref() == Some(&kept) {
                continue;
            }
            if mode == Mode::LineStart {
                line_start_marks = Some(kept.clone());
            }
            let reading = build(paras, &text, &all, &kept, style, mode, facts);
            if out.iter().any(|o| o.items == reading.items) {
                continue;
            }
            out.push(reading);
        }
    }
    out.extend(composites(&out, facts));
    out
}

/// Two lists on one page, numbered differently (a leader's four pledges 1.–4., then the ten
/// projects 之一：…之十：): the best readings that take no paragraph in common, read as one.
fn composites(readings: &[Reading], facts: &DocFacts) -> Vec<Reading> {
    let mut best: Vec<&Reading> = readings.iter().filter(|r| r.items.len() >= 2).collect();
    best.sort_by(|a, b| b.score.total_cmp(&a.score));
    best.truncate(3);
    let mut out = Vec::new();
    for (i, a) in best.iter().enumerate() {
        for b in &best[i + 1..] {
            let apart = a.used.iter().zip(&b.used).all(|(x, y)| !(*x && *y));
            if !apart || a.detail == b.detail {
                continue;
            }
            let first = |r: &Reading| r.used.iter().position(|u| *u).unwrap_or(usize::MAX);
            let (x, y) = if first(a) <= first(b) { (a, b) } else { (b, a) };
            let items: Vec<ParsedItem> = x.items.iter().chain(&y.items).cloned().collect();
            let used = x.used.iter().zip(&y.used).map(|(p, q)| *p || *q).collect();
            let score = score(1.1, &items, facts);
            out.push(Reading::of_paragraphs(
                x.segmenter,
                format!("{} + {}", x.detail, y.detail),
                items,
                used,
                score,
            ));
        }
    }
    out
}

/// Where a category begins and what it says.
struct CategoryAt {
    start: usize,
    end: usize,
    name: String,
}

fn categories(text: &Text, all: &[Mark], items: &[Mark], style: Style) -> Vec<CategoryAt> {
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
        let unnumbered = super::enumerators::mark_at(&text.chars, s).is_none();
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
fn continues_last(line: &str, mark_line_short: bool) -> bool {
    if is_chrome(line) || is_signature(line) {
        return false;
    }
    let (_, note) = crate::list::respnote::take_notes(line);
    let has_note = !note.lead.is_empty() || !note.co.is_empty() || !note.leaders.is_empty();
    has_note || item_text::is_progress(line) || mark_line_short
}

fn build(
    paras: &[Para],
    text: &Text,
    all: &[Mark],
    items: &[Mark],
    style: Style,
    mode: Mode,
    facts: &DocFacts,
) -> Reading {
    let cats = categories(text, all, items, style);
    let mut bounds: Vec<usize> = items.iter().map(|m| m.start).collect();
    bounds.extend(cats.iter().map(|c| c.start));
    bounds.sort_unstable();
    let mut used = vec![false; paras.len()];
    let mut out: Vec<ParsedItem> = Vec::new();
    for (k, m) in items.iter().enumerate() {
        let next = bounds.iter().copied().find(|b| *b > m.start);
        let first_line = text.line_of(m.start);
        let mut end = match next {
            Some(n) => n,
            None => {
                // The last item: its own line, then lines that continue it.
                let own = text.slice(m.end, text.line_end(first_line));
                let own = own.trim();
                // A number alone, or a title line: the item's text is on the lines below.
                let short = mode == Mode::LineStart
                    && (own.is_empty()
                        || own.ends_with('：')
                        || own.chars().count() <= 40 && heading_like(own) && !own.ends_with('。'));
                let mut last = first_line;
                let mut taken = 0;
                while last + 1 < paras.len() && taken < 12 {
                    let t = &paras[last + 1].text;
                    if !continues_last(t, short)
                        || (short
                            && taken >= 1
                            && !item_text::is_progress(t)
                            && t.chars().count() > 200)
                    {
                        break;
                    }
                    last += 1;
                    taken += 1;
                }
                text.line_end(last)
            }
        };
        if mode == Mode::Inline && next.is_some_and(|n| text.line_of(n) != first_line) {
            // An inline item ends with its paragraph unless the next mark is on a later line
            // that the paragraph runs into.
            end = end.min(next.unwrap_or(end));
        }
        let body = text.slice(m.end, end);
        let lines: Vec<&str> = body
            .split('\n')
            .filter(|l| !is_chrome(l) || l.trim().is_empty())
            .collect();
        let mut it = item_text::build(m.value, &lines, &paras[first_line].loc);
        if it.name.is_none() && it.content.is_none() {
            continue;
        }
        it.category = cats
            .iter()
            .rev()
            .find(|c| c.start < m.start)
            .map(|c| c.name.clone())
            .filter(|n| !n.is_empty());
        let last_line = text.line_of(end.saturating_sub(1).max(m.start));
        used[first_line..=last_line]
            .iter_mut()
            .for_each(|u| *u = true);
        let _ = k;
        out.push(it);
    }
    for c in &cats {
        if c.start >= items.first().map_or(usize::MAX, |m| m.start)
            || bounds.first() == Some(&c.start)
        {
            used[text.line_of(c.start)] = true;
        }
        let _ = c.end;
    }
    let (segmenter, prior) = match (style, mode) {
        (Style::Ordinal, _) => (Segmenter::OrdinalWords, 1.1),
        (_, Mode::LineStart) => (Segmenter::Numbered, 1.2),
        (_, Mode::Inline) => (Segmenter::Inline, 1.05),
    };
    // Headings read as items: short titles on their own lines, each holding a list of
    // another numbering, are the categories of a list, not its items.
    let holders = items
        .iter()
        .enumerate()
        .filter(|(k, m)| {
            let next = items.get(k + 1).map_or(text.chars.len(), |n| n.start);
            m.line_start
                && heading_like(&own_text(text, m, None))
                && all
                    .iter()
                    .filter(|x| x.style != style && x.start > m.start && x.start < next)
                    .count()
                    >= 2
        })
        .count();
    // Sub-points of titled paragraphs: the numbering starts again in several paragraphs,
    // each time after the paragraph's own title sentence (关于X。一是…二是…); the paragraphs
    // are the items.
    let titled_restarts = items
        .iter()
        .filter(|m| m.value == 1 && !m.line_start)
        .filter(|m| {
            let line = text.line_of(m.start);
            let lead = text.slice(text.starts[line], m.start);
            lead.trim_end().ends_with('。') && heading_like(&lead)
        })
        .count();
    let nested_penalty = if holders * 2 >= items.len() || titled_restarts >= 2 {
        0.6
    } else {
        1.0
    };
    let score = score(prior, &out, facts) * nested_penalty;
    Reading::of_paragraphs(segmenter, style.sample(), out, used, score)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::segment::paras_of as paras;

    #[test]
    fn inline_numbering_across_page_markers() {
        let p = paras(
            "8 .为1.6万人（次）有需求的残疾人开展职业技能培训。9 .为8000户困难残疾人家庭实施无障碍改造。10 .为2200名残疾学生发放助学金。",
        );
        let rs = readings(&p, &DocFacts::default());
        let r = rs
            .iter()
            .find(|r| r.segmenter == Segmenter::Inline)
            .unwrap();
        let texts: Vec<_> = r
            .items
            .iter()
            .map(|i| i.content.clone().unwrap_or_default())
            .collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[1].starts_with("为8000户"), "{texts:?}");
    }
}
