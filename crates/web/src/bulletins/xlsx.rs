//! The bulletin's ledger as an Excel workbook: 汇总 (scope, counts and shares by status and
//! light, with native Excel charts), one sheet per category with the official list's columns
//! and progress columns, 滞后项目, 各地区 (when the list allocated items to the regions below), 部门排名 and 督办. Column widths follow the display width of
//! Chinese text (a Han character is two columns).

use minsheng_domain::supervision::UnitScore;
use minsheng_store::{BulletinData, LedgerRow};
use rust_xlsxwriter::{
    Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

const FONT: &str = "宋体";

/// Display width of text in Excel columns: CJK and full-width characters count two.
pub fn display_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
        .sum()
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<f64>,
    row: u32,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet) -> Self {
        Sheet {
            ws,
            widths: Vec::new(),
            row: 0,
        }
    }

    fn note(&mut self, col: u16, w: f64) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 6.0);
        }
        self.widths[c] = self.widths[c].max(w);
    }

    fn text(&mut self, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.note(col, display_width(s) + 2.0);
        self.ws.write_string_with_format(self.row, col, s, f)?;
        Ok(())
    }

    fn num(&mut self, col: u16, v: Option<f64>, f: &Format) -> Result<(), XlsxError> {
        self.note(col, 10.0);
        match v {
            Some(v) => self.ws.write_number_with_format(self.row, col, v, f)?,
            None => self.ws.write_string_with_format(self.row, col, "", f)?,
        };
        Ok(())
    }

    fn header(&mut self, cols: &[&str], f: &Format) -> Result<(), XlsxError> {
        for (i, c) in cols.iter().enumerate() {
            self.text(i as u16, c, f)?;
        }
        self.row += 1;
        Ok(())
    }

    /// Sets widths (long text wraps at 40 columns).
    fn finish(self) -> Result<(), XlsxError> {
        for (i, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(i as u16, w.clamp(6.0, 40.0))?;
        }
        Ok(())
    }
}

fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() {
        "未分类".to_string()
    } else {
        clean
    };
    let mut out = clean.clone();
    let mut n = 2;
    while used.contains(&out) {
        out = format!("{clean}{n}");
        n += 1;
    }
    used.push(out.clone());
    out
}

const LEDGER_COLS: &[&str] = &[
    "序号",
    "实事项目",
    "实施内容及工作目标",
    "牵头单位",
    "配合单位",
    "牵头领导",
    "完成时限",
    "指标",
    "目标值",
    "计量单位",
    "累计完成",
    "完成率",
    "项目进度(%)",
    "序时进度(%)",
    "亮灯",
    "状态",
    "形象进度",
    "存在问题",
];

fn ledger_rows(
    s: &mut Sheet,
    rows: &[&LedgerRow],
    f: &Format,
    pctf: &Format,
    numf: &Format,
) -> Result<(), XlsxError> {
    for r in rows {
        s.text(0, &r.seq, f)?;
        s.text(1, &r.title, f)?;
        s.text(2, &r.content, f)?;
        s.text(3, &r.lead, f)?;
        s.text(4, &r.co, f)?;
        s.text(5, &r.leaders, f)?;
        s.text(6, &r.deadline.to_string(), f)?;
        s.text(7, &r.metric, f)?;
        s.num(8, r.target, numf)?;
        s.text(9, &r.measure, f)?;
        s.num(10, r.achieved, numf)?;
        s.num(11, r.ratio, pctf)?;
        s.num(12, r.percent.map(|p| (p * 10.0).round() / 10.0), numf)?;
        s.num(13, Some((r.expected * 10.0).round() / 10.0), numf)?;
        s.text(14, &r.light, f)?;
        s.text(15, &r.status, f)?;
        s.text(16, &r.progress, f)?;
        s.text(17, &r.problems, f)?;
        s.row += 1;
    }
    Ok(())
}

