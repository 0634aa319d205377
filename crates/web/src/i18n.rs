//! UI language: Chinese by default, English when the `lang` cookie or `?lang=en` asks.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Serialize;

/// The language a page is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    /// 简体中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// From a code such as `zh` or `en`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" | "zh-CN" | "zh-Hans" => Some(Lang::Zh),
            "en" | "en-US" | "en-GB" => Some(Lang::En),
            _ => None,
        }
    }

    /// BCP-47 code for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the Chinese or English text.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The UI strings in this language.
    pub fn tr(self) -> &'static Tr {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // The guard has already read it.
        if let Some(lang) = parts.extensions.get::<Lang>() {
            return Ok(*lang);
        }
        let from_query = parts.uri.query().and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("lang="))
                .and_then(Lang::from_code)
        });
        let from_cookie =
            || crate::cookies::cookie(&parts.headers, "lang").and_then(|c| Lang::from_code(&c));
        Ok(from_query.or_else(from_cookie).unwrap_or_default())
    }
}

/// Every UI string, once per language.
#[derive(Debug)]
#[allow(missing_docs)] // one field per UI string; each name says which
pub struct Tr {
    pub app: &'static str,
    pub plans: &'static str,
    pub no_plans: &'static str,
    pub year: &'static str,
    pub region: &'static str,
    pub items: &'static str,
    pub state: &'static str,
    pub draft: &'static str,
    pub published: &'static str,
    pub closed: &'static str,
    pub doc_number: &'static str,
    pub issuer: &'static str,
    pub issued_on: &'static str,
    pub default_deadline: &'static str,
    pub filter_by_unit: &'static str,
    pub all_units: &'static str,
    pub filter: &'static str,
    pub lead_units: &'static str,
    pub co_units: &'static str,
    pub leaders: &'static str,
    pub deadline: &'static str,
    pub targets: &'static str,
    pub level: &'static str,
    pub summary: &'static str,
    pub content: &'static str,
    pub category: &'static str,
    pub uncategorised: &'static str,
    pub back_to_plan: &'static str,
    pub item_count: &'static str,
    pub switch_lang: &'static str,
    pub switch_lang_code: &'static str,
    pub none: &'static str,
    pub home: &'static str,
    pub source_file: &'static str,
    pub showing: &'static str,
}

/// 简体中文.
pub static ZH: Tr = Tr {
    app: "民生实事",
    plans: "民生实事清单",
    no_plans: "还没有清单。用 minsheng import 导入一份，或运行 minsheng demo 查看示范数据。",
    year: "年度",
    region: "地区",
    items: "项目",
    state: "状态",
    draft: "草稿",
    published: "已发布",
    closed: "已关闭",
    doc_number: "文号",
    issuer: "发文机关",
    issued_on: "成文日期",
    default_deadline: "整体完成期限",
    filter_by_unit: "按责任单位筛选",
    all_units: "全部单位",
    filter: "筛选",
    lead_units: "牵头单位",
    co_units: "配合单位",
    leaders: "牵头领导",
    deadline: "完成期限",
    targets: "量化指标",
    level: "层级",
    summary: "内容概述",
    content: "实施内容及目标",
    category: "类别",
    uncategorised: "未分类",
    back_to_plan: "返回清单",
    item_count: "项",
    switch_lang: "English",
    switch_lang_code: "en",
    none: "—",
    home: "首页",
    source_file: "原始文件",
    showing: "显示",
};

/// English.
pub static EN: Tr = Tr {
    app: "Minsheng",
    plans: "Livelihood commitment lists",
    no_plans: "No lists yet. Import one with minsheng import, or run minsheng demo to see demo data.",
    year: "Year",
    region: "Region",
    items: "Items",
    state: "State",
    draft: "Draft",
    published: "Published",
    closed: "Closed",
    doc_number: "Document no.",
    issuer: "Issuer",
    issued_on: "Issued on",
    default_deadline: "Default deadline",
    filter_by_unit: "Filter by responsible unit",
    all_units: "All units",
    filter: "Filter",
    lead_units: "Lead units",
    co_units: "Co-operating units",
    leaders: "Leaders",
    deadline: "Deadline",
    targets: "Targets",
    level: "Level",
    summary: "Summary",
    content: "Content and goals",
    category: "Category",
    uncategorised: "Uncategorised",
    back_to_plan: "Back to the list",
    item_count: "items",
    switch_lang: "中文",
    switch_lang_code: "zh",
    none: "—",
    home: "Home",
    source_file: "Source file",
    showing: "Showing",
};
