//! Allocation (分解下达) of an item to the regions directly below its list's region: the page
//! that shows, per target, what was given and what the regions have done — figures read from
//! the regions' own ledgers, entered once at the bottom — and per region its share, light and
//! who has not reported; and the form with which the office allocates (docs/LEVELS.md).

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::{fmt_value, light_label, pct, report_state_label, status_label};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::{ItemId, PlanState, TargetId};
use minsheng_store::{AllocationInput, AllocationView};

/// A target of the item with its allocation totals, formatted.
pub struct TargetRow {
    metric: String,
    value: String,
    allocated: String,
    /// What is left to allocate (or, negative, allocated beyond the target), when not zero.
    gap: Option<String>,
    achieved: String,
    ratio: String,
}

/// One region's part, formatted.
pub struct RegionRow {
    name: String,
    item: i64,
    /// Per target given: "share · achieved".
    shares: Vec<(String, String)>,
    light: &'static str,
    light_label: String,
    percent: String,
    state: String,
    not_reported: String,
}

/// The form: the regions not yet given the item, and the item's targets.
pub struct AllocateForm {
    regions: Vec<(i64, String)>,
    targets: Vec<(i64, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "allocation.html")]
pub struct AllocationPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    item: i64,
    title: String,
    plan_id: i64,
    plan_title: String,
    /// The item this one was allocated from: (id, title, list title, whether the reader's
    /// region reaches it, so it is a link).
    from: Option<(i64, String, String, bool)>,
    targets: Vec<TargetRow>,
    regions: Vec<RegionRow>,
    form: Option<AllocateForm>,
}

/// The targets given to some region (a target none was given is not shown).
fn target_rows(v: &AllocationView) -> Vec<TargetRow> {
    v.targets
        .iter()
        .filter(|t| t.allocated > 0.0)
        .map(|t| {
            let gap = t.gap();
            TargetRow {
                metric: t.metric.clone(),
                value: format!("{}{}", fmt_value(t.value), t.unit),
                allocated: format!("{}{}", fmt_value(t.allocated), t.unit),
                gap: (gap.abs() > 1e-9).then(|| format!("{}{}", fmt_value(gap), t.unit)),
                achieved: format!("{}{}", fmt_value(t.achieved), t.unit),
                ratio: if t.value > 0.0 {
                    pct(100.0 * t.achieved / t.value)
                } else {
                    "—".into()
                },
            }
        })
        .collect()
}

fn region_rows(v: &AllocationView, lang: Lang) -> Vec<RegionRow> {
    let metric = |t: TargetId| {
        v.targets
            .iter()
            .find(|x| x.target == t)
            .map(|x| (x.metric.clone(), x.unit.clone()))
            .unwrap_or_default()
    };
    v.regions
        .iter()
        .map(|r| {
            let (light, light_text, percent, state) = match (&r.assessment, r.current_state) {
                (Some(a), Some(st)) => (
                    a.light.code(),
                    format!(
                        "{} · {}",
                        light_label(a.light, lang),
                        status_label(a.status, lang)
                    ),
                    a.actual.map(pct).unwrap_or_else(|| "—".into()),
                    report_state_label(st, lang).to_string(),
                ),
                _ => (
                    "grey",
                    lang.pick("清单未发布", "list not published").to_string(),
                    "—".into(),
                    String::new(),
                ),
            };
            RegionRow {
                name: r.region.name.clone(),
                item: r.item.0,
                shares: r
                    .shares
                    .iter()
                    .map(|(t, share, achieved)| {
                        let (m, u) = metric(*t);
                        (
                            m,
                            format!(
                                "{}{u} · {}",
                                fmt_value(*share),
                                achieved.map_or_else(
                                    || lang.pick("未报", "none yet").to_string(),
                                    |a| format!("{}{u}", fmt_value(a))
                                )
                            ),
                        )
                    })
                    .collect(),
                light,
                light_label: if r.has_units || r.plan_state == PlanState::Draft {
                    light_text
                } else {
                    format!(
                        "{} · {}",
                        light_text,
                        lang.pick("未明确责任单位", "no unit in charge")
                    )
                },
                percent,
                state,
                not_reported: r.not_reported.join("、"),
            }
        })
        .collect()
}

