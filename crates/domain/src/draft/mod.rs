//! An item as the plan editor writes it (编辑清单): every field of an item, its targets with
//! their kind, the units and shares, the leaders — and the rules an edit is checked against
//! before anything is stored. The page, the JSON API and the importer's lines pasted into the
//! editor all build an [`ItemDraft`] and go through [`ItemDraft::checked`].

use crate::refusal::{Field, Refusal};
use crate::{Comparator, TargetKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod diff;

pub use diff::{FieldChange, PlanDiff, diff, plain, plan_diff};

/// Longest item name, in characters.
pub const NAME_MAX: usize = 200;
/// Longest text field (content, acceptance standard), in characters.
pub const TEXT_MAX: usize = 5000;
/// Longest short field (a unit's, leader's or category's name, the level, a deadline as
/// written, a metric), in characters.
pub const SHORT_MAX: usize = 100;
/// Most targets on one item.
pub const TARGETS_MAX: usize = 50;
/// Most units or leaders on one item.
pub const PARTIES_MAX: usize = 50;

/// A unit's share of one target (分解到责任单位): the part of the value it answers for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareDraft {
    /// The unit, by name or alias; created in the plan's region if new.
    pub unit: String,
    /// Its part of the target's value.
    pub share: f64,
}

/// A target as edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetDraft {
    /// The stored target this edits; `None` for a new one.
    #[serde(default)]
    pub id: Option<i64>,
    /// What is counted (指标名称).
    pub metric: String,
    /// The committed value.
    pub value: f64,
    /// Unit of measure (个, 元/人·月, %).
    #[serde(default)]
    pub unit: String,
    /// How delivery compares with the value.
    #[serde(default = "ge")]
    pub comparator: Comparator,
    /// What kind of commitment it is; inferred from unit, comparator and baseline when absent.
    #[serde(default)]
    pub kind: Option<TargetKind>,
    /// The value at the start (基数), for a level to reach.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// Informative rather than binding.
    #[serde(default)]
    pub optional: bool,
    /// Units that each answer for a part of the value.
    #[serde(default)]
    pub shares: Vec<ShareDraft>,
    /// The words of the source document, when read by the importer.
    #[serde(default)]
    pub source_text: Option<String>,
}

fn ge() -> Comparator {
    Comparator::Ge
}

/// An item as edited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemDraft {
    /// Its number as shown (序号); the next free number when empty.
    #[serde(default)]
    pub seq: Option<String>,
    /// Its category (分类) by name; created in the plan if new, none when empty.
    #[serde(default)]
    pub category: Option<String>,
    /// Name (项目名称).
    pub name: String,
    /// What will be done (建设内容).
    #[serde(default)]
    pub content: Option<String>,
    /// Level (市级, 区级 …).
    #[serde(default)]
    pub level: Option<String>,
    /// Deadline as a date.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// Deadline as written (年底前, 6月底).
    #[serde(default)]
    pub deadline_text: Option<String>,
    /// Budget in 万元.
    #[serde(default)]
    pub budget: Option<f64>,
    /// Fund source (资金来源).
    #[serde(default)]
    pub fund_source: Option<String>,
    /// Acceptance standard (验收标准).
    #[serde(default)]
    pub acceptance_standard: Option<String>,
    /// Lead units (牵头单位), in order.
    #[serde(default)]
    pub lead_units: Vec<String>,
    /// Co-operating units (配合单位), in order; units holding a share are co-units too.
    #[serde(default)]
    pub co_units: Vec<String>,
    /// Leaders in charge (分管领导), in order.
    #[serde(default)]
    pub leaders: Vec<String>,
    /// Targets, in order.
    #[serde(default)]
    pub targets: Vec<TargetDraft>,
}

fn short(field: Field, v: &Option<String>, max: usize) -> Result<Option<String>, Refusal> {
    let t = v.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match t {
        Some(s) if s.chars().count() > max => Err(Refusal::FieldTooLong { field, max }),
        t => Ok(t.map(String::from)),
    }
}

