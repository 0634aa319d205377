//! Computing what a bulletin says from a plan's ledger: the summary, shares by category and
//! unit, lagging items, units that did not report, orders, and the ledger table.

use super::super::scoring::{FirstSubmissions, unit_facts};
use super::Order;
use super::*;
use crate::ledger::PlanLedger;
use chrono::NaiveDate;
use minsheng_domain::ledger::{ItemStatus, Light};
use minsheng_domain::supervision::{BulletinKind, rank};
use std::collections::HashMap;

fn shares(
    counts: &std::collections::BTreeMap<&'static str, usize>,
    n: usize,
    label: impl Fn(&str) -> String,
    order: &[&'static str],
) -> Vec<Share> {
    order
        .iter()
        .map(|code| {
            let count = counts.get(code).copied().unwrap_or(0);
            Share {
                code: code.to_string(),
                label: label(code),
                count,
                share: if n > 0 { count as f64 / n as f64 } else { 0.0 },
            }
        })
        .collect()
}

fn join_names<'a>(v: impl Iterator<Item = &'a str>) -> String {
    v.collect::<Vec<_>>().join("、")
}

/// Builds the content from a ledger computed as of `as_of` and the facts around it.
#[allow(clippy::too_many_arguments)]
pub fn build(
    ledger: &PlanLedger,
    kind: BulletinKind,
    range: (NaiveDate, NaiveDate),
    first: &FirstSubmissions,
    orders: &[Order],
    escalated: &[String],
    delays: &HashMap<i64, String>,
    ratings: Option<&super::super::scoring::Ratings>,
) -> BulletinData {
    let as_of = ledger.today;
    let r = &ledger.rollup;
    let status_label = |c: &str| {
        c.parse::<ItemStatus>()
            .map(|s| s.label_zh().to_string())
            .unwrap_or_default()
    };
    let light_label = |c: &str| {
        c.parse::<Light>()
            .map(|s| s.label_zh().to_string())
            .unwrap_or_default()
    };
    let status_codes: Vec<&'static str> = ItemStatus::ALL.iter().map(|s| s.code()).collect();
    let light_codes: Vec<&'static str> = Light::ALL.iter().map(|s| s.code()).collect();
    let categories = ledger
        .rollup_by("category")
        .into_iter()
        .map(|row| CategoryLine {
            name: row.label,
            items: row.rollup.items,
            targets: row.rollup.targets,
            completed: row.rollup.completed,
            completion_rate: row.rollup.completion_rate,
            attainment_rate: row.rollup.attainment_rate,
            red: row.rollup.light(Light::Red),
            yellow: row.rollup.light(Light::Yellow),
        })
        .collect();
    let mut lagging: Vec<Lagging> = ledger
        .items
        .iter()
        .filter(|it| {
            matches!(it.assessment.light, Light::Red | Light::Yellow)
                || it.assessment.status == ItemStatus::Overdue
        })
        .map(|it| Lagging {
            item_id: it.detail.item.id.0,
            seq: it.detail.item.seq.clone(),
            title: it.detail.item.display_title(),
            units: join_names(it.detail.lead_units.iter().map(|u| u.name.as_str())),
            light: it.assessment.light.code().to_string(),
            status: it.assessment.status.label_zh().to_string(),
            expected: it.assessment.expected,
            actual: it.assessment.actual,
            explanation: delays
                .get(&it.detail.item.id.0)
                .cloned()
                .or_else(|| {
                    it.latest
                        .as_ref()
                        .map(|l| l.2.clone())
                        .filter(|p| !p.is_empty())
                })
                .unwrap_or_else(|| "未说明".into()),
        })
        .collect();
    let light_rank = |c: &str| match c {
        "red" => 0,
        "yellow" => 1,
        _ => 2,
    };
    lagging.sort_by_key(|l| light_rank(&l.light));
    // Not reported: every closed period in the range whose report is missing.
    let mut missing: std::collections::BTreeMap<String, MissingUnit> = Default::default();
    let rule = ledger.settings.rule;
    for it in &ledger.items {
        if !matches!(
            it.assessment.status,
            ItemStatus::NotStarted
                | ItemStatus::InProgress
                | ItemStatus::Overdue
                | ItemStatus::Extended
        ) {
            continue;
        }
        // An item fed from below is asked of the regions below (各地区推进情况).
        let leads = if it.fed {
            &[][..]
        } else {
            &it.detail.lead_units[..]
        };
        for u in leads {
            for p in rule.periods(range.0.max(it.start), range.1.min(as_of)) {
                if p.grace_end >= as_of || p.end < it.start {
                    continue;
                }
                if !first.contains_key(&(it.detail.item.id.0, u.id.0, p.start)) {
                    let m = missing
                        .entry(u.name.clone())
                        .or_insert_with(|| MissingUnit {
                            unit: u.name.clone(),
                            missing: 0,
                            items: Vec::new(),
                            escalated: false,
                        });
                    m.missing += 1;
                    if !m.items.contains(&it.detail.item.seq) {
                        m.items.push(it.detail.item.seq.clone());
                    }
                }
            }
        }
    }
    for name in escalated {
        if let Some(m) = missing.get_mut(name) {
            m.escalated = true;
        }
    }
    let mut not_reported: Vec<MissingUnit> = missing.into_values().collect();
    not_reported.sort_by(|a, b| b.missing.cmp(&a.missing).then(a.unit.cmp(&b.unit)));
    let open_orders = orders
        .iter()
        .filter(|o| o.state().is_open())
        .map(|o| OrderLine {
            label: o.label(),
            seq: o.item_seq.clone(),
            unit: o.unit.clone(),
            requirement: o.requirement.clone(),
            deadline: o.deadline,
            state: o.state().label_zh().to_string(),
            overdue: o.overdue(as_of),
        })
        .collect();
    let weights = ledger.settings.weights;
    let ranking = rank(
        unit_facts(ledger, first, orders, ratings, range, as_of),
        &weights,
    );
    let ledger_rows = ledger
        .items
        .iter()
        .flat_map(|it| {
            let d = &it.detail;
            let base = LedgerRow {
                category: d.category.clone().unwrap_or_else(|| "未分类".into()),
                seq: d.item.seq.clone(),
                title: d.item.display_title(),
                content: d
                    .item
                    .content
                    .clone()
                    .or(d.item.summary.clone())
                    .unwrap_or_default(),
                lead: join_names(d.lead_units.iter().map(|u| u.name.as_str())),
                co: join_names(d.co_units.iter().map(|u| u.name.as_str())),
                leaders: join_names(d.leaders.iter().map(|l| l.name.as_str())),
                deadline: it.current_deadline,
                metric: String::new(),
                target: None,
                measure: String::new(),
                achieved: None,
                ratio: None,
                percent: it.assessment.actual,
                expected: it.assessment.expected,
                light: it.assessment.light.label_zh().to_string(),
                status: it.assessment.status.label_zh().to_string(),
                progress: it.latest.as_ref().map(|l| l.1.clone()).unwrap_or_default(),
                problems: it.latest.as_ref().map(|l| l.2.clone()).unwrap_or_default(),
            };
            if it.targets.is_empty() {
                vec![base]
            } else {
                it.targets
                    .iter()
                    .map(|t| LedgerRow {
                        metric: t.target.metric.clone(),
                        target: Some(t.target.value),
                        measure: t.target.unit.clone(),
                        achieved: t.achieved,
                        ratio: t.achieved.map(|_| t.ratio),
                        ..base.clone()
                    })
                    .collect()
            }
        })
        .collect();
    BulletinData {
        plan_id: ledger.plan.id.0,
        plan_title: ledger.plan.title.clone(),
        region: ledger.region.name.clone(),
        kind,
        range,
        range_label: kind.range_label(range.0),
        as_of,
        items: r.items,
        targets: r.targets,
        quantified_targets: ledger
            .items
            .iter()
            .map(|it| it.targets.iter().filter(|t| !t.target.optional).count())
            .sum(),
        by_status: shares(&r.by_status, r.items, status_label, &status_codes),
        by_light: shares(&r.by_light, r.items, light_label, &light_codes),
        completed: r.completed,
        completion_rate: r.completion_rate,
        attainment_rate: r.attainment_rate,
        overall_rate: r.overall_rate,
        categories,
        lagging,
        not_reported,
        open_orders,
        ranking,
        weights,
        ledger: ledger_rows,
        adjustments: Vec::new(),
        allocated: 0,
        regions: Vec::new(),
    }
}
