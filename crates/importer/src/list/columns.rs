//! Header recognition: what each column of a list table holds, by the names regions use.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 序号.
    Seq,
    /// Group heading column (类别, or a merged 实事项目 column).
    Category,
    /// 市区分级.
    Level,
    /// 项目名称 / 具体事项.
    Name,
    /// 内容概述.
    Summary,
    /// 实施内容及工作目标 / 项目内容及规模 / 2024年工作任务.
    Content,
    /// 承办/责任/主办/牵头单位, 责任部门.
    Lead,
    /// 协办/配合单位.
    Co,
    /// 牵头/分管/责任领导.
    Leaders,
    /// 完成期限/时限.
    Deadline,
}

impl Role {
    /// Every role, in the order a person choosing one sees them.
    pub const ALL: [Role; 10] = [
        Role::Seq,
        Role::Category,
        Role::Level,
        Role::Name,
        Role::Summary,
        Role::Content,
        Role::Lead,
        Role::Co,
        Role::Leaders,
        Role::Deadline,
    ];

    /// Stable code used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::Seq => "seq",
            Role::Category => "category",
            Role::Level => "level",
            Role::Name => "name",
            Role::Summary => "summary",
            Role::Content => "content",
            Role::Lead => "lead",
            Role::Co => "co",
            Role::Leaders => "leaders",
            Role::Deadline => "deadline",
        }
    }

    /// The role with this code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Its name in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Seq => "序号",
            Role::Category => "类别",
            Role::Level => "级别",
            Role::Name => "项目名称",
            Role::Summary => "内容概述",
            Role::Content => "内容和目标",
            Role::Lead => "牵头（责任）单位",
            Role::Co => "配合单位",
            Role::Leaders => "牵头领导",
            Role::Deadline => "完成时限",
        }
    }

    /// Its name in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Seq => "No.",
            Role::Category => "Category",
            Role::Level => "Level",
            Role::Name => "Name",
            Role::Summary => "Summary",
            Role::Content => "Content and targets",
            Role::Lead => "Lead unit",
            Role::Co => "Co-units",
            Role::Leaders => "Leaders",
            Role::Deadline => "Deadline",
        }
    }
}

const EXACT: &[(&str, Role)] = &[
    ("序号", Role::Seq),
    ("编号", Role::Seq),
    ("序", Role::Seq),
    ("项目序号", Role::Seq),
    ("项目编号", Role::Seq),
    ("类别", Role::Category),
    ("项目类别", Role::Category),
    ("类型", Role::Category),
    ("领域", Role::Category),
    ("分类", Role::Category),
    ("实事类别", Role::Category),
    ("板块", Role::Category),
    ("项目类型", Role::Category),
    ("所属领域", Role::Category),
    ("序号类别", Role::Category),
    ("市区分级", Role::Level),
    ("层级", Role::Level),
    ("级别", Role::Level),
    ("项目级别", Role::Level),
    ("分级", Role::Level),
    ("项目层级", Role::Level),
    ("项目名称", Role::Name),
    ("实事项目", Role::Name),
    ("具体事项", Role::Name),
    ("事项", Role::Name),
    ("项目", Role::Name),
    ("民生实事项目", Role::Name),
    ("实事名称", Role::Name),
    ("名称", Role::Name),
    ("任务名称", Role::Name),
    ("民生实事", Role::Name),
    ("事项名称", Role::Name),
    ("实事项目名称", Role::Name),
    ("工作任务", Role::Name),
    ("项目名", Role::Name),
    ("民生项目", Role::Name),
    ("内容概述", Role::Summary),
    ("概述", Role::Summary),
    ("项目概况", Role::Summary),
    ("简介", Role::Summary),
    ("项目简介", Role::Summary),
    ("内容简介", Role::Summary),
    ("实施内容及工作目标", Role::Content),
    ("项目内容及规模", Role::Content),
    ("建设内容", Role::Content),
    ("主要内容", Role::Content),
    ("工作目标", Role::Content),
    ("实施内容", Role::Content),
    ("民生实事内容", Role::Content),
    ("目标任务", Role::Content),
    ("建设内容及规模", Role::Content),
    ("具体内容", Role::Content),
    ("项目内容", Role::Content),
    ("工作内容", Role::Content),
    ("主要目标", Role::Content),
    ("年度目标", Role::Content),
    ("目标", Role::Content),
    ("内容", Role::Content),
    ("建设规模及内容", Role::Content),
    ("主要任务", Role::Content),
    ("任务目标", Role::Content),
    ("工作目标任务", Role::Content),
    ("具体任务", Role::Content),
    ("承办单位", Role::Lead),
    ("责任单位", Role::Lead),
    ("主办单位", Role::Lead),
    ("牵头单位", Role::Lead),
    ("责任部门", Role::Lead),
    ("牵头部门", Role::Lead),
    ("主责单位", Role::Lead),
    ("实施单位", Role::Lead),
    ("主管部门", Role::Lead),
    ("牵头责任单位", Role::Lead),
    ("责任主体", Role::Lead),
    ("主责部门", Role::Lead),
    ("牵头责任部门", Role::Lead),
    ("承办部门", Role::Lead),
    ("主办部门", Role::Lead),
    ("协办单位", Role::Co),
    ("配合单位", Role::Co),
    ("协办部门", Role::Co),
    ("配合部门", Role::Co),
    ("参与单位", Role::Co),
    ("协同单位", Role::Co),
    ("责任配合单位", Role::Co),
    ("牵头领导", Role::Leaders),
    ("分管领导", Role::Leaders),
    ("责任领导", Role::Leaders),
    ("区级领导", Role::Leaders),
    ("联系领导", Role::Leaders),
    ("包保领导", Role::Leaders),
    ("牵头区领导", Role::Leaders),
    ("市级领导", Role::Leaders),
    ("县级领导", Role::Leaders),
    ("牵头市领导", Role::Leaders),
    ("领导", Role::Leaders),
    ("完成期限", Role::Deadline),
    ("完成时限", Role::Deadline),
    ("时限", Role::Deadline),
    ("完成时间", Role::Deadline),
    ("时间节点", Role::Deadline),
    ("期限", Role::Deadline),
    ("完成时间节点", Role::Deadline),
    ("时限要求", Role::Deadline),
    ("计划完成时间", Role::Deadline),
];

