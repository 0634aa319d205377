//! The review of an upload: every item as a form (doubtful ones highlighted), how the list was
//! read and the other readings beside it, then saving the corrected list as a draft plan.

use super::open_review;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::fmt_value;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::ImportId;
use minsheng_importer::units::{split_leaders, split_units};
use minsheng_importer::{ParsedList, Warning};

/// One item as an editable row.
struct ItemRow {
    k: usize,
    seq: String,
    category: String,
    name: String,
    content: String,
    lead: String,
    co: String,
    leaders: String,
    deadline_text: String,
    deadline: String,
    targets: Vec<String>,
    warnings: Vec<String>,
}

/// One reading of the document, shown beside the others.
struct ReadingCard {
    /// Its rank among the readings (the number to ask for to take it).
    rank: usize,
    label: String,
    detail: String,
    score: String,
    count: usize,
    /// The first few items as they would read.
    firsts: Vec<String>,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "import_review.html")]
pub(super) struct ReviewPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    id: i64,
    file_name: String,
    region: String,
    year: String,
    title: String,
    error: Option<String>,
    document_warnings: Vec<Warning>,
    items: Vec<ItemRow>,
    /// The reading taken and the others, the taken one first.
    readings: Vec<ReadingCard>,
    confident: bool,
    from_traditional: bool,
    /// The list was read as a table (its columns can be mapped by hand).
    table: bool,
}

fn title_of(it: &minsheng_importer::ParsedItem) -> String {
    let t = it
        .name
        .clone()
        .or_else(|| it.content.clone())
        .unwrap_or_default();
    let mut short: String = t.chars().take(28).collect();
    if t.chars().count() > 28 {
        short.push('…');
    }
    format!("{}. {short}", it.seq)
}

fn reading_cards(lang: Lang, list: &ParsedList) -> Vec<ReadingCard> {
    let label = |s: minsheng_importer::segment::Segmenter| {
        lang.pick(s.label_zh(), s.label_en()).to_string()
    };
    let mut out = Vec::new();
    if let Some(r) = &list.reading {
        out.push(ReadingCard {
            rank: r.rank,
            label: label(r.segmenter),
            detail: r.detail.chars().take(40).collect(),
            score: format!("{:.2}", r.score),
            count: list.items.len(),
            firsts: list.items.iter().take(4).map(title_of).collect(),
            current: true,
        });
    }
    for a in &list.alternatives {
        out.push(ReadingCard {
            rank: a.info.rank,
            label: label(a.info.segmenter),
            detail: a.info.detail.chars().take(40).collect(),
            score: format!("{:.2}", a.info.score),
            count: a.items.len(),
            firsts: a.items.iter().take(4).map(title_of).collect(),
            current: false,
        });
    }
    out
}

pub(super) fn review_page(
    lang: Lang,
    me: &Me,
    id: i64,
    file_name: String,
    list: &ParsedList,
    error: Option<String>,
) -> ReviewPage {
    let items = list
        .items
        .iter()
        .enumerate()
        .map(|(k, it)| ItemRow {
            k,
            seq: it.seq.clone(),
            category: it.category.clone().unwrap_or_default(),
            name: it.name.clone().unwrap_or_default(),
            content: it.content.clone().unwrap_or_default(),
            lead: it.lead_units.join("、"),
            co: it.co_units.join("、"),
            leaders: it.leaders.join("、"),
            deadline_text: it.deadline_text.clone().unwrap_or_default(),
            deadline: it.deadline.map(|d| d.to_string()).unwrap_or_default(),
            targets: it
                .targets
                .iter()
                .map(|t| {
                    format!(
                        "{}：{}{} {}",
                        t.metric,
                        t.comparator.label_zh(),
                        fmt_value(t.value),
                        t.unit
                    )
                })
                .collect(),
            warnings: list
                .warnings
                .iter()
                .filter(|w| !it.source.is_empty() && w.location == it.source)
                .map(|w| w.message.clone())
                .collect(),
        })
        .collect();
    let sources: Vec<&str> = list.items.iter().map(|i| i.source.as_str()).collect();
    ReviewPage {
        t: lang.tr(),
        lang,
        me: me.clone(),
        id,
        file_name,
        region: list.region.clone().unwrap_or_default(),
        year: list.year.map(|y| y.to_string()).unwrap_or_default(),
        title: list.title.clone().unwrap_or_default(),
        error,
        document_warnings: list
            .warnings
            .iter()
            .filter(|w| !sources.contains(&w.location.as_str()) && w.code != "reading_uncertain")
            .cloned()
            .collect(),
        items,
        readings: reading_cards(lang, list),
        confident: list.reading.as_ref().is_none_or(|r| r.confident),
        from_traditional: list.from_traditional,
        table: list.layout == minsheng_importer::Layout::Table,
    }
}

