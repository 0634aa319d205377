//! The 会议纪要 as a Word document in official-document layout (`view::gongwen`): the
//! office's red mark with the number (纪要〔2025〕3号) and the chair, the meeting's title, the
//! opening sentence, what was taken up with the minutes of each entry, the decided matters as
//! a table (what, item, lead unit, co-units, time limit, state), and who attended. Before the
//! minutes are issued the office may take a draft, marked as one.

use super::{Seen, load};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms;
use crate::i18n::Lang;
use crate::ids::Id;
use crate::view::gongwen::{
    H1_FONT, body, heading, masthead, pack, page, signed, table, title, zh_day,
};
use axum::extract::State;
use axum::response::Response;
use minsheng_domain::MeetingId;
use minsheng_domain::meeting::AgendaReason;
use minsheng_store::MeetingDetail;

/// The Word document's MIME type.
pub(crate) const MIME: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The minutes of a meeting as a Word document, with its file name: 纪要〔2025〕1号 title.docx,
/// or title（纪要草稿）.docx before they are issued.
pub(crate) async fn document(
    store: &minsheng_store::Store,
    id: i64,
) -> Result<(Vec<u8>, String), AppError> {
    written(store, &store.meeting(id).await?).await
}

/// [`document`] of a meeting already read whole.
async fn written(
    store: &minsheng_store::Store,
    d: &MeetingDetail,
) -> Result<(Vec<u8>, String), AppError> {
    let plan = store
        .plan(minsheng_domain::PlanId(d.meeting.plan_id))
        .await?;
    let region = crate::view::region_name(store, plan.region_id).await?;
    let bytes = render(d, &region).map_err(|e| AppError::internal(&e))?;
    let name = match d.meeting.number_label().as_str() {
        "" => format!("{}（纪要草稿）.docx", d.meeting.title),
        n => format!("{n} {}.docx", d.meeting.title),
    };
    Ok((bytes, name))
}

/// The minutes, to whom may take them: all who see the whole meeting; a unit only once they
/// are issued and only when it attended.
async fn minutes_docx(s: &AppState, me: &Me, id: i64) -> Result<(Vec<u8>, String), AppError> {
    let (d, seen) = load(s, me, id).await?;
    match seen {
        Seen::Whole => written(&s.store, &d).await,
        // A unit's view holds its own matters only: the 纪要 it was sent is read whole.
        Seen::Units { attended: true, .. } if d.meeting.issued_at.is_some() => {
            document(&s.store, id).await
        }
        Seen::Units { .. } => Err(AppError::Forbidden(Words::new(
            "会议纪要印发后发给参会单位；未参会的单位请在本页查看本单位的议定事项。",
            "The minutes go to the attendees once issued.",
        ))),
    }
}

/// GET /meetings/{id}/docx.
pub async fn download(
    State(s): State<AppState>,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
) -> Result<Response, AppError> {
    let (bytes, name) = minutes_docx(&s, &me, id).await?;
    Ok(forms::download(bytes, MIME, name))
}

/// Writes the minutes.
pub fn render(d: &MeetingDetail, region: &str) -> Result<Vec<u8>, String> {
    let m = &d.meeting;
    let number = match m.number_label().as_str() {
        "" => "纪要（草稿，未印发）".to_string(),
        n => n.to_string(),
    };
    let mut doc = page();
    for p in masthead(&format!("{region}民生实事会议纪要"), &number, &m.chair) {
        doc = doc.add_paragraph(p);
    }
    let kind = m.kind().label_zh();
    let place = match m.place.as_str() {
        "" => String::new(),
        p => format!("在{p}"),
    };
    let held = match m.chair.as_str() {
        "" => "召开",
        _ => "主持召开",
    };
    doc = doc
        .add_paragraph(title(&m.title))
        .add_paragraph(body(&format!(
            "{}，{}{place}{held}{}（{kind}），{}。现将会议议定事项纪要如下：",
            zh_day(m.held_on),
            m.chair,
            m.title,
            match m.kind() {
                minsheng_domain::meeting::MeetingKind::Dispatch => {
                    "听取红黄灯项目、逾期督办事项和未报送单位情况汇报，研究解决推进中的困难问题"
                }
                _ => "研究解决民生实事项目实施中的困难问题",
            }
        )));
    doc = doc.add_paragraph(heading("一、会议议题", H1_FONT));
    if d.agenda.is_empty() {
        doc = doc.add_paragraph(body("（无）"));
    }
    for (k, e) in d.agenda.iter().enumerate() {
        let reason = e
            .reason
            .parse::<AgendaReason>()
            .map(AgendaReason::label_zh)
            .unwrap_or("");
        doc = doc.add_paragraph(body(&format!("（{}）{reason}：{}", k + 1, e.title)));
        for a in e.also.lines().filter(|l| !l.is_empty()) {
            doc = doc.add_paragraph(body(&format!("同议：{a}")));
        }
        if !e.minutes.is_empty() {
            doc = doc.add_paragraph(body(&format!("会议记录：{}", e.minutes)));
        }
    }
    doc = doc.add_paragraph(heading("二、议定事项", H1_FONT));
    if d.matters.is_empty() {
        doc = doc.add_paragraph(body("本次会议未形成议定事项。"));
    } else {
        doc = doc.add_table(table(
            &[
                "序号",
                "议定事项",
                "服务项目",
                "牵头单位",
                "配合单位",
                "办理时限",
                "办理状态",
            ],
            d.matters
                .iter()
                .enumerate()
                .map(|(k, x)| {
                    let o = &x.order;
                    vec![
                        (k + 1).to_string(),
                        o.requirement.clone(),
                        format!("{}. {}", o.item_seq, o.item_title),
                        o.unit.clone(),
                        x.co_units.clone(),
                        format!("{}前", zh_day(o.deadline)),
                        crate::supervision::state_label(o.state(), Lang::Zh).to_string(),
                    ]
                })
                .collect(),
        ));
        doc = doc.add_paragraph(body(
            "各议定事项按督办事项管理，责任单位须在办理时限前通过系统签收、反馈办理情况，逾期未办结的提交下次会议调度。",
        ));
    }
    doc = doc.add_paragraph(heading("三、参会人员", H1_FONT));
    let names = |unit: bool| {
        d.attendees
            .iter()
            .filter(|a| a.unit_id.is_some() == unit)
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let (leaders, units) = (names(false), names(true));
    if !leaders.is_empty() {
        doc = doc.add_paragraph(body(&format!("出席领导：{leaders}")));
    }
    if !units.is_empty() {
        doc = doc.add_paragraph(body(&format!("参会单位：{units}")));
    }
    if leaders.is_empty() && units.is_empty() {
        doc = doc.add_paragraph(body("（未登记）"));
    }
    let issued = m
        .issued_at
        .map(|t| t.with_timezone(&crate::clock::china()).date_naive())
        .unwrap_or(m.held_on);
    doc = doc
        .add_paragraph(body(""))
        .add_paragraph(signed(&format!("{region}民生实事工作领导小组办公室")))
        .add_paragraph(signed(&zh_day(issued)));
    pack(doc)
}
