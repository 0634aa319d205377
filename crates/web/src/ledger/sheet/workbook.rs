//! The report sheet itself (填报表): written with one row per target a unit reports on, the
//! ids and a checksum in a hidden sheet, cells where nothing may be typed locked, numbers and
//! fund sources validated; read back from whatever program saved it (Excel, WPS, LibreOffice,
//! openpyxl), refusing a changed layout, a tampered id or a damaged hidden sheet by name.
//! No I/O beyond the bytes given.

use crate::bulletins::xlsx::display_width;
use crate::error::{AppError, Words};
use calamine::{Data, Range, Reader};
use chrono::NaiveDate;
use minsheng_domain::ledger::FundSource;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Workbook, XlsxError,
};
use sha2::{Digest, Sha256};

/// The visible sheet's name.
pub(super) const SHEET: &str = "填报";
/// The hidden sheet with the ids and the checksum.
const IDS: &str = "_minsheng";
/// What the hidden sheet starts with, and the layout's version.
const MAGIC: &str = "minsheng-report-sheet";
const VERSION: &str = "1";

/// The columns: header as written, and whether the unit types in it.
pub(super) const COLUMNS: [&str; 20] = [
    "项目编号（勿改）",
    "单位编号（勿改）",
    "指标编号（勿改）",
    "序号",
    "项目名称",
    "填报单位",
    "指标",
    "计量单位",
    "目标值",
    "上期累计",
    "本期累计",
    "形象进度",
    "存在问题",
    "下步计划",
    "本期无进展原因",
    "更正说明",
    "资金来源",
    "计划投资（万元）",
    "完成投资（万元）",
    "已拨付（万元）",
];

/// Column of "本期累计".
pub(super) const VALUE: usize = 10;
/// First text column and first fund column.
const TEXTS: usize = 11;
const FUND: usize = 16;

/// Rows a sheet may hold.
const ROWS_MAX: usize = 20_000;

/// The key of the percentage row of an item without targets the unit reports on.
pub(super) const PERCENT: &str = "%";

/// One row as written: a target of an item a unit reports on (or its percentage).
#[derive(Debug, Clone)]
pub(super) struct SheetRow {
    pub item: i64,
    pub unit: i64,
    /// The target, or [`PERCENT`].
    pub target: String,
    pub seq: String,
    pub item_name: String,
    pub unit_name: String,
    pub label: String,
    pub measure: String,
    pub goal: Option<f64>,
    pub last: Option<f64>,
    /// The first row of its item and unit: the texts and the money are typed here.
    pub first: bool,
    /// The fund source and money last filed, on the first row.
    pub fund: Option<(FundSource, f64, f64, f64)>,
}

impl SheetRow {
    fn key(&self) -> String {
        format!("{}:{}:{}", self.item, self.unit, self.target)
    }
}

/// What the sheet is for: which list, period and unit (none: every unit of the list).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Heading {
    pub plan: i64,
    pub period: NaiveDate,
    pub unit: Option<i64>,
}

/// The checksum over what the sheet was written for and its rows' keys, in order.
fn checksum(h: &Heading, keys: &[String]) -> String {
    let mut d = Sha256::new();
    d.update(format!(
        "{MAGIC}/{VERSION}\n{}\n{}\n{}\n",
        h.plan,
        h.period,
        h.unit.map(|u| u.to_string()).unwrap_or_default()
    ));
    for k in keys {
        d.update(k.as_bytes());
        d.update(b"\n");
    }
    hex::encode(d.finalize())
}

