//! The item's ledger page: what was committed, where it stands (light, status, deadlines,
//! targets achieved, progress chart), the task breakdown, delay explanations, acceptance and
//! the timeline, with the forms that act on them.

use super::chart::{PHONE, WIDE, progress_chart};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::ItemRow;
use crate::view::{light_label, pct, status_label};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use minsheng_domain::ItemId;
use minsheng_domain::ledger::{MilestoneFacts, ReviewState, curve};
use minsheng_store::{
    AcceptanceRequest, DelayExplanation, ItemRecords, MilestoneView, Note, TimelineEntry, timeline,
};

struct TargetLine {
    label: String,
    achieved: String,
    ratio: String,
    attained: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "item.html")]
pub struct ItemPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    can_file: bool,
    can_instruct: bool,
    can_comment: bool,
    leads_or_units: Vec<(i64, String)>,
    notes: Vec<Note>,
    plan_id: i64,
    plan_title: String,
    row: ItemRow,
    category: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    light: &'static str,
    light_label: &'static str,
    status: &'static str,
    expected: String,
    actual: String,
    original_deadline: String,
    current_deadline: String,
    extensions: usize,
    changes: Vec<(String, String, String, String)>,
    accepted_on: Option<String>,
    explanation_required: bool,
    targets: Vec<TargetLine>,
    chart: String,
    reporters: Vec<(i64, String)>,
    leads: Vec<(i64, String)>,
    units: Vec<(i64, String)>,
    milestones: Vec<MilestoneView>,
    delays: Vec<DelayExplanation>,
    causes: Vec<String>,
    acceptance: Vec<AcceptanceRequest>,
    can_request: bool,
    timeline: Vec<TimelineEntry>,
    today: String,
    disposition: Option<&'static str>,
    orders: Vec<crate::supervision::OrderRow>,
    default_deadline: String,
    feedback: Vec<minsheng_store::PublicFeedback>,
    /// Adjustments of the item, newest first.
    adjustments: Vec<crate::view::AdjustmentView>,
    /// Where this reader proposes an adjustment (the lead unit, the office), if anywhere.
    adjust_link: Option<String>,
}

impl ItemPage {
    fn review_label(&self, s: &ReviewState) -> &'static str {
        match self.lang {
            Lang::Zh => s.label_zh(),
            Lang::En => match s {
                ReviewState::Pending => "pending",
                ReviewState::Approved => "approved",
                ReviewState::Returned => "returned",
            },
        }
    }

    fn is_pending(&self, s: &ReviewState) -> bool {
        *s == ReviewState::Pending
    }

    fn note_label(&self, kind: &str) -> &'static str {
        match kind {
            "instruction" => self.lang.pick("领导批示", "Instruction"),
            "comment" => self.lang.pick("代表意见", "Deputy's comment"),
            _ => self.lang.pick("单位回复", "Reply"),
        }
    }
}