/// Writes the workbook.
/// Writes the workbook; `heading` names it on the summary sheet (a bulletin's title and number,
/// or the plan's ledger as of a day).
pub fn render(heading: &str, d: &BulletinData) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let base = Format::new().set_font_name(FONT).set_font_size(11);
    let cellf = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let head = cellf
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color("#F2DCDB");
    let title = base.clone().set_bold().set_font_size(16);
    let pctf = cellf.clone().set_num_format("0.0%");
    let numf = cellf.clone().set_num_format("#,##0.##");
    let mut used = vec!["汇总".to_string()];

    // 汇总 with its charts.
    let ws = wb.add_worksheet().set_name("汇总")?;
    let mut s = Sheet::new(ws);
    s.ws.write_string_with_format(0, 0, heading, &title)?;
    s.ws.write_string_with_format(1, 0, d.scope_line(), &base)?;
    s.ws.write_string_with_format(2, 0, format!("数据截至 {}", d.as_of), &base)?;
    s.ws.write_string_with_format(3, 0, d.adjustments_line(), &base)?;
    s.row = 5;
    s.header(&["状态", "项目数", "占比"], &head)?;
    let status_first = s.row;
    for x in &d.by_status {
        s.text(0, &x.label, &cellf)?;
        s.num(1, Some(x.count as f64), &numf)?;
        s.num(2, Some(x.share), &pctf)?;
        s.row += 1;
    }
    let status_last = s.row - 1;
    s.row += 1;
    s.header(&["亮灯", "项目数", "占比"], &head)?;
    let light_first = s.row;
    for x in &d.by_light {
        s.text(0, &x.label, &cellf)?;
        s.num(1, Some(x.count as f64), &numf)?;
        s.num(2, Some(x.share), &pctf)?;
        s.row += 1;
    }
    let light_last = s.row - 1;
    s.row += 1;
    s.header(&["指标", "数值"], &head)?;
    for (label, v) in [
        ("项目总数", Some(d.items as f64)),
        ("量化指标数", Some(d.targets as f64)),
        ("已验收项目", Some(d.completed as f64)),
    ] {
        s.text(0, label, &cellf)?;
        s.num(1, v, &numf)?;
        s.row += 1;
    }
    for (label, v) in [
        ("指标完成率", d.completion_rate),
        ("指标达标率", d.attainment_rate),
        ("整体完成度", d.overall_rate),
    ] {
        s.text(0, label, &cellf)?;
        s.num(1, v, &pctf)?;
        s.row += 1;
    }
    let mut by_status = Chart::new(ChartType::Column);
    by_status
        .add_series()
        .set_categories(("汇总", status_first, 0, status_last, 0))
        .set_values(("汇总", status_first, 1, status_last, 1))
        .set_name("项目数");
    by_status.title().set_name("项目推进状态");
    by_status.legend().set_hidden();
    s.ws.insert_chart(4, 4, &by_status)?;
    let mut by_light = Chart::new(ChartType::Pie);
    by_light
        .add_series()
        .set_categories(("汇总", light_first, 0, light_last, 0))
        .set_values(("汇总", light_first, 1, light_last, 1))
        .set_name("亮灯");
    by_light.title().set_name("亮灯情况");
    s.ws.insert_chart(20, 4, &by_light)?;
    s.finish()?;

    // One sheet per category, in list order.
    let mut cats: Vec<&str> = Vec::new();
    for r in &d.ledger {
        if !cats.contains(&r.category.as_str()) {
            cats.push(&r.category);
        }
    }
    for c in cats {
        let name = sheet_name(c, &mut used);
        let ws = wb.add_worksheet().set_name(&name)?;
        ws.set_freeze_panes(1, 2)?;
        let mut s = Sheet::new(ws);
        s.header(LEDGER_COLS, &head)?;
        let rows: Vec<&LedgerRow> = d.ledger.iter().filter(|r| r.category == c).collect();
        ledger_rows(&mut s, &rows, &cellf, &pctf, &numf)?;
        s.finish()?;
    }

    let ws = wb
        .add_worksheet()
        .set_name(sheet_name("滞后项目", &mut used))?;
    let mut s = Sheet::new(ws);
    s.header(
        &[
            "序号",
            "项目",
            "牵头单位",
            "亮灯",
            "状态",
            "序时进度(%)",
            "实际进度(%)",
            "滞后原因",
        ],
        &head,
    )?;
    for l in &d.lagging {
        s.text(0, &l.seq, &cellf)?;
        s.text(1, &l.title, &cellf)?;
        s.text(2, &l.units, &cellf)?;
        s.text(3, super::docx::light_zh(&l.light), &cellf)?;
        s.text(4, &l.status, &cellf)?;
        s.num(5, Some((l.expected * 10.0).round() / 10.0), &numf)?;
        s.num(6, l.actual.map(|a| (a * 10.0).round() / 10.0), &numf)?;
        s.text(7, &l.explanation, &cellf)?;
        s.row += 1;
    }
    s.finish()?;

    if !d.regions.is_empty() {
        let ws = wb
            .add_worksheet()
            .set_name(sheet_name("各地区", &mut used))?;
        let mut s = Sheet::new(ws);
        s.header(
            &[
                "地区",
                "下达任务",
                "序时进度(%)",
                "实际进度(%)",
                "红灯",
                "黄灯",
                "清单未发布",
                "未报送单位",
                "滞后项目",
            ],
            &head,
        )?;
        let round = |v: Option<f64>| v.map(|a| (a * 10.0).round() / 10.0);
        for r in &d.regions {
            s.text(0, &r.region, &cellf)?;
            s.num(1, Some(r.items as f64), &numf)?;
            s.num(2, round(r.expected), &numf)?;
            s.num(3, round(r.actual), &numf)?;
            s.num(4, Some(r.red as f64), &numf)?;
            s.num(5, Some(r.yellow as f64), &numf)?;
            s.num(6, Some(r.unpublished as f64), &numf)?;
            s.text(7, &r.not_reported.join("、"), &cellf)?;
            s.text(8, &r.behind.join("；"), &cellf)?;
            s.row += 1;
        }
        s.finish()?;
    }

    let ws = wb
        .add_worksheet()
        .set_name(sheet_name("部门排名", &mut used))?;
    ranking(ws, &d.ranking, &head, &cellf, &pctf, &numf)?;

    let ws = wb.add_worksheet().set_name(sheet_name("督办", &mut used))?;
    let mut s = Sheet::new(ws);
    s.header(
        &[
            "编号",
            "序号",
            "责任单位",
            "督办要求",
            "办理时限",
            "状态",
            "是否逾期",
        ],
        &head,
    )?;
    for o in &d.open_orders {
        s.text(0, &o.label, &cellf)?;
        s.text(1, &o.seq, &cellf)?;
        s.text(2, &o.unit, &cellf)?;
        s.text(3, &o.requirement, &cellf)?;
        s.text(4, &o.deadline.to_string(), &cellf)?;
        s.text(5, &o.state, &cellf)?;
        s.text(6, if o.overdue { "是" } else { "否" }, &cellf)?;
        s.row += 1;
    }
    s.finish()?;
    wb.save_to_buffer()
}

