//! The bulletin's charts as SVG (horizontal bars): items by status and by light, and the
//! completion rate of each category. The page shows them; the DOCX and XLSX carry the same
//! numbers as tables and native Excel charts.

use askama::Template;
use minsheng_store::BulletinData;

/// One bar, laid out: its label, the bar, and its value after it.
pub struct Bar {
    label: String,
    text: String,
    label_x: f64,
    label_y: f64,
    bar_x: f64,
    bar_y: f64,
    width: f64,
    text_y: f64,
    color: &'static str,
}

/// A bar chart, laid out.
#[derive(Template)]
#[template(path = "bar_chart.svg")]
pub struct BarChart {
    title: String,
    bars: Vec<Bar>,
    /// `wide` (labels left of the bars, 680 wide) or `narrow` (labels above, 340 wide: on
    /// a phone its 12-unit text is drawn at about 12 px).
    layout: &'static str,
    width: f64,
    height: f64,
    /// Labels end at their x (wide) or start there (narrow).
    anchor: &'static str,
}

/// Where a bar chart's parts go, in its drawing's units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BarLayout {
    class: &'static str,
    width: f64,
    /// Labels on their own line above the bars (narrow) or in a column left of them.
    above: bool,
    /// Where the label column ends (or labels start, above).
    label_x: f64,
    /// Longest bar.
    span: f64,
    /// Distance between bars.
    step: f64,
}

/// The bulletin on a desktop: labels left of the bars, 680 wide.
pub(crate) const WIDE: BarLayout = BarLayout {
    class: "wide",
    width: 680.0,
    above: false,
    label_x: 150.0,
    span: 400.0,
    step: 26.0,
};

/// A half-width cell (the cockpit on a desktop or a big screen): 440 wide, so its 12-unit
/// text is drawn at 11 px or more from 400 px.
pub(crate) const HALF: BarLayout = BarLayout {
    class: "wide",
    width: 440.0,
    above: false,
    label_x: 120.0,
    span: 230.0,
    step: 26.0,
};

/// A phone: labels above the bars, 340 wide (12-unit text at about 12 px).
pub(crate) const NARROW: BarLayout = BarLayout {
    class: "narrow",
    width: 340.0,
    above: true,
    label_x: 8.0,
    span: 200.0,
    step: 40.0,
};

/// Lays `rows` (label, value, text after the bar, colour) out as bars scaled to the largest.
pub(crate) fn chart(
    title: &str,
    rows: &[(String, f64, String, &'static str)],
    layout: BarLayout,
) -> BarChart {
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1e-9);
    let first = 30.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, v, text, color))| {
            let top = first + i as f64 * layout.step;
            let (label_x, label_y, bar_x, bar_y) = if layout.above {
                (layout.label_x, top + 12.0, layout.label_x, top + 18.0)
            } else {
                (layout.label_x, top + 13.0, layout.label_x + 8.0, top)
            };
            Bar {
                label: label.clone(),
                text: text.clone(),
                label_x,
                label_y,
                bar_x,
                bar_y,
                width: (v / max * layout.span).max(1.0),
                text_y: bar_y + 13.0,
                color,
            }
        })
        .collect::<Vec<_>>();
    BarChart {
        title: title.into(),
        height: first + 10.0 + bars.len() as f64 * layout.step,
        bars,
        layout: layout.class,
        width: layout.width,
        anchor: if layout.above { "start" } else { "end" },
    }
}

pub(crate) fn light_color(code: &str) -> &'static str {
    match code {
        "green" => "#1e7e34",
        "yellow" => "#c98a00",
        "red" => "#c62828",
        "blue" => "#1565c0",
        _ => "#6c757d",
    }
}

/// Each category's completion rate as a bar (name cut at 10 characters), in list order.
pub(crate) fn category_rows(
    categories: &[minsheng_store::CategoryLine],
) -> Vec<(String, f64, String, &'static str)> {
    categories
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
        .collect()
}

/// Items by status and by light, and completion by category, each laid out wide and narrow.
pub fn charts(d: &BulletinData) -> Result<Vec<String>, askama::Error> {
    let status = (
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
            .collect::<Vec<_>>(),
    );
    let lights = (
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
            .collect::<Vec<_>>(),
    );
    let cats = ("分类指标完成率", category_rows(&d.categories));
    // Each chart twice: the page shows the wide one on a desktop and the narrow one on a
    // phone (by CSS), so its text stays readable on both.
    let mut out = Vec::new();
    for (title, rows) in [status, lights, cats] {
        for layout in [WIDE, NARROW] {
            out.push(chart(title, &rows, layout).render()?);
        }
    }
    Ok(out)
}
