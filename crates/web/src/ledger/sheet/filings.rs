//! From a filled sheet to the reports it would file: each item and unit's rows read into a
//! report's content against what the unit reports on, who may file it (the unit itself, or
//! the office on its behalf), and what the quality checks say — the same reading whether it is
//! shown for confirmation or filed, so the confirmation files exactly what was shown, checked
//! again against the ledger as it is then.

use super::workbook::{PERCENT, ReadRow, ReadSheet};
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use chrono::NaiveDate;
use minsheng_domain::access::Permission;
use minsheng_domain::ledger::quality::{Ask, Given, questions};
use minsheng_domain::ledger::report::parse_amount;
use minsheng_domain::ledger::{FundSource, Investment, ReportContent, ReportState, TargetValue};
use minsheng_domain::{ItemId, PlanId, TargetId, UnitId};
use minsheng_store::{Quality, ReportWrite};

/// What becomes of one item and unit's rows.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Outcome {
    /// Filed as it is.
    File,
    /// Filed once the filer confirms; what to check.
    Confirm(Vec<String>),
    /// Not filed, and why.
    Refused(String),
    /// Nothing typed: left alone.
    Blank,
}

/// One item and unit of a sheet, read.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub sheet: usize,
    /// The period the sheet is for, in words.
    pub period: String,
    pub line: usize,
    pub item: i64,
    pub unit: i64,
    pub seq: String,
    pub item_name: String,
    pub unit_name: String,
    /// (target, last filed, now) for each value typed.
    pub values: Vec<(String, String, String)>,
    pub outcome: Outcome,
    /// Filed by the office on the unit's behalf.
    pub on_behalf: bool,
    /// What would be written.
    pub write: Option<(ItemId, UnitId, NaiveDate, ReportWrite)>,
}

fn words(zh: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::BadRequest(Words::new(zh.into(), en.into()))
}

/// Reads every sheet's rows against the plan's ledger as of today.
pub(super) async fn read_all(
    s: &AppState,
    me: &Me,
    plan: PlanId,
    sheets: &[ReadSheet],
) -> Result<Vec<Line>, AppError> {
    let principal = me.principal()?;
    let today = s.clock.today();
    let ledger = s.store.plan_ledger(plan, today).await?;
    let rule = ledger.settings.rule;
    let units: std::collections::HashMap<i64, String> = s
        .store
        .units(None)
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect();
    let mut lines = Vec::new();
    for (k, sheet) in sheets.iter().enumerate() {
        let h = &sheet.heading;
        if h.plan != plan.0 {
            return Err(words(
                format!(
                    "第 {} 个文件是另一份清单的填报表：请在那份清单的页面上传。",
                    k + 1
                ),
                format!("File {} is the sheet of another list.", k + 1),
            ));
        }
        let period = rule.period_containing(h.period);
        if period.start != h.period {
            return Err(words(
                format!(
                    "第 {} 个文件的填报期与清单的报送周期对不上：请重新下载。",
                    k + 1
                ),
                format!("File {}: its period is not one of the list's.", k + 1),
            ));
        }
        if period.start > today {
            return Err(words(
                format!(
                    "第 {} 个文件是 {} 的填报表，这一期还没有开始。",
                    k + 1,
                    period.label_zh(rule.cadence)
                ),
                format!("File {}: its period has not begun.", k + 1),
            ));
        }
        // Rows in order, grouped by item and unit.
        let mut groups: Vec<(i64, i64, Vec<&ReadRow>)> = Vec::new();
        for r in &sheet.rows {
            match groups
                .iter_mut()
                .find(|(i, u, _)| *i == r.item && *u == r.unit)
            {
                Some(g) => g.2.push(r),
                None => groups.push((r.item, r.unit, vec![r])),
            }
        }
        for (item, unit, rows) in groups {
            let it = ledger.items.iter().find(|i| i.detail.item.id.0 == item);
            let mut line = Line {
                sheet: k,
                period: period.label_zh(rule.cadence),
                line: rows[0].line,
                item,
                unit,
                seq: it.map(|i| i.detail.item.seq.clone()).unwrap_or_default(),
                item_name: it
                    .map(|i| i.detail.item.display_title())
                    .unwrap_or_default(),
                unit_name: units.get(&unit).cloned().unwrap_or_default(),
                values: Vec::new(),
                outcome: Outcome::Blank,
                on_behalf: false,
                write: None,
            };
            line.outcome = match it {
                None => Outcome::Refused("该项目已不在清单中。".into()),
                Some(it) => {
                    let parties = it.parties();
                    let unit_id = UnitId(unit);
                    if principal.can_file_for(unit_id, &parties) {
                        read_group(s, &mut line, it, &ledger.settings, period.start, &rows).await?
                    } else if principal.can(Permission::Supervise)
                        && it.reporters.contains(&unit_id)
                    {
                        line.on_behalf = true;
                        read_group(s, &mut line, it, &ledger.settings, period.start, &rows).await?
                    } else {
                        Outcome::Refused(format!("您无权为“{}”报送此项目。", line.unit_name))
                    }
                }
            };
            if let (true, Some((.., w))) = (line.on_behalf, line.write.as_mut()) {
                w.on_behalf = Some(me.name().to_string());
            }
            // An earlier period's sheet files late (补报): said, and filed only when confirmed.
            if period.start < ledger.current.start {
                let late = format!(
                    "这是往期（{}）的填报表，报送即为补报；本期是{}。",
                    line.period,
                    ledger.current.label_zh(rule.cadence)
                );
                line.outcome = match line.outcome {
                    Outcome::File => Outcome::Confirm(vec![late]),
                    Outcome::Confirm(mut notes) => {
                        notes.insert(0, late);
                        Outcome::Confirm(notes)
                    }
                    other => other,
                };
            }
            lines.push(line);
        }
    }
    Ok(lines)
}