fn names(field: Field, list: &[String]) -> Result<Vec<String>, Refusal> {
    let mut out: Vec<String> = Vec::new();
    for n in list {
        let n = n.trim();
        if n.is_empty() || out.iter().any(|o| o == n) {
            continue;
        }
        if n.chars().count() > SHORT_MAX {
            return Err(Refusal::FieldTooLong {
                field,
                max: SHORT_MAX,
            });
        }
        out.push(n.to_string());
    }
    if out.len() > PARTIES_MAX {
        return Err(Refusal::TooMany {
            field,
            max: PARTIES_MAX,
        });
    }
    Ok(out)
}

fn amount(metric: &str, v: f64) -> Result<f64, Refusal> {
    if v.is_finite() && (0.0..1e15).contains(&v) {
        Ok(v)
    } else {
        Err(Refusal::TargetValue {
            metric: metric.to_string(),
        })
    }
}

impl TargetDraft {
    /// A new target (no id) of `value` `unit` counted by `metric`, at least the value, its kind
    /// left to be inferred.
    pub fn new(metric: &str, value: f64, unit: &str) -> TargetDraft {
        TargetDraft {
            id: None,
            metric: metric.into(),
            value,
            unit: unit.into(),
            comparator: Comparator::Ge,
            kind: None,
            baseline: None,
            optional: false,
            shares: vec![],
            source_text: None,
        }
    }

    /// The kind given, or the one its unit, comparator and baseline suggest.
    pub fn kind(&self) -> TargetKind {
        self.kind
            .unwrap_or_else(|| TargetKind::infer(&self.unit, self.comparator, self.baseline))
    }

    fn checked(self) -> Result<TargetDraft, Refusal> {
        // Lists do state bare figures (“18000户”): a target may have no metric.
        let metric = short(Field::Metric, &Some(self.metric), SHORT_MAX)?.unwrap_or_default();
        let unit = short(Field::MeasureUnit, &Some(self.unit), 20)?.unwrap_or_default();
        let named = if metric.is_empty() {
            format!("未命名指标（{unit}）")
        } else {
            metric.clone()
        };
        let value = amount(&named, self.value)?;
        let baseline = self.baseline.map(|b| amount(&named, b)).transpose()?;
        let mut shares: Vec<ShareDraft> = Vec::new();
        for s in self.shares {
            let name = s.unit.trim();
            if name.is_empty() {
                continue;
            }
            if !(s.share.is_finite() && s.share > 0.0 && s.share < 1e15) {
                return Err(Refusal::ShareNotPositive);
            }
            if name.chars().count() > SHORT_MAX {
                return Err(Refusal::FieldTooLong {
                    field: Field::UnitName,
                    max: SHORT_MAX,
                });
            }
            shares.push(ShareDraft {
                unit: name.to_string(),
                share: s.share,
            });
        }
        let mut t = TargetDraft {
            id: self.id,
            metric,
            value,
            unit,
            comparator: self.comparator,
            kind: self.kind,
            baseline,
            optional: self.optional,
            shares,
            source_text: short(Field::Metric, &self.source_text, TEXT_MAX)?,
        };
        t.kind = Some(t.kind());
        Ok(t)
    }
}

