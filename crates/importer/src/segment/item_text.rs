//! One item from its lines of running text, whichever segmenter cut it: responsibility notes
//! taken out (labelled, or a bracket of unit names), progress lines and tails kept apart from
//! the commitment, and a short leading title taken as the name.

mod labels;
mod progress;
mod tails;

use crate::list::respnote::take_notes;
use crate::model::ParsedItem;
use crate::textnorm::squash;
use labels::{join_label_lines, strip_content_label};
pub use progress::is_progress;
use progress::{PROGRESS_WORDS, split_progress_tail};
use tails::{strip_page_tail, take_unit_bracket};

/// Titles of people who speak at a press conference: 厅长刘世伟：我们要….
const SPEAKER_TITLES: &[&str] = &[
    "长",
    "主任",
    "书记",
    "主席",
    "委员",
    "负责人",
    "代表",
    "局长",
    "厅长",
    "处长",
];

/// A line that quotes someone: a short speaker (a title, then a name) before `：`.
pub fn is_speech(line: &str) -> bool {
    let Some(p) = line.find('：') else {
        return false;
    };
    let speaker = &line[..p];
    let n = speaker.chars().count();
    (4..=36).contains(&n)
        && !speaker.contains(['，', '。'])
        && SPEAKER_TITLES.iter().any(|t| {
            speaker
                .rfind(t)
                .is_some_and(|q| (2..=3).contains(&speaker[q + t.len()..].chars().count()))
        })
}

/// Builds an item from its number and lines (the first line is the text after the number;
/// it may be empty when the number stood alone).
pub fn build(seq: u32, lines: &[&str], loc: &str) -> ParsedItem {
    let mut item = ParsedItem {
        seq: seq.to_string(),
        source: loc.to_string(),
        ..Default::default()
    };
    let mut body: Vec<String> = Vec::new();
    let mut progress: Vec<String> = Vec::new();
    let joined = join_label_lines(lines);
    let mut named: Option<String> = None;
    for (k, raw) in joined.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        // 项目名称：提升县域生态环境 names the item.
        if let Some(name) = ["项目名称", "实事名称", "事项名称", "名称"]
            .iter()
            .find_map(|l| {
                line.strip_prefix(l)
                    .and_then(|r| r.strip_prefix(['：', ':']))
            })
            .filter(|_| named.is_none())
        {
            named = Some(squash(name.trim()));
            continue;
        }
        if k > 0 && is_speech(line) {
            let e = item.extra.entry("发言".into()).or_default();
            e.push_str(&squash(line));
            continue;
        }
        let later_report = k > 0
            && !body.is_empty()
            && !has_note(line)
            && PROGRESS_WORDS.iter().any(|w| line.contains(w));
        if k > 0 && is_progress(line) || later_report || !progress.is_empty() && !has_note(line) {
            progress.push(line.to_string());
            continue;
        }
        let line = strip_content_label(strip_page_tail(line));
        let (line, tail) = split_progress_tail(line);
        let (rest, note) = take_notes(line);
        item.lead_units.extend(note.lead);
        item.co_units.extend(note.co);
        item.leaders.extend(note.leaders);
        if note.deadline.is_some() {
            item.deadline_text = note.deadline;
        }
        let (rest, bracket_units) = take_unit_bracket(&rest);
        if item.lead_units.is_empty() {
            item.lead_units = bracket_units;
        }
        let rest = rest
            .trim()
            .trim_start_matches(['：', '，', '。', '；'])
            .trim();
        if !rest.is_empty() {
            body.push(rest.to_string());
        }
        if let Some(t) = tail {
            progress.push(t.to_string());
        }
    }
    if !progress.is_empty() {
        item.extra
            .insert("进展情况".into(), squash(&progress.join("\n")));
    }
    let (name, content) = match named {
        Some(n) => (
            Some(n),
            crate::textnorm::non_empty(squash(&body.join("\n"))),
        ),
        None => split_name(&body),
    };
    item.name = name;
    item.content = content;
    let mut seen = std::collections::HashSet::new();
    item.lead_units.retain(|u| seen.insert(u.clone()));
    let mut seen = std::collections::HashSet::new();
    item.co_units
        .retain(|u| seen.insert(u.clone()) && !item.lead_units.contains(u));
    item
}

fn has_note(line: &str) -> bool {
    let (_, n) = take_notes(line);
    !n.lead.is_empty() || !n.co.is_empty() || !n.leaders.is_empty() || n.deadline.is_some()
}

/// A short leading title is the name: a first line of its own, or a first sentence that ends
/// at 。 or ： and is followed by more text.
fn split_name(body: &[String]) -> (Option<String>, Option<String>) {
    let Some(first) = body.first() else {
        return (None, None);
    };
    let trim_title = |s: &str| squash(s.trim_end_matches(['：', '。', '；', '，', ' ']));
    if body.len() > 1
        && first.chars().count() <= 40
        && !first
            .trim_end_matches(['：', '。'])
            .contains(['。', '；', '，'])
    {
        let rest = squash(&body[1..].join("\n"));
        return (Some(trim_title(first)), crate::textnorm::non_empty(rest));
    }
    let all = squash(&body.join("\n"));
    let cut = all
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '：'))
        .map(|(p, c)| (p, c.len_utf8()));
    if let Some((p, w)) = cut {
        let head = &all[..p];
        let rest = all[p + w..].trim();
        if head.chars().count() <= 40 && !rest.is_empty() && !head.contains(['；', '，']) {
            return (Some(head.to_string()), Some(rest.to_string()));
        }
    }
    (None, crate::textnorm::non_empty(all))
}

#[cfg(test)]
mod tests;
