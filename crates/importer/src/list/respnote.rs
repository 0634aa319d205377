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

/// Endings of a responsibility label: 牵头单位, 责任部门, 牵头领导, 完成时限, 项目责任人.
const LABEL_ENDS: &[&str] = &[
    "单位",
    "部门",
    "领导",
    "时限",
    "期限",
    "时间",
    "责任人",
    "主体",
    "科室",
    "股室",
];

/// What a label assigns: a role, or nothing worth keeping (项目责任人, 联系人).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Role(Role),
    /// A lead label that says 牵头 (牵头单位, 牵头部门): beside a plain 责任单位, it is the lead.
    Leading,
    Ignored,
}

/// A responsibility label at `i` — two to eight characters ending as labels do, then a
/// colon, standing after a boundary — and where its value starts.
fn key_at(chars: &[char], i: usize) -> Option<(Key, usize)> {
    let boundary = i == 0
        || matches!(
            chars[i - 1],
            '（' | '('
                | '；'
                | ';'
                | '，'
                | ','
                | '。'
                | ' '
                | '\n'
                | '：'
                | '、'
                | '）'
                | ')'
                | '【'
        );
    if !boundary || !crate::textnorm::is_cjk(chars[i]) {
        return None;
    }
    // 牵头单位：X, or 相关责任单位有A、B / 责任单位为X.
    let (colon, value_at) = (i + 2..chars.len().min(i + 9)).find_map(|k| match chars[k] {
        '：' | ':' => Some((k, k + 1)),
        '有' | '为' | '是'
            if k >= 2 && chars[k - 2..k] == ['单', '位'] || chars[k - 2..k] == ['部', '门'] =>
        {
            let skip = usize::from(matches!(chars.get(k + 1), Some('：' | ':')));
            Some((k, k + 1 + skip))
        }
        _ => None,
    })?;
    let label: String = chars[i..colon].iter().collect();
    if !label
        .chars()
        .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        || !LABEL_ENDS.iter().any(|e| label.ends_with(e))
    {
        return None;
    }
    let key = if label.ends_with("责任人") || label.contains("联系") {
        Key::Ignored
    } else {
        match role_of(&label) {
            Some(Role::Lead) if label.contains("牵头") => Key::Leading,
            Some(r @ (Role::Lead | Role::Co | Role::Leaders | Role::Deadline)) => Key::Role(r),
            _ => return None,
        }
    };
    Some((key, value_at))
}

/// Any other label after a space or mark (实际完成情况：, 进展情况：): it ends a note's value.
fn other_label_at(chars: &[char], i: usize) -> bool {
    if i == 0 || !matches!(chars[i - 1], ' ' | '；' | '，' | '。') {
        return false;
    }
    (i + 2..chars.len().min(i + 9)).any(|k| {
        matches!(chars[k], '：' | ':')
            && chars[i..k]
                .iter()
                .all(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
    })
}

/// Splits a paragraph into its text without notes, and the notes.
pub fn take_notes(text: &str) -> (String, Note) {
    // Every label ends at a colon or at 有/为/是; a line with none of them has no note.
    if !text.contains(['：', ':', '有', '为', '是']) {
        return (text.trim().to_string(), Note::default());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    let mut note = Note::default();
    let mut leading: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((key, mut j)) = key_at(&chars, i) else {
            i += 1;
            continue;
        };
        let start = j;
        // Brackets opened inside the value (各区（市）政府) close inside it.
        let mut depth = 0i32;
        while j < chars.len()
            && key_at(&chars, j).is_none()
            && !other_label_at(&chars, j)
            && !matches!(chars[j], '。' | '\n')
        {
            match chars[j] {
                '（' | '(' => depth += 1,
                '）' | ')' if depth == 0 => break,
                '）' | ')' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        let value: String = chars[start..j].iter().collect();
        let value = value
            .trim()
            .trim_end_matches(['；', ';', '，', ',', ' '])
            .to_string();
        let lines = vec![value.clone()];
        match key {
            Key::Role(Role::Co) => note.co.extend(crate::units::split_units(&lines)),
            Key::Role(Role::Leaders) => note.leaders.extend(crate::units::split_leaders(&lines)),
            Key::Role(Role::Deadline) => note.deadline = Some(value),
            Key::Leading => leading.extend(crate::units::split_units(&lines)),
            Key::Role(_) => note.lead.extend(crate::units::split_units(&lines)),
            Key::Ignored => {}
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
    // 牵头部门：X；责任单位：Y — X leads and Y co-operates; a lone 牵头单位 simply leads.
    if !leading.is_empty() {
        let plain = std::mem::replace(&mut note.lead, leading);
        note.co.splice(0..0, plain);
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
        let (_, n) = take_notes("牵头部门：州人社局；责任单位：各县市人民政府");
        assert_eq!(n.lead, ["州人社局"]);
        assert_eq!(n.co, ["各县市人民政府"]);
        let (_, n) = take_notes("(牵头单位:民政局;配合单位:财政局、各街道;完成时限:年底)");
        assert_eq!(n.lead, ["民政局"]);
        assert_eq!(n.co, ["财政局", "各街道"]);
        assert_eq!(n.deadline.as_deref(), Some("年底"));
    }
}
