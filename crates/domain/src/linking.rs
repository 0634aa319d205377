//! Linking an imported item of a higher level (a county list's 市级民生实事) to what that level
//! allocated to the region: which items are marked as coming from above, and which allocated
//! item each one is — sure, to be asked, or none (docs/LEVELS.md, "Import links levels").

use crate::RegionLevel;

/// Whether an item marked `mark` (its level or its category: 市级民生实事, 省级) comes from a
/// level above a region at `level`: a township's or sub-district's list names its county's
/// (区级, 县级) items too.
pub fn from_above(mark: &str, level: RegionLevel) -> bool {
    let any = |words: &[&str]| words.iter().any(|w| mark.contains(w));
    let provincial = any(&["省级", "省定", "全省"]);
    let municipal = any(&["市级", "市定", "全市", "州级", "盟级"]);
    let county = any(&["区级", "县级", "县（区）级", "区定", "县定", "全区", "全县"]);
    match level {
        RegionLevel::Province => false,
        RegionLevel::City => provincial,
        RegionLevel::District => provincial || municipal,
        RegionLevel::SubDistrict => provincial || municipal || county,
    }
}

/// Text as compared: Han characters, letters and digits, nothing else.
fn plain(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Dice coefficient of two texts' character pairs: 1 for the same text, 0 for nothing shared.
fn dice(a: &[char], b: &[char]) -> f64 {
    if a.len() < 2 || b.len() < 2 {
        return if !a.is_empty() && a == b { 1.0 } else { 0.0 };
    }
    let pairs = |s: &[char]| -> Vec<(char, char)> { s.windows(2).map(|w| (w[0], w[1])).collect() };
    let (pa, mut pb) = (pairs(a), pairs(b));
    let total = pa.len() + pb.len();
    let mut shared = 0;
    for p in pa {
        if let Some(i) = pb.iter().position(|q| *q == p) {
            pb.swap_remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total as f64
}

/// How alike two items are, from 0 to 1: by name, a name held whole in the other counting
/// nearly as the same; the content counts when the names differ, and one item's name held
/// whole in the other's content makes them worth asking about (公共停车设施建设: 新增公共停车
/// 泊位300个 names 停车泊位).
pub fn likeness(name: &str, content: &str, other_name: &str, other_content: &str) -> f64 {
    let (a, b) = (plain(name), plain(other_name));
    if !a.is_empty() && a == b {
        return 1.0;
    }
    let (sa, sb): (String, String) = (a.iter().collect(), b.iter().collect());
    let held = a.len().min(b.len()) >= 4 && (sa.contains(&sb) || sb.contains(&sa));
    let by_name = if held { 0.9 } else { dice(&a, &b) };
    let (ca, cb) = (plain(content), plain(other_content));
    let (sca, scb): (String, String) = (ca.iter().collect(), cb.iter().collect());
    let named = (b.len() >= 4 && sca.contains(&sb)) || (a.len() >= 4 && scb.contains(&sa));
    let by_name = if named { by_name.max(NAMED) } else { by_name };
    if ca.is_empty() || cb.is_empty() {
        return by_name;
    }
    by_name.max(0.6 * by_name + 0.4 * dice(&ca, &cb))
}

/// One item's name held whole in the other's content: asked about, not taken.
const NAMED: f64 = 0.55;
/// Below this an allocated item is not offered at all.
pub const PLAUSIBLE: f64 = 0.35;
/// At or above this, and clear of the next one by [`MARGIN`], a match is taken without asking.
pub const SURE: f64 = 0.6;
/// How far the best match must be ahead of the next to be taken without asking.
pub const MARGIN: f64 = 0.2;

/// Which allocated item an imported item is.
#[derive(Debug, Clone, PartialEq)]
pub enum Match<T> {
    /// This one: alike enough and clear of the others.
    Sure(T),
    /// One of these, best first: the office is asked.
    Ask(Vec<(T, f64)>),
    /// None alike enough.
    None,
}

/// Chooses among `candidates` (each with its likeness to the imported item).
pub fn choose<T: Clone>(candidates: &[(T, f64)]) -> Match<T> {
    let mut c: Vec<(T, f64)> = candidates
        .iter()
        .filter(|c| c.1 >= PLAUSIBLE)
        .cloned()
        .collect();
    c.sort_by(|a, b| b.1.total_cmp(&a.1));
    match c.as_slice() {
        [] => Match::None,
        [(best, s)] if *s >= SURE => Match::Sure(best.clone()),
        [(best, s), (_, next), ..] if *s >= SURE && s - next >= MARGIN => Match::Sure(best.clone()),
        _ => Match::Ask(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_from_above_depend_on_the_regions_level() {
        assert!(from_above("市级民生实事", RegionLevel::District));
        assert!(from_above("省级", RegionLevel::City));
        assert!(!from_above("市级民生实事", RegionLevel::City));
        assert!(!from_above("区级民生实事", RegionLevel::District));
        assert!(from_above("区级民生实事", RegionLevel::SubDistrict));
        assert!(from_above("县级", RegionLevel::SubDistrict));
        assert!(!from_above("街道民生实事", RegionLevel::SubDistrict));
        assert!(!from_above("省级", RegionLevel::Province));
    }

    #[test]
    fn likeness_of_names() {
        assert_eq!(likeness("建设城市公园", "", "建设城市公园。", ""), 1.0);
        // One name held whole in the other.
        assert_eq!(
            likeness("城镇老旧小区改造", "", "城镇老旧小区改造和社区服务提升", ""),
            0.9
        );
        // Named in the other's content: worth asking, not sure.
        let named = likeness(
            "公共停车设施建设",
            "新增公共停车泊位300个。",
            "停车泊位",
            "新增公共停车泊位2000个，其中错时共享泊位不少于500个。",
        );
        assert!((PLAUSIBLE..SURE).contains(&named), "{named}");
        let far = likeness("开展青少年心理健康教育", "", "推进农村黑臭水体治理攻坚", "");
        assert!(far < PLAUSIBLE, "{far}");
    }

    #[test]
    fn sure_ask_or_none() {
        assert_eq!(choose(&[(1, 0.9), (2, 0.4)]), Match::Sure(1));
        assert_eq!(choose(&[(1, 0.9)]), Match::Sure(1));
        assert_eq!(
            choose(&[(1, 0.7), (2, 0.65)]),
            Match::Ask(vec![(1, 0.7), (2, 0.65)])
        );
        assert_eq!(choose(&[(1, 0.5)]), Match::Ask(vec![(1, 0.5)]));
        assert_eq!(choose(&[(1, 0.2)]), Match::<i32>::None);
        assert_eq!(choose::<i32>(&[]), Match::None);
    }
}
