//! Report content from form fields (`t{target}`, `percent`, `inv_{source}_{part}`, texts): one
//! parser for the page and the API.

use crate::error::AppError;
use crate::forms::field;
use minsheng_domain::Refusal;
use minsheng_domain::TargetId;
use minsheng_domain::ledger::report::{parse_amount, parse_percent, parse_text};
use minsheng_domain::ledger::{FundSource, Investment, ReportContent, TargetValue};

/// Reads form fields into report content. `targets` are the ones the unit reports on, with
/// their metric for messages. One parser for the page and the API.
pub fn content_from(
    fields: &[(String, String)],
    targets: &[(TargetId, String)],
) -> Result<ReportContent, AppError> {
    let bad = |e| AppError::Refused(Refusal::ReportInput(e));
    let mut values = Vec::new();
    for (k, v) in fields {
        let Some(id) = k.strip_prefix('t').and_then(|x| x.parse::<i64>().ok()) else {
            continue;
        };
        let Some((tid, metric)) = targets.iter().find(|(t, _)| t.0 == id) else {
            return Err(AppError::Refused(Refusal::TargetNotReported { target: id }));
        };
        if let Some(value) = parse_amount(metric, v).map_err(bad)? {
            values.push(TargetValue {
                target_id: *tid,
                value,
            });
        }
    }
    let mut investments = Vec::new();
    for s in FundSource::ALL {
        let get = |part: &str, label: &str| {
            parse_amount(
                &format!("{}{label}", s.label_zh()),
                field(fields, &format!("inv_{}_{part}", s.code())),
            )
        };
        let (p, c, d) = (
            get("planned", "计划投资").map_err(bad)?,
            get("completed", "完成投资").map_err(bad)?,
            get("disbursed", "已拨付").map_err(bad)?,
        );
        if p.is_some() || c.is_some() || d.is_some() {
            investments.push(Investment {
                source: *s,
                planned: p.unwrap_or(0.0),
                completed: c.unwrap_or(0.0),
                disbursed: d.unwrap_or(0.0),
            });
        }
    }
    Ok(ReportContent {
        values,
        percent: parse_percent("完成百分比", field(fields, "percent")).map_err(bad)?,
        progress: parse_text("形象进度", field(fields, "progress")).map_err(bad)?,
        problems: parse_text("存在问题", field(fields, "problems")).map_err(bad)?,
        next_steps: parse_text("下步计划", field(fields, "next_steps")).map_err(bad)?,
        investments,
    })
}
