//! One item from its lines of running text, whichever segmenter cut it: responsibility notes
//! taken out (labelled, or a bracket of unit names), progress lines and tails kept apart from
//! the commitment, and a short leading title taken as the name.

use crate::list::respnote::take_notes;
use crate::model::ParsedItem;
use crate::textnorm::squash;
use crate::units::{looks_like_unit, split_units};

/// Words that open a line or clause reporting progress rather than the commitment.
const PROGRESS_OPENERS: &[&str] = &[
    "推进情况",
    "进展情况",
    "推进进度",
    "工作进展",
    "完成情况",
    "落实情况",
    "实际完成情况",
    "进度情况",
    "目前",
    "截至",
    "截止",
    "今年以来",
    "已完成",
    "完成进度",
    "当前进度",
];

/// Whether a line (or a clause after a space) reports progress.
pub fn is_progress(text: &str) -> bool {
    let t = text.trim_start_matches([' ', '【', '（']);
    PROGRESS_OPENERS.iter().any(|w| t.starts_with(w))
        || label_of(t).is_some_and(|l| {
            ["进展", "成效", "完成情况", "落实情况"]
                .iter()
                .any(|w| l.contains(w))
        })
}

/// The label a line opens with (项目名称：…, 进展与成效：…): two to eight characters before a
/// colon.
fn label_of(line: &str) -> Option<&str> {
    let p = line.find(['：', ':'])?;
    let label = &line[..p];
    let n = label.chars().count();
    ((2..=8).contains(&n)
        && label
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    .then_some(label)
}

/// Whether a line is nothing but a responsibility label: 责任单位, 牵头部门, 完成时限.
fn responsibility_label(t: &str) -> bool {
    use crate::list::columns::{Role, role_of};
    (4..=6).contains(&t.chars().count())
        && t.chars().all(crate::textnorm::is_cjk)
        && matches!(
            role_of(t),
            Some(Role::Lead | Role::Co | Role::Leaders | Role::Deadline)
        )
}

/// A label alone on its line takes the next line as its value (责任单位： / 水务局、城管局).
fn join_label_lines<'a>(lines: &[&'a str]) -> Vec<std::borrow::Cow<'a, str>> {
    let mut out: Vec<std::borrow::Cow<'a, str>> = Vec::with_capacity(lines.len());
    let mut k = 0;
    while k < lines.len() {
        let t = lines[k].trim();
        let alone = t.ends_with(['：', ':'])
            && label_of(t).is_some_and(|l| l.chars().count() + 1 == t.chars().count());
        // 责任单位 / 文广旅局: a responsibility label alone on its line, its colon lost.
        let bare = !alone && responsibility_label(t);
        match lines
            .get(k + 1)
            .map(|n| n.trim())
            .filter(|n| (alone || bare) && !n.is_empty() && label_of(n).is_none())
        {
            Some(next) => {
                let colon = if bare { "：" } else { "" };
                out.push(std::borrow::Cow::Owned(format!("{t}{colon}{next}")));
                k += 2;
            }
            None => {
                out.push(std::borrow::Cow::Borrowed(lines[k]));
                k += 1;
            }
        }
    }
    out
}

/// Words that make a later paragraph of an item a progress report.
const PROGRESS_WORDS: &[&str] = &[
    "目前",
    "截至",
    "截止",
    "已经",
    "已完成",
    "已开工",
    "正在",
    "累计完成",
];

