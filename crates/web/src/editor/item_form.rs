//! One item's form in the plan editor: every field, the targets as rows (kind, comparator,
//! baseline, the units' shares), units and leaders as lists. The form is shown from the fields
//! as posted, so a refused form comes back with everything typed still in it.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::i18n::Lang;
use crate::ids::Id;
use crate::view::fmt_value;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::draft::{ItemDraft, ShareDraft, TargetDraft};
use minsheng_domain::{Comparator, ItemId, PlanId, TargetKind};
use minsheng_importer::units::{split_leaders, split_units};

/// Blank target rows offered below the item's targets.
const BLANK_TARGETS: usize = 2;

pub(super) struct TargetForm {
    k: usize,
    id: String,
    metric: String,
    value: String,
    unit: String,
    kind: String,
    comparator: String,
    baseline: String,
    shares: String,
    optional: bool,
}

/// What the item form is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A new item of a draft.
    New,
    /// An item of a draft.
    Edit,
    /// An adjustment of a published item, proposed by its lead unit.
    AdjustByUnit,
    /// An adjustment of a published item, proposed by the office.
    AdjustByOffice,
    /// A new item for a published plan, proposed by the office.
    AdjustNew,
}

impl Mode {
    fn adjusts(self) -> bool {
        matches!(
            self,
            Mode::AdjustByUnit | Mode::AdjustByOffice | Mode::AdjustNew
        )
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "item_edit.html")]
pub(super) struct ItemFormPage {
    mode: Mode,
    /// Where the form posts.
    action: String,
    /// Units the form names that the directory does not know (shown after a refusal).
    new_units: Vec<String>,
    t: &'static crate::i18n::Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    /// The item edited; none for a new one.
    item_id: Option<i64>,
    error: Option<String>,
    /// Just saved (保存并继续).
    saved: bool,
    f: Fields,
    targets: Vec<TargetForm>,
    categories: Vec<String>,
    /// The plan's other items, for a merge: id and 第N项 name.
    others: Vec<(i64, String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    comparators: Vec<(&'static str, &'static str)>,
}

impl ItemFormPage {
    fn v(&self, name: &str) -> &str {
        field(&self.f, name)
    }

    fn heading(&self) -> &'static str {
        let l = self.lang;
        match self.mode {
            Mode::New => l.pick("添加项目", "Add an item"),
            Mode::Edit => l.pick("编辑项目", "Edit the item"),
            Mode::AdjustByUnit | Mode::AdjustByOffice => {
                l.pick("提出调整", "Propose an adjustment")
            }
            Mode::AdjustNew => l.pick("提出新增项目", "Propose a new item"),
        }
    }

    /// Where the back link goes, and its words.
    fn back(&self) -> (String, &'static str) {
        let l = self.lang;
        match (self.mode, self.item_id) {
            (Mode::AdjustByUnit | Mode::AdjustByOffice, Some(i)) => (
                format!("/items/{i}"),
                l.pick("返回项目台账", "Back to the item"),
            ),
            (Mode::AdjustNew, _) => (
                format!("/plans/{}/adjustments", self.plan_id),
                l.pick("返回调整列表", "Back to the adjustments"),
            ),
            _ => (
                format!("/plans/{}/edit", self.plan_id),
                l.pick("返回清单", "Back to the list"),
            ),
        }
    }

    fn adjusts(&self) -> bool {
        self.mode.adjusts()
    }

    /// An adjustment of an existing item (which may be a termination).
    fn adjusts_item(&self) -> bool {
        matches!(self.mode, Mode::AdjustByUnit | Mode::AdjustByOffice)
    }

    /// Whether the form posted `name` = `value` (a ticked box among several).
    fn ticked(&self, name: &str, value: &i64) -> bool {
        let v = value.to_string();
        self.f.iter().any(|(k, x)| k == name && *x == v)
    }

    fn edits_draft(&self) -> bool {
        self.mode == Mode::Edit
    }
}

fn lines(list: &[String]) -> String {
    list.join("\n")
}

