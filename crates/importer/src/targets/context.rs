//! What around a value makes it no commitment: a sentence that reports progress made, the
//! text after a progress label, an address or a class of places.

use super::kind::{plan_words, progress_sentence_words, starts_with_at};
use super::spans::{
    clause_end, clause_start, is_clause_break, sentence_end, sentence_start, text_of,
};

/// Labels after which an item's text tells what was done: 项目进展：, 进展情况：.
const PROGRESS_LABELS: &[&str] = &[
    "项目进展",
    "进展情况",
    "完成情况",
    "工作进展",
    "进度情况",
    "当前进度",
];

/// Where a progress label starts a clause (项目进展：至12月底，已入户… — all after it was
/// done). Labels end in a colon, and colons are few: only the words before each are looked at.
pub(super) fn progress_label_at(chars: &[char]) -> Option<usize> {
    chars
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, '：' | ':'))
        .find_map(|(colon, _)| {
            PROGRESS_LABELS.iter().find_map(|w| {
                let at = colon.checked_sub(w.chars().count())?;
                (starts_with_at(chars, at, w) && (at == 0 || is_clause_break(chars[at - 1])))
                    .then_some(at)
            })
        })
}

/// Whether the value at `at` sits in a sentence that reports progress made (完成年度目标任务的
/// 41.3%, 分别高出年度目标, 已完成投资…) and its own clause announces no plan (计划, 力争,
/// 年内): every figure of such a sentence is an achievement. Each sentence is read once;
/// `seen` remembers the verdicts by sentence start.
pub(super) fn reports_progress(chars: &[char], seen: &mut Vec<(usize, bool)>, at: usize) -> bool {
    let from = sentence_start(chars, at);
    let progress = match seen.iter().find(|(s, _)| *s == from) {
        Some(&(_, p)) => p,
        None => {
            let sentence = text_of(chars, None, from, sentence_end(chars, at));
            let p = progress_sentence_words().is_match(&sentence);
            seen.push((from, p));
            p
        }
    };
    if !progress {
        return false;
    }
    let clause = text_of(chars, None, clause_start(chars, at), clause_end(chars, at));
    // 占全年计划的18.9%: a share of the plan is progress, not the plan.
    !plan_words().is_match(&clause.replace("计划的", ""))
}

/// Whether the words after a value's unit make it a place or a class rather than a quantity:
/// 赵家地社区10栋旁 (an address), 50户以上自然村寨 (villages of that size).
pub(super) fn is_address_or_class(chars: &[char], unit_end: usize) -> bool {
    let locative = [
        "旁", "周边", "附近", "门前", "对面", "东侧", "西侧", "南侧", "北侧",
    ];
    if locative.iter().any(|w| starts_with_at(chars, unit_end, w)) {
        return true;
    }
    let mut k = unit_end;
    for tail in ["及以上", "以上", "以下"] {
        if starts_with_at(chars, k, tail) {
            k += tail.chars().count();
            break;
        }
    }
    k > unit_end && {
        // skip a short description (木质房屋连片) up to the class noun
        let window: String = chars[k..chars.len().min(k + 8)].iter().collect();
        let window = window
            .split(|c: char| is_clause_break(c) || c == '、')
            .next()
            .unwrap_or("");
        ["自然村", "村寨", "村组", "村庄"]
            .iter()
            .any(|w| window.contains(w))
    }
}
