//! Document metadata from the notice text around the list: title, 文号, issuer, date of
//! issue, year, region and a document-wide deadline (原则上今年10月底前完成).

use crate::deadline::find_dates;
use crate::numbers::parse_chinese;
use crate::textnorm::fold_width;
use chrono::NaiveDate;

/// Metadata found in the notice.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Meta {
    /// List title.
    pub title: Option<String>,
    /// 文号.
    pub doc_number: Option<String>,
    /// 发文机关.
    pub issuer: Option<String>,
    /// 成文日期.
    pub issued_on: Option<NaiveDate>,
    /// Year of the list.
    pub year: Option<i32>,
    /// Region that issued the list.
    pub region: Option<String>,
}

const ORG_SUFFIXES: &[&str] = &[
    "管委会",
    "管理委员会",
    "人民政府",
    "办公室",
    "办公厅",
    "委员会",
    "工委",
    "党工委",
    "领导小组",
    "指挥部",
    "政府",
];
const TITLE_WORDS: &[&str] = &[
    "清单",
    "汇总表",
    "项目表",
    "任务表",
    "目标任务",
    "一览表",
    "民生实事",
    "为民办实事",
    "实事项目",
];

/// Finds a document number such as 济高新管发〔2024〕1号 in a line.
pub fn find_doc_number(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let close = match c {
            '〔' => '〕',
            '[' => ']',
            '【' => '】',
            '（' => '）',
            '(' => ')',
            _ => continue,
        };
        let year: String = chars.iter().skip(i + 1).take(4).collect();
        if year.chars().count() != 4
            || !year.chars().all(|d| d.is_ascii_digit())
            || chars.get(i + 5) != Some(&close)
        {
            continue;
        }
        let mut j = i + 6;
        while j < chars.len() && fold_width(chars[j]).is_ascii_digit() {
            j += 1;
        }
        if j == i + 6 || chars.get(j) != Some(&'号') {
            continue;
        }
        let mut s = i;
        while s > 0
            && crate::textnorm::is_cjk(chars[s - 1])
            && !matches!(chars[s - 1], '，' | '。' | '：' | '（' | '“')
            && i - s < 12
        {
            s -= 1;
        }
        if s == i {
            continue;
        }
        return Some(chars[s..=j].iter().collect());
    }
    None
}

/// Reads a line that is only a date: 2024年1月31日, 二〇二四年一月三十一日.
pub fn date_line(line: &str) -> Option<NaiveDate> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().count() > 14 || !t.ends_with('日') {
        return None;
    }
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let num = |s: &str| {
        s.parse::<u32>()
            .ok()
            .or_else(|| parse_chinese(s).map(|v| v as u32))
    };
    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)
}

fn year_in(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len().saturating_sub(4)).find_map(|i| {
        let y: String = chars[i..i + 4].iter().collect();
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        let v: i32 = y.parse().ok()?;
        (before_ok
            && (2000..=2100).contains(&v)
            && matches!(chars.get(i + 4), Some('年' | '〕' | ']' | '】')))
        .then_some(v)
    })
}

fn is_issuer_line(l: &str) -> bool {
    let n = l.chars().count();
    (3..=25).contains(&n)
        && ORG_SUFFIXES.iter().any(|s| l.ends_with(s))
        && !l.contains(['：', ':', '，', '。'])
        && !l.starts_with("关于")
}

/// Extracts metadata from the notice paragraphs (the lines outside the list).
pub fn extract(lines: &[&str], all_text_years: &[i32]) -> Meta {
    let mut m = Meta::default();
    let squashed: Vec<String> = lines.iter().map(|l| crate::textnorm::squash(l)).collect();
    for l in &squashed {
        if m.doc_number.is_none() {
            m.doc_number =
                find_doc_number(l).filter(|d| d.chars().count() <= 30 && l.chars().count() <= 40);
        }
        if m.issued_on.is_none() {
            m.issued_on = date_line(l);
        }
        if m.issuer.is_none() && is_issuer_line(l) {
            m.issuer = Some(l.clone());
        }
    }
    // The list title: a short line naming the list; the last one before the table wins over
    // the notice's own title (关于…的通知).
    let candidates: Vec<&String> = squashed
        .iter()
        .filter(|l| {
            let n = l.chars().count();
            (6..=60).contains(&n)
                && TITLE_WORDS.iter().any(|w| l.contains(w))
                && !l.contains('。')
                && !l.starts_with("附件：")
                && !l.starts_with("附件:")
        })
        .collect();
    m.title = candidates
        .iter()
        .rev()
        .find(|l| !l.starts_with("关于"))
        .or(candidates.first())
        .map(|l| l.to_string());
    m.year = m
        .title
        .as_deref()
        .and_then(year_in)
        .or_else(|| m.doc_number.as_deref().and_then(year_in))
        .or_else(|| most_common(all_text_years));
    m.region = m.title.as_deref().and_then(region_from_title).or_else(|| {
        m.issuer.as_deref().map(|i| {
            let mut r = i.to_string();
            for s in [
                "办公室",
                "管委会",
                "管理委员会",
                "人民政府",
                "党工委",
                "工委",
            ] {
                r = r.trim_end_matches(s).to_string();
            }
            r
        })
    });
    m.region = m.region.filter(|r| r.chars().count() >= 2);
    m
}

