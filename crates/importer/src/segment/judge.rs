//! How good a reading is. Each item is judged on what 民生实事 items have in common — a
//! quantity, a responsible unit, an action verb, a sensible length, no notice or page
//! wording — and a reading on its items, how much of the document they cover, how regular
//! its numbering is, and whether their count agrees with the count the document announces.

use crate::model::ParsedItem;
use crate::wordlist::word_automaton;
use aho_corasick::AhoCorasick;

word_automaton!(action_words, ACTION);
word_automaton!(notice_words, NOTICE);
word_automaton!(narrative_words, NARRATIVE);
word_automaton!(chrome_words, CHROME);
word_automaton!(chrome_short_words, CHROME_SHORT);

/// How many different words of a list a text holds.
fn distinct(ac: &AhoCorasick, text: &str) -> usize {
    let mut seen = 0u64;
    for m in ac.find_overlapping_iter(text) {
        seen |= 1 << (m.pattern().as_usize() % 64);
    }
    seen.count_ones() as usize
}

/// Verbs that open a commitment.
const ACTION: &[&str] = &[
    "新建", "新增", "改造", "改建", "扩建", "建设", "建成", "实施", "推进", "开展", "完成", "提升",
    "打造", "提高", "启动", "免费", "为", "对", "加强", "推动", "落实", "扩大", "继续", "持续",
    "完善", "优化", "新开", "开工", "培训", "安装", "增加", "组织", "举办", "提供", "发放", "建立",
    "创建", "实现", "招聘", "办好", "解决", "治理", "整治", "修建", "筹建", "升级", "购买", "补助",
    "改善", "促进", "支持", "帮助", "保障", "确保", "全面", "深化", "巩固", "健全", "力争", "加快",
];

/// Words of a notice's own instructions, not of an item.
const NOTICE: &[&str] = &[
    "要",
    "必须",
    "务必",
    "切实",
    "高度重视",
    "认真",
    "请各",
    "各级各部门",
    "各有关部门",
    "通知如下",
    "现将",
    "特此",
    "遵照执行",
    "贯彻落实",
    "精神",
    "意见",
    "工作要求",
];

/// Words of a news story about the list rather than of an item: meetings, votes, reporters.
const NARRATIVE: &[&str] = &[
    "召开",
    "会议",
    "获悉",
    "记者",
    "表示",
    "投票",
    "议事",
    "据了解",
    "近日",
    "日前",
    "审议",
    "开幕",
    "闭幕",
    "发布会",
    "介绍",
    "通报了",
    "揭晓",
];

/// Words of a web page around the text, telling wherever they stand in a short line.
const CHROME: &[&str] = &[
    "发布时间",
    "发布日期",
    "来源：",
    "信息来源",
    "浏览次数",
    "浏览量",
    "点击数",
    "点击量",
    "访问量",
    "访问次数",
    "阅读量",
    "关闭窗口",
    "分享到",
    "责任编辑",
    "编辑：",
    "当前位置",
    "首页 >",
    "上一篇",
    "下一篇",
    "相关链接",
    "附件下载",
    "【字号",
    "背景色",
    "原文链接",
    "版权所有",
    "网站地图",
    "返回顶部",
    "查看原文",
    "索引号",
    "主题分类",
    "有效性",
    "扫一扫",
    "手机看",
    "（图文",
    "供图",
    "记者",
    "通讯员",
    "文/",
    "图/",
    "摄影",
    "效果图",
    "示意图",
];

/// Words of page furniture that are ordinary words in a sentence: only a line of a few
/// characters made of them is furniture (字体 大 中 小, 打印, 无障碍 关怀版).
const CHROME_SHORT: &[&str] = &[
    "字体",
    "打印",
    "收藏",
    "微信",
    "无障碍",
    "关怀版",
    "扫码",
    "图为",
    "摄）",
    "（图",
];

/// Whether a line is page furniture: navigation, counters, captions, share buttons.
pub fn is_chrome(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    // Sixty characters are at most 240 bytes: longer lines are text, not furniture.
    if t.len() > 240 {
        return false;
    }
    let n = t.chars().count();
    (n <= 60 && chrome_words().is_match(t))
        || (n <= 16 && !t.contains(['。', '，', '；']) && chrome_short_words().is_match(t))
}

