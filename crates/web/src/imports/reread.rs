//! Reading an upload another way when the first reading is wrong: take another of the
//! importer's readings, mark by hand the paragraphs where items start, or say what each
//! column of the table holds. And starting an empty plan when there is no list to read.

use super::open_review;
use super::review::review_page;
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::ImportId;
use minsheng_importer::list::columns::{Role, role_of};
use minsheng_importer::{Choice, Limits, ParsedList};

/// What a re-reading handler answers: a redirect to the review, or a page saying why not.
type Answer = Result<Response, AppError>;

/// Reads a parked upload again as chosen and keeps the result; back to the review.
async fn reread(s: &AppState, lang: Lang, me: &Me, id: i64, choice: Choice) -> Answer {
    let (name, bytes) = s.store.import_review_source(id).await?;
    let list = match minsheng_importer::parse_bytes_as(&bytes, &name, Limits::default(), &choice) {
        Ok(l) => l,
        Err(e) => {
            // The review stays as it was; the page says why the new reading failed.
            let r = s.store.import_review(id).await?;
            let page = review_page(lang, me, id, r.file_name, &r.list, Some(e.to_string()));
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    me.store(s).update_import_review(id, &list).await?;
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}

/// A form that cannot be acted on, and what to do instead.
fn refused(message: &str) -> AppError {
    AppError::BadRequest(message.into())
}

fn field<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim())
}

/// Takes another of the importer's readings (`rank`, as the review lists them).
pub(super) async fn choose_reading(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
    Form(form): Form<Vec<(String, String)>>,
) -> Answer {
    let rank = field(&form, "rank")
        .and_then(|v| v.parse::<usize>().ok())
        .ok_or_else(|| refused("请选择一种读法 (choose a reading)"))?;
    let choice = Choice {
        reading: Some(rank),
        ..Choice::default()
    };
    reread(&s, lang, &me, id, choice).await
}

/// A paragraph of the document, to tick where an item starts.
struct ParaRow {
    n: usize,
    text: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "import_starts.html")]
pub(super) struct StartsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    id: i64,
    file_name: String,
    paras: Vec<ParaRow>,
}

/// The document's paragraphs, those where the current items start ticked.
pub(super) async fn starts_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
) -> Result<StartsPage, AppError> {
    let (id, review) = open_review(&s, id).await?;
    let (name, bytes) = s.store.import_review_source(id).await?;
    let paras = minsheng_importer::paragraphs(&bytes, &name)
        .map_err(|e| crate::error::AppError::BadRequest(e.to_string().into()))?;
    let starts: std::collections::HashSet<&str> = review
        .list
        .items
        .iter()
        .map(|it| it.source.as_str())
        .collect();
    Ok(StartsPage {
        t: lang.tr(),
        lang,
        me,
        id,
        file_name: name,
        paras: paras
            .iter()
            .enumerate()
            .map(|(k, p)| ParaRow {
                n: k + 1,
                text: p.text.trim().to_string(),
                checked: starts.contains(p.loc.as_str()),
            })
            .collect(),
    })
}

/// Reads the document again with items starting at the ticked paragraphs.
pub(super) async fn mark_starts(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
    Form(form): Form<Vec<(String, String)>>,
) -> Answer {
    let starts: Vec<usize> = form
        .iter()
        .filter(|(k, _)| k == "start")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    if starts.is_empty() {
        return Err(refused(
            "请至少勾选一个段落作为条目的起点 (tick at least one paragraph where an item starts)",
        ));
    }
    let choice = Choice {
        item_starts: Some(starts),
        ..Choice::default()
    };
    reread(&s, lang, &me, id, choice).await
}

/// A column of the table and what it is taken to hold.
struct ColumnRow {
    k: usize,
    name: String,
    role: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "import_columns.html")]
pub(super) struct ColumnsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    id: i64,
    file_name: String,
    columns: Vec<ColumnRow>,
    /// Every role a column may hold: (code, label).
    roles: Vec<(&'static str, &'static str)>,
}

/// The table's header, each column with what it is read as holding.
pub(super) async fn columns_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
) -> Result<ColumnsPage, AppError> {
    let (id, review) = open_review(&s, id).await?;
    if review.list.columns.is_empty() {
        return Err(crate::error::AppError::BadRequest(Words::new(
            "这份清单不是按表格读出的，没有可指定的列；可以改用其他读法或手工标出条目起点。",
            "Not read as a table.",
        )));
    }
    Ok(ColumnsPage {
        t: lang.tr(),
        lang,
        me,
        id,
        file_name: review.file_name,
        columns: review
            .list
            .columns
            .iter()
            .enumerate()
            .map(|(k, n)| ColumnRow {
                k,
                name: n.clone(),
                role: role_of(n).map_or("-", Role::code),
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.code(), lang.pick(r.label_zh(), r.label_en())))
            .collect(),
    })
}

/// Reads the document again with the columns mapped as chosen.
pub(super) async fn map_columns(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(ImportId(id)): Id<ImportId>,
    Form(form): Form<Vec<(String, String)>>,
) -> Answer {
    let (id, review) = open_review(&s, id).await?;
    let columns: Vec<Option<Role>> = (0..review.list.columns.len())
        .map(|k| field(&form, &format!("col.{k}")).and_then(Role::from_code))
        .collect();
    let choice = Choice {
        columns: Some(columns),
        ..Choice::default()
    };
    reread(&s, lang, &me, id, choice).await
}

/// Starts a draft plan with no items, for a list that has no file to read.
pub(super) async fn empty_plan(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let region = field(&form, "region").unwrap_or_default().to_string();
    let year = field(&form, "year")
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y));
    let (region, year) = match (region.is_empty(), year) {
        (false, Some(y)) => (region, y),
        _ => {
            return super::form_error(
                lang,
                &me,
                StatusCode::BAD_REQUEST,
                lang.pick(
                    "新建空白计划需要地区名称和四位年份，例如 济宁高新区、2025。",
                    "An empty plan needs a region and a four-digit year, e.g. 济宁高新区, 2025.",
                )
                .into(),
            );
        }
    };
    let title = field(&form, "title")
        .filter(|t| !t.is_empty())
        .map(String::from);
    let list = ParsedList::empty(title, Some(region.clone()), Some(year));
    let opts = minsheng_store::ImportOptions {
        region,
        year,
        source_name: lang.pick("（手工新建）", "(started by hand)").into(),
        source_bytes: Vec::new(),
    };
    match me.store(&s).import_plan(&list, &opts).await {
        // Straight into the editor, where its items are added.
        Ok(summary) => Redirect::to(&format!("/plans/{}/edit", summary.plan_id)).into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
