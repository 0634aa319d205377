//! What differs between two drafts of an item, field by field (原 → 新), and between a list
//! edited offline and the stored one: the diff adjustments and the sheet comparison show.

use super::{ItemDraft, TargetDraft};
use crate::Comparator;
use serde::{Deserialize, Serialize};

/// One difference between two drafts of an item, as shown (原 → 新).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// What changed, in Chinese (项目名称, 指标“托位”, 完成日期 …).
    pub field: String,
    /// The value before; empty when added.
    pub before: String,
    /// The value after; empty when removed.
    pub after: String,
}

/// A number without trailing zeros: 320, 1050.5.
pub fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{}", (v * 1e6).round() / 1e6)
    }
}

impl TargetDraft {
    /// The target in words: 不少于 320 个（累计数量）, 788 → 1050 元/人·月（达到水平）.
    pub fn describe(&self) -> String {
        let cmp = match self.comparator {
            Comparator::Ge => "不少于 ",
            Comparator::Le => "不超过 ",
            Comparator::Eq => "",
        };
        let from = self
            .baseline
            .map(|b| format!("{} → ", plain(b)))
            .unwrap_or_default();
        let shares: Vec<String> = self
            .shares
            .iter()
            .map(|s| format!("{} {}", s.unit, plain(s.share)))
            .collect();
        let shares = if shares.is_empty() {
            String::new()
        } else {
            format!("；分解：{}", shares.join("、"))
        };
        format!(
            "{from}{cmp}{} {}（{}）{shares}",
            plain(self.value),
            self.unit,
            self.kind().label_zh()
        )
    }
}

/// What differs between `before` and `after`, field by field; targets are matched by id, or
/// by metric when new. Empty when nothing differs.
pub fn diff(before: &ItemDraft, after: &ItemDraft) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut text = |field: &str, a: &Option<String>, b: &Option<String>| {
        let (a, b) = (a.clone().unwrap_or_default(), b.clone().unwrap_or_default());
        if a != b {
            out.push(FieldChange {
                field: field.into(),
                before: a,
                after: b,
            });
        }
    };
    // No number means the number stays.
    if after.seq.is_some() {
        text("序号", &before.seq, &after.seq);
    }
    text("分类", &before.category, &after.category);
    text(
        "项目名称",
        &Some(before.name.clone()),
        &Some(after.name.clone()),
    );
    text("建设内容", &before.content, &after.content);
    text("层级", &before.level, &after.level);
    text(
        "完成日期",
        &before.deadline.map(|d| d.to_string()),
        &after.deadline.map(|d| d.to_string()),
    );
    text("时限原文", &before.deadline_text, &after.deadline_text);
    text(
        "预算（万元）",
        &before.budget.map(plain),
        &after.budget.map(plain),
    );
    text("资金来源", &before.fund_source, &after.fund_source);
    text(
        "验收标准",
        &before.acceptance_standard,
        &after.acceptance_standard,
    );
    let join = |l: &[String]| Some(l.join("、")).filter(|s| !s.is_empty());
    text(
        "牵头单位",
        &join(&before.lead_units),
        &join(&after.lead_units),
    );
    text("配合单位", &join(&before.co_units), &join(&after.co_units));
    text("分管领导", &join(&before.leaders), &join(&after.leaders));
    let same = |a: &TargetDraft, b: &TargetDraft| match (a.id, b.id) {
        (Some(x), Some(y)) => x == y,
        _ => a.metric == b.metric,
    };
    for b in &before.targets {
        match after.targets.iter().find(|a| same(b, a)) {
            Some(a) => {
                let (was, now) = (b.describe(), a.describe());
                if was != now || a.metric != b.metric || a.optional != b.optional {
                    out.push(FieldChange {
                        field: format!("指标“{}”", b.metric),
                        before: was,
                        after: format!(
                            "{}{}{}",
                            if a.metric != b.metric {
                                format!("{}：", a.metric)
                            } else {
                                String::new()
                            },
                            now,
                            if a.optional { "（仅供参考）" } else { "" }
                        ),
                    });
                }
            }
            None => out.push(FieldChange {
                field: format!("指标“{}”", b.metric),
                before: b.describe(),
                after: String::new(),
            }),
        }
    }
    for a in &after.targets {
        if !before.targets.iter().any(|b| same(b, a)) {
            out.push(FieldChange {
                field: format!("指标“{}”", a.metric),
                before: String::new(),
                after: a.describe(),
            });
        }
    }
    out
}