fn is_measure(c: char) -> bool {
    matches!(
        c,
        '个' | '所'
            | '处'
            | '座'
            | '人'
            | '名'
            | '户'
            | '家'
            | '套'
            | '条'
            | '台'
            | '辆'
            | '万'
            | '千'
            | '亿'
            | '%'
            | '公'
            | '米'
            | '亩'
            | '项'
            | '次'
            | '场'
            | '张'
            | '批'
            | '间'
            | '元'
            | '吨'
            | '块'
            | '盏'
            | '栋'
            | '床'
            | '期'
            | '支'
            | '部'
            | '班'
            | '平'
            | '余'
            | '多'
    )
}

/// Whether a text states a quantity: a number followed by a measure word.
pub fn has_quantity(text: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() || in_number && c == '.' {
            in_number = true;
        } else {
            if in_number && is_measure(c) {
                return true;
            }
            // 三所, 十个, 万名: Chinese numerals with a measure word.
            if let Some(p) = prev
                && p != '一'
                && crate::numbers::is_chinese_numeral(p)
                && (matches!(c, '个' | '所' | '处' | '座' | '条' | '项' | '家')
                    || c == '名' && matches!(p, '百' | '千' | '万'))
            {
                return true;
            }
            in_number = false;
        }
        prev = Some(c);
    }
    false
}

/// The quality of one item in [0, 1].
pub fn item_quality(it: &ParsedItem) -> f64 {
    let mut text = String::new();
    for f in [&it.name, &it.summary, &it.content].into_iter().flatten() {
        text.push_str(f);
    }
    let n = text.chars().count();
    if n == 0 {
        return 0.0;
    }
    let quantity = has_quantity(&text);
    let mut q: f64 = 0.15;
    if quantity {
        q += 0.3;
    }
    if !it.lead_units.is_empty() {
        q += 0.25;
    }
    // A project's title: …项目, …工程, …行动.
    let title = text.trim_end_matches(['。', '；', '，']);
    if [
        "项目", "工程", "行动", "计划", "中心", "建设", "改造", "提升", "服务", "设施", "站",
    ]
    .iter()
    .any(|w| title.ends_with(w))
    {
        q += 0.25;
    }
    let head_end = text.char_indices().nth(8).map_or(text.len(), |(p, _)| p);
    if action_words().is_match(&text[..head_end]) {
        q += 0.15;
    }
    q += match n {
        0..=3 => -0.4,
        4..=7 => 0.0,
        8..=300 => 0.15,
        301..=600 => 0.05,
        _ => -0.3,
    };
    if !quantity && notice_words().is_match(&text) {
        q -= 0.25;
    }
    if declares_count(&text).is_some() {
        // 包括A、B、C等6个项目: a group holding items, not an item.
        q -= 0.35;
    }
    if distinct(narrative_words(), &text) >= 2 {
        q -= 0.3;
    }
    // Table separators left in an item: the grid was misread.
    if text.contains('|') {
        q -= 0.3;
    }
    if is_chrome(&text) {
        q -= 0.4;
    }
    q.clamp(0.0, 1.0)
}

/// The count an enumeration declares at its end: …、C等6个项目 → 6.
pub fn declares_count(text: &str) -> Option<usize> {
    for (p, _) in text.match_indices('等') {
        let rest = &text[p + '等'.len_utf8()..];
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || crate::numbers::is_chinese_numeral(*c))
            .collect();
        if digits.is_empty() {
            continue;
        }
        let after = &rest[digits.len()..];
        if ["个项目", "项", "件", "个"]
            .iter()
            .any(|w| after.starts_with(w))
            && text[..p].contains('、')
        {
            return digits
                .parse::<usize>()
                .ok()
                .or_else(|| crate::numbers::parse_chinese(&digits).map(|v| v as usize));
        }
    }
    None
}

/// What a document says about itself that helps choose a reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocFacts {
    /// Bytes of the document's text outside page furniture and whitespace.
    pub chars: usize,
    /// The number of items it announces (十件民生实事, 39个为民办实事项目), if any.
    pub announced: Option<usize>,
}

