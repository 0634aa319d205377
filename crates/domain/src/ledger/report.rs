//! Progress reports (台账): what a unit files for a period, read from raw form input into
//! checked values, and the difference between two versions.

use crate::{TargetId, code_enum};
use serde::{Deserialize, Serialize};

code_enum!(
    /// Where investment money comes from.
    FundSource, "fund source" {
        /// Transfers from higher levels (上级资金).
        Superior = "superior",
        /// The region's own budget (本级财政).
        Local = "local",
        /// Social capital, donations (社会资金).
        Social = "social",
        /// Anything else (其他).
        Other = "other",
    }
);

impl FundSource {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            FundSource::Superior => "上级资金",
            FundSource::Local => "本级财政",
            FundSource::Social => "社会资金",
            FundSource::Other => "其他",
        }
    }
}

code_enum!(
    /// A report version's state.
    ReportState, "report state" {
        /// Being edited (草稿).
        Draft = "draft",
        /// Filed (已提交); immutable, corrected only by a new version.
        Submitted = "submitted",
    }
);

/// The cumulative value achieved for one target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TargetValue {
    /// The target.
    pub target_id: TargetId,
    /// Cumulative value to date, ≥ 0.
    pub value: f64,
}

/// Investment of one fund source, in 万元.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Investment {
    /// Where the money comes from.
    pub source: FundSource,
    /// Planned (计划投资).
    pub planned: f64,
    /// Completed (完成投资).
    pub completed: f64,
    /// Paid out (已拨付).
    pub disbursed: f64,
}

/// What a report says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportContent {
    /// Cumulative values per target.
    pub values: Vec<TargetValue>,
    /// The unit's own estimate of percent complete, for items without quantified targets.
    pub percent: Option<f64>,
    /// Physical progress (形象进度).
    pub progress: String,
    /// Problems (存在问题).
    pub problems: String,
    /// Next steps (下步计划).
    pub next_steps: String,
    /// Investment by fund source.
    pub investments: Vec<Investment>,
}

/// Why a report input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportInputError {
    /// A value is not a number.
    #[error(
        "“{field}”填写的“{raw}”不是数字，请填写阿拉伯数字，如 120 或 35.5 ({field}: not a number)"
    )]
    NotANumber {
        /// Which field.
        field: String,
        /// What was typed.
        raw: String,
    },
    /// A value is negative.
    #[error(
        "“{field}”不能为负数（填写的是 {raw}），累计值应从 0 起算 ({field}: must not be negative)"
    )]
    Negative {
        /// Which field.
        field: String,
        /// What was typed.
        raw: String,
    },
    /// A percentage outside 0–100.
    #[error("“{field}”应在 0 到 100 之间（填写的是 {raw}）({field}: must be 0–100)")]
    Percent {
        /// Which field.
        field: String,
        /// What was typed.
        raw: String,
    },
    /// A value beyond any real quantity.
    #[error(
        "“{field}”填写的 {raw} 过大（上限 1 万亿），请检查单位和位数 ({field}: larger than any real quantity)"
    )]
    TooLarge {
        /// Which field.
        field: String,
        /// What was given.
        raw: String,
    },
    /// A text is too long.
    #[error("“{field}”超过 {max} 字，请精简 ({field}: longer than {max} characters)")]
    TooLong {
        /// Which field.
        field: String,
        /// The limit.
        max: usize,
    },
}

impl ReportInputError {
    /// What it says in Chinese, with what to do.
    pub fn zh(&self) -> String {
        match self {
            ReportInputError::NotANumber { field, raw } => {
                format!("“{field}”填写的“{raw}”不是数字，请填写阿拉伯数字，如 120 或 35.5。")
            }
            ReportInputError::Negative { field, raw } => {
                format!("“{field}”不能为负数（填写的是 {raw}），累计值应从 0 起算。")
            }
            ReportInputError::Percent { field, raw } => {
                format!("“{field}”应在 0 到 100 之间（填写的是 {raw}）。")
            }
            ReportInputError::TooLarge { field, raw } => {
                format!("“{field}”填写的 {raw} 过大（上限 1 万亿），请检查单位和位数。")
            }
            ReportInputError::TooLong { field, max } => {
                format!("“{field}”超过 {max} 字，请精简。")
            }
        }
    }

    /// What it says in English, with what to do.
    pub fn en(&self) -> String {
        match self {
            ReportInputError::NotANumber { field, raw } => {
                format!("“{field}”: “{raw}” is not a number; write digits such as 120 or 35.5.")
            }
            ReportInputError::Negative { field, raw } => {
                format!("“{field}” must not be negative ({raw}); running totals start from 0.")
            }
            ReportInputError::Percent { field, raw } => {
                format!("“{field}” must be 0 to 100 ({raw}).")
            }
            ReportInputError::TooLarge { field, raw } => format!(
                "“{field}”: {raw} is larger than any real quantity (limit 10^12); check the unit and the digits."
            ),
            ReportInputError::TooLong { field, max } => {
                format!("“{field}” is longer than {max} characters; shorten it.")
            }
        }
    }
}

/// Longest text field accepted.
pub const MAX_TEXT: usize = 5000;

/// The largest quantity accepted anywhere in a report: a trillion (1 万亿) is beyond any
/// livelihood target, headcount or investment in yuan, and sums of such values stay finite.
pub const MAX_QUANTITY: f64 = 1e12;

