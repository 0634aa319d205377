//! The bulletin as a Word document in official-document layout (`view::gongwen`), with
//! tables for lagging items, the regions below (when the list allocated items to them), ranking
//! and orders.

use crate::view::gongwen::{H1_FONT, H2_FONT, body, centred, heading, pack, page, table, title};
use minsheng_store::{Bulletin, BulletinData};

use crate::view::rate as pct;

/// Writes the bulletin.
pub fn render(b: &Bulletin, d: &BulletinData) -> Result<Vec<u8>, String> {
    let mut doc = page()
        .add_paragraph(centred(&format!("民生实事督查通报{}", b.number_label())))
        .add_paragraph(title(&b.title))
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
                            plan_actual(Some(l.expected), l.actual),
                            l.explanation.clone(),
                        ]
                    })
                    .collect(),
            ));
    }
    if !d.regions.is_empty() {
        doc = doc
            .add_paragraph(heading("各地区推进情况", H2_FONT))
            .add_paragraph(body(&d.regions_line()))
            .add_table(table(
                &[
                    "地区",
                    "下达任务",
                    "序时/实际",
                    "红灯",
                    "黄灯",
                    "未报送单位",
                    "滞后项目",
                ],
                d.regions
                    .iter()
                    .map(|r| {
                        vec![
                            r.region.clone(),
                            format!(
                                "{}{}",
                                r.items,
                                if r.unpublished > 0 {
                                    format!("（{} 项清单未发布）", r.unpublished)
                                } else {
                                    String::new()
                                }
                            ),
                            plan_actual(r.expected, r.actual),
                            r.red.to_string(),
                            r.yellow.to_string(),
                            r.not_reported.join("、"),
                            r.behind.join("；"),
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
    pack(doc)
}

/// 序时/实际: 40% / 25%, a dash for what is not known.
fn plan_actual(expected: Option<f64>, actual: Option<f64>) -> String {
    let p = |v: Option<f64>| v.map(|a| format!("{a:.0}%")).unwrap_or("—".into());
    format!("{} / {}", p(expected), p(actual))
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
