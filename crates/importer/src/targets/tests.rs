use super::*;

fn vu(text: &str) -> Vec<(f64, String, &'static str)> {
    extract_from(text)
        .into_iter()
        .map(|t| (t.value, t.unit, t.comparator.code()))
        .collect()
}

fn one(text: &str) -> (f64, String, &'static str) {
    let v = vu(text);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    v.into_iter().next().unwrap()
}

#[test]
fn reads_values_units_and_comparators() {
    assert_eq!(one("年内新增托位320个"), (320.0, "个".into(), "eq"));
    assert_eq!(
        one("新增城镇就业人口1.76万人以上"),
        (17600.0, "人".into(), "ge")
    );
    assert_eq!(
        one("居家医养服务不少于6万人次"),
        (60000.0, "人次".into(), "ge")
    );
    assert_eq!(
        one("规划改造建设30余处智慧停车场"),
        (30.0, "处".into(), "ge")
    );
    assert_eq!(one("就业比例达到90%以上"), (90.0, "%".into(), "ge"));
    assert_eq!(one("好业工坊三个特色项目"), (3.0, "个".into(), "eq"));
    assert_eq!(one("约9.2公里"), (9.2, "公里".into(), "eq"));
    assert_eq!(
        one("新开工改造城镇老旧小区2.27万平方米"),
        (22700.0, "平方米".into(), "eq")
    );
    assert_eq!(
        one("每学年面向中学学生至少开展1次心理健康测评"),
        (1.0, "次".into(), "ge")
    );
    assert_eq!(one("控制在5%以内"), (5.0, "%".into(), "le"));
    assert_eq!(
        one("面向社会开放20所以上学校体育场地"),
        (20.0, "所".into(), "ge")
    );
}

#[test]
fn rates_keep_their_denominator() {
    assert_eq!(
        one("统一提高至每人每月1114元"),
        (1114.0, "元/人·月".into(), "eq")
    );
    assert_eq!(
        vu("按照每人2元、每户2元的标准"),
        vec![(2.0, "元/人".into(), "eq"), (2.0, "元/户".into(), "eq")]
    );
    assert_eq!(
        one("给予一次性开办补助2万元/班"),
        (20000.0, "元/班".into(), "eq")
    );
    assert_eq!(
        one("每个街道临时救助备用金额度5万元"),
        (50000.0, "元/街道".into(), "eq")
    );
    assert_eq!(one("每千人口托位数达到3.9个"), (3.9, "个".into(), "eq"));
}

#[test]
fn skips_what_is_not_a_commitment() {
    for text in [
        "2024年12月底完成",
        "为辖区60周岁以上老年人",
        "80-89周岁老年人",
        "济宁市第一人民医院",
        "培训三级社会体育指导员",
        "我区现有老年人食堂10处",
        "优化城乡15分钟健康服务圈",
        "举办“520阳光心理校园行”主题活动",
        "“一户一策”制定改造方案",
        "打造一家四星级养老机构",
        "（20个托位为1班）",
        "计划建设5G基站",
        "晚7点-早7点",
        "千家万户",
        "在一张电子地图上",
        "给予一次性开办补助",
        "采购四分类智能分类设备",
    ] {
        assert!(vu(text).is_empty(), "{text}: {:?}", vu(text));
    }
}

#[test]
fn a_change_from_a_baseline_keeps_the_new_values() {
    assert_eq!(
        vu("支付比例分别由原来的80%、70%分别提高到85%、75%"),
        vec![(85.0, "%".into(), "eq"), (75.0, "%".into(), "eq")]
    );
}

#[test]
fn restated_commitments_count_once_across_fields() {
    let t = extract_item([
        "2024年计划新建6处老年人食堂。",
        "我区现有老年人食堂10处，2024年新建6处。",
    ]);
    assert_eq!(t.len(), 1);
    let t = extract_item(["打造1个区级青年就创服务点；建设1个区级青年人才驿站"]);
    assert_eq!(
        t.len(),
        2,
        "repeats within one field are separate commitments"
    );
}

#[test]
fn metric_is_a_short_noun() {
    let t = extract_from("新建6处老年人食堂");
    assert_eq!(t[0].metric, "老年人食堂");
    let t = extract_from("年内新增托位320个");
    assert_eq!(t[0].metric, "托位");
}

#[test]
fn kinds_and_baselines() {
    let kinds = |text: &str| -> Vec<(f64, &'static str, Option<f64>)> {
        extract_from(text)
            .into_iter()
            .map(|t| (t.value, t.kind.unwrap().code(), t.baseline))
            .collect()
    };
    assert_eq!(kinds("新增托位320个"), [(320.0, "count", None)]);
    assert_eq!(
        kinds("城乡低保标准从每人每月788元提高到1050元"),
        [(1050.0, "level", Some(788.0))]
    );
    assert_eq!(kinds("签约服务覆盖率达到90%以上"), [(90.0, "rate", None)]);
    assert_eq!(kinds("小学班额控制在45人以内"), [(45.0, "ceiling", None)]);
    assert_eq!(kinds("空置率控制在5%以内"), [(5.0, "ceiling", None)]);
    assert_eq!(kinds("每千人口托位数达到3.9个"), [(3.9, "level", None)]);
    assert_eq!(kinds("新增城镇就业达到2000人"), [(2000.0, "count", None)]);
    assert_eq!(
        kinds("高龄津贴由每人每月100元提高至150元"),
        [(150.0, "level", Some(100.0))]
    );
}

#[test]
fn what_was_done_is_no_target() {
    assert_eq!(
        vu("完成投用5个，开工建设2个，正在办理开工前手续1个"),
        vec![(5.0, "个".into(), "eq"), (2.0, "个".into(), "eq")]
    );
    assert!(vu("其中东营区完成26866户、河口区完成6445户").is_empty());
}
