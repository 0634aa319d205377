//! The bulletin as a Word document in official-document layout (GB/T 9704-2012 党政机关公文
//! 格式): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 方正小标宋简体
//! 二号 centred; body in 仿宋_GB2312 三号 with two-character first-line indent and fixed 28.95 pt
//! lines (22 lines a page); first-level headings in 黑体, second-level in 楷体_GB2312; page
//! numbers "— 1 —" in 宋体 四号 at the foot. Tables for lagging items, ranking and orders.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, Table, TableCell, TableRow, WidthType,
};
use minsheng_store::{Bulletin, BulletinData};

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const H1_FONT: &str = "黑体";
const H2_FONT: &str = "楷体_GB2312";
const NUM_FONT: &str = "宋体";
/// 三号 = 16 pt = 32 half-points; 二号 = 22 pt; 四号 = 14 pt; 五号 = 10.5 pt.
const BODY_SIZE: usize = 32;
const TITLE_SIZE: usize = 44;
const NUM_SIZE: usize = 28;
const TABLE_SIZE: usize = 21;
/// mm → twentieths of a point.
fn mm(v: f64) -> i32 {
    (v / 25.4 * 1440.0).round() as i32
}

fn fonts(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// 28.95 pt fixed line spacing, in twentieths of a point.
fn body_lines() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(579)
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, BODY_SIZE))
        .line_spacing(body_lines())
        .first_line_chars(200)
}

fn heading(text: &str, font: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, BODY_SIZE))
        .line_spacing(body_lines())
        .first_line_chars(200)
}

fn cell(text: &str, bold: bool) -> TableCell {
    let mut r = run(text, BODY_FONT, TABLE_SIZE);
    if bold {
        r = r.bold();
    }
    TableCell::new().add_paragraph(Paragraph::new().add_run(r))
}

fn table(head: &[&str], rows: Vec<Vec<String>>) -> Table {
    let mut out = vec![TableRow::new(head.iter().map(|h| cell(h, true)).collect())];
    out.extend(
        rows.into_iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect())),
    );
    Table::new(out).width(mm(156.0) as usize, WidthType::Dxa)
}

use crate::view::rate as pct;