/// The workbook: the rows, a sheet of instructions and the hidden ids.
pub(super) fn write(
    title: &str,
    period_label: &str,
    h: &Heading,
    rows: &[SheetRow],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let font = "宋体";
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDDE3EA))
        .set_border(FormatBorder::Thin)
        .set_font_name(font);
    let fixed = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_font_color(Color::RGB(0x3A4652))
        .set_border(FormatBorder::Thin)
        .set_font_name(font);
    let input = Format::new()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF8E1))
        .set_border(FormatBorder::Thin)
        .set_font_name(font);
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let mut widths: Vec<f64> = COLUMNS.iter().map(|c| display_width(c).min(16.0)).collect();
    for (c, text) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *text, &head)?;
    }
    for (k, r) in rows.iter().enumerate() {
        let row = k as u32 + 1;
        let fixed_cells = [
            r.item.to_string(),
            r.unit.to_string(),
            r.target.clone(),
            r.seq.clone(),
            r.item_name.clone(),
            r.unit_name.clone(),
            r.label.clone(),
            r.measure.clone(),
        ];
        for (c, v) in fixed_cells.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, v, &fixed)?;
            widths[c] = widths[c].max(display_width(v).min(36.0));
        }
        for (c, v) in [(8u16, r.goal), (9, r.last)] {
            match v {
                Some(n) => ws.write_number_with_format(row, c, n, &fixed)?,
                None => ws.write_string_with_format(row, c, "", &fixed)?,
            };
        }
        ws.write_blank(row, VALUE as u16, &input)?;
        for c in TEXTS..COLUMNS.len() {
            let c16 = c as u16;
            if !r.first {
                ws.write_string_with_format(row, c16, "", &fixed)?;
                continue;
            }
            match (c, r.fund) {
                (FUND, Some((src, ..))) => {
                    ws.write_string_with_format(row, c16, src.label_zh(), &input)?
                }
                (17..=19, Some((_, planned, completed, disbursed))) => {
                    let v = [planned, completed, disbursed][c - 17];
                    ws.write_number_with_format(row, c16, v, &input)?
                }
                _ => ws.write_blank(row, c16, &input)?,
            };
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let w = if (TEXTS..TEXTS + 5).contains(&c) {
            24.0
        } else {
            *w
        };
        ws.set_column_width(c as u16, w + 2.0)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 7)?;
    let last = rows.len().max(1) as u32;
    let numbers = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 1e12))
        .set_error_title("请填数字")?
        .set_error_message("请填写不小于 0 的阿拉伯数字，如 120 或 35.5（累计值，从年初算起）。")?;
    ws.add_data_validation(1, VALUE as u16, last, VALUE as u16, &numbers)?;
    ws.add_data_validation(1, 17, last, 19, &numbers)?;
    let sources: Vec<&str> = FundSource::ALL.iter().map(|s| s.label_zh()).collect();
    let list = DataValidation::new()
        .allow_list_strings(&sources)?
        .set_error_title("请从列表中选择")?
        .set_error_message("资金来源请从下拉列表中选择：上级资金、本级财政、社会资金或其他。")?;
    ws.add_data_validation(1, FUND as u16, last, FUND as u16, &list)?;
    // Locked cells keep ids and what was issued from being typed over; the sheet is protected
    // without a password, as a guide rather than a lock.
    ws.protect();

    let notes = wb.add_worksheet().set_name("说明")?;
    let lines = [
        title.to_string(),
        format!("填报期：{period_label}"),
        "只填浅黄色格子；灰色格子是下发的内容，请勿修改，也不要增删列或改表头。".to_string(),
        "“本期累计”填从年初到本期末的累计数（不是本期新增数），单位见“计量单位”。".to_string(),
        "没有量化指标的项目填“完成百分比”（0–100）。".to_string(),
        "形象进度、存在问题、下步计划、资金情况填在每个项目的第一行。资金只填一种来源；其他来源沿用上期。"
            .to_string(),
        "与上期相比没有变化的，请填写“本期无进展原因”；累计数比上期少的，请填写“更正说明”。"
            .to_string(),
        "不报送的行可以留空，也可以删除整行；请勿修改隐藏的工作表。".to_string(),
        "上传后先逐项核对，确认后才报送。".to_string(),
    ];
    let body = Format::new().set_font_name(font).set_text_wrap();
    for (r, l) in lines.iter().enumerate() {
        notes.write_string_with_format(r as u32, 0, l, &body)?;
    }
    notes.set_column_width(0, 100)?;

    let ids = wb.add_worksheet().set_name(IDS)?;
    let keys: Vec<String> = rows.iter().map(SheetRow::key).collect();
    let head_rows = [
        (MAGIC, VERSION.to_string()),
        ("plan", h.plan.to_string()),
        ("period", h.period.to_string()),
        ("unit", h.unit.map(|u| u.to_string()).unwrap_or_default()),
        ("checksum", checksum(h, &keys)),
    ];
    for (r, (k, v)) in head_rows.iter().enumerate() {
        ids.write_string(r as u32, 0, *k)?;
        ids.write_string(r as u32, 1, v)?;
    }
    for (r, k) in keys.iter().enumerate() {
        ids.write_string((head_rows.len() + r) as u32, 0, k)?;
    }
    ids.set_hidden(true);
    ids.protect();
    wb.save_to_buffer()
}

