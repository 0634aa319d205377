//! Deadlines (完成期限) as written — 年底, 9月, 12月底前, 2024年12月底完成, 5月底前动工,
//! 上半年, 三季度 — read as dates with the document year. 年内/全年/长期 are not dates.

use crate::numbers::{chinese_digit, parse_chinese};
use crate::textnorm::fold_width;
use chrono::NaiveDate;

/// Last day of a month.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// A date found in text, with the span it covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The date (a month or year end when no day is given).
    pub date: NaiveDate,
    /// Whether the text gave the year explicitly.
    pub explicit_year: bool,
    /// Char index where it starts.
    pub start: usize,
    /// Char index one past its end.
    pub end: usize,
}

fn read_int(chars: &[char], i: usize, max_len: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v = 0u32;
    while j < chars.len() && j - i < max_len && fold_width(chars[j]).is_ascii_digit() {
        v = v * 10 + fold_width(chars[j]).to_digit(10)?;
        j += 1;
    }
    if j > i {
        return Some((v, j));
    }
    // Chinese month/day numerals: 十, 十二, 三十一.
    let mut j = i;
    while j < chars.len() && j - i < 3 && (chinese_digit(chars[j]).is_some() || chars[j] == '十') {
        j += 1;
    }
    while j > i {
        let s: String = chars[i..j].iter().collect();
        if let Some(v) = parse_chinese(&s) {
            return Some((v as u32, j));
        }
        j -= 1;
    }
    None
}

/// Finds the dates written in `text`: 2024年12月底, 2024年底, 10月底, 6月30日, 年底, 上半年.
/// `year` is used when the text gives none.
pub fn find_dates(text: &str, year: Option<i32>) -> Vec<FoundDate> {
    let mut out = Vec::new();
    if !text.contains(['年', '月', '季']) {
        return out;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let can_start = fold_width(c).is_ascii_digit()
            || chinese_digit(c).is_some()
            || matches!(c, '十' | '今' | '本' | '年' | '上' | '下' | '第');
        if !can_start {
            i += 1;
            continue;
        }
        if let Some(found) = date_at(&chars, i, year) {
            i = found.end;
            out.push(found);
        } else {
            i += 1;
        }
    }
    out
}

fn date_at(chars: &[char], i: usize, year: Option<i32>) -> Option<FoundDate> {
    let at = |k: usize| chars.get(k).copied();
    // Optional explicit year: 2024年 / 今年 / 本年.
    let (mut y, mut j, explicit) = match read_int(chars, i, 4) {
        Some((v, e)) if (1990..=2100).contains(&v) && at(e) == Some('年') => {
            (Some(v as i32), e + 1, true)
        }
        _ if at(i) == Some('今') && at(i + 1) == Some('年')
            || at(i) == Some('本') && at(i + 1) == Some('年') =>
        {
            (year, i + 2, false)
        }
        _ => (year, i, false),
    };
    let starts_with_year = j > i;
    if starts_with_year && matches!(at(j), Some('底' | '末')) {
        return Some(FoundDate {
            date: month_end(y?, 12)?,
            explicit_year: explicit,
            start: i,
            end: j + 1,
        });
    }
    // 年底 / 年末 with no number (the cell says just 年底).
    if !starts_with_year
        && at(i) == Some('年')
        && matches!(at(i + 1), Some('底' | '末'))
        && !is_word_char_before(chars, i)
    {
        return Some(FoundDate {
            date: month_end(y?, 12)?,
            explicit_year: false,
            start: i,
            end: i + 2,
        });
    }
    // 上半年 / 下半年
    if matches!(at(j), Some('上' | '下')) && at(j + 1) == Some('半') && at(j + 2) == Some('年')
    {
        let m = if at(j) == Some('上') { 6 } else { 12 };
        return Some(FoundDate {
            date: month_end(y?, m)?,
            explicit_year: explicit,
            start: i,
            end: j + 3,
        });
    }
    // 一季度 / 第三季度 / 3季度
    let q_start = if at(j) == Some('第') { j + 1 } else { j };
    if let Some((q, e)) = read_int(chars, q_start, 1)
        && (1..=4).contains(&q)
        && at(e) == Some('季')
        && at(e + 1) == Some('度')
    {
        return Some(FoundDate {
            date: month_end(y?, q * 3)?,
            explicit_year: explicit,
            start: i,
            end: e + 2,
        });
    }
    // N月[底|末|中|上旬…] / N月D日
    let (m, e) = read_int(chars, j, 2)?;
    if !(1..=12).contains(&m) || at(e) != Some('月') {
        return None;
    }
    // Not a duration (6个月) or a month count (3月份 is fine, 30个月 is not).
    if !starts_with_year && i > 0 && matches!(chars[i - 1], '个' | '第') {
        return None;
    }
    if !starts_with_year && i > 0 && fold_width(chars[i - 1]).is_ascii_digit() {
        return None;
    }
    j = e + 1;
    if let Some((d, e2)) = read_int(chars, j, 2)
        && matches!(at(e2), Some('日' | '号'))
    {
        let date = NaiveDate::from_ymd_opt(y.take()?, m, d)?;
        return Some(FoundDate {
            date,
            explicit_year: explicit,
            start: i,
            end: e2 + 1,
        });
    }
    let mut end = j;
    if at(j) == Some('份') {
        end = j + 1;
    }
    let date = match (at(end), at(end + 1)) {
        (Some('上'), Some('旬')) => NaiveDate::from_ymd_opt(y?, m, 10)?,
        (Some('中'), Some('旬')) => NaiveDate::from_ymd_opt(y?, m, 20)?,
        (Some('中'), _) => NaiveDate::from_ymd_opt(y?, m, 15)?,
        _ => month_end(y?, m)?,
    };
    if matches!(at(end), Some('底' | '末')) {
        end += 1;
    }
    Some(FoundDate {
        date,
        explicit_year: explicit,
        start: i,
        end,
    })
}

