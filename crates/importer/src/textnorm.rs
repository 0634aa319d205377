//! Text normalisation: joining lines and removing the whitespace Word exports leave between
//! Chinese characters, while keeping one space between Latin words.

/// Whether `c` is a CJK ideograph or CJK/full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x2010..=0x2027 | 0x2460..=0x24FF | 0x3200..=0x32FF | 0x20000..=0x2FFFF)
}

/// Collapses whitespace in one string: removed where either side is CJK, one space kept
/// between two Latin/digit runs.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    squash_into(&mut out, s, &mut pending_space);
    out
}

/// Appends `s` to `out` with whitespace collapsed; `pending_space` carries a space seen at
/// the end of one piece over to the next.
fn squash_into(out: &mut String, s: &str, pending_space: &mut bool) {
    // Runs without whitespace are copied whole: most CJK text has none.
    let mut rest = s;
    loop {
        let (piece, next) = match rest.char_indices().find(|(_, c)| c.is_whitespace()) {
            Some((p, c)) => (&rest[..p], Some(&rest[p + c.len_utf8()..])),
            None => (rest, None),
        };
        if let Some(first) = piece.chars().next() {
            if *pending_space {
                let prev = out.chars().next_back().unwrap_or(' ');
                if !is_cjk(prev) && !is_cjk(first) {
                    out.push(' ');
                }
                *pending_space = false;
            }
            out.push_str(piece);
        }
        match next {
            Some(n) => {
                *pending_space = !out.is_empty();
                rest = n;
            }
            None => return,
        }
    }
}

/// Joins lines of one field into one string, whitespace squashed across the joins.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for l in lines {
        squash_into(&mut out, l, &mut pending_space);
        // The line break between lines is whitespace too.
        pending_space = !out.is_empty();
    }
    out
}

/// Splits a text at separators that stand outside brackets and quotes (各区（市、县）人民政府
/// stays whole); `keep` leaves each separator at the end of its piece. Pieces are trimmed;
/// empty ones are dropped unless `keep_empty`.
pub fn split_outside_brackets(
    text: &str,
    is_sep: impl Fn(char) -> bool,
    keep: bool,
    keep_empty: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '（' | '(' | '“' | '《' | '【' | '〈' => depth += 1,
            '）' | ')' | '”' | '》' | '】' | '〉' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && is_sep(c) {
            if keep {
                cur.push(c);
            }
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| keep_empty || !s.is_empty())
        .collect()
}

/// `Some(text)` unless it is empty after squashing.
pub fn non_empty(s: String) -> Option<String> {
    if s.is_empty() { None } else { Some(s) }
}

/// Full-width ASCII forms to ASCII (Ａ１：→ A1:), leaving CJK punctuation alone.
pub fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        0xFF0E => '.',
        0xFF05 => '%',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashes_cjk_but_keeps_latin_spacing() {
        assert_eq!(squash("同城共读 书香高新"), "同城共读书香高新");
        assert_eq!(squash("张  源"), "张源");
        assert_eq!(squash("  5G  network plan "), "5G network plan");
        assert_eq!(join_lines(["发展软环境", "", "保障局"]), "发展软环境保障局");
        assert_eq!(fold_width('１'), '1');
        assert_eq!(fold_width('％'), '%');
    }
}