/// The one rule for a reported quantity: a finite number from 0 to [`MAX_QUANTITY`].
pub fn check_quantity(field: &str, v: f64) -> Result<f64, ReportInputError> {
    check_typed(field, v, &format!("{v}"))
}

/// [`check_quantity`], naming the value as it was typed.
fn check_typed(field: &str, v: f64, raw: &str) -> Result<f64, ReportInputError> {
    let (field, raw) = (field.to_string(), raw.to_string());
    if !v.is_finite() {
        Err(ReportInputError::NotANumber { field, raw })
    } else if v < 0.0 {
        Err(ReportInputError::Negative { field, raw })
    } else if v > MAX_QUANTITY {
        Err(ReportInputError::TooLarge { field, raw })
    } else {
        Ok(v)
    }
}

impl ReportContent {
    /// Checks every quantity and text of a report, whichever way it came in (form, API,
    /// sheet): quantities by [`check_quantity`], the percentage within 0–100, texts within
    /// [`MAX_TEXT`].
    pub fn check(&self) -> Result<(), ReportInputError> {
        for v in &self.values {
            check_quantity("累计值", v.value)?;
        }
        if let Some(p) = self.percent {
            check_quantity("完成百分比", p)?;
            if p > 100.0 {
                return Err(ReportInputError::Percent {
                    field: "完成百分比".into(),
                    raw: format!("{p}"),
                });
            }
        }
        for i in &self.investments {
            check_quantity("计划投资", i.planned)?;
            check_quantity("完成投资", i.completed)?;
            check_quantity("已拨付", i.disbursed)?;
        }
        for (field, text) in [
            ("形象进度", &self.progress),
            ("存在问题", &self.problems),
            ("下步计划", &self.next_steps),
        ] {
            if text.chars().count() > MAX_TEXT {
                return Err(ReportInputError::TooLong {
                    field: field.into(),
                    max: MAX_TEXT,
                });
            }
        }
        Ok(())
    }
}

/// Reads an optional non-negative number as typed in a form: blanks are `None`; thousands
/// separators and full-width digits are accepted.
pub fn parse_amount(field: &str, raw: &str) -> Result<Option<f64>, ReportInputError> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let v: f64 = s.parse().map_err(|_| ReportInputError::NotANumber {
        field: field.into(),
        raw: raw.trim().into(),
    })?;
    check_typed(field, v, raw.trim()).map(Some)
}

/// Reads an optional percentage (0–100).
pub fn parse_percent(field: &str, raw: &str) -> Result<Option<f64>, ReportInputError> {
    let v = parse_amount(field, raw.trim().trim_end_matches(['%', '％']))?;
    if v.is_some_and(|v| v > 100.0) {
        return Err(ReportInputError::Percent {
            field: field.into(),
            raw: raw.trim().into(),
        });
    }
    Ok(v)
}

/// Checks a text field's length and trims it.
pub fn parse_text(field: &str, raw: &str) -> Result<String, ReportInputError> {
    let t = raw.trim();
    if t.chars().count() > MAX_TEXT {
        return Err(ReportInputError::TooLong {
            field: field.into(),
            max: MAX_TEXT,
        });
    }
    Ok(t.replace("\r\n", "\n"))
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Field name (Chinese), with the target's metric for target values.
    pub field: String,
    /// Value before, as displayed.
    pub before: String,
    /// Value after, as displayed.
    pub after: String,
}

fn num(v: Option<f64>) -> String {
    v.map(|v| format!("{v}")).unwrap_or_default()
}

/// The fields that differ from `old` to `new`. `metric` names a target for display.
pub fn diff(
    old: &ReportContent,
    new: &ReportContent,
    metric: impl Fn(TargetId) -> String,
) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |field: String, before: String, after: String| {
        if before != after {
            out.push(Change {
                field,
                before,
                after,
            });
        }
    };
    let mut ids: Vec<TargetId> = old
        .values
        .iter()
        .chain(&new.values)
        .map(|v| v.target_id)
        .collect();
    ids.sort();
    ids.dedup();
    let value_of =
        |c: &ReportContent, id| c.values.iter().find(|v| v.target_id == id).map(|v| v.value);
    for id in ids {
        push(metric(id), num(value_of(old, id)), num(value_of(new, id)));
    }
    push("完成百分比".into(), num(old.percent), num(new.percent));
    push(
        "形象进度".into(),
        old.progress.clone(),
        new.progress.clone(),
    );
    push(
        "存在问题".into(),
        old.problems.clone(),
        new.problems.clone(),
    );
    push(
        "下步计划".into(),
        old.next_steps.clone(),
        new.next_steps.clone(),
    );
    for s in FundSource::ALL {
        let inv = |c: &ReportContent| c.investments.iter().find(|i| i.source == *s).copied();
        let show = |i: Option<Investment>| {
            i.map(|i| {
                format!(
                    "计划{} / 完成{} / 拨付{}",
                    i.planned, i.completed, i.disbursed
                )
            })
            .unwrap_or_default()
        };
        push(
            format!("投资（{}）", s.label_zh()),
            show(inv(old)),
            show(inv(new)),
        );
    }
    out
}

#[cfg(test)]
mod tests;
