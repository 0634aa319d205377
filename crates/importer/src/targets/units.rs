//! The units and measure words a target's value may carry (个, 所, 公里, 万平方米 …), and the
//! characters after a one-character unit that make it part of another word (场地, 所有).

use crate::textnorm::fold_width;

/// Measure words and units, longest first within each leading character.
const UNITS: &[&str] = &[
    "万平方米",
    "平方公里",
    "平方米",
    "平米",
    "立方米",
    "公里",
    "千米",
    "公顷",
    "千瓦",
    "兆瓦",
    "千克",
    "公斤",
    "个百分点",
    "个月",
    "人次",
    "户次",
    "场次",
    "批次",
    "车次",
    "架次",
    "班次",
    "课时",
    "学时",
    "小时",
    "人份",
    "米",
    "亩",
    "吨",
    "方",
    "人",
    "名",
    "位",
    "户",
    "家",
    "个",
    "所",
    "处",
    "座",
    "台",
    "辆",
    "张",
    "套",
    "条",
    "块",
    "口",
    "项",
    "次",
    "场",
    "件",
    "间",
    "栋",
    "幢",
    "部",
    "支",
    "类",
    "棵",
    "株",
    "盏",
    "册",
    "本",
    "期",
    "届",
    "班",
    "元",
    "床",
    "组",
    "批",
    "片",
    "段",
    "根",
    "门",
    "只",
    "头",
    "艘",
    "趟",
    "篇",
    "堂",
    "节",
    "天",
    "宗",
    "笔",
    "例",
    "剂",
    "校",
    "站",
    "起",
    "村",
    "%",
    "‰",
    "倍",
    "km",
    "m²",
    "㎡",
];

/// Characters after a one-character unit that make it part of a word instead (场地, 所有, 处理).
fn breaks_unit(unit: &str, next: Option<char>) -> bool {
    let Some(n) = next else { return false };
    let bad: &[char] = match unit {
        "场" => &['地', '所', '馆', '景', '合', '次'],
        "家" => &['庭', '长', '属', '园', '门', '乡', '具', '电'],
        "口" => &['袋', '径', '岸', '罩'],
        "处" => &['理', '置', '罚', '室', '长'],
        "所" => &['有', '在', '属', '得', '需'],
        "条" => &['件', '例', '款'],
        "台" => &['账', '阶', '湾'],
        "项" => &['目'],
        "人" => &['民', '口', '大', '社', '工', '力', '防', '制'],
        "户" => &['外', '籍', '口', '型'],
        "名" => &['单', '称', '牌', '片', '录'],
        "座" => &['谈', '位'],
        "次" => &['性', '数'],
        "套" => &['餐'],
        "方" => &['面', '式', '案', '向', '法', '便', '位'],
        "期" => &['间', '限', '满'],
        "班" => &['子', '级', '车'],
        "部" => &['门', '分', '署', '位', '队'],
        "本" => &['地', '级', '年', '次', '单'],
        "天" => &['然', '气', '网', '地'],
        "节" => &['能', '约', '日', '点'],
        "位" => &['置', '于'],
        "头" => &['部'],
        "片" => &['区'],
        "站" => &['点', '式'],
        "校" => &['园', '区', '外', '内'],
        "米" => &['饭', '粮'],
        "元" => &['旦', '素'],
        "起" => &['来', '步', '点', '止', '草', '飞', '始', '到'],
        "村" => &['级', '民', '委', '庄', '居', '组', '落', '镇', '史'],
        _ => &[],
    };
    bad.contains(&n)
}

/// The units, grouped by their first character (in [`UNITS`] order within a group).
fn units_by_first() -> &'static std::collections::HashMap<char, Vec<&'static str>> {
    static CELL: std::sync::OnceLock<std::collections::HashMap<char, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let mut m: std::collections::HashMap<char, Vec<&'static str>> =
            std::collections::HashMap::new();
        for u in UNITS {
            if let Some(c) = u.chars().next() {
                m.entry(c).or_default().push(u);
            }
        }
        m
    })
}

pub(super) fn unit_at(chars: &[char], i: usize) -> Option<&'static str> {
    let first = fold_width(*chars.get(i)?);
    let group = units_by_first().get(&first)?;
    group.iter().copied().find(|u| {
        let mut k = i;
        for uc in u.chars() {
            if chars.get(k).map(|c| fold_width(*c)) != Some(uc) {
                return false;
            }
            k += 1;
        }
        !(u.chars().count() == 1 && breaks_unit(u, chars.get(k).copied()))
    })
}