/// The fields a form shows for `d`.
pub(super) fn fields_of(d: &ItemDraft) -> Fields {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut f: Fields = vec![
        ("seq".into(), opt(&d.seq)),
        ("category".into(), opt(&d.category)),
        ("name".into(), d.name.clone()),
        ("content".into(), opt(&d.content)),
        ("level".into(), opt(&d.level)),
        (
            "deadline".into(),
            d.deadline.map(|x| x.to_string()).unwrap_or_default(),
        ),
        ("deadline_text".into(), opt(&d.deadline_text)),
        ("budget".into(), d.budget.map(fmt_plain).unwrap_or_default()),
        ("fund_source".into(), opt(&d.fund_source)),
        ("acceptance_standard".into(), opt(&d.acceptance_standard)),
        ("lead".into(), lines(&d.lead_units)),
        ("co".into(), lines(&d.co_units)),
        ("leaders".into(), lines(&d.leaders)),
    ];
    for (k, t) in d.targets.iter().enumerate() {
        let p = |name: &str| format!("t.{k}.{name}");
        f.push((p("id"), t.id.map(|i| i.to_string()).unwrap_or_default()));
        f.push((p("metric"), t.metric.clone()));
        f.push((p("value"), fmt_plain(t.value)));
        f.push((p("unit"), t.unit.clone()));
        f.push((p("kind"), t.kind.map(|k| k.code()).unwrap_or("").into()));
        f.push((p("comparator"), t.comparator.code().into()));
        f.push((p("baseline"), t.baseline.map(fmt_plain).unwrap_or_default()));
        let shares: Vec<String> = t
            .shares
            .iter()
            .map(|s| format!("{} {}", s.unit, fmt_plain(s.share)))
            .collect();
        f.push((p("shares"), shares.join("\n")));
        if t.optional {
            f.push((p("optional"), "1".into()));
        }
    }
    f
}

/// A number as typed back into a box.
fn fmt_plain(v: f64) -> String {
    fmt_value(v)
}

/// How many target rows the posted fields hold.
fn target_rows(f: &Fields) -> usize {
    f.iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("t.")?
                .split('.')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .map(|k| k + 1)
        .max()
        .unwrap_or(0)
}

fn target_forms(f: &Fields) -> Vec<TargetForm> {
    let n = target_rows(f);
    (0..n + BLANK_TARGETS)
        .map(|k| {
            let g = |name: &str| field(f, &format!("t.{k}.{name}")).to_string();
            TargetForm {
                k,
                id: g("id"),
                metric: g("metric"),
                value: g("value"),
                unit: g("unit"),
                kind: g("kind"),
                comparator: if k < n { g("comparator") } else { "ge".into() },
                baseline: g("baseline"),
                shares: g("shares"),
                optional: !g("optional").is_empty(),
            }
        })
        .collect()
}

/// A number typed into the form: 1050, 1,050, 1.76万; what it was for names a refusal.
fn number(raw: &str, what: &str) -> Result<Option<f64>, AppError> {
    let t: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let (digits, scale) = match t.strip_suffix('万') {
        Some(d) => (d, 1e4),
        None => match t.strip_suffix('亿') {
            Some(d) => (d, 1e8),
            None => (t.as_str(), 1.0),
        },
    };
    digits
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| Some(v * scale))
        .ok_or_else(|| {
            AppError::BadRequest(Words::new(
                format!(
                    "{what}“{}”不是数字，请填写如 320、1050.5 或 1.76万。",
                    raw.trim()
                ),
                format!(
                    "{what}: “{}” is not a number; write e.g. 320, 1050.5 or 1.76万.",
                    raw.trim()
                ),
            ))
        })
}

/// Shares typed one per line: 东区街道 120 (or 东区街道：120).
fn shares(raw: &str, metric: &str) -> Result<Vec<ShareDraft>, AppError> {
    let mut out = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cut = line
            .rfind(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '='))
            .ok_or_else(|| {
                AppError::BadRequest(Words::new(
                    format!("“{metric}”的分担“{line}”应写成“单位 数量”，例如：东区街道 120。"),
                    format!("The share “{line}” of “{metric}” should read “unit amount”, e.g. 东区街道 120."),
                ))
            })?;
        let (unit, amount) = line.split_at(cut);
        let amount =
            amount.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '='));
        let share =
            number(amount, &format!("“{metric}”的分担 / share of “{metric}”"))?.unwrap_or(0.0);
        out.push(ShareDraft {
            unit: unit.trim().to_string(),
            share,
        });
    }
    Ok(out)
}

