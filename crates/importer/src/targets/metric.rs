//! The metric of a target: the noun after its unit, else the words before its value.

use super::comparator::{GE_BEFORE, LE_BEFORE};
use super::spans::text_of;
use crate::numbers::Number;
use crate::textnorm::fold_width;

const NOUN_STOP: &[char] = &[
    '、', '，', ',', '。', '；', ';', '：', ':', '（', '(', '“', '”', '等', '的', '和', '及', '与',
    '）', ')',
];
const LEADING_VERBS: &[&str] = &[
    "新建", "新增", "改建", "扩建", "改造", "建设", "建成", "完成", "实施", "开展", "打造", "提供",
    "培训", "举办", "组织", "开发", "安装", "采购", "创建", "提升", "实现", "累计", "全年", "年内",
    "计划", "预计", "力争", "确保", "建立", "设立", "培养", "选树", "增加", "覆盖", "投用", "推进",
    "持续", "继续", "再",
];

pub(super) fn metric_for(
    chars: &[char],
    mask: &[bool],
    clause_from: usize,
    num: &Number,
    unit_end: usize,
) -> String {
    // "新建6处老年人食堂": the noun after the unit.
    let mut j = unit_end;
    while j < chars.len()
        && j - unit_end < 14
        && !NOUN_STOP.contains(&chars[j])
        && !fold_width(chars[j]).is_ascii_digit()
    {
        j += 1;
    }
    let after: String = chars[unit_end..j].iter().collect();
    let mut rest = after.as_str();
    for qualifier in ["以上", "以下", "以内", "左右", "之内", "余", "多"] {
        rest = rest.trim_start_matches(qualifier);
    }
    let after = rest.to_string();
    if after.chars().count() >= 2 {
        return after;
    }
    // "新增托位320个": the words before the number, verbs trimmed.
    let mut before = text_of(chars, Some(mask), clause_from, num.start);
    if let Some(p) = before.rfind(|c: char| c.is_ascii_digit() || c == '、') {
        let width = before[p..].chars().next().map_or(1, char::len_utf8);
        before = before[p + width..].to_string();
    }
    for w in GE_BEFORE
        .iter()
        .chain(LE_BEFORE)
        .chain(["达到", "达", "约", "共计", "合计", "全长", "均实现"].iter())
    {
        if let Some(s) = before.strip_suffix(w) {
            before = s.to_string();
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for v in LEADING_VERBS {
            if let Some(s) = before.strip_prefix(v) {
                before = s.to_string();
                changed = true;
            }
        }
    }
    let before: String = before
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if before.is_empty() { after } else { before }
}
