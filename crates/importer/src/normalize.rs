//! Normalisation at the edge, once per document: Traditional script to Simplified (through
//! OpenCC's dictionaries), ASCII punctuation typed in Chinese text to its full-width form,
//! full-width digits and letters to ASCII, odd spaces to plain ones. Everything after this
//! sees one form of each mark.

use crate::doc::{Block, Doc};
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use std::sync::OnceLock;

/// The Traditional → Simplified converter, built once (its dictionaries are embedded).
fn converter() -> Option<&'static OpenCC> {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

/// Characters common in 民生实事 lists that exist only in Traditional script, and their
/// Simplified forms (used to tell which script a document is in, not to convert it).
const TRADITIONAL: &str = "實項區縣責單發會與們個這進務門場設國過時級條點開關辦處際數據將為鄉鎮醫療衛養護學習經濟農業礦環內財";
const SIMPLIFIED: &str = "实项区县责单发会与们个这进务门场设国过时级条点开关办处际数据将为乡镇医疗卫养护学习经济农业矿环内财";

/// Whether a text is written in Traditional script: its Traditional-only characters
/// are at least as many as their Simplified forms and not a stray one or two.
pub fn looks_traditional(text: &str) -> bool {
    // One byte per CJK ideograph: 1 Traditional-only, 2 its Simplified form, 0 neither.
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = vec![0u8; 0xA000 - 0x4E00];
        for c in TRADITIONAL.chars() {
            t[c as usize - 0x4E00] = 1;
        }
        for c in SIMPLIFIED.chars() {
            t[c as usize - 0x4E00] = 2;
        }
        t
    });
    let (mut trad, mut simp) = (0usize, 0usize);
    for c in text.chars() {
        let u = c as usize;
        if (0x4E00..0xA000).contains(&u) {
            match table[u - 0x4E00] {
                1 => trad += 1,
                2 => simp += 1,
                _ => {}
            }
        }
    }
    trad >= 3 && trad >= simp
}

/// Converts Traditional script to Simplified.
pub fn to_simplified(text: &str) -> String {
    match converter() {
        Some(c) => c.convert(text),
        None => text.to_string(),
    }
}

fn is_cjk_or_fullwidth(c: Option<char>) -> bool {
    c.is_some_and(crate::textnorm::is_cjk)
}

/// Whether a text has a mark or a width that `normalize_marks` changes.
fn needs_marks(text: &str) -> bool {
    // On bytes: the ASCII marks, and the UTF-8 lead bytes of the spaces and full-width forms
    // that change (U+00A0, U+2002–U+200B, U+3000, U+FEFF, U+FF05–U+FF5A).
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b'(' | b')' | b',' | b':' | b';' | b'?' | b'!' => true,
        0xC2 => b.get(i + 1) == Some(&0xA0),
        0xE2 => {
            b.get(i + 1) == Some(&0x80) && b.get(i + 2).is_some_and(|c| (0x82..=0x8B).contains(c))
        }
        0xE3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80),
        0xEF => match b.get(i + 1) {
            Some(0xBB) => b.get(i + 2) == Some(&0xBF),
            Some(0xBC) => b
                .get(i + 2)
                .is_some_and(|c| matches!(c, 0x85 | 0x8E | 0x90..=0x99 | 0xA1..=0xBA)),
            Some(0xBD) => b.get(i + 2).is_some_and(|c| (0x81..=0x9A).contains(c)),
            _ => false,
        },
        _ => false,
    })
}

/// Punctuation and width: ASCII `, : ; ( ) ? !` become full-width (a comma or colon between
/// two digits stays: 1,000 and 8:30), full-width digits and letters become ASCII, ideographic
/// and no-break spaces become plain spaces.
pub fn normalize_marks(text: &str) -> String {
    if !needs_marks(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().map(crate::textnorm::fold_width).collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let next = chars.get(i + 1).copied();
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let m = match c {
            '(' => '（',
            ')' => '）',
            ',' if !between_digits => '，',
            ':' if !between_digits && !url_colon(&chars, i) => '：',
            ';' => '；',
            '?' if is_cjk_or_fullwidth(prev) => '？',
            '!' if is_cjk_or_fullwidth(prev) => '！',
            '\u{3000}' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{200b}' => ' ',
            '\u{feff}' => continue,
            _ => c,
        };
        out.push(m);
    }
    out
}

/// The colon of `http://` stays ASCII.
fn url_colon(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/')
}