pub(super) async fn review(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
) -> Result<ReviewPage, AppError> {
    let (id, r) = open_review(&s, id).await?;
    Ok(review_page(lang, &me, id, r.file_name, &r.list, None))
}

/// Applies the review form to the parsed list; returns the region and year to save under.
fn apply(list: &mut ParsedList, form: &[(String, String)]) -> Result<(String, i32), String> {
    let get = |key: &str| {
        form.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
    };
    let region = get("region")
        .filter(|r| !r.is_empty())
        .ok_or("请填写地区名称，例如 济宁高新区 (region is required)")?;
    let year_text = get("year").unwrap_or_default();
    let year: i32 = year_text
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(format!(
            "年度“{year_text}”不对，请填写四位年份，例如 2025 (year must be like 2025)"
        ))?;
    if let Some(t) = get("title").filter(|t| !t.is_empty()) {
        list.title = Some(t);
    }
    list.region = Some(region.clone());
    list.year = Some(year);
    let opt = |v: Option<String>| v.filter(|s| !s.is_empty());
    let mut kept = Vec::with_capacity(list.items.len());
    for (k, mut it) in std::mem::take(&mut list.items).into_iter().enumerate() {
        if get(&format!("delete.{k}")).is_some() {
            continue;
        }
        if let Some(v) = get(&format!("seq.{k}")).filter(|v| !v.is_empty()) {
            it.seq = v;
        }
        if let Some(v) = get(&format!("category.{k}")) {
            it.category = opt(Some(v));
        }
        if let Some(v) = get(&format!("name.{k}")) {
            it.name = opt(Some(v));
        }
        if let Some(v) = get(&format!("content.{k}")) {
            it.content = opt(Some(minsheng_importer::textnorm::squash(&v)));
        }
        if let Some(v) = get(&format!("lead.{k}")) {
            it.lead_units = split_units(&[v]);
        }
        if let Some(v) = get(&format!("co.{k}")) {
            it.co_units = split_units(&[v]);
        }
        if let Some(v) = get(&format!("leaders.{k}")) {
            it.leaders = split_leaders(&[v]);
        }
        if let Some(v) = get(&format!("deadline.{k}")) {
            it.deadline_text = opt(Some(v));
        }
        kept.push(it);
    }
    if kept.is_empty() {
        return Err("所有项目都被删除了，没有可保存的内容 (every item was deleted)".into());
    }
    let mut warnings = Vec::new();
    for it in &mut kept {
        warnings.extend(minsheng_importer::list::refresh_item(it, Some(year)));
    }
    list.items = kept;
    list.warnings = warnings;
    Ok((region, year))
}

pub(super) async fn confirm(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let r = match s.store.import_review(id).await {
        Ok(r) => r,
        Err(e) => return AppError::from(e).into_response(),
    };
    let mut list = r.list.clone();
    let (region, year) = match apply(&mut list, &form) {
        Ok(v) => v,
        Err(message) => {
            return (
                StatusCode::BAD_REQUEST,
                review_page(lang, &me, id, r.file_name, &r.list, Some(message)),
            )
                .into_response();
        }
    };
    match me
        .store(&s)
        .confirm_import_review(id, &list, &region, year)
        .await
    {
        // Items of a level above whose allocated item is not sure are asked at once.
        Ok(summary) if summary.to_confirm > 0 => {
            Redirect::to(&format!("/plans/{}/links", summary.plan_id)).into_response()
        }
        Ok(summary) => Redirect::to(&format!("/plans/{}", summary.plan_id)).into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
