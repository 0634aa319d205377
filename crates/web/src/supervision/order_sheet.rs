//! The printable 督办单: the order as an A4 page and as a Word document in official-document
//! layout (`view::gongwen`), with the issuing office's mark, the document number (文号), the
//! signer (签发人), the item, the unit, what is required and the time limit (时限), and the
//! unit's answer once given.

use super::orders::readable;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::download;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::gongwen::{self, BODY_FONT, BODY_SIZE, body, masthead, signed, title, zh_day};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use minsheng_domain::{OrderId, PlanId};
use minsheng_store::Order;

/// What the sheet says, in the words printed.
pub struct Sheet {
    /// The issuing office (发文机关): the region's 民生实事 office.
    pub office: String,
    /// 督办〔2025〕3号.
    pub number: String,
    /// Who issued it, by name.
    pub signer: String,
    /// The plan's title.
    pub plan: String,
    /// 第3项 title.
    pub item: String,
    /// The unit that answers.
    pub unit: String,
    /// What is required.
    pub requirement: String,
    /// 2025年9月30日.
    pub deadline: String,
    /// The day issued, 2025年9月15日.
    pub issued: String,
    /// The state in words.
    pub state: String,
    /// The unit's answer, once given.
    pub answer: Option<String>,
}

impl Sheet {
    /// The sentence that hands the matter to the unit, printed on the page and in the document.
    pub fn opening(&self) -> String {
        format!(
            "根据《{}》推进情况，现将下列事项交你单位督办，请按要求认真办理，并于{}前通过系统反馈办理情况。",
            self.plan, self.deadline
        )
    }
}

async fn sheet(s: &AppState, me: &Me, id: i64) -> Result<(Order, Sheet), AppError> {
    let o = readable(s, me, id).await?;
    let plan = s.store.plan(PlanId(o.plan_id)).await?;
    let region = crate::view::region_name(&s.store, plan.region_id).await?;
    let people = crate::view::People::of(s, [o.created_by.as_str()], Lang::Zh).await?;
    let sheet = Sheet {
        office: format!("{region}民生实事工作领导小组办公室"),
        number: o.label(),
        signer: people.name(&o.created_by),
        plan: plan.title.clone(),
        item: format!("第{}项 {}", o.item_seq, o.item_title),
        unit: o.unit.clone(),
        requirement: o.requirement.clone(),
        deadline: zh_day(o.deadline),
        issued: zh_day(
            o.created_at
                .with_timezone(&crate::clock::china())
                .date_naive(),
        ),
        state: super::orders::state_label(o.state(), Lang::Zh).to_string(),
        answer: o.answer.clone(),
    };
    Ok((o, sheet))
}

#[derive(Template, WebTemplate)]
#[template(path = "order_print.html")]
pub struct PrintPage {
    t: &'static Tr,
    lang: Lang,
    id: i64,
    s: Sheet,
}

/// GET /orders/{id}/print: the sheet as an A4 page to print from the browser.
pub async fn print(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(OrderId(id)): Id<OrderId>,
) -> Result<PrintPage, AppError> {
    let (_, sheet) = sheet(&s, &me, id).await?;
    Ok(PrintPage {
        t: lang.tr(),
        lang,
        id,
        s: sheet,
    })
}

/// GET /orders/{id}/docx: the sheet as a Word document.
pub async fn docx(
    State(s): State<AppState>,
    me: Me,
    Id(OrderId(id)): Id<OrderId>,
) -> Result<Response, AppError> {
    let (_, sheet) = sheet(&s, &me, id).await?;
    let bytes = render(&sheet).map_err(|e| AppError::internal(&e))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        format!("{}（{}）.docx", sheet.number, sheet.unit),
    ))
}

/// The Word document.
pub fn render(s: &Sheet) -> Result<Vec<u8>, String> {
    let mut doc = gongwen::page();
    for p in masthead(&s.office, &s.number, &s.signer) {
        doc = doc.add_paragraph(p);
    }
    doc = doc
        .add_paragraph(title("民生实事督办单"))
        .add_paragraph(docx_rs::Paragraph::new().add_run(gongwen::run(
            &format!("{}：", s.unit),
            BODY_FONT,
            BODY_SIZE,
        )))
        .add_paragraph(body(&s.opening()));
    let mut rows = vec![
        ("督办事项", s.item.clone()),
        ("责任单位", s.unit.clone()),
        ("督办要求", s.requirement.clone()),
        ("办理时限", format!("{}前", s.deadline)),
        ("办理状态", s.state.clone()),
    ];
    if let Some(a) = &s.answer {
        rows.push(("办理情况", a.clone()));
    }
    doc = doc
        .add_table(gongwen::form(&rows))
        .add_paragraph(body(""))
        .add_paragraph(signed(&s.office))
        .add_paragraph(signed(&s.issued));
    gongwen::pack(doc)
}