/// What a list edited offline changes in the stored one: items added (no id), items whose
/// fields differ (with the differences), items left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanDiff {
    /// New items, in the sheet's order.
    pub added: Vec<ItemDraft>,
    /// Stored items that differ: id, as stored, as edited, and what differs.
    pub changed: Vec<(i64, ItemDraft, ItemDraft, Vec<FieldChange>)>,
    /// Stored items the sheet left out: id and as stored.
    pub removed: Vec<(i64, ItemDraft)>,
}

impl PlanDiff {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares the stored items with the edited ones. An edited item names its stored item by
/// id; one that names no stored item is new. Stored ids the edit does not name are removed.
pub fn plan_diff(stored: &[(i64, ItemDraft)], edited: &[(Option<i64>, ItemDraft)]) -> PlanDiff {
    let mut out = PlanDiff::default();
    for (id, after) in edited {
        match id.and_then(|id| stored.iter().find(|(s, _)| *s == id)) {
            Some((id, before)) => {
                let changes = diff(before, after);
                if !changes.is_empty() {
                    out.changed
                        .push((*id, before.clone(), after.clone(), changes));
                }
            }
            None => out.added.push(after.clone()),
        }
    }
    for (id, before) in stored {
        if !edited.iter().any(|(e, _)| *e == Some(*id)) {
            out.removed.push((*id, before.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn target(metric: &str, value: f64, unit: &str) -> TargetDraft {
        TargetDraft::new(metric, value, unit)
    }

    #[test]
    fn a_diff_names_each_changed_field() {
        let before = ItemDraft {
            name: "新增托位".into(),
            deadline: NaiveDate::from_ymd_opt(2025, 12, 31),
            targets: vec![TargetDraft {
                id: Some(7),
                ..target("托位", 320.0, "个")
            }],
            ..ItemDraft::default()
        };
        assert!(diff(&before, &before).is_empty());
        let mut after = before.clone();
        after.deadline = NaiveDate::from_ymd_opt(2026, 6, 30);
        after.targets[0].value = 300.0;
        after.targets.push(target("床位", 50.0, "张"));
        let d = diff(&before, &after);
        let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["完成日期", "指标“托位”", "指标“床位”"]);
        assert_eq!(d[0].before, "2025-12-31");
        assert_eq!(d[0].after, "2026-06-30");
        assert!(
            d[1].before.contains("320") && d[1].after.contains("300"),
            "{d:?}"
        );
        assert!(d[2].before.is_empty());
    }

    #[test]
    fn a_plan_diff_finds_added_changed_and_removed_items() {
        let a = ItemDraft {
            name: "甲".into(),
            ..ItemDraft::default()
        };
        let b = ItemDraft {
            name: "乙".into(),
            ..ItemDraft::default()
        };
        let stored = vec![(1, a.clone()), (2, b.clone())];
        let same = vec![(Some(1), a.clone()), (Some(2), b.clone())];
        assert!(plan_diff(&stored, &same).is_empty());
        let c = ItemDraft {
            name: "丙".into(),
            ..ItemDraft::default()
        };
        let renamed = ItemDraft {
            name: "甲改".into(),
            ..a.clone()
        };
        let d = plan_diff(
            &stored,
            &[(Some(1), renamed), (None, c.clone()), (Some(99), c)],
        );
        assert_eq!(d.added.len(), 2, "an unknown id is a new item");
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].3[0].field, "项目名称");
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].0, 2);
    }
}
