//! Responsibility notes inside running text: （责任部门：A、B）, (牵头单位:…；配合单位:…),
//! 牵头领导:X 责任单位:Y 配合单位:Z, 完成时限：年底.

use super::columns::{Role, role_of};

/// What a note assigns.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Note {
    /// Lead units.
    pub lead: Vec<String>,
    /// Co-operating units.
    pub co: Vec<String>,
    /// Leaders.
    pub leaders: Vec<String>,
    /// Deadline text.
    pub deadline: Option<String>,
}

const KEYS: &[&str] = &[
    "牵头责任单位",
    "责任部门",
    "责任单位",
    "牵头单位",
    "牵头部门",
    "主办单位",
    "承办单位",
    "主责单位",
    "实施单位",
    "协办单位",
    "配合单位",
    "配合部门",
    "协办部门",
    "牵头领导",
    "分管领导",
    "责任领导",
    "联系领导",
    "完成时限",
    "完成期限",
    "完成时间",
];

fn key_at(chars: &[char], i: usize) -> Option<(&'static str, usize)> {
    // Every key starts with one of these; most positions are rejected here.
    if !matches!(
        chars.get(i),
        Some('牵' | '责' | '主' | '承' | '实' | '协' | '配' | '分' | '联' | '完')
    ) {
        return None;
    }
    KEYS.iter().find_map(|k| {
        let mut j = i;
        for c in k.chars() {
            if chars.get(j) != Some(&c) {
                return None;
            }
            j += 1;
        }
        matches!(chars.get(j), Some('：' | ':')).then_some((*k, j + 1))
    })
}

/// Splits a paragraph into its text without notes, and the notes.
pub fn take_notes(text: &str) -> (String, Note) {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    let mut note = Note::default();
    let mut i = 0;
    while i < chars.len() {
        let Some((key, mut j)) = key_at(&chars, i) else {
            i += 1;
            continue;
        };
        let start = j;
        while j < chars.len()
            && key_at(&chars, j).is_none()
            && !matches!(chars[j], '）' | ')' | '。' | '\n')
        {
            j += 1;
        }
        let value: String = chars[start..j].iter().collect();
        let value = value
            .trim()
            .trim_end_matches(['；', ';', '，', ',', ' '])
            .to_string();
        let lines = vec![value.clone()];
        match role_of(key) {
            Some(Role::Co) => note.co.extend(crate::units::split_units(&lines)),
            Some(Role::Leaders) => note.leaders.extend(crate::units::split_leaders(&lines)),
            Some(Role::Deadline) => note.deadline = Some(value),
            _ => note.lead.extend(crate::units::split_units(&lines)),
        }
        // Drop the note, and its enclosing brackets when it sits in them.
        let mut from = i;
        let mut to = j;
        if from > 0 && matches!(chars[from - 1], '（' | '(') {
            from -= 1;
        }
        if matches!(chars.get(to), Some('）' | ')')) && (from < i) {
            to += 1;
        }
        for k in &mut keep[from..to] {
            *k = false;
        }
        i = to.max(i + 1);
    }
    let rest: String = chars
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| *c)
        .collect();
    (rest.trim().to_string(), note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_notes_in_brackets_and_inline() {
        let (rest, n) =
            take_notes("开展居民长护试点全域覆盖。（责任部门：卫生健康事业中心、高新区医保分局）");
        assert_eq!(rest, "开展居民长护试点全域覆盖。");
        assert_eq!(n.lead, ["卫生健康事业中心", "高新区医保分局"]);
        let (rest, n) =
            take_notes("新建公厕2座。牵头领导:张三 责任单位:综合执法局 配合单位:各街道");
        assert_eq!(rest, "新建公厕2座。");
        assert_eq!(n.leaders, ["张三"]);
        assert_eq!(n.lead, ["综合执法局"]);
        assert_eq!(n.co, ["各街道"]);
        let (_, n) = take_notes("(牵头单位:民政局;配合单位:财政局、各街道;完成时限:年底)");
        assert_eq!(n.lead, ["民政局"]);
        assert_eq!(n.co, ["财政局", "各街道"]);
        assert_eq!(n.deadline.as_deref(), Some("年底"));
    }
}
