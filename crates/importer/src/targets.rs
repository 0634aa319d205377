//! Quantified targets (量化指标): every committed quantity in an item's text, with value
//! normalised, unit (rates keep their denominator), comparator and a metric noun. Years,
//! dates, ages, ordinals, grades, baselines, quoted names and parenthesised asides are not
//! targets. The rules follow the labelling conventions of the seed gold (see docs/IMPORTER.md).

mod comparator;
mod context;
mod kind;
mod metric;
mod rates;
mod spans;
mod units;

use crate::model::ParsedTarget;
use crate::numbers::{Number, Script, number_at};
use crate::textnorm::fold_width;
use crate::wordlist::word_automaton;
use comparator::comparator_for;
use context::{is_address_or_class, progress_label_at, reports_progress};
use kind::{baseline_before, is_baseline_of_change, kind_of, progress_words, starts_with_at};
use metric::metric_for;
use rates::rate_denominator;
use spans::{clause_start, enclosed_mask, is_clause_break, sentence_start, text_of};
use units::unit_at;

const BASELINE_MARKERS: &[&str] = &[
    "现有",
    "原有",
    "由原来",
    "原来的",
    "目前已有",
    "已建成",
    "已有",
];
word_automaton!(baseline_markers, BASELINE_MARKERS);
word_automaton!(change_verbs, CHANGE_VERBS);
// Money spent, not delivered: 完成投资3.28亿元, 支出救助资金1401.25万元.
word_automaton!(
    money_words,
    &[
        "投资",
        "资金",
        "投入",
        "预算",
        "拨付",
        "支出",
        "金额",
        "经费",
        "收入",
        "增加值",
    ]
);
const CHANGE_VERBS: &[&str] = &[
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增至",
    "增加至",
    "达到",
    "降至",
    "降低到",
    "降低至",
    "调整为",
    "调整到",
    "提高",
    "提升",
    "增加",
];

/// Extracts the targets of one text. See the module docs for what is and is not a target.
pub fn extract_from(text: &str) -> Vec<ParsedTarget> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mask = enclosed_mask(&chars);
    // 项目进展：至12月底，已入户… — what follows a progress label was done, not promised.
    let end = progress_label_at(&chars).unwrap_or(chars.len());
    let mut sentences_seen = Vec::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < end {
        let c = chars[i];
        // Most characters cannot start a number: reject them with one cheap test.
        let candidate = c.is_ascii_digit()
            || ('\u{FF10}'..='\u{FF19}').contains(&c)
            || crate::numbers::is_chinese_numeral(c);
        if !candidate {
            i += 1;
            continue;
        }
        let continues_token = i > 0 && {
            let p = fold_width(chars[i - 1]);
            p.is_ascii_alphanumeric() || p == '.' || crate::numbers::is_chinese_numeral(p)
        };
        let Some(num) = (!continues_token).then(|| number_at(&chars, i)).flatten() else {
            i += 1;
            continue;
        };
        i = num.end.max(i + 1);
        if let Some(t) = target_at(&chars, &mask, &num)
            && !reports_progress(&chars, &mut sentences_seen, num.start)
        {
            out.push(t);
        }
    }
    out
}

