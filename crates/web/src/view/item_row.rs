//! An item as one row of a list: number, title, units, leaders, deadline and targets as text.

use super::fmt_target;
use crate::i18n::Lang;
use minsheng_domain::Unit;
use minsheng_store::ItemDetail;

/// An item as a row of the plan page.
pub struct ItemRow {
    pub id: i64,
    pub seq: String,
    pub title: String,
    pub level: Option<String>,
    pub lead: String,
    pub co: String,
    pub leaders: String,
    pub deadline: String,
    pub targets: Vec<String>,
    /// Adopted by the deputies' vote (★).
    pub voted: bool,
    /// Carried over from an earlier plan (结转).
    pub carried: bool,
}

impl ItemRow {
    pub fn new(d: &ItemDetail, lang: Lang) -> ItemRow {
        ItemRow {
            id: d.item.id.0,
            seq: d.item.seq.clone(),
            title: d.item.display_title(),
            level: d.item.level.clone(),
            lead: names(&d.lead_units),
            co: names(&d.co_units),
            leaders: d
                .leaders
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            deadline: deadline_label(d, lang),
            targets: d.targets.iter().map(|t| fmt_target(t, lang)).collect(),
            voted: d.item.voted,
            carried: d.item.carried_over_from.is_some(),
        }
    }
}

fn deadline_label(d: &ItemDetail, lang: Lang) -> String {
    match (&d.item.deadline, &d.item.deadline_text) {
        (Some(date), Some(text)) => format!("{date}（{text}）"),
        (Some(date), None) => date.to_string(),
        (None, Some(text)) => text.clone(),
        (None, None) => lang.tr().none.to_string(),
    }
}

fn names(units: &[Unit]) -> String {
    units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}