/// GET /items/{id}.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<ItemId>,
) -> Result<ItemPage, AppError> {
    let today = s.clock.today();
    let view = s.store.item_ledger(id, today).await?;
    let principal = me.principal()?;
    let parties = view.item().parties();
    if !principal.can_read_item(&parties) {
        return Err(AppError::Forbidden(Words::new(
            "您无权查看此项目。",
            "You may not see this item.",
        )));
    }
    let mine = |u: &i64| principal.can_file_for(minsheng_domain::UnitId(*u), &parties);
    // Notes, orders and feedback, and the item's records, kept under the plan's version.
    let said = s.store.item_exchanges_of(&view, today).await?;
    let notes = said.notes.clone();
    let orders = crate::supervision::rows(said.orders.clone(), today, lang);
    let records = s.store.item_records_of(&view, today).await?;
    let (ledger, it) = (&view.plan, view.item());
    let d = &it.detail;
    let a = &it.assessment;
    let milestone_facts: Vec<MilestoneFacts> = records
        .milestones
        .iter()
        .map(|m| MilestoneFacts {
            due_on: m.milestone.due_on,
            done_on: m.milestone.done_on,
            planned_percent: m.planned_percent,
        })
        .collect();
    // Drawn twice, for a desktop and for a phone, so its text is readable on both.
    let planned = curve(it.start, it.current_deadline, &milestone_facts);
    let title = format!(
        "{} {}",
        d.item.display_title(),
        lang.pick("进度曲线", "progress")
    );
    let mut chart = String::new();
    for frame in [WIDE, PHONE] {
        let drawn = progress_chart(frame, &planned, &view.series, today, &title);
        chart.push_str(&askama::Template::render(&drawn).map_err(|e| AppError::internal(&e))?);
    }
    let timeline = timeline(&view.reports, &records);
    let ItemRecords {
        milestones,
        delays,
        deadline_changes,
        acceptance,
    } = records;
    let named = |u: &minsheng_domain::UnitId| {
        d.lead_units
            .iter()
            .chain(&d.co_units)
            .find(|x| x.id == *u)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let reporters: Vec<(i64, String)> = it
        .reporters
        .iter()
        .map(|u| (u.0, named(u)))
        .filter(|(u, _)| mine(u))
        .collect();
    let published = ledger.plan.state == minsheng_domain::PlanState::Published;
    let adjust_link = if !published || it.disposition.is_some() {
        None
    } else if me.can("manage_plans") {
        Some(format!("/items/{}/adjustments", d.item.id))
    } else if principal.lead_unit_on(&parties).is_some() {
        Some(format!("/items/{}/adjust", d.item.id))
    } else {
        None
    };
    Ok(ItemPage {
        t: lang.tr(),
        lang,
        can_file: !reporters.is_empty(),
        can_instruct: principal.leads(&parties),
        can_comment: principal.can_comment(&parties),
        leads_or_units: reporters.clone(),
        notes,
        me,
        plan_id: ledger.plan.id.0,
        plan_title: ledger.plan.title.clone(),
        row: ItemRow::new(d, lang),
        category: d.category.clone(),
        summary: d.item.summary.clone(),
        content: d.item.content.clone(),
        light: a.light.code(),
        light_label: light_label(a.light, lang),
        status: status_label(a.status, lang),
        expected: pct(a.expected),
        actual: a.actual.map(pct).unwrap_or_else(|| "—".into()),
        original_deadline: it.original_deadline.to_string(),
        current_deadline: it.current_deadline.to_string(),
        extensions: it.extensions,
        changes: deadline_changes
            .into_iter()
            .map(|c| {
                (
                    c.from_date.to_string(),
                    c.to_date.to_string(),
                    c.reason,
                    c.changed_at.format("%Y-%m-%d").to_string(),
                )
            })
            .collect(),
        accepted_on: it.accepted_on.map(|d| d.to_string()),
        explanation_required: a.explanation_required,
        targets: it
            .targets
            .iter()
            .map(|t| TargetLine {
                label: crate::view::fmt_target(&t.target, lang),
                achieved: crate::view::fmt_achieved(&t.target, t.achieved, lang),
                ratio: pct(t.ratio * 100.0),
                attained: t.attained,
            })
            .collect(),
        chart,
        reporters,
        leads: d
            .lead_units
            .iter()
            .map(|u| (u.id.0, u.name.clone()))
            .filter(|(u, _)| mine(u))
            .collect(),
        units: d
            .lead_units
            .iter()
            .chain(&d.co_units)
            .map(|u| (u.id.0, u.name.clone()))
            .collect(),
        milestones,
        delays,
        causes: ledger.settings.delay_causes.clone(),
        can_request: it.accepted_on.is_none()
            && !acceptance.iter().any(|a| a.state == ReviewState::Pending),
        acceptance,
        timeline,
        today: today.to_string(),
        orders,
        feedback: said.feedback.clone(),
        adjustments: said
            .adjustments
            .iter()
            .map(|a| crate::view::AdjustmentView::of(a, lang))
            .collect(),
        adjust_link,
        default_deadline: (today + chrono::Duration::days(7)).to_string(),
        disposition: it.disposition.map(|d| match (d, lang) {
            (minsheng_domain::ledger::Disposition::Terminated, Lang::Zh) => "已终止",
            (minsheng_domain::ledger::Disposition::CarriedOver, Lang::Zh) => "结转",
            (minsheng_domain::ledger::Disposition::Terminated, Lang::En) => "terminated",
            (minsheng_domain::ledger::Disposition::CarriedOver, Lang::En) => "carried over",
        }),
    })
}
