//! Numbers as written in Chinese documents: Arabic with decimals and 万/千/亿 multipliers
//! (1.76万, 10.4万), full-width digits, and Chinese numerals (三, 十五, 一万, 两千五百).

use crate::textnorm::fold_width;

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Arabic digits.
    Arabic,
    /// Chinese numerals.
    Chinese,
}

/// A number found in text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// Its value, multipliers applied.
    pub value: f64,
    /// Index of the first char.
    pub start: usize,
    /// Index one past the last char (after any multiplier).
    pub end: usize,
    /// How it was written.
    pub script: Script,
    /// Whether the numeral was a lone 一 (often an article: 一份, 一家).
    pub lone_one: bool,
}

/// Value of a Chinese digit character.
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a Chinese place character (十 百 千 万 亿).
fn chinese_place(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1_000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_place(c).is_some()
}

/// Parses a whole string of Chinese numerals: 十五 → 15, 一百零八 → 108, 二〇二四 → 2024.
pub fn parse_chinese(s: &str) -> Option<u64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || !chars.iter().all(|c| is_chinese_numeral(*c)) {
        return None;
    }
    let all_digits = chars.iter().all(|c| chinese_digit(*c).is_some());
    if all_digits
        && chars.len() > 1
        && (chars.len() >= 3 || chars.iter().any(|c| matches!(c, '〇' | '零')))
    {
        // Digit by digit, as in years: 二〇二四.
        return chars.iter().try_fold(0u64, |acc, c| {
            acc.checked_mul(10)?.checked_add(chinese_digit(*c)? as u64)
        });
    }
    let (mut yi, mut wan, mut section, mut digit) = (0u64, 0u64, 0u64, 0u64);
    for c in chars {
        if let Some(d) = chinese_digit(c) {
            if digit != 0 && d != 0 {
                return None; // two digits without a place between them: not one number
            }
            digit = d as u64;
        } else {
            match chinese_place(c)? {
                100_000_000 => {
                    let v = yi
                        .checked_add(wan)?
                        .checked_add(section)?
                        .checked_add(digit)?;
                    yi = v.max(1).checked_mul(100_000_000)?;
                    (wan, section, digit) = (0, 0, 0);
                }
                10_000 => {
                    let v = section.checked_add(digit)?;
                    if wan != 0 {
                        return None; // 万 twice in one number
                    }
                    wan = v.max(1).checked_mul(10_000)?;
                    (section, digit) = (0, 0);
                }
                p => {
                    section = section.checked_add(digit.max(1).checked_mul(p)?)?;
                    digit = 0;
                }
            }
        }
    }
    yi.checked_add(wan)?
        .checked_add(section)?
        .checked_add(digit)
}

fn multiplier(c: char) -> Option<f64> {
    match c {
        '万' => Some(1e4),
        '亿' => Some(1e8),
        '千' => Some(1e3),
        _ => None,
    }
}

/// Reads the number that starts at `chars[i]`, if one does. Thousands separators (1,000)
/// and decimals are read; a following 万/亿/千 multiplies an Arabic number.
pub fn number_at(chars: &[char], i: usize) -> Option<Number> {
    let c = fold_width(*chars.get(i)?);
    if c.is_ascii_digit() {
        // Digits accumulate without allocating: the integer part exactly, the fraction scaled.
        let mut j = i;
        let (mut int_part, mut frac, mut scale) = (0f64, 0f64, 1f64);
        let mut seen_dot = false;
        while j < chars.len() {
            let d = fold_width(chars[j]);
            if let Some(v) = d.to_digit(10) {
                if seen_dot {
                    scale *= 10.0;
                    frac = frac * 10.0 + v as f64;
                } else {
                    int_part = int_part * 10.0 + v as f64;
                }
            } else if d == '.'
                && !seen_dot
                && chars
                    .get(j + 1)
                    .is_some_and(|n| fold_width(*n).is_ascii_digit())
            {
                seen_dot = true;
            } else if d == ',' && !seen_dot && thousands_group_follows(chars, j) {
                // 1,000: skip the separator
            } else {
                break;
            }
            j += 1;
        }
        let mut value = int_part + frac / scale;
        if let Some(m) = chars.get(j).and_then(|c| multiplier(*c)) {
            // 1.76万人, but not 3千米 (a unit) or 5千瓦
            if !(chars[j] == '千' && matches!(chars.get(j + 1), Some('米' | '瓦' | '克'))) {
                value *= m;
                j += 1;
            }
        }
        return Some(Number {
            value,
            start: i,
            end: j,
            script: Script::Arabic,
            lone_one: false,
        });
    }
    if is_chinese_numeral(c) {
        let mut j = i;
        while j < chars.len() && is_chinese_numeral(chars[j]) && j - i < 12 {
            j += 1;
        }
        // Shrink until the run parses (e.g. 三下 → 三).
        while j > i {
            let run: String = chars[i..j].iter().collect();
            // 万户, 千家: a place character alone is no number — except before 名 (万名长者).
            let lone_place = j - i == 1
                && matches!(chars[i], '百' | '千' | '万' | '亿' | '佰' | '仟')
                && chars.get(j) != Some(&'名');
            if let Some(v) = parse_chinese(&run).filter(|_| !lone_place) {
                let lone_one = j - i == 1 && chars[i] == '一';
                return Some(Number {
                    value: v as f64,
                    start: i,
                    end: j,
                    script: Script::Chinese,
                    lone_one,
                });
            }
            j -= 1;
        }
    }
    None
}

