//! The list's workbook itself: written one row per target, read back into drafts with each
//! row's problem named. No I/O beyond the bytes given.

use super::{COLUMNS, ROWS_MAX, bad};
use crate::bulletins::xlsx::display_width;
use crate::error::AppError;
use minsheng_domain::draft::{ItemDraft, ShareDraft, TargetDraft, plain};
use minsheng_domain::{Comparator, TargetKind};
use rust_xlsxwriter::{Color, DataValidation, Format, Workbook, XlsxError};

fn comparator_label(c: Comparator) -> &'static str {
    match c {
        Comparator::Ge => "不少于",
        Comparator::Eq => "约/达到",
        Comparator::Le => "不超过",
    }
}

fn comparator_of(s: &str) -> Option<Comparator> {
    match s.trim() {
        "" | "不少于" | "ge" | "≥" => Some(Comparator::Ge),
        "约/达到" | "约" | "达到" | "eq" | "=" => Some(Comparator::Eq),
        "不超过" | "le" | "≤" => Some(Comparator::Le),
        _ => None,
    }
}

fn kind_of(s: &str) -> Option<Option<TargetKind>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(None);
    }
    TargetKind::ALL
        .iter()
        .find(|k| k.label_zh() == s || k.code() == s)
        .map(|k| Some(*k))
}

fn shares_text(shares: &[ShareDraft]) -> String {
    shares
        .iter()
        .map(|s| format!("{} {}", s.unit, plain(s.share)))
        .collect::<Vec<_>>()
        .join("；")
}

/// The workbook of `items` (as stored, with ids).
pub(super) fn write(title: &str, items: &[(i64, ItemDraft)]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE3EA))
        .set_font_name("宋体");
    let ids = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_font_color(Color::RGB(0x5B6875))
        .set_font_name("宋体");
    let body = Format::new().set_font_name("宋体");
    let ws = wb.add_worksheet().set_name("清单")?;
    let mut widths: Vec<f64> = COLUMNS.iter().map(|c| display_width(c.1)).collect();
    for (c, (_, h)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let mut row = 1u32;
    for (id, d) in items {
        let none = [None];
        let targets: Vec<Option<&TargetDraft>> = if d.targets.is_empty() {
            none.to_vec()
        } else {
            d.targets.iter().map(Some).collect()
        };
        for t in targets {
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            let cells: [String; 23] = [
                id.to_string(),
                t.and_then(|t| t.id)
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
                opt(&d.seq),
                opt(&d.category),
                d.name.clone(),
                opt(&d.content),
                opt(&d.level),
                d.lead_units.join("、"),
                d.co_units.join("、"),
                d.leaders.join("、"),
                d.deadline.map(|x| x.to_string()).unwrap_or_default(),
                opt(&d.deadline_text),
                d.budget.map(plain).unwrap_or_default(),
                opt(&d.fund_source),
                opt(&d.acceptance_standard),
                t.map(|t| t.metric.clone()).unwrap_or_default(),
                t.map(|t| t.kind().label_zh().to_string())
                    .unwrap_or_default(),
                t.map(|t| comparator_label(t.comparator).to_string())
                    .unwrap_or_default(),
                t.map(|t| plain(t.value)).unwrap_or_default(),
                t.map(|t| t.unit.clone()).unwrap_or_default(),
                t.and_then(|t| t.baseline).map(plain).unwrap_or_default(),
                t.map(|t| shares_text(&t.shares)).unwrap_or_default(),
                t.filter(|t| t.optional)
                    .map(|_| "是".to_string())
                    .unwrap_or_default(),
            ];
            for (c, v) in cells.iter().enumerate() {
                let col = c as u16;
                let numeric = matches!(COLUMNS[c].0, "value" | "baseline" | "budget");
                match v.parse::<f64>() {
                    Ok(n) if numeric => ws.write_number_with_format(row, col, n, &body)?,
                    _ if c < 2 => ws.write_string_with_format(row, col, v, &ids)?,
                    _ => ws.write_string_with_format(row, col, v, &body)?,
                };
                widths[c] = widths[c].max(display_width(v).min(40.0));
            }
            row += 1;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, w + 2.0)?;
    }
    ws.set_freeze_panes(1, 5)?;
    let last = (row + 500).min(ROWS_MAX as u32);
    let kinds: Vec<&str> = TargetKind::ALL.iter().map(|k| k.label_zh()).collect();
    let col = |key: &str| COLUMNS.iter().position(|c| c.0 == key).unwrap_or(0) as u16;
    let lists = [
        ("kind", kinds),
        ("comparator", vec!["不少于", "约/达到", "不超过"]),
        ("optional", vec!["是", ""]),
    ];
    for (key, list) in lists {
        let list: Vec<&str> = list.into_iter().filter(|v| !v.is_empty()).collect();
        let dv = DataValidation::new()
            .allow_list_strings(&list)?
            .set_error_title("请从列表中选择")?
            .set_error_message("请从下拉列表中选择一项。")?;
        ws.add_data_validation(1, col(key), last, col(key), &dv)?;
    }
    let notes = wb.add_worksheet().set_name("说明")?;
    let lines = [
        format!("{title}：清单表格"),
        "每行一个指标；同一项目的各行，项目信息以第一行为准。".to_string(),
        "前两列是项目和指标的编号，请勿修改：改了编号的行会被当作新项目或新指标。".to_string(),
        "新增项目：在末尾加行，编号留空；同一新项目的多个指标，序号和项目名称填成一样。"
            .to_string(),
        "删除项目：删去该项目的所有行。删除指标：删去该指标所在的行。".to_string(),
        "指标类型：累计数量、达到水平（填基数）、比率、上限、是否完成；空着则自动判断。"
            .to_string(),
        "分解到单位：每个单位写“单位 数量”，多个用“；”分隔，如 东区街道 120；西区街道 200。"
            .to_string(),
        "完成日期写成 2025-12-31。上传后会先列出改动，确认后才保存。".to_string(),
    ];
    for (r, l) in lines.iter().enumerate() {
        notes.write_string_with_format(r as u32, 0, l, &body)?;
    }
    notes.set_column_width(0, 90)?;
    wb.save_to_buffer()
}

fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}

fn number(s: &str, row: usize, what: &str) -> Result<Option<f64>, AppError> {
    let t: String = s.trim().chars().filter(|c| *c != ',').collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| {
            bad(
                format!("第 {row} 行的{what}“{t}”不是数字。"),
                format!("Row {row}: {what} “{t}” is not a number."),
            )
        })
}

/// The items a sheet describes, with the stored id each names (none for a new item).
pub(super) fn read(bytes: &[u8]) -> Result<Vec<(Option<i64>, ItemDraft)>, AppError> {
    let doc = minsheng_importer::read::xlsx::read_sheet(
        bytes,
        "xlsx",
        minsheng_importer::Limits::default(),
    )
    .map_err(|e| bad(e.to_string(), e.to_string()))?;
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            minsheng_importer::doc::Block::Table(t) => Some(t),
            _ => None,
        })
        .ok_or_else(|| {
            bad(
                "表格是空的：请上传从本系统下载的清单表格。".into(),
                "The workbook is empty: upload the list sheet downloaded here.".into(),
            )
        })?;
    let text = |c: &minsheng_importer::doc::Cell| c.lines.join("\n").trim().to_string();
    let header_at = table
        .rows
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "项目名称"))
        .ok_or_else(|| {
            bad(
                "找不到“项目名称”列：请上传从本系统下载的清单表格，不要改动表头。".into(),
                "No 项目名称 column: upload the sheet downloaded here, headers unchanged.".into(),
            )
        })?;
    let header: Vec<String> = table.rows[header_at].iter().map(text).collect();
    let at = |key: &str| {
        let h = COLUMNS
            .iter()
            .find(|c| c.0 == key)
            .map(|c| c.1)
            .unwrap_or("");
        let bare = h.split('（').next().unwrap_or(h);
        header.iter().position(|x| x == h || x == bare)
    };
    let missing: Vec<&str> = ["item_id", "target_id", "name", "metric", "value"]
        .iter()
        .filter(|k| at(k).is_none())
        .map(|k| COLUMNS.iter().find(|c| c.0 == *k).map(|c| c.1).unwrap_or(k))
        .collect();
    if !missing.is_empty() {
        return Err(bad(
            format!(
                "表头缺少这些列：{}。请用从本系统下载的表格，不要删改表头。",
                missing.join("、")
            ),
            format!(
                "Columns missing: {}. Use the sheet downloaded here.",
                missing.join(", ")
            ),
        ));
    }
    let rows = &table.rows[header_at + 1..];
    if rows.len() > ROWS_MAX {
        return Err(bad(
            format!("表格有 {} 行，超过 {ROWS_MAX} 行的上限。", rows.len()),
            format!("{} rows: at most {ROWS_MAX}.", rows.len()),
        ));
    }
    let mut out: Vec<(Option<i64>, ItemDraft)> = Vec::new();
    // New items (no number) are told apart by 序号 and 项目名称.
    let mut last_new: Option<(String, String)> = None;
    for (k, r) in rows.iter().enumerate() {
        let n = header_at + k + 2;
        let get = |key: &str| at(key).and_then(|i| r.get(i)).map(text).unwrap_or_default();
        if r.iter().all(|c| text(c).is_empty()) {
            continue;
        }
        let id_text = get("item_id");
        let id = if id_text.is_empty() {
            None
        } else {
            Some(id_text.parse::<i64>().map_err(|_| {
                bad(
                    format!("第 {n} 行的项目编号“{id_text}”被改动了：编号请勿修改，新项目的编号留空。"),
                    format!("Row {n}: the item number “{id_text}” was changed; leave numbers as they are, empty for new items."),
                )
            })?)
        };
        let key = (get("seq"), get("name"));
        let same = match (id, out.last()) {
            (Some(id), Some((Some(prev), _))) => id == *prev,
            (None, Some((None, _))) => last_new.as_ref() == Some(&key),
            _ => false,
        };
        if !same {
            if get("name").is_empty() {
                return Err(bad(
                    format!("第 {n} 行没有项目名称。"),
                    format!("Row {n} has no item name."),
                ));
            }
            let deadline = match get("deadline") {
                d if d.is_empty() => None,
                d => Some(d.parse().map_err(|_| {
                    bad(
                        format!("第 {n} 行的完成日期“{d}”应写成 2025-12-31。"),
                        format!("Row {n}: the deadline “{d}” should read 2025-12-31."),
                    )
                })?),
            };
            let opt = |v: String| Some(v).filter(|v| !v.is_empty());
            out.push((
                id,
                ItemDraft {
                    seq: opt(get("seq")),
                    category: opt(get("category")),
                    name: get("name"),
                    content: opt(get("content")),
                    level: opt(get("level")),
                    deadline,
                    deadline_text: opt(get("deadline_text")),
                    budget: number(&get("budget"), n, "预算")?,
                    fund_source: opt(get("fund_source")),
                    acceptance_standard: opt(get("acceptance")),
                    lead_units: split_names(&get("lead")),
                    co_units: split_names(&get("co")),
                    leaders: split_names(&get("leaders")),
                    targets: Vec::new(),
                },
            ));
            last_new = id.is_none().then_some(key);
        }
        let metric = get("metric");
        if metric.is_empty() && get("value").is_empty() {
            continue;
        }
        let value = number(&get("value"), n, "目标值")?.ok_or_else(|| {
            bad(
                format!("第 {n} 行的指标“{metric}”没有目标值。"),
                format!("Row {n}: “{metric}” has no target value."),
            )
        })?;
        let comparator = comparator_of(&get("comparator")).ok_or_else(|| {
            bad(
                format!("第 {n} 行的要求应为 不少于、约/达到 或 不超过。"),
                format!("Row {n}: the requirement should be 不少于, 约/达到 or 不超过."),
            )
        })?;
        let kind = kind_of(&get("kind")).ok_or_else(|| {
            bad(
                format!("第 {n} 行的指标类型应为 累计数量、达到水平、比率、上限 或 是否完成。"),
                format!(
                    "Row {n}: the kind should be one of 累计数量, 达到水平, 比率, 上限, 是否完成."
                ),
            )
        })?;
        let mut shares = Vec::new();
        for part in get("shares")
            .split(['；', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (unit, amount) = part.rsplit_once([' ', '：', ':']).ok_or_else(|| {
                bad(
                    format!("第 {n} 行的分解“{part}”应写成“单位 数量”。"),
                    format!("Row {n}: the share “{part}” should read “unit amount”."),
                )
            })?;
            shares.push(ShareDraft {
                unit: unit.trim().to_string(),
                share: number(amount, n, "分解数量")?.unwrap_or(0.0),
            });
        }
        let target = TargetDraft {
            id: get("target_id").parse().ok(),
            value,
            unit: get("unit"),
            comparator,
            kind,
            baseline: number(&get("baseline"), n, "基数")?,
            optional: matches!(get("optional").as_str(), "是" | "1" | "true"),
            shares,
            source_text: None,
            metric,
        };
        if let Some((_, d)) = out.last_mut() {
            d.targets.push(target);
        }
    }
    Ok(out)
}