fn is_word_char_before(chars: &[char], i: usize) -> bool {
    // 2023年底 is handled with its year; 今年底 / 本年底 are fine; 去年底 / 明年底 are not this year.
    i > 0 && matches!(chars[i - 1], '去' | '明' | '前' | '后' | '当')
}

/// Reads a deadline cell (完成期限). `None` for 年内, 全年, 长期, 持续 and the like.
pub fn parse_deadline_cell(text: &str, year: Option<i32>) -> Option<NaiveDate> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty()
        || ["年内", "全年", "长期", "持续", "常态", "逐年"]
            .iter()
            .any(|w| t.starts_with(w))
    {
        return None;
    }
    // The last date in the cell is the completion (开工 dates may come first: 3月开工，9月完工).
    find_dates(&t, year).last().map(|d| d.date)
}

/// Finds a completion deadline inside running item text: an explicit 2024年12月底完成 or
/// 2024年底前. Years before the document year (2023年底基础上) are history, not deadlines;
/// a bare year (计划2026年实现) is a plan year, not a date.
pub fn deadline_in_content(text: &str, year: Option<i32>) -> Option<NaiveDate> {
    let dates = find_dates(text, year);
    if dates.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    for d in dates {
        if !d.explicit_year {
            continue;
        }
        if year.is_some_and(|y| d.date.year_ce().1 < y as u32) {
            continue;
        }
        let after: String = chars[d.end..chars.len().min(d.end + 4)].iter().collect();
        if after.starts_with("基础") || after.starts_with("的") || after.starts_with("相比") {
            continue;
        }
        return Some(d.date);
    }
    None
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn reads_deadline_cells() {
        let y = Some(2024);
        assert_eq!(parse_deadline_cell("年底", y), d("2024-12-31"));
        assert_eq!(parse_deadline_cell("9月", y), d("2024-09-30"));
        assert_eq!(parse_deadline_cell("6月", y), d("2024-06-30"));
        assert_eq!(parse_deadline_cell("12月底前", y), d("2024-12-31"));
        assert_eq!(parse_deadline_cell("2024年12月底完成", y), d("2024-12-31"));
        assert_eq!(parse_deadline_cell("5月底前动工", y), d("2024-05-31"));
        assert_eq!(parse_deadline_cell("9月投入使用", y), d("2024-09-30"));
        assert_eq!(parse_deadline_cell("2025年6月30日", y), d("2025-06-30"));
        assert_eq!(parse_deadline_cell("十月底", y), d("2024-10-31"));
        assert_eq!(parse_deadline_cell("上半年", y), d("2024-06-30"));
        assert_eq!(parse_deadline_cell("三季度", y), d("2024-09-30"));
        assert_eq!(parse_deadline_cell("年内", y), None);
        assert_eq!(parse_deadline_cell("全年", y), None);
        assert_eq!(parse_deadline_cell("2月", Some(2024)), d("2024-02-29"));
        assert_eq!(parse_deadline_cell("年底", None), None);
    }

    #[test]
    fn finds_deadlines_in_content_but_not_history_or_plan_years() {
        let y = Some(2024);
        assert_eq!(
            deadline_in_content("2024年12月底完成红星7号口袋公园", y),
            d("2024-12-31")
        );
        assert_eq!(
            deadline_in_content("2024年底前建设家庭养老床位不低于509张", y),
            d("2024-12-31")
        );
        assert_eq!(deadline_in_content("在2023年底基础上再提高5%以上", y), None);
        assert_eq!(deadline_in_content("计划2026年实现全覆盖", y), None);
        assert_eq!(deadline_in_content("年内新增托位320个", y), None);
        assert_eq!(deadline_in_content("进修6个月以上", y), None);
    }
}