impl ItemDraft {
    /// The draft trimmed and checked: a name, texts within their lengths, values that are
    /// numbers, each unit holding at most one share (one assignment per unit and item), names
    /// listed once. Kinds left open are inferred.
    pub fn checked(self) -> Result<ItemDraft, Refusal> {
        let name =
            short(Field::ItemName, &Some(self.name), NAME_MAX)?.ok_or(Refusal::FieldRequired {
                field: Field::ItemName,
            })?;
        if self.targets.len() > TARGETS_MAX {
            return Err(Refusal::TooMany {
                field: Field::Metric,
                max: TARGETS_MAX,
            });
        }
        let targets = self
            .targets
            .into_iter()
            .map(TargetDraft::checked)
            .collect::<Result<Vec<_>, _>>()?;
        let mut holders: Vec<&str> = Vec::new();
        for s in targets.iter().flat_map(|t| &t.shares) {
            if holders.contains(&s.unit.as_str()) {
                return Err(Refusal::ShareTwice {
                    unit: s.unit.clone(),
                });
            }
            holders.push(&s.unit);
        }
        if let Some(day) = self.deadline {
            use chrono::Datelike;
            if !(2000..=2100).contains(&day.year()) {
                return Err(Refusal::DateOutOfRange {
                    field: Field::DeadlineText,
                });
            }
        }
        let budget = match self.budget {
            Some(b) if !(b.is_finite() && (0.0..1e12).contains(&b)) => {
                return Err(Refusal::TargetValue {
                    metric: Field::Budget.zh().into(),
                });
            }
            b => b,
        };
        Ok(ItemDraft {
            seq: short(Field::Seq, &self.seq, 20)?,
            category: short(Field::CategoryName, &self.category, SHORT_MAX)?,
            name,
            content: short(Field::Content, &self.content, TEXT_MAX)?,
            level: short(Field::Level, &self.level, 20)?,
            deadline: self.deadline,
            deadline_text: short(Field::DeadlineText, &self.deadline_text, SHORT_MAX)?,
            budget,
            fund_source: short(Field::FundSource, &self.fund_source, SHORT_MAX)?,
            acceptance_standard: short(
                Field::AcceptanceStandard,
                &self.acceptance_standard,
                TEXT_MAX,
            )?,
            co_units: names(Field::UnitName, &self.co_units)?
                .into_iter()
                .filter(|c| !self.lead_units.iter().any(|l| l.trim() == c))
                .collect(),
            lead_units: names(Field::UnitName, &self.lead_units)?,
            leaders: names(Field::LeaderName, &self.leaders)?,
            targets,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(metric: &str, value: f64, unit: &str) -> TargetDraft {
        TargetDraft::new(metric, value, unit)
    }

    #[test]
    fn a_draft_is_trimmed_and_kinds_are_filled() {
        let d = ItemDraft {
            name: "  新增托位 ".into(),
            lead_units: vec!["卫健委".into(), " 卫健委".into(), "".into()],
            targets: vec![
                target("托位", 320.0, "个"),
                TargetDraft {
                    baseline: Some(788.0),
                    ..target("低保标准", 1050.0, "元/人·月")
                },
                target("覆盖率", 90.0, "%"),
            ],
            ..ItemDraft::default()
        }
        .checked()
        .unwrap();
        assert_eq!(d.name, "新增托位");
        assert_eq!(d.lead_units, vec!["卫健委"]);
        let kinds: Vec<_> = d.targets.iter().map(|t| t.kind.unwrap()).collect();
        assert_eq!(
            kinds,
            [TargetKind::Count, TargetKind::Level, TargetKind::Rate]
        );
    }

    #[test]
    fn bad_drafts_are_refused_by_reason() {
        let blank = ItemDraft {
            name: " ".into(),
            ..ItemDraft::default()
        };
        assert_eq!(
            blank.checked(),
            Err(Refusal::FieldRequired {
                field: Field::ItemName
            })
        );
        let inf = ItemDraft {
            name: "x".into(),
            targets: vec![target("托位", f64::INFINITY, "个")],
            ..ItemDraft::default()
        };
        assert_eq!(
            inf.checked(),
            Err(Refusal::TargetValue {
                metric: "托位".into()
            })
        );
        let far = ItemDraft {
            name: "x".into(),
            deadline: NaiveDate::from_ymd_opt(9999, 12, 31),
            ..ItemDraft::default()
        };
        assert!(matches!(far.checked(), Err(Refusal::DateOutOfRange { .. })));
        let share = |unit: &str| ShareDraft {
            unit: unit.into(),
            share: 10.0,
        };
        let twice = ItemDraft {
            name: "x".into(),
            targets: vec![
                TargetDraft {
                    shares: vec![share("东区")],
                    ..target("托位", 20.0, "个")
                },
                TargetDraft {
                    shares: vec![share("东区")],
                    ..target("床位", 20.0, "张")
                },
            ],
            ..ItemDraft::default()
        };
        assert_eq!(
            twice.checked(),
            Err(Refusal::ShareTwice {
                unit: "东区".into()
            })
        );
    }
}
