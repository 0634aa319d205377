//! Words the generator draws on, after the patterns of real 民生实事 lists: categories, items
//! with their targets (metric, unit, range) and lead bureau, bureaus, surnames and place-name
//! characters. Data, not logic.

/// An item pattern: its name, the bureau that leads it, and its possible targets.
pub(super) struct Pattern {
    pub name: &'static str,
    pub lead: usize,
    pub targets: &'static [(&'static str, &'static str, u32, u32)],
}

/// Bureaus every region has (the index is what patterns name as lead).
pub(super) const BUREAUS: &[&str] = &[
    "教育和体育局",
    "卫生健康局",
    "住房和城乡建设局",
    "民政局",
    "人力资源和社会保障局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "生态环境局",
    "城市管理局",
    "自然资源和规划局",
    "市场监督管理局",
    "公安局",
    "应急管理局",
    "文化和旅游局",
    "医疗保障局",
    "财政局",
    "发展和改革局",
    "数据和政务服务局",
    "各街道（乡镇）",
];

/// Categories and their item patterns.
pub(super) const CATEGORIES: &[(&str, &[Pattern])] = &[
    (
        "教育提质",
        &[
            Pattern {
                name: "新建改扩建中小学校",
                lead: 0,
                targets: &[
                    ("新建改扩建学校", "所", 1, 6),
                    ("新增学位", "个", 500, 6000),
                ],
            },
            Pattern {
                name: "实施学前教育普惠扩容",
                lead: 0,
                targets: &[
                    ("新建幼儿园", "所", 1, 5),
                    ("新增普惠性学位", "个", 180, 1800),
                    ("幼儿园设施配备", "所", 2, 12),
                ],
            },
            Pattern {
                name: "开展课后服务和暑期托管",
                lead: 0,
                targets: &[
                    ("课后服务覆盖学校", "所", 10, 120),
                    ("托管学生", "人次", 2000, 30000),
                ],
            },
        ],
    ),
    (
        "健康保障",
        &[
            Pattern {
                name: "建设社区卫生服务中心",
                lead: 1,
                targets: &[
                    ("社区卫生服务中心", "个", 1, 4),
                    ("家庭医生签约", "人", 5000, 80000),
                ],
            },
            Pattern {
                name: "开展适龄妇女两癌免费筛查",
                lead: 1,
                targets: &[
                    ("宫颈癌筛查", "人", 2000, 30000),
                    ("乳腺癌筛查", "人", 2000, 30000),
                ],
            },
            Pattern {
                name: "推进医保服务站点下沉",
                lead: 15,
                targets: &[("医保服务站", "个", 10, 120)],
            },
        ],
    ),
    (
        "城市更新",
        &[
            Pattern {
                name: "实施城镇老旧小区改造",
                lead: 2,
                targets: &[
                    ("老旧小区", "个", 3, 40),
                    ("改造户数", "户", 500, 12000),
                    ("改造面积", "平方米", 20000, 600000),
                ],
            },
            Pattern {
                name: "加装既有住宅电梯",
                lead: 2,
                targets: &[("加装电梯", "部", 10, 300)],
            },
            Pattern {
                name: "建设口袋公园和街头绿地",
                lead: 9,
                targets: &[
                    ("口袋公园", "处", 2, 20),
                    ("新增绿地面积", "平方米", 5000, 160000),
                ],
            },
            Pattern {
                name: "新增公共停车泊位",
                lead: 9,
                targets: &[
                    ("公共停车泊位", "个", 200, 5000),
                    ("充电桩", "个", 50, 2000),
                ],
            },
        ],
    ),
    (
        "养老托育",
        &[
            Pattern {
                name: "实施困难老年人家庭适老化改造",
                lead: 3,
                targets: &[("适老化改造家庭", "户", 20, 800)],
            },
            Pattern {
                name: "建设老年助餐点",
                lead: 3,
                targets: &[
                    ("老年助餐点", "处", 3, 60),
                    ("服务老年人", "人次", 10000, 300000),
                ],
            },
            Pattern {
                name: "增加普惠托育服务供给",
                lead: 1,
                targets: &[("普惠托位", "个", 100, 2000), ("备案托育机构", "家", 2, 30)],
            },
        ],
    ),
    (
        "就业社保",
        &[
            Pattern {
                name: "开展重点群体就业帮扶",
                lead: 4,
                targets: &[
                    ("城镇新增就业", "人", 1000, 40000),
                    ("职业技能培训", "人次", 500, 20000),
                ],
            },
            Pattern {
                name: "建设零工市场和就业驿站",
                lead: 4,
                targets: &[("零工市场", "个", 1, 5), ("就业驿站", "个", 5, 60)],
            },
        ],
    ),
    (
        "交通出行",
        &[
            Pattern {
                name: "实施农村公路提档升级",
                lead: 5,
                targets: &[("农村公路", "公里", 20, 400), ("危桥改造", "座", 2, 30)],
            },
            Pattern {
                name: "优化城乡公交线网",
                lead: 5,
                targets: &[
                    ("新辟优化公交线路", "条", 3, 40),
                    ("更新新能源公交车", "辆", 10, 300),
                ],
            },
        ],
    ),
    (
        "生态宜居",
        &[
            Pattern {
                name: "实施农村供水保障提升",
                lead: 6,
                targets: &[
                    ("改造供水管网", "公里", 10, 300),
                    ("受益人口", "万人", 1, 30),
                ],
            },
            Pattern {
                name: "推进农村人居环境整治",
                lead: 7,
                targets: &[
                    ("卫生厕所改造", "户", 200, 8000),
                    ("美丽乡村示范村", "个", 2, 30),
                ],
            },
            Pattern {
                name: "开展黑臭水体和空气质量治理",
                lead: 8,
                targets: &[("整治黑臭水体", "条", 1, 12), ("优良天数比例", "%", 70, 90)],
            },
        ],
    ),
    (
        "平安便民",
        &[
            Pattern {
                name: "建设智慧安防小区",
                lead: 12,
                targets: &[("智慧安防小区", "个", 10, 200)],
            },
            Pattern {
                name: "整治电动自行车充电安全",
                lead: 13,
                targets: &[
                    ("集中充电设施", "处", 20, 600),
                    ("充电端口", "个", 500, 20000),
                ],
            },
            Pattern {
                name: "推进政务服务一网通办",
                lead: 18,
                targets: &[
                    ("高频事项网上可办", "项", 50, 500),
                    ("便民服务点", "个", 10, 200),
                ],
            },
            Pattern {
                name: "开展食品安全放心工程",
                lead: 11,
                targets: &[
                    ("明厨亮灶餐饮单位", "家", 100, 3000),
                    ("食品抽检", "批次", 500, 12000),
                ],
            },
            Pattern {
                name: "举办群众文化惠民活动",
                lead: 14,
                targets: &[
                    ("文化惠民演出", "场", 20, 600),
                    ("农家书屋更新", "个", 10, 200),
                ],
            },
        ],
    ),
];