/// The number of items a text announces: 十件民生实事, 15件重点民生实事, 39个为民办实事项目.
pub fn announced_count(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let words = [
        "民生实事",
        "为民办实事",
        "民生工程",
        "实事项目",
        "民生项目",
        "实事",
        "惠民实事",
        "民心工程",
        "民生项目",
    ];
    let mut found: Vec<usize> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, '件' | '项' | '个' | '大') {
            continue;
        }
        // The number before the measure word.
        let mut s = i;
        while s > 0
            && (chars[s - 1].is_ascii_digit() || crate::numbers::is_chinese_numeral(chars[s - 1]))
        {
            s -= 1;
        }
        if s == i || i - s > 3 {
            continue;
        }
        let num: String = chars[s..i].iter().collect();
        let Some(v) = num
            .parse::<u64>()
            .ok()
            .or_else(|| crate::numbers::parse_chinese(&num))
        else {
            continue;
        };
        let after: String = chars[i + 1..chars.len().min(i + 9)].iter().collect();
        let after = after.trim_start_matches(['重', '点', '大', '“', '「']);
        if (3..=80).contains(&v) && words.iter().any(|w| after.starts_with(w)) {
            found.push(v as usize);
        }
    }
    // The figure said most often (a title and a lead both say 十件).
    let mut best: Option<(usize, usize)> = None;
    for v in &found {
        let c = found.iter().filter(|x| *x == v).count();
        if best.is_none_or(|(_, bc)| c > bc) {
            best = Some((*v, c));
        }
    }
    best.map(|(v, _)| v)
}

/// The score of a reading: its prior times the mean quality of its items, how much of the
/// document they cover, how many they are, and how well that number fits the announced one.
pub fn score(prior: f64, items: &[ParsedItem], facts: &DocFacts) -> f64 {
    let n = items.len();
    if n == 0 {
        return 0.0;
    }
    // The mean over an even sample of at most 64 items: a long table is judged as well by
    // its sample, at a fraction of the cost.
    let step = n.div_ceil(64);
    let sampled: Vec<&ParsedItem> = items.iter().step_by(step).collect();
    let mean = sampled.iter().map(|it| item_quality(it)).sum::<f64>() / sampled.len() as f64;
    let covered: usize = items
        .iter()
        .map(|it| {
            [&it.name, &it.summary, &it.content]
                .into_iter()
                .flatten()
                .map(|s| s.len())
                .sum::<usize>()
        })
        .sum();
    let coverage = (covered as f64 / facts.chars.max(1) as f64).min(1.0);
    let many = n as f64 / (n as f64 + 1.0);
    let fit = match facts.announced {
        Some(a) if a == n => 1.5,
        Some(a) if n < a => 1.0 + 0.2 * n as f64 / a as f64,
        Some(_) => 0.8,
        None => 1.0,
    };
    prior * mean * coverage.sqrt().sqrt() * many * fit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_counts() {
        assert_eq!(announced_count("扎实办好“十件民生实事”。"), Some(10));
        assert_eq!(
            announced_count("将实施39个为民办实事项目，包括教育"),
            Some(39)
        );
        assert_eq!(
            announced_count("2023年辛集将实施15件民生实事项目"),
            Some(15)
        );
        assert_eq!(announced_count("新建幼儿园3所"), None);
    }

    #[test]
    fn items_with_quantities_and_units_beat_notice_paragraphs() {
        let good = ParsedItem {
            content: Some("新建老年食堂5处，服务老人2000人次。".into()),
            lead_units: vec!["民政局".into()],
            ..Default::default()
        };
        let notice = ParsedItem {
            content: Some(
                "提高思想认识。各部门单位要把民生实事项目作为重中之重，切实抓好落实。".into(),
            ),
            ..Default::default()
        };
        assert!(item_quality(&good) > 0.8);
        assert!(item_quality(&notice) < 0.4);
        assert!(is_chrome("发布时间：2023-11-16 16:38"));
        assert!(!is_chrome("新建老年食堂5处"));
    }
}
