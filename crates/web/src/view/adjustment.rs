//! An adjustment (调整) as pages show it: what changed as 原 → 新, why, the decision it rests
//! on — on the office's list, the item's ledger page and the public item page alike.

use crate::i18n::Lang;
use minsheng_domain::adjustment::AdjustmentKind;
use minsheng_store::Adjustment;

/// One adjustment as a page shows it.
pub(crate) struct AdjustmentView {
    pub id: i64,
    pub kind: &'static str,
    pub state: &'static str,
    pub state_code: &'static str,
    pub major: bool,
    pub reason: String,
    pub title: String,
    pub item_id: Option<i64>,
    pub changes: Vec<(String, String, String)>,
    pub later_year: bool,
    pub proposed: String,
    pub decided: Option<String>,
    pub note: Option<String>,
    /// 依据: body, number, date.
    pub decision: Option<String>,
    pub files: Vec<(i64, String)>,
}

impl AdjustmentView {
    pub(crate) fn of(a: &Adjustment, lang: Lang) -> AdjustmentView {
        let title = a
            .after
            .as_ref()
            .or(a.before.as_ref())
            .map(|d| d.name.clone())
            .unwrap_or_default();
        let mut changes: Vec<(String, String, String)> = a
            .changes
            .iter()
            .map(|c| (c.field.clone(), c.before.clone(), c.after.clone()))
            .collect();
        if a.kind == AdjustmentKind::Terminate {
            changes.push((
                lang.pick("实施状态", "State").into(),
                lang.pick("实施中", "in progress").into(),
                lang.pick("终止实施", "terminated").into(),
            ));
        }
        let when = |t: chrono::DateTime<chrono::Utc>| super::local_time(t);
        AdjustmentView {
            id: a.id,
            kind: lang.pick(a.kind.label_zh(), a.kind.label_en()),
            state: lang.pick(a.state.label_zh(), a.state.label_en()),
            state_code: a.state.code(),
            major: a.major,
            reason: a.reason.clone(),
            title,
            item_id: a.item_id.map(|i| i.0),
            changes,
            later_year: a.into_later_year,
            // Who, as officials name each other: the unit, or the office — not login names.
            proposed: format!(
                "{} · {}",
                a.unit_name
                    .clone()
                    .unwrap_or_else(|| lang.pick("专班/督查室", "the office").into()),
                when(a.proposed_at)
            ),
            decided: a
                .decided_at
                .map(|t| format!("{} · {}", lang.pick("专班/督查室", "the office"), when(t))),
            note: a.decision_note.clone(),
            decision: a
                .decision
                .as_ref()
                .map(|d| format!("{} {}（{}）", d.body, d.number, d.date)),
            files: a
                .files
                .iter()
                .map(|f| (f.id.0, f.file_name.clone()))
                .collect(),
        }
    }
}