/// Provinces (real names), so national data reads like the country.
pub(super) const PROVINCES: &[&str] = &[
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
];

/// Characters of place names; two make a city's or county's name.
pub(super) const PLACE: &[char] = &[
    '安', '宁', '平', '阳', '山', '河', '江', '东', '西', '南', '北', '清', '泉', '兴', '华', '永',
    '长', '丰', '盛', '德', '昌', '和', '文', '武', '新', '金', '石', '城', '林', '湖', '海', '云',
    '龙', '凤', '宝', '庆', '福', '康', '乐', '嘉', '成', '信', '义', '临', '阜', '汉', '襄', '源',
    '溪', '桥', '明', '光', '远', '定', '开', '封', '通', '吉', '瑞', '泰',
];

/// Common surnames and given-name characters, for leaders and staff.
pub(super) const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
    '何', '林', '高', '罗',
];
pub(super) const GIVEN: &[char] = &[
    '伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
    '秀', '霞', '平', '刚',
];

/// What units write in their weekly reports.
pub(super) const PROGRESS: &[&str] = &[
    "按计划推进，完成本周节点任务",
    "主体施工中，现场组织有序",
    "已完成招标，施工单位进场",
    "完成前期手续，正在开展设计",
    "受天气影响进度略有滞后，已增加作业班组",
];
