//! Splitting a responsibility cell into unit names (责任单位) or leader names (牵头领导):
//! separators are line breaks, 、，, ; names broken across lines are rejoined, qualifiers
//! kept, a trailing 等 dropped, padded names (张  源) closed up.

/// Endings that mark a complete unit name (局, 街道, 中心, 公司 …).
const UNIT_ENDINGS: &[&str] = &[
    "局", "办", "室", "中心", "部", "委", "院", "所", "处", "站", "街道", "镇", "乡", "村", "社区",
    "公司", "集团", "大队", "支队", "中队", "队", "会", "联", "协", "团", "馆", "厅", "社", "行",
    "台", "区", "县", "市", "科", "股", "组", "班", "校", "园", "场", "厂", "司", "署", "府", "盟",
    "宫",
];

/// Whether a fragment reads as a complete unit name.
fn looks_complete(name: &str) -> bool {
    let core = minsheng_domain::unit::strip_qualifier(name);
    UNIT_ENDINGS.iter().any(|e| core.ends_with(e))
}

/// A person's name: two to four Chinese characters that do not end as a unit's name does.
pub fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n)
        && s.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !looks_complete(s)
        && !s.starts_with('各')
}

/// Whether a text has the shape of a government unit's name: short, ending as units do
/// (…局/委/办/中心/街道/镇/公司/医院/学校/所/队), without sentence marks or figures.
pub fn looks_like_unit(name: &str) -> bool {
    let n = name.trim();
    let len = n.chars().count();
    (2..=24).contains(&len)
        && !n.contains(['。', '，', '；', '：', '！', '？'])
        && !n.chars().any(|c| c.is_ascii_digit())
        && (looks_complete(n) || n.starts_with('各') || n.ends_with("政府") || n.ends_with("医院"))
}

/// Splits on the list separators used inside one responsibility cell.
fn split_list(text: &str) -> Vec<String> {
    crate::textnorm::split_outside_brackets(
        text,
        |c| matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／'),
        false,
        false,
    )
}

fn clean_unit(name: &str) -> String {
    let mut n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    n = n
        .trim_matches(|c: char| matches!(c, '。' | '.' | '：' | ':'))
        .to_string();
    while let Some(stripped) = n.strip_suffix('等') {
        n = stripped.to_string();
    }
    n
}

/// Splits a unit cell given as lines into unit names, in order.
pub fn split_units(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        // Within a line, spaces may separate complete names ("区民政局 区医保局").
        let mut parts: Vec<&str> = line.split_whitespace().collect();
        // 市民政局 伍泽国: a unit then its own person in charge, who is not a unit.
        if parts.len() >= 2
            && looks_complete(parts[parts.len() - 2])
            && is_person_name(parts[parts.len() - 1])
        {
            parts.pop();
        }
        let line_text: String = if parts.len() > 1 && parts.iter().all(|p| looks_complete(p)) {
            parts.join("、")
        } else {
            parts.concat()
        };
        let mut names = split_list(&line_text);
        if names.is_empty() {
            continue;
        }
        if !pending.is_empty() {
            // A name broken across lines: 发展软环境 / 保障局. A fragment that reads as the
            // start of a new unit (区…, 市…, 各…, or long) is not glued on.
            let first = &names[0];
            let starts_new =
                first.starts_with(['区', '市', '县', '各']) || first.chars().count() > 6;
            if starts_new {
                out.push(std::mem::take(&mut pending));
            } else {
                let first = names.remove(0);
                pending.push_str(&first);
                out.push(std::mem::take(&mut pending));
            }
        }
        let ends_with_sep = line_text.ends_with(['、', '，', ',', '；', ';']);
        let last_incomplete = names
            .last()
            .is_some_and(|n| !looks_complete(&clean_unit(n)))
            && !ends_with_sep;
        let keep = if last_incomplete { names.pop() } else { None };
        out.extend(names);
        if let Some(k) = keep {
            pending = k;
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out.iter()
        .map(|n| clean_unit(n))
        .filter(|n| !n.is_empty())
        .collect()
}

/// Splits a leader cell into names; a padded name (张  源) is one name.
pub fn split_leaders(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        for part in split_list(line) {
            let tokens: Vec<&str> = part.split_whitespace().collect();
            if tokens.len() > 1 && tokens.iter().all(|t| t.chars().count() == 1) {
                out.push(tokens.concat());
            } else if tokens.len() > 1 && tokens.iter().all(|t| t.chars().count() >= 2) {
                out.extend(tokens.iter().map(|t| t.to_string()));
            } else {
                out.push(tokens.concat());
            }
        }
    }
    out.into_iter()
        .map(|n| n.trim_end_matches('等').to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.split('\n').map(String::from).collect()
    }

    #[test]
    fn rejoins_names_broken_across_lines() {
        assert_eq!(
            split_units(&lines("发展软环境\n\n保障局\n\n各街道\n")),
            ["发展软环境保障局", "各街道"]
        );
        assert_eq!(
            split_units(&lines("城乡建设和\n\n交通局\n各街道")),
            ["城乡建设和交通局", "各街道"]
        );
        assert_eq!(
            split_units(&lines("市场监督\n\n管理局\n")),
            ["市场监督管理局"]
        );
        assert_eq!(
            split_units(&lines("消防救援大队\n发展软环境\n\n保障局\n各街道")),
            ["消防救援大队", "发展软环境保障局", "各街道"]
        );
    }

    #[test]
    fn splits_on_separators_and_keeps_qualifiers() {
        assert_eq!(
            split_units(&lines(
                "财政金融局、党工委组织部（人力资源部）、人才发展集团、各街道等"
            )),
            [
                "财政金融局",
                "党工委组织部（人力资源部）",
                "人才发展集团",
                "各街道"
            ]
        );
        assert_eq!(
            split_units(&lines("城乡建设和交通局（交通）\n王因街道")),
            ["城乡建设和交通局（交通）", "王因街道"]
        );
        assert_eq!(
            split_units(&lines("区民政局 区医保局")),
            ["区民政局", "区医保局"]
        );
        assert_eq!(
            split_units(&lines("应急管理局区、城乡建设和交通局")),
            ["应急管理局区", "城乡建设和交通局"]
        );
    }

    #[test]
    fn closes_up_padded_leader_names() {
        assert_eq!(split_leaders(&lines("张  源")), ["张源"]);
        assert_eq!(split_leaders(&lines("张同园\n王  莹")), ["张同园", "王莹"]);
        assert_eq!(split_leaders(&lines("张三丰、李四")), ["张三丰", "李四"]);
        assert_eq!(split_leaders(&lines("张三丰 李四光")), ["张三丰", "李四光"]);
    }
}
