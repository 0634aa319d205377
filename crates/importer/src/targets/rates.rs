//! The denominator of a money amount given per head, household or period: 每人每月1114元 is
//! 元/人·月.

use super::spans::{clause_start, is_clause_break};

/// Rate denominator of a money amount at `at`: 每人每月 → 人·月, 每户 → 户, 每个街道 → 街道,
/// 每年每院 → 院·年, from the nearest 每 chain before it in the same sentence or right after
/// it (300元、380元每人每月); 户均800元 → 户; 年人均收入3000元 → 人·年.
pub(super) fn rate_denominator(
    chars: &[char],
    sentence_from: usize,
    at: usize,
    after: usize,
) -> Option<String> {
    // 户均800元, 人均2000元: the amount per household or person, just before it.
    if at >= 2 && chars[at - 1] == '均' && matches!(chars[at - 2], '户' | '人') {
        return Some(chars[at - 2].to_string());
    }
    let behind = |from: usize| {
        let mut k = (from..at).rev().find(|&k| chars[k] == '每')?;
        // 每人每月: start from the first 每 of the chain.
        while k >= from + 2 && chars[k - 2] == '每' {
            k -= 2;
        }
        per_chain(chars, k, at)
    };
    // 300元、380元每人每月: the chain after the amount (and any amounts listed with it),
    // unless the amount's own clause has one before it.
    let ahead = || {
        let k = (after..chars.len().min(after + 12))
            .take_while(|&k| !is_clause_break(chars[k]))
            .find(|&k| chars[k] == '每')?;
        per_chain(chars, k, chars.len())
    };
    if let Some(d) = behind(clause_start(chars, at))
        .or_else(ahead)
        .or_else(|| behind(sentence_from))
    {
        return Some(d);
    }
    // 家庭年人均收入2650元提高到3000元: per person, per year.
    let clause_from = clause_start(chars, at);
    let p =
        (clause_from..at.saturating_sub(1)).find(|&k| chars[k] == '人' && chars[k + 1] == '均')?;
    match p.checked_sub(1).map(|k| chars[k]) {
        Some('年') => Some("人·年".into()),
        Some('月') => Some("人·月".into()),
        _ => Some("人".into()),
    }
}

/// The denominator of the 每 chain starting at `k` (a 每), read up to `limit`: the head
/// (人, 户, 院, 街道 …) first, then the periods (月, 年).
fn per_chain(chars: &[char], k: usize, limit: usize) -> Option<String> {
    let mut j = k + 1;
    let mut head: Option<String> = None;
    let mut periods: Vec<String> = Vec::new();
    loop {
        let next = chars.get(j).copied()?;
        let part = match next {
            '个' => {
                let rest: String = chars[j + 1..limit.min(j + 3)].iter().collect();
                let noun = ["街道", "社区", "村", "镇", "乡", "学校", "小区"]
                    .iter()
                    .find(|n| rest.starts_with(*n));
                match noun {
                    Some(n) => {
                        j += n.chars().count();
                        n.to_string()
                    }
                    None => "个".to_string(),
                }
            }
            c if "人户月年天日次班所家床院校".contains(c) => c.to_string(),
            _ => break,
        };
        if matches!(part.as_str(), "月" | "年" | "天" | "日") {
            periods.push(part);
        } else if head.is_none() {
            head = Some(part);
        }
        j += 1;
        if chars.get(j) == Some(&'每') && j < limit {
            j += 1;
            continue;
        }
        break;
    }
    let parts: Vec<String> = head.into_iter().chain(periods).collect();
    (!parts.is_empty()).then(|| parts.join("·"))
}
