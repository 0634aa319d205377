//! What kind of commitment a target is (a count, a level, a rate, a ceiling), its baseline
//! (从788元提高到1050元), and the words that report what was already done rather than a
//! commitment.

use crate::numbers::number_at;
use crate::textnorm::fold_width;
use crate::wordlist::word_automaton;
use minsheng_domain::{Comparator, TargetKind};

/// Words before a value that make it a level to reach rather than a count to deliver,
/// besides the change verbs ([`FROM_TO`]): a per-head or average measure.
const LEVEL_WORDS: &[&str] = &["人均", "每千", "每万", "每百", "平均", "水平", "密度"];
/// Words that make a value a count delivered in the year even after 达到.
const COUNT_WORDS: &[&str] = &[
    "新增", "新建", "建成", "建设", "改造", "完成", "培训", "开展", "提供", "发放", "救助", "服务",
    "筛查", "安装", "举办", "实施", "打造", "招聘", "帮扶", "资助", "惠及", "累计", "受益", "就业",
    "接种", "检查", "免费", "增加", "种植", "修建", "维修", "治理",
];

// Words before a value that report what was done (已完成1700个, 完成年度目标任务的41.3%).
word_automaton!(pub(super) progress_words, &[
    "已", "截至", "截止", "目前", "目标任务的", "完成率", "高出", "同比", "占年度", "累计完成",
    "实际完成", "分别完成", "正在",
]);

// Words that make a whole sentence a report of progress: every figure in it was achieved
// (完成老旧小区改造20.3万户,完成年度目标任务的36.91%).
word_automaton!(pub(super) progress_sentence_words, &[
    "目标任务的", "年度目标的", "全年目标的", "全年计划的", "年度计划的", "高出年度", "超过预期",
    "已完成", "已全部完成", "累计完成", "分别完成", "实际完成",
]);

// Words that make a clause a plan even inside a progress report (全省5000个配电台区改造升级计划).
word_automaton!(pub(super) plan_words, &[
    "计划", "力争", "年内", "今年", "全年将", "预计", "确保", "拟",
]);

/// Change verbs and level words together.
fn level_words() -> &'static aho_corasick::AhoCorasick {
    static CELL: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let words: Vec<&str> = FROM_TO.iter().chain(LEVEL_WORDS).copied().collect();
        aho_corasick::AhoCorasick::new(words).expect("valid words")
    })
}

word_automaton!(count_words, COUNT_WORDS);

/// The kind of commitment, from the words before the value, its unit and comparator.
pub(super) fn kind_of(
    clause: &str,
    unit: &str,
    comparator: Comparator,
    has_baseline: bool,
) -> TargetKind {
    if comparator == Comparator::Le {
        return TargetKind::Ceiling;
    }
    if matches!(unit, "%" | "‰" | "个百分点") {
        return TargetKind::Rate;
    }
    if has_baseline || unit.contains('/') {
        return TargetKind::Level;
    }
    let strong_level = level_words().is_match(clause);
    let reach = clause.contains("达到") || clause.ends_with('达');
    let counted = count_words().is_match(clause);
    if strong_level || (reach && !counted) {
        TargetKind::Level
    } else {
        TargetKind::Count
    }
}

/// Change verbs that follow a baseline: 从788元提高到1050元.
const FROM_TO: &[&str] = &[
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "增至",
    "调整为",
    "调整到",
    "降至",
    "降低到",
    "降低至",
    "提高为",
    "上调至",
    "上调到",
    "提标至",
];

pub(super) fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(k, c)| chars.get(k) == Some(&c))
}

/// Whether the value at `start` is the `from` of 从/由 X 提高到 Y.
pub(super) fn is_baseline_of_change(
    chars: &[char],
    clause_from: usize,
    start: usize,
    unit_end: usize,
) -> bool {
    let from_marker = (clause_from..start)
        .rev()
        .take(12)
        .any(|k| matches!(chars[k], '从' | '由'));
    // 从每人每月574元、271元分别提高到…: every value between 从 and the verb is a baseline.
    let clause_end = (unit_end..chars.len())
        .find(|&k| matches!(chars[k], '，' | '。' | '；' | '\n'))
        .unwrap_or(chars.len());
    from_marker
        && (unit_end..clause_end.min(unit_end + 24))
            .any(|k| FROM_TO.iter().any(|w| starts_with_at(chars, k, w)))
}

/// The baseline of the value at `start`: the number after 从/由 before the change verb
/// that leads to it.
pub(super) fn baseline_before(chars: &[char], clause_from: usize, start: usize) -> Option<f64> {
    if !chars[clause_from..start]
        .iter()
        .any(|c| matches!(c, '从' | '由'))
    {
        return None;
    }
    let verb_at = (clause_from..start)
        .rev()
        .find(|&k| FROM_TO.iter().any(|w| starts_with_at(chars, k, w)))?;
    let from = (clause_from..verb_at)
        .rev()
        .find(|&k| matches!(chars[k], '从' | '由'))?;
    (from + 1..verb_at).find_map(|k| {
        let c = fold_width(chars[k]);
        (c.is_ascii_digit() || crate::numbers::is_chinese_numeral(c))
            .then(|| number_at(chars, k))
            .flatten()
            .map(|n| n.value)
    })
}
