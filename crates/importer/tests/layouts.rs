//! Layouts other regions use, written for the project: a county list with （一） headings,
//! `1、` items, notes without brackets and a deadline for the whole list.

use minsheng_importer::parse_bytes;

#[test]
fn county_list_with_paren_headings_and_inline_notes() {
    let bytes = include_bytes!("fixtures/county_numbered.txt");
    let l = parse_bytes(bytes, "county.txt").unwrap();
    assert_eq!(l.doc_number.as_deref(), Some("某政发〔2025〕6号"));
    assert_eq!(l.issuer.as_deref(), Some("某某县人民政府"));
    assert_eq!(
        l.default_deadline.map(|d| d.to_string()).as_deref(),
        Some("2025-11-30")
    );
    assert_eq!(l.items.len(), 5);
    let cats: Vec<_> = l
        .items
        .iter()
        .map(|i| i.category.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        cats,
        ["教育医疗", "教育医疗", "城乡建设", "城乡建设", "城乡建设"]
    );
    assert!(
        !l.items[1]
            .content
            .as_deref()
            .unwrap_or("")
            .contains("城乡建设"),
        "a heading is not item text"
    );
    assert_eq!(l.items[0].co_units, ["县发改局", "县财政局"]);
    assert_eq!(
        l.items[0].deadline.map(|d| d.to_string()).as_deref(),
        Some("2025-09-30")
    );
    assert_eq!(l.items[3].leaders, ["李明"]);
    let t: Vec<(f64, &str, &str)> = l.items[2]
        .targets
        .iter()
        .map(|t| (t.value, t.unit.as_str(), t.comparator.code()))
        .collect();
    assert_eq!(
        t,
        [(3.0, "家", "eq"), (1200.0, "个", "ge"), (20.0, "座", "eq")]
    );
    let rate = &l.items[4].targets[1];
    assert_eq!(
        (rate.value, rate.unit.as_str(), rate.comparator.code()),
        (3.5, "%", "le")
    );
    assert_eq!(rate.metric, "城镇登记失业率");
    assert!(
        l.items[1].targets.iter().all(|t| t.value != 65.0),
        "an age is not a target"
    );
}

/// A heading of two phrases (实施…工程，持续…) is a category; after a label line it still ends
/// the item before it.
#[test]
fn headings_of_two_phrases_are_categories() {
    let text = "\
2026年某市10件民生实事及责任分工
一、实施“畅通出行”工程，持续加强市政设施建设
1.建成解放路沙河桥、太白山路沙河桥。
牵头责任单位：市城乡建设委员会
2.新改建农村公路260公里，改造危桥10座。
牵头责任单位：市交通运输局
配合实施单位：各县区人民政府
二、实施“文化惠民”工程，不断提升人民群众幸福指数
3.开放市图书馆、市博物馆。
牵头责任单位：市文化广电新闻出版局
4.新建农家书屋30个。
牵头责任单位：市文化广电新闻出版局
";
    let l = parse_bytes(text.as_bytes(), "list.txt").unwrap();
    assert_eq!(l.items.len(), 4);
    let cats: Vec<_> = l
        .items
        .iter()
        .map(|i| i.category.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(cats[1], "实施“畅通出行”工程，持续加强市政设施建设");
    assert_eq!(cats[2], "实施“文化惠民”工程，不断提升人民群众幸福指数");
    assert!(
        !l.items[1]
            .content
            .as_deref()
            .unwrap_or("")
            .contains("文化惠民")
    );
    assert_eq!(l.items[1].co_units, ["各县区人民政府"]);
}
