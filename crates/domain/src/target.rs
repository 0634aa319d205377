//! Targets (量化指标): the quantities an item commits to deliver.

use crate::{ItemId, TargetId, code_enum};
use serde::{Deserialize, Serialize};

code_enum!(
    /// How the delivered value is compared with the target value.
    Comparator, "comparator" {
        /// Exactly, or about, the value (约N, 达到N).
        Eq = "eq",
        /// At least the value (不少于, 以上, N余).
        Ge = "ge",
        /// At most the value (不超过, 以内).
        Le = "le",
    }
);

code_enum!(
    /// What kind of commitment a target is, which decides how progress on it is read.
    #[derive(Default)]
    TargetKind, "target kind" {
        /// A number of things delivered in the year, reported as a running total (新增托位320个).
        #[default]
        Count = "count",
        /// A value a measure must reach, reported as its current value (提高到每人每月1050元).
        Level = "level",
        /// A rate, share or coverage in % or ‰ (覆盖率达到90%).
        Rate = "rate",
        /// A value not to be exceeded (控制在5%以内).
        Ceiling = "ceiling",
        /// Done or not, without a number (建成县图书馆新馆).
        YesNo = "yes_no",
    }
);

impl TargetKind {
    /// Chinese name for display.
    pub fn label_zh(self) -> &'static str {
        match self {
            TargetKind::Count => "累计数量",
            TargetKind::Level => "达到水平",
            TargetKind::Rate => "比率",
            TargetKind::Ceiling => "上限",
            TargetKind::YesNo => "是否完成",
        }
    }

    /// English name for display.
    pub fn label_en(self) -> &'static str {
        match self {
            TargetKind::Count => "count",
            TargetKind::Level => "level to reach",
            TargetKind::Rate => "rate",
            TargetKind::Ceiling => "ceiling",
            TargetKind::YesNo => "yes/no",
        }
    }

    /// The kind a target most likely is when nobody said: an upper bound is a ceiling, a
    /// value in % or ‰ a rate, a value with a baseline or a per-something unit (元/人·月) a
    /// level, anything else a count. The same rule fills the kind of targets stored before
    /// kinds were kept.
    pub fn infer(unit: &str, comparator: Comparator, baseline: Option<f64>) -> TargetKind {
        if comparator == Comparator::Le {
            TargetKind::Ceiling
        } else if matches!(unit, "%" | "‰" | "个百分点") {
            TargetKind::Rate
        } else if baseline.is_some() || unit.contains('/') {
            TargetKind::Level
        } else {
            TargetKind::Count
        }
    }
}

impl Comparator {
    /// Whether `actual` meets `target` under this comparator. `Eq` counts reaching the
    /// value as met: commitments are floors in practice, and overshooting is not a failure.
    pub fn is_met(self, actual: f64, target: f64) -> bool {
        match self {
            Comparator::Eq | Comparator::Ge => actual >= target,
            Comparator::Le => actual <= target,
        }
    }

    /// Chinese wording for display: 不少于 / 不超过 / empty for eq.
    pub fn label_zh(self) -> &'static str {
        match self {
            Comparator::Eq => "",
            Comparator::Ge => "不少于",
            Comparator::Le => "不超过",
        }
    }
}

/// A quantified indicator of an item (量化指标): 新增托位320个 → 托位, 320, 个.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Identifier.
    pub id: TargetId,
    /// The item it belongs to.
    pub item_id: ItemId,
    /// Order within the item.
    pub position: i32,
    /// What is counted (指标名称), a short noun.
    pub metric: String,
    /// Unit of measure (计量单位); rates keep their denominator, e.g. 元/人·月.
    pub unit: String,
    /// Target value after normalisation (1.76万 → 17600).
    pub value: f64,
    /// How delivery is compared with the value.
    pub comparator: Comparator,
    /// What kind of commitment it is, which decides how progress is read.
    #[serde(default)]
    pub kind: TargetKind,
    /// Value at the start, if the document gives one (基数).
    pub baseline: Option<f64>,
    /// Whether the quantity is informative rather than a binding commitment.
    pub optional: bool,
    /// The words of the document the target was read from.
    pub source_text: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{Comparator, TargetKind};

    #[test]
    fn comparators_decide_attainment() {
        assert!(Comparator::Ge.is_met(101.0, 100.0));
        assert!(!Comparator::Ge.is_met(99.0, 100.0));
        assert!(Comparator::Eq.is_met(100.0, 100.0));
        assert!(Comparator::Le.is_met(4.0, 5.0));
        assert!(!Comparator::Le.is_met(6.0, 5.0));
        assert_eq!("ge".parse::<Comparator>().unwrap(), Comparator::Ge);
    }

    #[test]
    fn kinds_are_inferred_from_unit_comparator_and_baseline() {
        use Comparator::*;
        assert_eq!(TargetKind::infer("个", Ge, None), TargetKind::Count);
        assert_eq!(TargetKind::infer("%", Ge, None), TargetKind::Rate);
        assert_eq!(TargetKind::infer("%", Le, None), TargetKind::Ceiling);
        assert_eq!(TargetKind::infer("元", Eq, Some(788.0)), TargetKind::Level);
        assert_eq!(TargetKind::infer("元/人·月", Eq, None), TargetKind::Level);
    }
}