/// Normalises a header cell: whitespace and trailing unit notes removed (总投资（万元） → 总投资).
pub fn normalise_header(text: &str) -> String {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| matches!(c, '*' | '★' | '：' | ':'));
    match t.find(['（', '(']) {
        Some(p) if p > 0 => t[..p].to_string(),
        _ => t.to_string(),
    }
}

/// What a header cell names, if it is one the importer knows.
pub fn role_of(header: &str) -> Option<Role> {
    let h = normalise_header(header);
    // Header names are short; a longer cell is content.
    if h.is_empty() || h.len() > 48 {
        return None;
    }
    if let Some((_, r)) = EXACT.iter().find(|(n, _)| *n == h) {
        return Some(*r);
    }
    // 一季度目标, 1-6月完成, 累计进度: a period's figures are progress, not the task.
    if [
        "季度",
        "月",
        "阶段",
        "本期",
        "当前",
        "累计",
        "实际",
        "进度",
        "进展",
        "完成情况",
        "完成率",
    ]
    .iter()
    .any(|w| h.contains(w))
    {
        return None;
    }
    // 2024年工作任务, 2025年目标任务: a year then a content word.
    let no_year = h
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches("年度")
        .trim_start_matches('年');
    if no_year.len() < h.len()
        && [
            "工作任务",
            "目标任务",
            "任务",
            "目标",
            "建设内容",
            "工作目标",
            "主要内容",
        ]
        .contains(&no_year)
    {
        return Some(Role::Content);
    }
    // Looser patterns for names not in the table.
    let has = |w: &str| h.contains(w);
    if has("协办") || has("配合") || has("协助") || has("相关责任") || has("协同") || has("参与")
    {
        Some(Role::Co)
    } else if has("领导") {
        Some(Role::Leaders)
    } else if (has("单位") || has("部门"))
        && (has("牵头") || has("主办") || has("承办") || has("责任") || has("主责"))
    {
        Some(Role::Lead)
    } else if has("期限") || has("时限") || has("完成时间") {
        Some(Role::Deadline)
    } else if has("概述") || has("概况") {
        Some(Role::Summary)
    } else if has("内容") || has("目标") || has("规模") || has("任务") {
        Some(Role::Content)
    } else if has("名称") {
        Some(Role::Name)
    } else {
        None
    }
}

/// Header cells that are known but held as extra fields (验收标准, 资金来源, 总投资, 备注 …).
pub fn is_known_extra(header: &str) -> bool {
    let h = normalise_header(header);
    [
        "验收标准",
        "资金来源",
        "总投资",
        "投资",
        "预算",
        "备注",
        "年度计划投资",
        "计划投资",
        "进展情况",
        "完成情况",
        "占全年计划",
        "完成率",
        "存在问题",
        "下步计划",
        "联系人",
        "联络员",
        "联系电话",
        "责任人",
        "建设地点",
        "地点",
        "实施地点",
        "资金",
        "投资额",
        "资金规模",
        "季度",
        "累计",
        "进度",
        "进展",
    ]
    .iter()
    .any(|k| h.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_seed_and_common_headers() {
        assert_eq!(role_of("实事项目"), Some(Role::Name));
        assert_eq!(role_of("具体事项"), Some(Role::Name));
        assert_eq!(role_of("实施内容及工作目标"), Some(Role::Content));
        assert_eq!(role_of("2024年工作任务"), Some(Role::Content));
        assert_eq!(role_of("完成\n期限"), Some(Role::Deadline));
        assert_eq!(role_of("牵头领导"), Some(Role::Leaders));
        assert_eq!(role_of("承办单位"), Some(Role::Lead));
        assert_eq!(role_of("协办单位"), Some(Role::Co));
        assert_eq!(role_of("市区分级"), Some(Role::Level));
        assert_eq!(role_of("区级牵头领导"), Some(Role::Leaders));
        assert_eq!(role_of("牵头责任单位（部门）"), Some(Role::Lead));
        assert_eq!(role_of("总投资（万元）"), None);
        assert!(is_known_extra("总投资（万元）"));
    }
}