/// GET /items/{id}/allocation.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<ItemId>,
) -> Result<AllocationPage, AppError> {
    let today = s.clock.today();
    let (plan, d) = s.store.item_detail(id).await?;
    let principal = me.principal()?;
    if !principal.can_read_item(&s.store.item_filing(id).await?.parties) {
        return Err(AppError::Forbidden(Words::new(
            "您无权查看此项目。",
            "You may not see this item.",
        )));
    }
    let view = s.store.allocation(id, today).await?;
    let from = match s.store.allocated_from(id).await? {
        Some(up) => {
            let (p, u) = s.store.item_detail(up).await?;
            let reach = principal.within(
                &s.store
                    .region_path_of(minsheng_domain::access::Scoped::Item, up.0)
                    .await?,
            );
            Some((up.0, u.item.display_title(), p.title, reach))
        }
        None => None,
    };
    let form = if me.can("manage_plans") && plan.state != PlanState::Closed {
        let given: Vec<i64> = view
            .as_ref()
            .map(|v| v.regions.iter().map(|r| r.region.id.0).collect())
            .unwrap_or_default();
        let regions: Vec<(i64, String)> = s
            .store
            .regions_below(plan.region_id)
            .await?
            .into_iter()
            .filter(|r| !given.contains(&r.id.0))
            .map(|r| (r.id.0, r.name))
            .collect();
        (!regions.is_empty()).then(|| AllocateForm {
            regions,
            // Only a count adds up across regions: a level or a rate is each region's own.
            targets: d
                .targets
                .iter()
                .filter(|t| t.kind == minsheng_domain::TargetKind::Count)
                .map(|t| (t.id.0, crate::view::fmt_target(t, lang)))
                .collect(),
        })
    } else {
        None
    };
    Ok(AllocationPage {
        t: lang.tr(),
        targets: view.as_ref().map(target_rows).unwrap_or_default(),
        regions: view
            .as_ref()
            .map(|v| region_rows(v, lang))
            .unwrap_or_default(),
        lang,
        me,
        item: id.0,
        title: d.item.display_title(),
        plan_id: plan.id.0,
        plan_title: plan.title,
        from,
        form,
    })
}

/// POST /items/{id}/allocation: fields `r{region}_t{target}` hold the share a region is
/// given of a target; a region with every field empty is not given the item.
pub async fn allocate(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let mut to: Vec<AllocationInput> = Vec::new();
    for (k, v) in &f {
        let Some((r, t)) = k
            .strip_prefix('r')
            .and_then(|rest| rest.split_once("_t"))
            .and_then(|(r, t)| Some((r.parse::<i64>().ok()?, t.parse::<i64>().ok()?)))
        else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let share: f64 = v.parse().map_err(|_| {
            AppError::BadRequest(Words::new(
                format!("“{v}”不是数字：请填写下达的数量，例如 300。"),
                format!("“{v}” is not a number: give the share, e.g. 300."),
            ))
        })?;
        let region = minsheng_domain::RegionId(r);
        match to.iter_mut().find(|a| a.region == region) {
            Some(a) => a.shares.push((TargetId(t), share)),
            None => to.push(AllocationInput {
                region,
                shares: vec![(TargetId(t), share)],
            }),
        }
    }
    // A region ticked without figures is given the item as a whole (an item without
    // targets, or one whose figures it sets itself).
    for r in f
        .iter()
        .filter(|(k, _)| k == "region")
        .filter_map(|(_, v)| v.parse::<i64>().ok())
    {
        let region = minsheng_domain::RegionId(r);
        if !to.iter().any(|a| a.region == region) {
            to.push(AllocationInput {
                region,
                shares: vec![],
            });
        }
    }
    if to.is_empty() {
        return Err(AppError::BadRequest(Words::new(
            "没有填写任何下达数量：请至少为一个地区填写一个指标的数量，或勾选整项下达。",
            "Nothing to allocate: give at least one region a share of a target, or tick it to give the item whole.",
        )));
    }
    me.store(&s).allocate(id, &to, s.clock.now().at).await?;
    Ok(Redirect::to(&format!("/items/{}/allocation", id.0)))
}