/// A tail after whitespace that reports progress (`…不少于6个 完成1个，完成率16.7%`), or a
/// sentence that opens with a progress word (`…5万套。目前，已新开工…`).
fn split_progress_tail(line: &str) -> (&str, Option<&str>) {
    if !line.contains([' ', '。']) {
        return (line, None);
    }
    for (p, _) in line.match_indices('。') {
        let after = &line[p + '。'.len_utf8()..];
        if ["目前", "截至", "截止", "进展情况", "推进情况", "完成情况"]
            .iter()
            .any(|w| after.starts_with(w))
        {
            return (&line[..p + '。'.len_utf8()], Some(after));
        }
    }
    for (p, _) in line.match_indices(' ') {
        let tail = line[p..].trim_start();
        if is_progress(tail) && tail.contains(['：', ':']) {
            return (line[..p].trim_end(), Some(tail));
        }
        if tail.starts_with("完成")
            && (tail.contains("完成率")
                || tail.starts_with("完成0")
                || tail.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
            || tail.starts_with("已完成")
            || tail.starts_with("无任务")
        {
            return (line[..p].trim_end(), Some(tail));
        }
    }
    (line, None)
}

/// A trailing bracket that holds only unit names: `……。（县住建局、县财政局）`.
fn take_unit_bracket(text: &str) -> (String, Vec<String>) {
    let t = text.trim_end();
    let Some(inner) = t.strip_suffix('）') else {
        return (text.to_string(), Vec::new());
    };
    let Some(open) = inner.rfind('（') else {
        return (text.to_string(), Vec::new());
    };
    let body = &inner[open + '（'.len_utf8()..];
    // （由区教委牵头）, （市住建局负责）: the units before the verb.
    let body = body.trim_start_matches('由');
    let body = [
        "牵头负责",
        "牵头实施",
        "牵头",
        "负责",
        "承办",
        "主办",
        "组织实施",
    ]
    .iter()
    .find_map(|v| body.strip_suffix(v))
    .unwrap_or(body);
    let units = split_units(&[body.to_string()]);
    let all_units = !units.is_empty() && units.iter().all(|u| looks_like_unit(u));
    if all_units && body.chars().count() <= 80 {
        (inner[..open].trim_end().to_string(), units)
    } else {
        (text.to_string(), Vec::new())
    }
}

/// Labels that open an item's task text, dropped from it: 任务目标：….
const CONTENT_LABELS: &[&str] = &[
    "任务目标",
    "目标任务",
    "工作目标",
    "工作任务",
    "建设内容",
    "主要内容",
    "实施内容",
    "项目内容",
    "具体内容",
    "年度目标",
    "建设规模",
];

/// The text after a leading content label, if it has one.
fn strip_content_label(line: &str) -> &str {
    for l in CONTENT_LABELS {
        if let Some(rest) = line.strip_prefix(l)
            && let Some(rest) = rest.strip_prefix(['：', ':'])
        {
            return rest.trim_start();
        }
    }
    line
}

/// Phrases that close a notice after its list: 现予以公告, 特此通知.
const CLOSING_PHRASES: &[&str] = &["现予以公告", "现予公告", "特此公告", "特此通知", "特此通报"];

/// A page's "read more" link or ellipsis at the end of a cut excerpt (…[查看详情]), an image
/// caption in brackets (（…效果图）), or the notice's closing phrase after the last item.
fn strip_page_tail(line: &str) -> &str {
    let mut t = line.trim_end();
    for w in CLOSING_PHRASES {
        if let Some(p) = t.find(w) {
            t = t[..p].trim_end();
        }
    }
    if let Some(inner) = t.strip_suffix('）')
        && let Some(open) = inner.rfind('（')
        && ["效果图", "示意图", "图片", "摄"]
            .iter()
            .any(|w| inner[open..].contains(w))
    {
        t = inner[..open].trim_end();
    }
    for tail in [
        "[查看详情]",
        "【查看详情】",
        "查看详情",
        "阅读全文",
        "展开全文",
        "[详细]",
        "[更多]",
        ">>",
    ] {
        t = t.strip_suffix(tail).unwrap_or(t).trim_end();
    }
    t.trim_end_matches(['.', '…'])
}

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
mod tests {
    use super::*;

    #[test]
    fn notes_brackets_progress_and_titles() {
        let it = build(
            1,
            &[
                "城镇公益性岗位安置就业困难人员6100人。（责任单位：州人力资源社会保障局）",
                "推进情况：目前累计完成6415人。",
            ],
            "line 3",
        );
        assert_eq!(it.lead_units, ["州人力资源社会保障局"]);
        assert_eq!(
            it.content.as_deref(),
            Some("城镇公益性岗位安置就业困难人员6100人。")
        );
        assert!(it.extra["进展情况"].starts_with("推进情况"));
        let it = build(
            2,
            &[
                "",
                "城镇老旧小区改造和社区服务提升：",
                "新开工改造城镇老旧小区2069个。",
            ],
            "line 9",
        );
        assert_eq!(it.name.as_deref(), Some("城镇老旧小区改造和社区服务提升"));
        assert_eq!(
            it.content.as_deref(),
            Some("新开工改造城镇老旧小区2069个。")
        );
        let it = build(
            6,
            &[
                "轨道交通1号线一期工程投入试运营。 牵头领导:林静国 责任单位:市轨道交通工程建设指挥部 项目责任人:尹文德 配合单位:市城管局、市财政局 实际完成情况:已于5月30日通车试运营。",
            ],
            "x",
        );
        assert_eq!(it.leaders, ["林静国"]);
        assert_eq!(it.lead_units, ["市轨道交通工程建设指挥部"]);
        assert_eq!(it.co_units, ["市城管局", "市财政局"]);
        assert!(it.extra["进展情况"].contains("通车"));
        assert_eq!(
            it.content.as_deref(),
            Some("轨道交通1号线一期工程投入试运营。")
        );
        let it = build(3, &["新建公厕2座。（县住建局、县城管局）"], "x");
        assert_eq!(it.lead_units, ["县住建局", "县城管局"]);
        let it = build(3, &["新增学位2660个。（由区教委牵头）"], "x");
        assert_eq!(it.lead_units, ["区教委"]);
        let it = build(
            1,
            &[
                "项目名称:提升县域生态环境",
                "项目内容:",
                "新改建城区公共厕所5座。",
                "责任单位:",
                "水务局、城管局",
                "进展与成效:",
                "已完成可行性研究报告。",
            ],
            "x",
        );
        assert_eq!(it.name.as_deref(), Some("提升县域生态环境"));
        assert_eq!(it.content.as_deref(), Some("新改建城区公共厕所5座。"));
        assert_eq!(it.lead_units, ["水务局", "城管局"]);
        assert!(it.extra["进展情况"].contains("可行性研究"));
        let it = build(
            2,
            &[
                "项目名称:加大文化惠民力度",
                "项目内容:",
                "新建城市书房1个。",
                "责任单位",
                "文广旅局",
            ],
            "x",
        );
        assert_eq!(it.lead_units, ["文广旅局"]);
        assert_eq!(it.content.as_deref(), Some("新建城市书房1个。"));
        let it = build(4, &["力争9个城市社区达到标准 完成9个，完成率100%"], "x");
        assert_eq!(it.content.as_deref(), Some("力争9个城市社区达到标准"));
        let it = build(5, &["实施优化教育资源供给工程。推进3所中小学建设。"], "x");
        assert_eq!(it.name.as_deref(), Some("实施优化教育资源供给工程"));
    }
}
