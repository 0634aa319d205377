//! Enumerators (项目编号): the marks that number items and headings — `1.` `1、` `1。` `01`
//! `（1）` `①` `一、` `（一）` `一是` `【实事一】` — found at the start of a line or inside a
//! paragraph, each with its style and value.

use crate::numbers::{is_chinese_numeral, parse_chinese};

/// How a number is written; each style is one level of numbering in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// 1. 1、 1。 1． 1， 01 1 (a space), or the number alone on its line.
    Arabic,
    /// （1）.
    ParenArabic,
    /// ① ⑴ ⒈.
    Circled,
    /// 一、 一．
    Chinese,
    /// （一）.
    ParenChinese,
    /// 一是 二是.
    Ordinal,
    /// 【实事一】 【一】 实事一： 第一件 项目一.
    Bracketed,
    /// · ● ◆ ■ ▲ ○ • at the start of a line (numbered 1, 2, 3 … in order).
    Bullet,
}

impl Style {
    /// How the style is shown to a person choosing between readings.
    pub fn sample(self) -> &'static str {
        match self {
            Style::Arabic => "1.",
            Style::ParenArabic => "（1）",
            Style::Circled => "①",
            Style::Chinese => "一、",
            Style::ParenChinese => "（一）",
            Style::Ordinal => "一是",
            Style::Bracketed => "【实事一】",
            Style::Bullet => "●",
        }
    }
}

/// An enumerator found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Its style.
    pub style: Style,
    /// Its value (1 for 一、 and ①).
    pub value: u32,
    /// Char index where it starts.
    pub start: usize,
    /// Char index just after it (and after the separator that ends it).
    pub end: usize,
    /// Whether it starts its line.
    pub line_start: bool,
    /// Whether it could also be read as part of a number (3.90% at a line start): such a
    /// mark may continue a run (… 2. then 3.) but never start one.
    pub weak: bool,
}

/// Marks before which an inline enumerator may stand: the end of a sentence or clause.
fn boundary_before(chars: &[char], i: usize) -> bool {
    let mut k = i;
    let mut spaced = false;
    // A star or hash marks key items (*1.); a space separates cells copied from a table.
    while k > 0 && matches!(chars[k - 1], ' ' | '*' | '★' | '☆' | '#') {
        spaced |= chars[k - 1] == ' ';
        k -= 1;
    }
    k == 0
        || spaced
        || matches!(
            chars[k - 1],
            '。' | '；' | '！' | '？' | '：' | '\n' | '）' | '”' | '】' | '，'
        )
}

fn circled_value(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),  // ①..⑳
        0x2474..=0x2487 => Some(u - 0x2474 + 1),  // ⑴..⒇
        0x2488..=0x249B => Some(u - 0x2488 + 1),  // ⒈..⒛
        0x3251..=0x325F => Some(u - 0x3251 + 21), // ㉑..㉟
        _ => None,
    }
}

/// Characters after a number that would make it a quantity, not an enumerator (1.5万, 3个).
fn arabic_separator(chars: &[char], k: usize, line_start: bool, alone: bool) -> Option<usize> {
    let c = chars.get(k).copied();
    let next = chars.get(k + 1).copied();
    match c {
        None if line_start => Some(k),
        Some('.' | '．') if !next.is_some_and(|n| n.is_ascii_digit()) => Some(k + 1),
        Some('.' | '．') if line_start => Some(k + 1),
        Some('、' | '。' | '，' | '）' | '：') => Some(k + 1),
        // 1 .城镇 (a space before the dot)
        Some(' ') if matches!(next, Some('.' | '．' | '、')) => Some(k + 2),
        Some(' ')
            if line_start
                && next.is_some_and(|n| !n.is_ascii_digit() && !matches!(n, '%' | '|')) =>
        {
            Some(k + 1)
        }
        Some('\n') if alone => Some(k),
        _ => None,
    }
}

/// Characters after a bare number that make it a quantity or a date, not an enumerator.
fn quantity_after(c: char) -> bool {
    crate::textnorm::is_cjk(c) && "个所处座人名户家套条台辆万千亿项次场张批间元吨块盏栋床期支部班平余多年月日号时分秒岁周天米亩公斤倍成届级类栏层楼路线".contains(c)
        || !crate::textnorm::is_cjk(c)
}