fn ranking(
    ws: &mut Worksheet,
    scores: &[UnitScore],
    head: &Format,
    cellf: &Format,
    pctf: &Format,
    numf: &Format,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws);
    s.header(
        &[
            "名次",
            "单位",
            "得分",
            "报送及时率",
            "目标完成率",
            "逾期控制",
            "督办按期率",
            "满意率",
            "牵头项目",
            "逾期项目",
            "应报次数",
            "按时报送",
        ],
        head,
    )?;
    for r in scores {
        s.num(0, Some(r.rank as f64), numf)?;
        s.text(1, &r.facts.unit, cellf)?;
        s.num(2, Some(r.score), numf)?;
        s.num(3, r.timeliness, pctf)?;
        s.num(4, r.attainment, pctf)?;
        s.num(5, r.overdue, pctf)?;
        s.num(6, r.orders, pctf)?;
        s.num(7, r.satisfaction, pctf)?;
        s.num(8, Some(r.facts.items as f64), numf)?;
        s.num(9, Some(r.facts.overdue_items as f64), numf)?;
        s.num(10, Some(r.facts.reports_due as f64), numf)?;
        s.num(11, Some(r.facts.reports_on_time as f64), numf)?;
        s.row += 1;
    }
    s.finish()
}

/// The year-end scoring table as a workbook of one sheet.
pub fn scores(title: &str, scores: &[UnitScore]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let base = Format::new().set_font_name(FONT).set_font_size(11);
    let cellf = base.clone().set_border(FormatBorder::Thin);
    let head = cellf.clone().set_bold().set_background_color("#F2DCDB");
    let ws = wb.add_worksheet().set_name("部门考核")?;
    ws.set_header(title);
    ranking(
        ws,
        scores,
        &head,
        &cellf,
        &cellf.clone().set_num_format("0.0%"),
        &cellf.clone().set_num_format("0.0"),
    )?;
    wb.save_to_buffer()
}
