//! Reading values typed into the ledger's forms: dates, numbers and the unit a form names,
//! each refused with the field's name in the reader's language.

use crate::error::{AppError, Words};
use crate::ids::parse_id;
use chrono::NaiveDate;
use minsheng_domain::UnitId;

/// A field's name in Chinese and English.
pub type Label = (&'static str, &'static str);

/// An optional date (`2025-06-30`); empty is none.
pub fn date(raw: &str, (zh, en): Label) -> Result<Option<NaiveDate>, AppError> {
    let r = raw.trim();
    if r.is_empty() {
        return Ok(None);
    }
    r.parse().map(Some).map_err(|_| {
        AppError::BadRequest(Words::new(
            format!("{zh}“{r}”不是日期，应为 2025-06-30 这样的格式。"),
            format!("{en}: “{r}” is not a date; write it as 2025-06-30."),
        ))
    })
}

/// A date that must be given.
pub fn required_date(raw: &str, label: Label) -> Result<NaiveDate, AppError> {
    date(raw, label)?.ok_or_else(|| {
        AppError::BadRequest(Words::new(
            format!("请填写{}。", label.0),
            format!("The {} is required.", label.1),
        ))
    })
}

/// A number of the type asked for.
pub fn number<T: std::str::FromStr>(raw: &str, (zh, en): Label) -> Result<T, AppError> {
    raw.trim().parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            format!("{zh}“{}”不是有效数字。", raw.trim()),
            format!("{en}: “{}” is not a number.", raw.trim()),
        ))
    })
}

/// The unit a form names, if any.
pub fn asked_unit(raw: &str) -> Result<Option<UnitId>, AppError> {
    Some(raw.trim())
        .filter(|u| !u.is_empty())
        .map(parse_id::<UnitId>)
        .transpose()
}