fn target_at(chars: &[char], mask: &[bool], num: &Number) -> Option<ParsedTarget> {
    if mask[num.start] {
        return None;
    }
    let prev = if num.start > 0 {
        Some(chars[num.start - 1])
    } else {
        None
    };
    if matches!(prev, Some('第' | '每' | '前' | '近')) || num.lone_one {
        return None;
    }
    // 上述6项, 以上三类: a reference back to what was already counted.
    if num.start >= 2 && matches!(chars[num.start - 2..num.start], ['上', '述'] | ['前', '述'])
    {
        return None;
    }
    let mut k = num.end;
    let is_range_mark =
        |c: Option<&char>| matches!(c, Some('-' | '－' | '~' | '～' | '—' | '至' | '到'));
    // The upper bound of a range (3-5场): the range was read at its lower bound.
    if num.start >= 2
        && is_range_mark(chars.get(num.start - 1))
        && fold_width(chars[num.start - 2]).is_ascii_digit()
    {
        return None;
    }
    // A range (3~5个, 2-3个): at least the lower bound, with the unit after the upper one.
    let mut range_ge = false;
    if is_range_mark(chars.get(k))
        && chars.get(k + 1).is_some_and(|c| {
            fold_width(*c).is_ascii_digit() || crate::numbers::is_chinese_numeral(*c)
        })
    {
        let upper = number_at(chars, k + 1)?;
        k = upper.end;
        range_ge = true;
    }
    let has_yu = matches!(chars.get(k), Some('余' | '多'));
    if has_yu {
        k += 1;
    }
    let mut value = num.value;
    let mut unit = unit_at(chars, k)?.to_string();
    let mut unit_end = k + unit.chars().count();
    // 1.6万人(次), 300户(次): a count written with its alternative measure in brackets.
    if matches!(unit.as_str(), "人" | "户")
        && let Some(alt) = ["(次)", "（次）"]
            .iter()
            .find(|w| starts_with_at(chars, unit_end, w))
    {
        unit.push('次');
        unit_end += alt.chars().count();
    }
    if unit == "万平方米" {
        value *= 1e4;
        unit = "平方米".into();
    }
    // 四方街, 三期工程: a Chinese numeral before 方/期/号/届 is part of a name or a phase.
    if num.script == Script::Chinese && matches!(unit.as_str(), "方" | "期" | "届" | "批次") {
        return None;
    }
    // 二次供水, 二次管网: 二 before 次 means secondary (two times is 两次).
    if num.script == Script::Chinese
        && unit == "次"
        && chars[num.start] == '二'
        && num.end == num.start + 1
    {
        return None;
    }
    // Idioms and patterns: 一户一策, 千家万户, 一校一案.
    if num.script == Script::Chinese
        && chars
            .get(unit_end)
            .is_some_and(|c| crate::numbers::is_chinese_numeral(*c))
    {
        return None;
    }
    if is_address_or_class(chars, unit_end) {
        return None;
    }
    let clause_from = clause_start(chars, num.start);
    let clause = text_of(chars, None, clause_from, num.start);
    if is_baseline_of_change(chars, clause_from, num.start, unit_end) {
        return None;
    }
    if let Some(p) = baseline_markers().find(&clause).map(|m| m.start())
        && !change_verbs().is_match(&clause[p..])
    {
        return None;
    }
    // Rates: 2万元/班, 每人每月1114元.
    if unit == "元" {
        if matches!(chars.get(unit_end), Some('/' | '／')) {
            let mut j = unit_end + 1;
            let mut denom = String::new();
            while j < chars.len()
                && j - unit_end <= 3
                && !is_clause_break(chars[j])
                && !mask[j]
                && "人户月年天日次班所家床个亩吨平方米·校村".contains(chars[j])
            {
                denom.push(chars[j]);
                j += 1;
            }
            if !denom.is_empty() {
                unit = format!("元/{denom}");
                unit_end = j;
            }
        } else if let Some(d) =
            rate_denominator(chars, sentence_start(chars, num.start), num.start, unit_end)
            // 发放救助资金6200万元: a sum of millions is a total, not a rate per head.
            && value < 1e6
        {
            unit = format!("元/{d}");
        }
        // Money spent, not delivered: 完成投资3.28亿元, 支出救助资金1401.25万元.
        let bare = clause.trim().is_empty();
        if value >= 1e4 && !unit.contains('/') && (bare || money_words().is_match(&clause)) {
            return None;
        }
    }
    // 其中东营区完成26866户: a breakdown by place of a figure given before it.
    let from = clause_from;
    if chars.get(from..from + 2) == Some(&['其', '中'])
        && ["区", "县", "市", "镇", "街道", "乡"]
            .iter()
            .any(|w| clause.contains(w))
    {
        return None;
    }
    // What has been done is progress, not a commitment: 已完成1700个, 完成年度目标任务的41.3%.
    if progress_words().is_match(&clause) {
        return None;
    }
    // 2023届, 2024级: a year, not a count.
    if (1990.0..=2100.0).contains(&value) && matches!(unit.as_str(), "届" | "级" | "期") {
        return None;
    }
    // 日供水30万吨, 日处理污水5万吨: a capacity per day.
    if matches!(unit.as_str(), "吨" | "立方米")
        && ["日供水", "日处理", "日产"]
            .iter()
            .any(|w| clause.ends_with(w))
    {
        unit = format!("{unit}/日");
    }
    // 4万吨/日, 30万立方米/天: other units per period or head keep their denominator too.
    if unit != "元"
        && !unit.contains('/')
        && matches!(chars.get(unit_end), Some('/' | '／'))
        && let Some(d) = chars
            .get(unit_end + 1)
            .filter(|c| "日天年月人户".contains(**c))
    {
        unit = format!("{unit}/{d}");
        unit_end += 2;
    }
    let comparator = comparator_for(chars, mask, clause_from, num, unit_end, has_yu || range_ge);
    let mut text_end = unit_end;
    if let Some(tail) = ["以上", "及以上", "以内", "以下"]
        .iter()
        .find(|t| starts_with_at(chars, text_end, t))
    {
        text_end += tail.chars().count();
    }
    let metric = metric_for(chars, mask, clause_from, num, unit_end);
    let unit = match unit.as_str() {
        "km" => "公里".into(),
        "m²" | "㎡" | "平米" => "平方米".into(),
        "‰" => "‰".into(),
        _ => unit,
    };
    let baseline = baseline_before(chars, clause_from, num.start);
    let kind = kind_of(&clause, &unit, comparator, baseline.is_some());
    Some(ParsedTarget {
        text: chars[clause_from..text_end].iter().collect(),
        metric,
        value: round(value),
        unit,
        comparator,
        kind: Some(kind),
        baseline: baseline.map(round),
        optional: false,
    })
}

fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Extracts the targets of an item from its fields in order (name, summary, content). A
/// commitment restated in a later field with the same value and unit is kept once.
pub fn extract_item<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<ParsedTarget> {
    let mut out: Vec<ParsedTarget> = Vec::new();
    for field in fields {
        let seen = out.len();
        for t in extract_from(field) {
            let restated = out[..seen]
                .iter()
                .any(|o| o.value == t.value && o.unit == t.unit);
            if !restated {
                out.push(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
