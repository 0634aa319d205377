//! The bulletin's charts as SVG (horizontal bars): items by status and by light, and the
//! completion rate of each category. The page shows them; the DOCX and XLSX carry the same
//! numbers as tables and native Excel charts.

use askama::Template;
use minsheng_store::BulletinData;

/// One bar.
pub struct Bar {
    label: String,
    text: String,
    width: f64,
    y: f64,
    color: &'static str,
}

/// A bar chart, laid out.
#[derive(Template)]
#[template(path = "bar_chart.svg")]
pub struct BarChart {
    title: String,
    bars: Vec<Bar>,
    height: f64,
    label_x: f64,
    bar_x: f64,
}

const SPAN: f64 = 400.0;

fn chart(title: &str, rows: Vec<(String, f64, String, &'static str)>) -> BarChart {
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1e-9);
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, v, text, color))| Bar {
            label,
            text,
            width: (v / max * SPAN).max(1.0),
            y: 30.0 + i as f64 * 26.0,
            color,
        })
        .collect::<Vec<_>>();
    BarChart {
        title: title.into(),
        height: 40.0 + bars.len() as f64 * 26.0,
        bars,
        label_x: 150.0,
        bar_x: 158.0,
    }
}

fn light_color(code: &str) -> &'static str {
    match code {
        "green" => "#1e7e34",
        "yellow" => "#c98a00",
        "red" => "#c62828",
        "blue" => "#1565c0",
        _ => "#6c757d",
    }
}

/// Items by status and by light, and completion by category.
pub fn charts(d: &BulletinData) -> Result<Vec<String>, askama::Error> {
    let status = chart(
        "项目推进状态分布",
        d.by_status
            .iter()
            .filter(|s| s.count > 0)
            .map(|s| {
                (
                    s.label.clone(),
                    s.count as f64,
                    format!("{} 项（{:.1}%）", s.count, s.share * 100.0),
                    "#b3261e",
                )
            })
            .collect(),
    );
    let lights = chart(
        "亮灯情况",
        d.by_light
            .iter()
            .map(|s| {
                (
                    s.label.clone(),
                    s.count as f64,
                    format!("{} 项（{:.1}%）", s.count, s.share * 100.0),
                    light_color(&s.code),
                )
            })
            .collect(),
    );
    let cats = chart(
        "分类指标完成率",
        d.categories
            .iter()
            .map(|c| {
                let r = c.completion_rate.unwrap_or(0.0);
                (
                    c.name.chars().take(10).collect(),
                    r,
                    format!("{:.1}%", r * 100.0),
                    "#0b57a4",
                )
            })
            .collect(),
    );
    [status, lights, cats].iter().map(|c| c.render()).collect()
}