/// The draft the posted form describes. Target rows without a metric are left out (that is
/// how a target is removed); a row with a metric needs a value.
pub(super) fn draft_from(f: &Fields) -> Result<ItemDraft, AppError> {
    let opt = |name: &str| Some(field(f, name).trim().to_string()).filter(|v| !v.is_empty());
    let list = |name: &str| vec![field(f, name).to_string()];
    let mut targets = Vec::new();
    for k in 0..target_rows(f) {
        let g = |name: &str| field(f, &format!("t.{k}.{name}"));
        let metric = g("metric").trim().to_string();
        // A row ticked for removal, or left blank, is no target.
        if !g("delete").is_empty() || (metric.is_empty() && g("value").trim().is_empty()) {
            continue;
        }
        let value = number(
            g("value"),
            &format!("“{metric}”的目标值 / target of “{metric}”"),
        )?
        .ok_or_else(|| {
            AppError::BadRequest(Words::new(
                format!("请填写“{metric}”的目标值；不要这个指标就勾选“删除此指标”。"),
                format!("Give the target value of “{metric}”, or tick “remove” to remove it."),
            ))
        })?;
        targets.push(TargetDraft {
            id: g("id").trim().parse().ok(),
            value,
            unit: g("unit").trim().to_string(),
            comparator: g("comparator").parse().unwrap_or(Comparator::Ge),
            kind: g("kind").parse::<TargetKind>().ok(),
            baseline: number(
                g("baseline"),
                &format!("“{metric}”的基数 / baseline of “{metric}”"),
            )?,
            optional: !g("optional").is_empty(),
            shares: shares(g("shares"), &metric)?,
            source_text: None,
            metric,
        });
    }
    let deadline =
        crate::ledger::form_values::date(field(f, "deadline"), ("完成日期", "deadline"))?;
    Ok(ItemDraft {
        seq: opt("seq"),
        category: opt("category"),
        name: field(f, "name").to_string(),
        content: opt("content"),
        level: opt("level"),
        deadline,
        deadline_text: opt("deadline_text"),
        budget: number(field(f, "budget"), "预算 / budget")?,
        fund_source: opt("fund_source"),
        acceptance_standard: opt("acceptance_standard"),
        lead_units: split_units(&list("lead")),
        co_units: split_units(&list("co")),
        leaders: split_leaders(&list("leaders")),
        targets,
    })
}

pub(super) struct Target {
    pub plan: PlanId,
    pub item: Option<ItemId>,
    pub mode: Mode,
}

impl Target {
    pub(super) fn new(plan: PlanId, item: Option<ItemId>, mode: Mode) -> Target {
        Target { plan, item, mode }
    }

    fn action(&self) -> String {
        match (self.mode, self.item) {
            (Mode::Edit, Some(i)) => format!("/items/{i}/edit"),
            (Mode::AdjustByUnit, Some(i)) => format!("/items/{i}/adjust"),
            (Mode::AdjustByOffice, Some(i)) => format!("/items/{i}/adjustments"),
            (Mode::AdjustNew, _) => format!("/plans/{}/adjustments", self.plan),
            _ => format!("/plans/{}/items", self.plan),
        }
    }
}