fn arabic_at(chars: &[char], i: usize, line_start: bool) -> Option<Mark> {
    let mut k = i;
    while k < chars.len() && chars[k].is_ascii_digit() && k - i < 3 {
        k += 1;
    }
    if k == i || chars.get(k).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = chars[i..k].iter().collect();
    let value: u32 = digits.parse().ok()?;
    if value == 0 {
        return None;
    }
    // The number alone on its line (the item's lines follow).
    let alone = line_start && matches!(chars.get(k), None | Some('\n'));
    let strong = i > 0 && matches!(chars[i - 1], '。' | '；' | '）');
    let weak = matches!(chars.get(k), Some('.' | '．'))
        && chars.get(k + 1).is_some_and(|c| c.is_ascii_digit());
    let end = match arabic_separator(chars, k, line_start, alone) {
        Some(e) => e,
        // …（责任单位：…）4完善…: after a sentence, a number with no mark still numbers.
        None if (strong || line_start) && chars.get(k).is_some_and(|c| !quantity_after(*c)) => k,
        None => return None,
    };
    Some(Mark {
        style: Style::Arabic,
        value,
        start: i,
        end,
        line_start,
        weak,
    })
}

fn chinese_run(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let mut k = i;
    while k < chars.len() && is_chinese_numeral(chars[k]) && k - i < 4 {
        k += 1;
    }
    if k == i {
        return None;
    }
    let s: String = chars[i..k].iter().collect();
    let v = parse_chinese(&s)?;
    (v > 0 && v < 100).then_some((v as u32, k))
}

fn paren_at(chars: &[char], i: usize, line_start: bool) -> Option<Mark> {
    if chars.get(i) != Some(&'（') {
        return None;
    }
    let inner = i + 1;
    if let Some(c) = chars.get(inner)
        && c.is_ascii_digit()
    {
        let mut k = inner;
        while k < chars.len() && chars[k].is_ascii_digit() && k - inner < 3 {
            k += 1;
        }
        if chars.get(k) != Some(&'）') {
            return None;
        }
        let value: u32 = chars[inner..k].iter().collect::<String>().parse().ok()?;
        let mut end = k + 1;
        if matches!(chars.get(end), Some('、' | '.' | '．' | ' ')) {
            end += 1;
        }
        return (value > 0).then_some(Mark {
            style: Style::ParenArabic,
            value,
            start: i,
            end,
            line_start,
            weak: false,
        });
    }
    let (value, k) = chinese_run(chars, inner)?;
    if chars.get(k) != Some(&'）') {
        return None;
    }
    let mut end = k + 1;
    if matches!(chars.get(end), Some('、' | '.' | '．' | ' ')) {
        end += 1;
    }
    Some(Mark {
        style: Style::ParenChinese,
        value,
        start: i,
        end,
        line_start,
        weak: false,
    })
}

/// 【实事一】, 【一】, 实事一：, 第一件, 项目一.
fn bracketed_at(chars: &[char], i: usize, line_start: bool) -> Option<Mark> {
    let c = *chars.get(i)?;
    if c == '【' || c == '[' {
        let close = if c == '【' { '】' } else { ']' };
        let j = (i + 1..chars.len().min(i + 10)).find(|&k| chars[k] == close)?;
        let inner: String = chars[i + 1..j].iter().collect();
        let digits_from = inner
            .char_indices()
            .find(|(_, c)| is_chinese_numeral(*c) || c.is_ascii_digit())
            .map(|(p, _)| p)?;
        let prefix = &inner[..digits_from];
        if !(prefix.is_empty()
            || prefix.ends_with("实事")
            || prefix == "第"
            || prefix.ends_with("项目"))
        {
            return None;
        }
        let num = inner[digits_from..].trim_end_matches(['件', '项']);
        let value = num
            .parse::<u32>()
            .ok()
            .or_else(|| parse_chinese(num).map(|v| v as u32))?;
        return Some(Mark {
            style: Style::Bracketed,
            value,
            start: i,
            end: j + 1,
            line_start,
            weak: false,
        });
    }
    if !line_start {
        return None;
    }
    for prefix in ["实事", "第", "项目", "之"] {
        let pc: Vec<char> = prefix.chars().collect();
        if chars[i..].starts_with(&pc) {
            let (value, k) = chinese_run(chars, i + pc.len())?;
            let mut end = k;
            if prefix == "第" {
                if !matches!(chars.get(end), Some('件' | '项')) {
                    return None;
                }
                end += 1;
            }
            if !matches!(chars.get(end), Some('：' | '、' | ' ' | '，' | '.' | '．')) {
                return None;
            }
            return Some(Mark {
                style: Style::Bracketed,
                value,
                start: i,
                end: end + 1,
                line_start,
                weak: false,
            });
        }
    }
    None
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '·' | '●' | '◆' | '■' | '▲' | '○' | '•' | '◎' | '▪' | '►' | '◇' | '□'
    )
}