fn thousands_group_follows(chars: &[char], comma: usize) -> bool {
    (1..=3).all(|k| {
        chars
            .get(comma + k)
            .is_some_and(|c| fold_width(*c).is_ascii_digit())
    }) && !chars
        .get(comma + 4)
        .is_some_and(|c| fold_width(*c).is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<f64> {
        let chars: Vec<char> = s.chars().collect();
        number_at(&chars, 0).map(|n| n.value)
    }

    #[test]
    fn reads_arabic_with_multipliers() {
        assert_eq!(read("1.76万人"), Some(17600.0));
        assert_eq!(read("10.4万个"), Some(104000.0));
        assert_eq!(read("２.２７万平方米"), Some(22700.0));
        assert_eq!(read("200万元"), Some(2_000_000.0));
        assert_eq!(read("1,000辆"), Some(1000.0));
        assert_eq!(read("17.29公里"), Some(17.29));
        assert_eq!(read("3千米"), Some(3.0));
        assert_eq!(read("5."), Some(5.0));
    }

    #[test]
    fn reads_chinese_numerals() {
        assert_eq!(parse_chinese("三"), Some(3));
        assert_eq!(parse_chinese("十五"), Some(15));
        assert_eq!(parse_chinese("二十"), Some(20));
        assert_eq!(parse_chinese("一百零八"), Some(108));
        assert_eq!(parse_chinese("一万"), Some(10_000));
        assert_eq!(parse_chinese("两千五百"), Some(2_500));
        assert_eq!(parse_chinese("三万六千"), Some(36_000));
        assert_eq!(parse_chinese("十万"), Some(100_000));
        assert_eq!(parse_chinese("二〇二四"), Some(2024));
        assert!(read("约一万人").is_none());
        assert_eq!(read("一万人"), Some(10_000.0));
        assert_eq!(read("三个"), Some(3.0));
    }

    /// Writes `n` in Chinese numerals, the way documents do (used to test the reader).
    fn to_chinese(n: u64) -> String {
        const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn below_10k(n: u64, out: &mut String, leading: bool) {
            let places = [(1000, '千'), (100, '百'), (10, '十')];
            let mut zero = false;
            let mut started = !leading;
            for (p, c) in places {
                let d = n / p % 10;
                if d == 0 {
                    zero = started;
                    continue;
                }
                if zero {
                    out.push('零');
                    zero = false;
                }
                if !(p == 10 && d == 1 && !started) {
                    out.push(D[d as usize]);
                }
                out.push(c);
                started = true;
            }
            let d = n % 10;
            if d != 0 {
                if (zero || (started && n % 100 < 10 && n >= 100)) && !out.ends_with('零') {
                    out.push('零');
                }
                out.push(D[d as usize]);
            }
        }
        if n == 0 {
            return "零".into();
        }
        let mut out = String::new();
        let hi = n / 10_000;
        let lo = n % 10_000;
        if hi > 0 {
            below_10k(hi, &mut out, true);
            out.push('万');
            if lo > 0 && lo < 1000 {
                out.push('零');
            }
        }
        if lo > 0 {
            below_10k(lo, &mut out, hi == 0);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn chinese_numerals_round_trip(n in 1u64..100_000_000) {
            let s = to_chinese(n);
            proptest::prop_assert_eq!(parse_chinese(&s), Some(n), "{}", s);
        }

        #[test]
        fn arabic_numbers_round_trip(n in 0u64..10_000_000_000, frac in 0u32..100) {
            let s = format!("{n}.{frac:02}个");
            let chars: Vec<char> = s.chars().collect();
            let got = number_at(&chars, 0).unwrap();
            let want: f64 = format!("{n}.{frac:02}").parse().unwrap();
            proptest::prop_assert!((got.value - want).abs() < 1e-6 * want.max(1.0));
            proptest::prop_assert_eq!(chars[got.end], '个');
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let chars: Vec<char> = s.chars().collect();
            for i in 0..chars.len() {
                let _ = number_at(&chars, i);
            }
        }
    }
}