/// The unit names of `d` (leads, co-units, share holders) that the directory of `plan`'s
/// region does not know, by name or alias.
async fn unknown_units(s: &AppState, plan: PlanId, d: &ItemDraft) -> Result<Vec<String>, AppError> {
    let region = s.store.plan(plan).await?.region_id;
    let known = s.store.units(Some(region)).await?;
    let mut out: Vec<String> = Vec::new();
    let typed = d.lead_units.iter().chain(&d.co_units).chain(
        d.targets
            .iter()
            .flat_map(|t| t.shares.iter().map(|x| &x.unit)),
    );
    for name in typed {
        let name = name.trim();
        let found = known
            .iter()
            .any(|u| u.name == name || u.aliases.iter().any(|a| a == name));
        if !found && !name.is_empty() && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// Refuses, once, a form naming units the directory does not know: a typo would otherwise
/// create a unit nobody meant. Ticking “确认新建这些单位” saves them as new units.
pub(super) async fn confirm_new_units(
    s: &AppState,
    plan: PlanId,
    f: &Fields,
    d: &ItemDraft,
) -> Result<(), AppError> {
    if field(f, "confirm_units") == "1" {
        return Ok(());
    }
    let unknown = unknown_units(s, plan, d).await?;
    if unknown.is_empty() {
        return Ok(());
    }
    Err(AppError::BadRequest(Words::new(
        format!(
            "单位目录中没有：{}。如是笔误请改正；确需新建，请勾选“确认新建这些单位”后再保存。",
            unknown.join("、")
        ),
        format!(
            "Not in the directory of units: {}. Correct a typo, or tick “create these units” and save again.",
            unknown.join(", ")
        ),
    )))
}

pub(super) async fn page(
    s: &AppState,
    lang: Lang,
    me: Me,
    at: Target,
    f: Fields,
    error: Option<String>,
) -> Result<ItemFormPage, AppError> {
    let (plan, item) = (at.plan, at.item);
    let detail = s.store.plan_detail(plan, None).await?;
    let mine = me.principal().map(|p| p.units).unwrap_or_default();
    // After a refusal, the units the form names that would be new, for confirming them.
    let new_units = match (&error, draft_from(&f)) {
        (Some(_), Ok(d)) => unknown_units(s, plan, &d).await?,
        _ => Vec::new(),
    };
    Ok(ItemFormPage {
        mode: at.mode,
        action: at.action(),
        new_units,
        targets: target_forms(&f),
        t: lang.tr(),
        lang,
        me,
        plan_id: plan.0,
        plan_title: detail.plan.title,
        item_id: item.map(|i| i.0),
        error,
        saved: false,
        f,
        // A unit merges only items it leads; the office any item of the plan.
        others: if matches!(at.mode, Mode::AdjustByUnit | Mode::AdjustByOffice) {
            detail
                .items
                .iter()
                .filter(|i| Some(i.item.id) != item)
                .filter(|i| {
                    at.mode == Mode::AdjustByOffice
                        || i.lead_units.iter().any(|u| mine.contains(&u.id))
                })
                .map(|i| {
                    (
                        i.item.id.0,
                        i.item.seq.clone(),
                        i.item.display_title().to_string(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        categories: detail.categories.into_iter().map(|c| c.name).collect(),
        kinds: TargetKind::ALL
            .iter()
            .map(|k| (k.code(), lang.pick(k.label_zh(), k.label_en())))
            .collect(),
        comparators: vec![
            ("ge", lang.pick("不少于", "at least")),
            ("eq", lang.pick("约 / 达到", "about / reach")),
            ("le", lang.pick("不超过", "at most")),
        ],
    })
}

/// GET /plans/{id}/items/new: an empty item form.
pub(super) async fn new_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
) -> Result<ItemFormPage, AppError> {
    super::editable(&s, plan).await?;
    let at = Target::new(plan, None, Mode::New);
    page(&s, lang, me, at, Vec::new(), None).await
}

#[derive(serde::Deserialize)]
pub(super) struct EditQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// GET /items/{id}/edit: the item's form (after 保存并继续, saying it was saved).
pub(super) async fn edit_form(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
    Query(q): Query<EditQuery>,
) -> Result<ItemFormPage, AppError> {
    let (plan, d) = s.store.item_draft(item).await?;
    super::editable(&s, plan).await?;
    let at = Target::new(plan, Some(item), Mode::Edit);
    let mut p = page(&s, lang, me, at, fields_of(&d), None).await?;
    p.saved = q.saved.is_some();
    Ok(p)
}

/// After saving: back to the list, or to the item's form to go on (保存并继续).
fn after_save(f: &Fields, plan: PlanId, item: ItemId) -> Response {
    if field(f, "then") == "continue" {
        Redirect::to(&format!("/items/{item}/edit?saved=1")).into_response()
    } else {
        Redirect::to(&format!("/plans/{plan}/edit#item-{item}")).into_response()
    }
}

/// The form again with what was typed and why it was refused.
pub(super) async fn refused(
    s: &AppState,
    lang: Lang,
    me: Me,
    at: Target,
    f: Fields,
    e: AppError,
) -> Response {
    let message = e.message(lang);
    super::again(e.status(), page(s, lang, me, at, f, Some(message)).await)
}

/// POST /plans/{id}/items: adds the item the form describes.
pub(super) async fn create(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(plan): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Response {
    let saved = async {
        let d = draft_from(&f)?;
        confirm_new_units(&s, plan, &f, &d).await?;
        Ok::<_, AppError>(me.store(&s).add_item(plan, d).await?)
    }
    .await;
    match saved {
        Ok(item) => after_save(&f, plan, item),
        Err(e) => {
            let at = Target::new(plan, None, Mode::New);
            refused(&s, lang, me, at, f, e).await
        }
    }
}

/// POST /items/{id}/edit: overwrites the item with what the form describes.
pub(super) async fn update(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(item): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Response {
    let plan = match s.store.item_plan(item).await {
        Ok((p, _)) => p,
        Err(e) => return AppError::from(e).into_response(),
    };
    let saved = async {
        let d = draft_from(&f)?;
        confirm_new_units(&s, plan, &f, &d).await?;
        Ok::<_, AppError>(me.store(&s).update_item(item, d).await?)
    }
    .await;
    match saved {
        Ok(()) => after_save(&f, plan, item),
        Err(e) => {
            let at = Target::new(plan, Some(item), Mode::Edit);
            refused(&s, lang, me, at, f, e).await
        }
    }
}
