//! Lines, sentences and tails that report progress made rather than the commitment.

use super::labels::label_of;

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

/// Words that make a later paragraph of an item a progress report.
pub(super) const PROGRESS_WORDS: &[&str] = &[
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
pub(super) fn split_progress_tail(line: &str) -> (&str, Option<&str>) {
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