/// One item and unit: the content typed, checked, with the quality findings.
async fn read_group(
    s: &AppState,
    line: &mut Line,
    it: &minsheng_store::ItemLedger,
    settings: &minsheng_store::PlanSettings,
    period: NaiveDate,
    rows: &[&ReadRow],
) -> Result<Outcome, AppError> {
    let (item, unit) = (ItemId(line.item), UnitId(line.unit));
    let Some(allowed) = s.store.reportable_targets(item, unit).await? else {
        return Ok(Outcome::Refused("该单位不报送此项目。".into()));
    };
    let reports = s.store.item_reports(item).await?;
    let mine: Vec<_> = reports.iter().filter(|r| r.unit_id == unit).collect();
    let last_filed = mine
        .iter()
        .rev()
        .find(|r| r.period_start < period && r.state == ReportState::Submitted);
    let last = last_filed.map(|r| &r.content);
    let latest = mine.iter().rev().find(|r| r.period_start == period);
    let first = rows[0];
    let typed_anything = rows.iter().any(|r| !r.value.trim().is_empty())
        || first.texts.iter().any(|t| !t.trim().is_empty())
        || first.fund.iter().skip(1).any(|t| !t.trim().is_empty())
            && last.is_none_or(|l| l.investments.is_empty());
    if !typed_anything {
        return Ok(Outcome::Blank);
    }
    let mut content = ReportContent {
        progress: first.texts[0].trim().to_string(),
        problems: first.texts[1].trim().to_string(),
        next_steps: first.texts[2].trim().to_string(),
        investments: last.map(|l| l.investments.clone()).unwrap_or_default(),
        ..ReportContent::default()
    };
    let target_name = |t: TargetId| {
        it.detail
            .targets
            .iter()
            .find(|x| x.id == t)
            .map(|x| x.metric.clone())
            .unwrap_or_default()
    };
    let refuse = |e: minsheng_domain::ledger::ReportInputError, line: usize| {
        Ok(Outcome::Refused(format!("第 {line} 行：{}", e.zh())))
    };
    for r in rows {
        if r.target == PERCENT {
            match parse_amount("完成百分比", &r.value) {
                Ok(v) => content.percent = v.or(last.and_then(|l| l.percent)),
                Err(e) => return refuse(e, r.line),
            }
            continue;
        }
        let Some(t) = r
            .target
            .parse::<i64>()
            .ok()
            .map(TargetId)
            .filter(|t| allowed.contains(t))
        else {
            return Ok(Outcome::Refused(format!(
                "第 {} 行的指标已不由该单位报送，请重新下载填报表。",
                r.line
            )));
        };
        let before = last.and_then(|l| l.values.iter().find(|v| v.target_id == t));
        let value = match parse_amount(&target_name(t), &r.value) {
            Ok(Some(v)) => Some(v),
            Ok(None) => before.map(|b| b.value),
            Err(e) => return refuse(e, r.line),
        };
        if let Some(value) = value {
            content.values.push(TargetValue {
                target_id: t,
                value,
            });
        }
        line.values.push((
            target_name(t),
            before
                .map(|b| minsheng_domain::draft::plain(b.value))
                .unwrap_or_else(|| "—".into()),
            value.map(minsheng_domain::draft::plain).unwrap_or_default(),
        ));
    }
    // The money: one source a sheet; the others stay as last filed.
    let [source, planned, completed, disbursed] = &first.fund;
    let amounts = [
        ("计划投资", planned),
        ("完成投资", completed),
        ("已拨付", disbursed),
    ];
    if !source.trim().is_empty() || amounts.iter().any(|(_, a)| !a.trim().is_empty()) {
        let Some(src) = FundSource::ALL
            .iter()
            .find(|f| f.label_zh() == source.trim() || f.code() == source.trim())
        else {
            return Ok(Outcome::Refused(format!(
                "第 {} 行：资金来源“{}”不在列表中，请选择上级资金、本级财政、社会资金或其他。",
                first.line,
                source.trim()
            )));
        };
        let mut v = [0.0; 3];
        for (k, (name, raw)) in amounts.iter().enumerate() {
            match parse_amount(name, raw) {
                Ok(x) => v[k] = x.unwrap_or(0.0),
                Err(e) => return refuse(e, first.line),
            }
        }
        content.investments.retain(|i| i.source != *src);
        content.investments.push(Investment {
            source: *src,
            planned: v[0],
            completed: v[1],
            disbursed: v[2],
        });
        content
            .investments
            .sort_by_key(|i| FundSource::ALL.iter().position(|s| *s == i.source));
    }
    if let Err(e) = content.check() {
        return refuse(e, first.line);
    }
    let no_progress = Some(first.texts[3].trim().to_string()).filter(|t| !t.is_empty());
    let correction = Some(first.texts[4].trim().to_string()).filter(|t| !t.is_empty());
    let pace = it.pace(settings, period, last_filed.map(|r| r.period_start));
    let given = Given {
        reason: correction.is_some(),
        no_progress: no_progress.is_some(),
        confirmed: false,
    };
    let mut confirm = Vec::new();
    for q in questions(last, &content, &it.detail.targets, Some(&pace), given) {
        match q.ask {
            Ask::Confirmation => confirm.push(q.zh),
            _ => return Ok(Outcome::Refused(q.zh)),
        }
    }
    if latest.is_some_and(|r| r.state == ReportState::Submitted) && correction.is_none() {
        return Ok(Outcome::Refused(
            "本期已经报送过，再次报送是更正：请在“更正说明”中写明更正原因。".into(),
        ));
    }
    line.write = Some((
        item,
        unit,
        period,
        ReportWrite {
            content,
            revision: latest.map(|r| r.revision),
            submit: true,
            correction_reason: correction,
            on_behalf: None,
            no_progress,
            // Asked again inside the write: what needed confirming was confirmed (the
            // confirmation is filed only when ticked); anything new since the check is refused.
            quality: Quality::Asked {
                confirmed: !confirm.is_empty(),
            },
        },
    ));
    Ok(if confirm.is_empty() {
        Outcome::File
    } else {
        Outcome::Confirm(confirm)
    })
}
