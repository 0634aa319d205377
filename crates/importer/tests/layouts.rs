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

/// A department's extract of a list as one cell per line: its items keep their numbers in the
/// whole list (4, 23), the progress column stays out of the items, and the department in the
/// title undertakes them.
#[test]
fn cell_lines_with_skipped_numbers_and_progress() {
    let text = "\
某区园林绿化局2025年重要民生实事项目进展情况(一季度)

项目序号

实事项目

进展情况

4

开展果农、蜂农等农业专业技术人员培训5000人次，免费向蜂农发放至少2000只高产种蜂。



开展果农技术培训600人次，目前正在育种阶段。

23

完成12万亩山区森林健康经营林木抚育工程，建设景观步道79813平方米。


扎实推进山区森林健康经营项目，目前正在开展区级评审。
";
    let l = parse_bytes(text.as_bytes(), "list.txt").unwrap();
    let seqs: Vec<_> = l.items.iter().map(|i| i.seq.as_str()).collect();
    assert_eq!(seqs, ["4", "23"], "{:?}", l.reading);
    for it in &l.items {
        let all = format!("{:?}{:?}", it.name, it.content);
        assert!(!all.contains("目前正在"), "progress is not the item: {all}");
        assert_eq!(it.lead_units, ["某区园林绿化局"]);
    }
    let values: Vec<f64> = l.items[1].targets.iter().map(|t| t.value).collect();
    assert_eq!(values, [120000.0, 79813.0]);
}

/// Items one short line each under a heading: the first (万名…) is an item, not the heading
/// of the rest; and a sentence under a numbered title line is the item's own text.
#[test]
fn short_lines_and_sentences_under_titles() {
    let text = "\
十大民生实事项目
万名居家长者乐享智慧养老
20万学生脊柱侧弯筛查全覆盖和干预项目
5万名产业技能人才培训参赛
10个滨江生态公园建设
30个河湖水库水质明显提升
";
    let l = parse_bytes(text.as_bytes(), "list.txt").unwrap();
    assert_eq!(l.items.len(), 5);
    assert!(l.items.iter().all(|i| i.category.is_none()));
    assert_eq!(l.items[0].targets[0].value, 10000.0);
    let text = "\
文化体育

1、年文体中心建设项目

建设经开区文体中心、漕湖文体中心。

2、全民健身设施提升项目

新建健身步道20公里。
";
    let l = parse_bytes(text.as_bytes(), "list.txt").unwrap();
    assert_eq!(l.items.len(), 2);
    let first = format!("{:?}{:?}", l.items[0].name, l.items[0].content);
    assert!(first.contains("漕湖文体中心"), "{first}");
    assert_eq!(l.items[1].category.as_deref(), Some("文化体育"));
}

#[test]
fn titled_paragraphs_with_their_own_sub_points_are_the_items() {
    // A progress bulletin: each paragraph opens with its item's title sentence, some then
    // list sub-points 一是…二是…, numbered again in each paragraph; the news lead that names
    // the list is no item.
    let text = "3月5日，某市政府办公室通报了2024年某市民生实事一季度进展情况。\n\
关于扩大普惠托育服务。一是新增托位2000个。截至3月底，已新增托位600个。二是培训托育人员500人次。截至3月底，已培训120人次。\n\
关于改造老旧小区。一是改造老旧小区30个。截至3月底，已开工12个。二是加装电梯100部。截至3月底，已加装20部。\n\
关于新建公办幼儿园5所。截至3月底，5所幼儿园均已开工。\n\
关于推进城乡供水一体化。一是新建水厂2座。截至3月底，已完成主体工程。二是改造供水管网80公里。截至3月底，已完成30公里。\n";
    let l = parse_bytes(text.as_bytes(), "bulletin.txt").unwrap();
    let names: Vec<String> = l
        .items
        .iter()
        .map(|i| {
            format!(
                "{}{}",
                i.name.as_deref().unwrap_or(""),
                i.content.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names[0].starts_with("关于扩大普惠托育服务"), "{names:?}");
    assert!(names[1].starts_with("关于改造老旧小区"), "{names:?}");
    assert!(names[3].starts_with("关于推进城乡供水一体化"), "{names:?}");
    // 托位2000个 is a quantity, not the year the lead names.
    assert_eq!(l.year, Some(2024));
}
