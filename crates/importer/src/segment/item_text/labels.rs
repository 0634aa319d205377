//! Labelled lines: a label alone joined to its value (责任单位： / 水务局), a content label dropped.

/// The label a line opens with (项目名称：…, 进展与成效：…): two to eight characters before a
/// colon.
pub(super) fn label_of(line: &str) -> Option<&str> {
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
pub(super) fn join_label_lines<'a>(lines: &[&'a str]) -> Vec<std::borrow::Cow<'a, str>> {
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
pub(super) fn strip_content_label(line: &str) -> &str {
    for l in CONTENT_LABELS {
        if let Some(rest) = line.strip_prefix(l)
            && let Some(rest) = rest.strip_prefix(['：', ':'])
        {
            return rest.trim_start();
        }
    }
    line
}