/// The enumerator starting at `i`, if any.
pub fn mark_at(chars: &[char], i: usize) -> Option<Mark> {
    let line_start = {
        let mut k = i;
        while k > 0 && matches!(chars[k - 1], ' ' | '*' | '★' | '☆' | '#') {
            k -= 1;
        }
        k == 0 || chars[k - 1] == '\n'
    };
    let c = *chars.get(i)?;
    if is_bullet(c) && line_start {
        let mut end = i + 1;
        while chars.get(end) == Some(&' ') {
            end += 1;
        }
        return Some(Mark {
            style: Style::Bullet,
            value: 0,
            start: i,
            end,
            line_start,
            weak: false,
        });
    }
    if let Some(value) = circled_value(c) {
        let mut end = i + 1;
        if matches!(chars.get(end), Some('、' | '.' | '．' | ' ')) {
            end += 1;
        }
        return Some(Mark {
            style: Style::Circled,
            value,
            start: i,
            end,
            line_start,
            weak: false,
        });
    }
    if c == '【' || c == '[' || (line_start && matches!(c, '实' | '第' | '项' | '之')) {
        return bracketed_at(chars, i, line_start);
    }
    if !boundary_before(chars, i) {
        return None;
    }
    if c.is_ascii_digit() {
        return arabic_at(chars, i, line_start);
    }
    if c == '（' {
        return paren_at(chars, i, line_start);
    }
    if is_chinese_numeral(c) {
        let (value, k) = chinese_run(chars, i)?;
        return match chars.get(k) {
            Some('、' | '．') => Some(Mark {
                style: Style::Chinese,
                value,
                start: i,
                end: k + 1,
                line_start,
                weak: false,
            }),
            Some('是') => Some(Mark {
                style: Style::Ordinal,
                value,
                start: i,
                end: k + 1 + usize::from(matches!(chars.get(k + 1), Some('：' | '，'))),
                line_start,
                weak: false,
            }),
            _ => None,
        };
    }
    None
}

/// Every enumerator in a text, in order.
pub fn marks(chars: &[char]) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut bullets = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let may = c.is_ascii_digit()
            || c == '（'
            || c == '【'
            || c == '['
            || is_chinese_numeral(c)
            || circled_value(c).is_some()
            || matches!(c, '实' | '第' | '项' | '之')
            || is_bullet(c);
        if may && let Some(mut m) = mark_at(chars, i) {
            if m.style == Style::Bullet {
                bullets += 1;
                m.value = bullets;
            }
            i = m.end.max(i + 1);
            out.push(m);
            continue;
        }
        // Skip the rest of a number so 12 is not read as 1 then 2.
        if c.is_ascii_digit() {
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Style, u32)> {
        let chars: Vec<char> = text.chars().collect();
        marks(&chars).iter().map(|m| (m.style, m.value)).collect()
    }

    #[test]
    fn styles_at_line_starts() {
        use Style::*;
        assert_eq!(
            found("1. 实施工程\n2、新建\n3。改造\n04 建设"),
            [(Arabic, 1), (Arabic, 2), (Arabic, 3), (Arabic, 4)]
        );
        assert_eq!(
            found("（1）改造\n（十二）改造\n①新建\n一、交通\n二是改造"),
            [
                (ParenArabic, 1),
                (ParenChinese, 12),
                (Circled, 1),
                (Chinese, 1),
                (Ordinal, 2)
            ]
        );
        assert_eq!(
            found("【实事一】\n实事二：改造\n第三件：新建"),
            [(Bracketed, 1), (Bracketed, 2), (Bracketed, 3)]
        );
        assert_eq!(found("12\n新建学校"), [(Arabic, 12)]);
    }

    #[test]
    fn inline_marks_need_a_boundary_and_quantities_are_not_marks() {
        use Style::*;
        assert_eq!(
            found("今年办好以下实事：1.新建食堂5处；2.改造道路1.5公里。3，城乡低保"),
            [(Arabic, 1), (Arabic, 2), (Arabic, 3)]
        );
        assert_eq!(found("新增托位320个，培训1.76万人"), []);
        assert_eq!(found("城镇新增就业。1 .城镇新增就业23万人"), [(Arabic, 1)]);
        assert_eq!(
            found("加强防控，一是完善制度，二是强化督查"),
            [(Ordinal, 1), (Ordinal, 2)]
        );
    }
}
