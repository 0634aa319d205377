use super::*;

#[test]
fn notes_brackets_progress_and_titles() {
    let it = build(
        1,
        &[
            "城镇公益性岗位安置就业困难人员6100人。（责任单位：州人力资源社会保障局）",
            "推进情况：目前累计完成6415人。",
        ],
        "line 3",
    );
    assert_eq!(it.lead_units, ["州人力资源社会保障局"]);
    assert_eq!(
        it.content.as_deref(),
        Some("城镇公益性岗位安置就业困难人员6100人。")
    );
    assert!(it.extra["进展情况"].starts_with("推进情况"));
    let it = build(
        2,
        &[
            "",
            "城镇老旧小区改造和社区服务提升：",
            "新开工改造城镇老旧小区2069个。",
        ],
        "line 9",
    );
    assert_eq!(it.name.as_deref(), Some("城镇老旧小区改造和社区服务提升"));
    assert_eq!(
        it.content.as_deref(),
        Some("新开工改造城镇老旧小区2069个。")
    );
    let it = build(
        6,
        &[
            "轨道交通1号线一期工程投入试运营。 牵头领导:林静国 责任单位:市轨道交通工程建设指挥部 项目责任人:尹文德 配合单位:市城管局、市财政局 实际完成情况:已于5月30日通车试运营。",
        ],
        "x",
    );
    assert_eq!(it.leaders, ["林静国"]);
    assert_eq!(it.lead_units, ["市轨道交通工程建设指挥部"]);
    assert_eq!(it.co_units, ["市城管局", "市财政局"]);
    assert!(it.extra["进展情况"].contains("通车"));
    assert_eq!(
        it.content.as_deref(),
        Some("轨道交通1号线一期工程投入试运营。")
    );
    let it = build(3, &["新建公厕2座。（县住建局、县城管局）"], "x");
    assert_eq!(it.lead_units, ["县住建局", "县城管局"]);
    let it = build(3, &["新增学位2660个。（由区教委牵头）"], "x");
    assert_eq!(it.lead_units, ["区教委"]);
    let it = build(
        1,
        &[
            "项目名称:提升县域生态环境",
            "项目内容:",
            "新改建城区公共厕所5座。",
            "责任单位:",
            "水务局、城管局",
            "进展与成效:",
            "已完成可行性研究报告。",
        ],
        "x",
    );
    assert_eq!(it.name.as_deref(), Some("提升县域生态环境"));
    assert_eq!(it.content.as_deref(), Some("新改建城区公共厕所5座。"));
    assert_eq!(it.lead_units, ["水务局", "城管局"]);
    assert!(it.extra["进展情况"].contains("可行性研究"));
    let it = build(
        2,
        &[
            "项目名称:加大文化惠民力度",
            "项目内容:",
            "新建城市书房1个。",
            "责任单位",
            "文广旅局",
        ],
        "x",
    );
    assert_eq!(it.lead_units, ["文广旅局"]);
    assert_eq!(it.content.as_deref(), Some("新建城市书房1个。"));
    let it = build(4, &["力争9个城市社区达到标准 完成9个，完成率100%"], "x");
    assert_eq!(it.content.as_deref(), Some("力争9个城市社区达到标准"));
    let it = build(5, &["实施优化教育资源供给工程。推进3所中小学建设。"], "x");
    assert_eq!(it.name.as_deref(), Some("实施优化教育资源供给工程"));
}