/// A row as read back: its key and the cells the unit may type in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct ReadRow {
    /// Row number in the sheet, as Excel shows it.
    pub line: usize,
    pub item: i64,
    pub unit: i64,
    /// Target id, or [`PERCENT`].
    pub target: String,
    /// The value typed ("" when blank), as typed.
    pub value: String,
    /// 形象进度, 存在问题, 下步计划, 本期无进展原因, 更正说明.
    pub texts: [String; 5],
    /// 资金来源 and the three amounts, as typed.
    pub fund: [String; 4],
}

/// What a sheet holds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct ReadSheet {
    pub heading: Heading,
    pub rows: Vec<ReadRow>,
}

fn bad(zh: String, en: String) -> AppError {
    AppError::BadRequest(Words::new(zh, en))
}

/// A cell as text: numbers without a trailing ".0", dates as written.
fn text(d: Option<&Data>) -> String {
    match d {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) => minsheng_domain::draft::plain(*f),
        Some(Data::Int(i)) => i.to_string(),
        Some(d) => d.to_string().trim().to_string(),
    }
}

/// Reads a sheet written by [`write`] and filled in anywhere.
pub(super) fn read(bytes: &[u8]) -> Result<ReadSheet, AppError> {
    let not_ours = || {
        bad(
            "这不是本系统下载的填报表（缺少隐藏的编号表）。请先在工作台下载本期填报表，填好后上传。"
                .into(),
            "Not a report sheet downloaded here (its hidden sheet of ids is missing). Download this period's sheet from the workbench.".into(),
        )
    };
    let mut wb =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(bytes))
            .map_err(|_| {
                bad(
                    "文件无法作为 Excel 表格（.xlsx）打开：请上传填报表本身，不要改扩展名。".into(),
                    "The file does not open as an Excel workbook (.xlsx).".into(),
                )
            })?;
    let ids: Range<Data> = wb.worksheet_range(IDS).map_err(|_| not_ours())?;
    let cell = |r: u32, c: u32| text(ids.get_value((r, c)));
    if cell(0, 0) != MAGIC {
        return Err(not_ours());
    }
    if cell(0, 1) != VERSION {
        return Err(bad(
            "这份填报表是旧版格式，请重新下载。".into(),
            "An older sheet layout: download it again.".into(),
        ));
    }
    let damaged = || {
        bad(
            "填报表隐藏的编号表被改动过，无法确认各行对应的项目。请重新下载填报表，把填好的内容复制过去后再上传。"
                .into(),
            "The sheet's hidden ids were changed: download the sheet again and copy what you typed into it.".into(),
        )
    };
    let plan: i64 = cell(1, 1).parse().map_err(|_| damaged())?;
    let period: NaiveDate = cell(2, 1).parse().map_err(|_| damaged())?;
    let unit = match cell(3, 1).as_str() {
        "" => None,
        u => Some(u.parse::<i64>().map_err(|_| damaged())?),
    };
    let heading = Heading { plan, period, unit };
    let (height, _) = ids.get_size();
    let keys: Vec<String> = (5..height as u32)
        .map(|r| cell(r, 0))
        .filter(|k| !k.is_empty())
        .collect();
    if checksum(&heading, &keys) != cell(4, 1) {
        return Err(damaged());
    }
    let issued: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();

    let sheet: Range<Data> = wb.worksheet_range(SHEET).map_err(|_| {
        bad(
            format!("找不到名为“{SHEET}”的工作表：请不要改工作表的名字。"),
            format!("No sheet named “{SHEET}”: keep the sheets' names."),
        )
    })?;
    let start = sheet.start().unwrap_or((0, 0));
    if start.1 != 0 {
        return Err(bad(
            "表格最左边的列被删除了：请用下载的填报表，不要增删列。".into(),
            "Columns were removed at the left: do not add or remove columns.".into(),
        ));
    }
    let at = |r: u32, c: usize| text(sheet.get_value((r, c as u32)));
    for (c, h) in COLUMNS.iter().enumerate() {
        let found = at(0, c);
        if found != *h {
            return Err(bad(
                format!(
                    "表头第 {} 列应为“{h}”，现为“{found}”：请用下载的填报表，不要增删列或改表头。",
                    c + 1
                ),
                format!(
                    "Column {} of the header should be “{h}”, not “{found}”: keep the layout.",
                    c + 1
                ),
            ));
        }
    }
    let (end, _) = sheet.end().unwrap_or((0, 0));
    if end as usize > ROWS_MAX {
        return Err(bad(
            format!("表格有 {end} 行，超过 {ROWS_MAX} 行的上限。"),
            format!("{end} rows: at most {ROWS_MAX}."),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for r in 1..=end {
        let line = r as usize + 1;
        let (item, unit, target) = (at(r, 0), at(r, 1), at(r, 2));
        let typed: Vec<String> = (VALUE..COLUMNS.len()).map(|c| at(r, c)).collect();
        if item.is_empty() && unit.is_empty() && target.is_empty() {
            if typed.iter().any(|t| !t.is_empty()) {
                return Err(bad(
                    format!(
                        "第 {line} 行没有项目编号：新增的项目请在系统中添加，不能在填报表里加行。"
                    ),
                    format!("Row {line} has no item id: rows cannot be added to the sheet."),
                ));
            }
            continue;
        }
        let key = format!("{item}:{unit}:{target}");
        if !issued.contains(key.as_str()) {
            return Err(bad(
                format!(
                    "第 {line} 行的编号（{item} / {unit} / {target}）不是这份表下发的：编号列请勿修改。请重新下载填报表。"
                ),
                format!(
                    "Row {line}: ids {item}/{unit}/{target} were not issued with this sheet; do not edit the id columns."
                ),
            ));
        }
        if !seen.insert(key) {
            return Err(bad(
                format!("第 {line} 行与前面的行重复（同一项目、单位和指标）：请删去重复的行。"),
                format!("Row {line} repeats an earlier row: remove the duplicate."),
            ));
        }
        let (Ok(item), Ok(unit)) = (item.parse(), unit.parse()) else {
            return Err(damaged());
        };
        let texts: [String; 5] = std::array::from_fn(|k| at(r, TEXTS + k));
        let fund: [String; 4] = std::array::from_fn(|k| at(r, FUND + k));
        rows.push(ReadRow {
            line,
            item,
            unit,
            target,
            value: at(r, VALUE),
            texts,
            fund,
        });
    }
    Ok(ReadSheet { heading, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<SheetRow> {
        let row = |target: &str, first: bool| SheetRow {
            item: 7,
            unit: 3,
            target: target.into(),
            seq: "1".into(),
            item_name: "新建幼儿园".into(),
            unit_name: "教育局".into(),
            label: "新增学位 不少于 3000 个".into(),
            measure: "个".into(),
            goal: Some(3000.0),
            last: Some(1200.0),
            first,
            fund: first.then_some((FundSource::Local, 500.0, 200.0, 100.0)),
        };
        vec![row("11", true), row("12", false)]
    }

    fn heading() -> Heading {
        Heading {
            plan: 1,
            period: "2024-03-04".parse().unwrap(),
            unit: Some(3),
        }
    }

    #[test]
    fn a_sheet_reads_back_as_written() {
        let bytes = write("示范区清单", "2024年第10周", &heading(), &rows()).unwrap();
        let read = read(&bytes).unwrap();
        assert_eq!(read.heading, heading());
        assert_eq!(read.rows.len(), 2);
        assert_eq!(read.rows[0].target, "11");
        assert_eq!(read.rows[0].line, 2);
        assert_eq!(read.rows[0].value, "");
        assert_eq!(read.rows[0].fund[0], "本级财政");
        assert_eq!(read.rows[0].fund[1], "500");
    }

    #[test]
    fn something_else_is_refused_in_words() {
        let err = read(b"not a workbook")
            .unwrap_err()
            .message(crate::i18n::Lang::Zh);
        assert!(err.contains(".xlsx"), "{err}");
        // A workbook of another kind: no hidden ids.
        let mut wb = Workbook::new();
        wb.add_worksheet().write_string(0, 0, "项目名称").unwrap();
        let other = wb.save_to_buffer().unwrap();
        let err = read(&other).unwrap_err().message(crate::i18n::Lang::Zh);
        assert!(err.contains("不是本系统下载的填报表"), "{err}");
    }
}