/// Whether a text is a pinyin gloss: Latin letters with tone marks (xiāng, shè, ü).
fn is_pinyin(s: &str) -> bool {
    let n = s.chars().count();
    (1..=7).contains(&n)
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê".contains(c))
        && !s.is_ascii()
}

/// Drops pinyin glosses that some mirror sites put after characters: 城乡（xiāng）→ 城乡.
pub fn strip_pinyin(text: &str) -> String {
    // A gloss is lowercase Latin letters: a text with none has nothing to strip.
    if text.is_ascii() || !text.bytes().any(|b| b.is_ascii_lowercase()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find(['（', '(']) {
        let open_len = rest[p..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[p + open_len..];
        match after.find(['）', ')']) {
            Some(q) if is_pinyin(&after[..q]) => {
                out.push_str(&rest[..p]);
                let close_len = after[q..].chars().next().map_or(1, char::len_utf8);
                rest = &after[q + close_len..];
            }
            _ => {
                out.push_str(&rest[..p + open_len]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What normalisation did to a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The document was in Traditional script and was converted.
    pub from_traditional: bool,
}

/// Normalises every paragraph and cell of a document in place.
pub fn normalize_doc(doc: &mut Doc) -> Normalized {
    let mut sample = String::new();
    'outer: for b in &doc.blocks {
        match b {
            Block::Para(p) => sample.push_str(&p.text),
            Block::Table(t) => {
                for c in t.rows.iter().flatten() {
                    for l in &c.lines {
                        sample.push_str(l);
                    }
                }
            }
        }
        if sample.len() > 16 << 10 {
            break 'outer;
        }
    }
    let convert = looks_traditional(&sample);
    // Most lines need nothing: they are left in place, not copied.
    let fix = |s: &mut String| {
        if !s.is_ascii() && s.bytes().any(|b| b.is_ascii_lowercase()) {
            *s = strip_pinyin(s);
        }
        if convert {
            *s = to_simplified(s);
        }
        if needs_marks(s) {
            *s = normalize_marks(s);
        }
    };
    for b in &mut doc.blocks {
        match b {
            Block::Para(p) => fix(&mut p.text),
            Block::Table(t) => {
                for c in t.rows.iter_mut().flatten() {
                    for l in &mut c.lines {
                        fix(l);
                    }
                }
            }
        }
    }
    Normalized {
        from_traditional: convert,
    }
}

/// A text folded for comparison: no whitespace, one form of each mark, Simplified script.
/// Used by the scorer, so that a label copied from a Traditional page or with ASCII marks
/// compares equal to what the importer reads.
pub fn fold_for_compare(text: &str) -> String {
    let squashed: String = strip_pinyin(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let simplified = if squashed.is_ascii() {
        squashed
    } else {
        to_simplified(&squashed)
    };
    normalize_marks(&simplified)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_is_recognised_and_converted() {
        let t = "（一）按照“四好農村路”要求，提升改造農村公路380公裏，完成60條城市道路增亮。責任單位：市交通運輸局";
        assert!(looks_traditional(t));
        let s = to_simplified(t);
        assert!(s.contains("农村公路380公里"), "{s}");
        assert!(s.contains("责任单位：市交通运输局"), "{s}");
        assert!(!looks_traditional("新建老年食堂5处，责任单位：民政局"));
    }

    #[test]
    fn ascii_marks_become_full_width_in_chinese_text() {
        assert_eq!(
            normalize_marks("(1)新建食堂5处,服务1,000人;牵头部门:民政局"),
            "（1）新建食堂5处，服务1,000人；牵头部门：民政局"
        );
        assert_eq!(
            normalize_marks("８:30 开放，覆盖率９０％"),
            "8:30 开放，覆盖率90%"
        );
        assert_eq!(normalize_marks("见 http://x.gov.cn"), "见 http://x.gov.cn");
        for t in [
            "（一）",
            "牵头单位：民政局",
            "a(b",
            "Ａ",
            "１",
            "\u{3000}x",
            "x\u{a0}",
            "\u{feff}",
            "％",
        ] {
            assert_eq!(
                needs_marks(t),
                t.chars()
                    .any(|c| normalize_marks(&c.to_string()) != c.to_string()),
                "{t:?}"
            );
        }
        assert_eq!(
            fold_for_compare("城乡建设和交通局（交通） "),
            "城乡建设和交通局(交通)"
        );
        assert_eq!(fold_for_compare("縣住建局"), "县住建局");
        assert_eq!(
            strip_pinyin("州住房城鄉(xiāng)建設(shè)局（牵头）"),
            "州住房城鄉建設局（牵头）"
        );
    }
}