fn region_from_title(title: &str) -> Option<String> {
    let t = title
        .trim_start_matches("关于")
        .trim_start_matches("印发")
        .trim_start_matches("办好");
    let chars: Vec<char> = t.chars().collect();
    let y = (0..chars.len()).find(|&i| chars[i].is_ascii_digit())?;
    if y > 0 {
        let r: String = chars[..y].iter().collect();
        return Some(r.trim_end_matches(['“', '"']).to_string());
    }
    // 2024年度高新区重大民生实事项目清单 → 高新区
    let after: String = chars.iter().skip_while(|c| c.is_ascii_digit()).collect();
    let after = after.trim_start_matches('年').trim_start_matches('度');
    let end = ["重大", "重点", "民生", "“", "为民", "十大", "实事"]
        .iter()
        .filter_map(|w| after.find(w))
        .min()?;
    Some(after[..end].to_string()).filter(|r| !r.is_empty())
}

fn most_common(years: &[i32]) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for y in years {
        *counts.entry(*y).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(y, c)| (*c, *y))
        .map(|(y, _)| y)
}

/// All plausible years (2000–2100) written in a text (followed by 年), for guessing the list's year. Scans
/// bytes: ASCII digits never occur inside a multi-byte UTF-8 character.
pub fn years_in(text: &str) -> Vec<i32> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        // A year is written with 年 after it; 托位2000个 is a quantity.
        if i - start == 4 && b[i..].starts_with("年".as_bytes()) {
            let v = b[start..i]
                .iter()
                .fold(0i32, |acc, d| acc * 10 + (d - b'0') as i32);
            if (2000..=2100).contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// A deadline for the whole list in notice text: 原则上今年10月底前完成, 所有项目于11月底前全部完成.
pub fn default_deadline(lines: &[&str], year: Option<i32>) -> Option<NaiveDate> {
    for l in lines {
        for clause in l.split(['，', '。', '；', ',', ';']) {
            let scoped = [
                "原则上",
                "全部",
                "全面完成",
                "确保",
                "均须",
                "均要",
                "所有项目",
                "各项目",
                "所有民生实事",
                "民生实事项目",
            ]
            .iter()
            .any(|w| clause.contains(w));
            if scoped
                && clause.contains("完成")
                && let Some(d) = find_dates(clause, year).into_iter().next()
            {
                return Some(d.date);
            }
        }
    }
    None
}

/// The unit that undertakes the whole list, when the notice says so before it:
/// 2024年，区城市管理委共承办为群众拟办重要民生实事项目7项 → 区城市管理委.
pub fn undertaking_unit(lines: &[&str]) -> Option<String> {
    const VERBS: &[&str] = &[
        "共承办",
        "牵头承办",
        "承办的",
        "共承担",
        "承担的",
        "负责实施的",
    ];
    for line in lines {
        for v in VERBS {
            let Some(p) = line.find(v) else { continue };
            let after = &line[p..];
            if !(after.contains("实事") || after.contains("民生")) {
                continue;
            }
            let before = line[..p]
                .rsplit(['，', '。', '；', '：', ' '])
                .next()
                .unwrap_or("")
                .trim();
            if crate::units::looks_like_unit(before) {
                return Some(before.to_string());
            }
        }
    }
    // 密云区园林绿化局2025年重要民生实事项目进展情况: a department's own list, titled by it.
    lines.iter().find_map(|line| department_title(line))
}

/// The department a list's title opens with, before the year: 密云区园林绿化局 in
/// 密云区园林绿化局2025年重要民生实事项目…. A region (宜春市2023年…) is not one.
fn department_title(line: &str) -> Option<String> {
    let line = line.trim();
    if !line.contains("实事") || line.chars().count() > 60 {
        return None;
    }
    let year_at = line.char_indices().find_map(|(p, _)| {
        let rest = &line[p..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits == 4 && rest[4..].starts_with('年')).then_some(p)
    })?;
    let before = line[..year_at].trim();
    let department = ["局", "委", "委员会", "办", "办公室", "中心", "公司", "集团"]
        .iter()
        .any(|e| before.ends_with(e));
    (department && before.chars().count() >= 4 && crate::units::looks_like_unit(before))
        .then(|| before.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_department_titles_its_own_list() {
        assert_eq!(
            undertaking_unit(&["密云区园林绿化局2025年重要民生实事项目进展情况(一季度)"])
                .as_deref(),
            Some("密云区园林绿化局")
        );
        assert_eq!(undertaking_unit(&["宜春市2023年民生实事项目"]), None);
        assert_eq!(undertaking_unit(&["2023年区政府民生实事进展情况"]), None);
    }

    #[test]
    fn reads_notice_metadata() {
        let lines = [
            "济高新管发〔2024〕1号",
            "济宁高新区管委会",
            "关于办好2024年“重点民生实事”的通知",
            "各街道办事处，区直各部门单位：",
            "附件：济宁高新区2024年“重点民生实事”汇总表",
            "2024年1月31日",
            "附件",
            "济宁高新区2024年“重点民生实事”汇总表",
        ];
        let m = extract(&lines, &[]);
        assert_eq!(m.doc_number.as_deref(), Some("济高新管发〔2024〕1号"));
        assert_eq!(m.issuer.as_deref(), Some("济宁高新区管委会"));
        assert_eq!(m.issued_on, NaiveDate::from_ymd_opt(2024, 1, 31));
        assert_eq!(
            m.title.as_deref(),
            Some("济宁高新区2024年“重点民生实事”汇总表")
        );
        assert_eq!(m.year, Some(2024));
        assert_eq!(m.region.as_deref(), Some("济宁高新区"));
    }

    #[test]
    fn finds_the_document_wide_deadline() {
        let l = ["加快民生实事项目建设进度，原则上今年10月底前完成。"];
        assert_eq!(
            default_deadline(&l, Some(2024)),
            NaiveDate::from_ymd_opt(2024, 10, 31)
        );
        assert_eq!(
            default_deadline(&["每季度召开一次专题会议"], Some(2024)),
            None
        );
        assert_eq!(
            date_line("二〇二四年一月三十一日"),
            NaiveDate::from_ymd_opt(2024, 1, 31)
        );
    }
}