/// Writes the bulletin.
pub fn render(b: &Bulletin, d: &BulletinData) -> Result<Vec<u8>, String> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", NUM_FONT, NUM_SIZE))
            .add_page_num(PageNum::new())
            .add_run(run(" —", NUM_FONT, NUM_SIZE)),
    );
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(28.0)),
        )
        .footer(footer)
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("民生实事督查通报{}", b.number_label()),
            BODY_FONT,
            BODY_SIZE,
        )))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&b.title, TITLE_FONT, TITLE_SIZE)),
        )
        .add_paragraph(body(&format!(
            "现将《{}》{}推进情况通报如下：",
            d.plan_title, d.range_label
        )))
        .add_paragraph(heading("一、总体情况", H1_FONT))
        .add_paragraph(body(&d.scope_line()))
        .add_paragraph(body(&d.summary_line()))
        .add_paragraph(body(&d.adjustments_line()));
    for a in &d.adjustments {
        doc = doc.add_paragraph(body(&format!(
            "{}{}（{}）{}{}",
            if a.seq.is_empty() {
                String::new()
            } else {
                format!("第{}项 ", a.seq)
            },
            a.title,
            a.kind,
            if a.changes.is_empty() {
                String::new()
            } else {
                format!("：{}", a.changes)
            },
            if a.basis.is_empty() {
                String::new()
            } else {
                format!("；依据 {}", a.basis)
            },
        )));
    }
    doc = doc.add_table(table(
        &[
            "类别",
            "项目数",
            "指标数",
            "已验收",
            "指标完成率",
            "达标率",
            "红灯",
            "黄灯",
        ],
        d.categories
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.items.to_string(),
                    c.targets.to_string(),
                    c.completed.to_string(),
                    pct(c.completion_rate),
                    pct(c.attainment_rate),
                    c.red.to_string(),
                    c.yellow.to_string(),
                ]
            })
            .collect(),
    ));
    doc = doc.add_paragraph(heading("二、进度滞后项目", H1_FONT));
    if d.lagging.is_empty() {
        doc = doc.add_paragraph(body("本期无亮红灯、黄灯或逾期的项目。"));
    } else {
        doc = doc
            .add_paragraph(body(&format!(
                "以下 {} 个项目进度滞后（按亮灯程度排列），请责任单位认真分析原因，限期整改：",
                d.lagging.len()
            )))
            .add_table(table(
                &["序号", "项目", "牵头单位", "亮灯", "序时/实际", "滞后原因"],
                d.lagging
                    .iter()
                    .map(|l| {
                        vec![
                            l.seq.clone(),
                            l.title.clone(),
                            l.units.clone(),
                            light_zh(&l.light).into(),
                            format!(
                                "{:.0}% / {}",
                                l.expected,
                                l.actual.map(|a| format!("{a:.0}%")).unwrap_or("—".into())
                            ),
                            l.explanation.clone(),
                        ]
                    })
                    .collect(),
            ));
    }
    doc = doc.add_paragraph(heading("三、报送情况", H1_FONT));
    if d.not_reported.is_empty() {
        doc = doc.add_paragraph(body("本期各责任单位均按时报送台账。"));
    } else {
        for m in &d.not_reported {
            doc = doc.add_paragraph(body(&format!(
                "{}：未报送 {} 次（涉及第{}项）{}。",
                m.unit,
                m.missing,
                m.items.join("、"),
                if m.escalated {
                    "，经多次催报仍未报送，予以通报"
                } else {
                    ""
                }
            )));
        }
    }
    doc = doc.add_paragraph(heading("四、督办落实情况", H1_FONT));
    if d.open_orders.is_empty() {
        doc = doc.add_paragraph(body("本期无在办督办单。"));
    } else {
        doc = doc.add_table(table(
            &["编号", "事项", "责任单位", "办理时限", "状态"],
            d.open_orders
                .iter()
                .map(|o| {
                    vec![
                        o.label.clone(),
                        format!("第{}项", o.seq),
                        o.unit.clone(),
                        o.deadline.to_string(),
                        format!("{}{}", o.state, if o.overdue { "（逾期）" } else { "" }),
                    ]
                })
                .collect(),
        ));
    }
    doc = doc
        .add_paragraph(heading("五、部门排名", H1_FONT))
        .add_paragraph(body(&format!(
            "按报送及时率（权重 {}）、目标完成率（{}）、逾期控制（{}）、督办按期办结率（{}）{}加权计分，排名如下：",
            d.weights.timeliness,
            d.weights.attainment,
            d.weights.overdue,
            d.weights.orders,
            if d.ranking.iter().any(|r| r.satisfaction.is_some()) {
                format!("、满意率（{}）", d.weights.satisfaction)
            } else {
                String::new()
            }
        )))
        .add_table(table(
            &["名次", "单位", "得分", "报送及时率", "目标完成率", "逾期项目", "督办按期率"],
            d.ranking
                .iter()
                .map(|r| {
                    vec![
                        r.rank.to_string(),
                        r.facts.unit.clone(),
                        format!("{:.1}", r.score),
                        pct(r.timeliness),
                        pct(r.attainment),
                        r.facts.overdue_items.to_string(),
                        pct(r.orders),
                    ]
                })
                .collect(),
        ))
        .add_paragraph(heading("六、下步工作", H1_FONT));
    for line in b.next_steps.lines().filter(|l| !l.trim().is_empty()) {
        doc = doc.add_paragraph(body(line.trim()));
    }
    doc = doc.add_paragraph(heading(&format!("（数据截至 {}）", d.as_of), H2_FONT));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Chinese name of a light code.
pub fn light_zh(code: &str) -> &'static str {
    match code {
        "green" => "绿灯",
        "yellow" => "黄灯",
        "red" => "红灯",
        "blue" => "蓝灯",
        _ => "灰灯",
    }
}
