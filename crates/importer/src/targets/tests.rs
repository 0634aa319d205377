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

#[test]
fn a_sentence_reporting_progress_holds_no_target() {
    assert!(vu("完成老旧小区改造20.3万户，完成年度目标任务的36.91%。").is_empty());
    assert!(vu("8141名残疾儿童接受了康复救助服务，完成年度目标任务的41.3%").is_empty());
    assert_eq!(
        vu("全省5000个配电台区改造升级计划，已开工建设891个配电台区。"),
        vec![(5000.0, "个".into(), "eq")]
    );
    assert_eq!(
        vu(
            "为1241个村庄接通天然气。项目进展：至12月底，已入户接通172083户。建设主管网1032.2千米。"
        ),
        vec![(1241.0, "个".into(), "eq")]
    );
}

#[test]
fn places_classes_and_references_are_no_targets() {
    assert!(vu("在赵家地社区10栋旁健身场地安装健身器材").is_empty());
    assert_eq!(
        vu("完成超230个50户以上木质房屋连片村寨给水管网建设"),
        vec![(230.0, "个".into(), "ge")]
    );
    assert!(vu("上述6项由区商务委牵头负责").is_empty());
    assert_eq!(
        one("为1.6万人(次)有需求的残疾人开展职业技能培训"),
        (16000.0, "人次".into(), "eq")
    );
}

#[test]
fn the_longest_comparator_word_decides() {
    assert_eq!(one("政策范围内个人负担不超过10%"), (10.0, "%".into(), "le"));
    assert_eq!(
        one("救助标准不低于当地最低生活保障标准的1.6倍"),
        (1.6, "倍".into(), "ge")
    );
}

#[test]
fn rates_find_their_denominator_before_or_after() {
    assert_eq!(
        one("将最低标准由家庭年人均收入2650元提高到3000元"),
        (3000.0, "元/人·年".into(), "eq")
    );
    assert_eq!(
        vu("按照二孩300元、三孩380元每人每月进行补贴"),
        vec![
            (300.0, "元/人·月".into(), "eq"),
            (380.0, "元/人·月".into(), "eq")
        ]
    );
    assert_eq!(
        one("对敬老院按照平均每年每院5万元的标准给予补助"),
        (50000.0, "元/院·年".into(), "eq")
    );
    assert_eq!(
        vu("低保标准提高至每人每月700元，发放基本生活救助资金6200万元"),
        vec![(700.0, "元/人·月".into(), "eq")]
    );
    assert_eq!(
        one("建设一座日供水30万吨的净水厂"),
        (300000.0, "吨/日".into(), "eq")
    );
}

#[test]
fn a_bare_place_numeral_counts() {
    assert_eq!(
        one("万名居家长者乐享智慧养老"),
        (10000.0, "名".into(), "eq")
    );
}
