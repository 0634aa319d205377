//! The progress chart (进度曲线) as SVG: the planned curve against reported progress over
//! time, with today marked. Produced here so the page and exports draw the same chart.

use askama::Template;
use chrono::{Datelike, NaiveDate};
use minsheng_domain::ledger::Curve;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The chart, laid out.
#[derive(Template)]
#[template(path = "progress_chart.svg")]
pub struct Chart {
    planned: String,
    actual: String,
    dots: Vec<(f64, f64, String)>,
    today: Option<f64>,
    x_labels: Vec<(f64, String)>,
    y_labels: Vec<(f64, u32)>,
    title: String,
}

/// Lays out the planned curve and the reported series between the curve's start and end.
pub fn progress_chart(
    curve: &Curve,
    series: &[(NaiveDate, f64)],
    today: NaiveDate,
    title: &str,
) -> Chart {
    let start = curve.start;
    let end = series
        .iter()
        .map(|p| p.0)
        .chain([curve.deadline, start + chrono::Duration::days(30)])
        .max()
        .unwrap_or(curve.deadline);
    let span = (end - start).num_days().max(1) as f64;
    let x = |d: NaiveDate| {
        LEFT + (W - LEFT - RIGHT) * ((d - start).num_days() as f64 / span).clamp(0.0, 1.0)
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v / 100.0).clamp(0.0, 1.0));
    let mut knots: Vec<NaiveDate> = vec![start];
    knots.extend(curve.points.iter().map(|p| p.0));
    knots.push(curve.deadline);
    if end > curve.deadline {
        knots.push(end);
    }
    let planned = knots
        .iter()
        .map(|d| format!("{:.1},{:.1}", x(*d), y(curve.expected(*d))))
        .collect::<Vec<_>>()
        .join(" ");
    let actual = series
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = series
        .iter()
        .map(|(d, v)| (x(*d), y(*v), format!("{d}：{v:.1}%")))
        .collect();
    let mut x_labels = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    while m <= end {
        if m >= start {
            x_labels.push((x(m), format!("{}月", m.month())));
        }
        m = if m.month() == 12 {
            NaiveDate::from_ymd_opt(m.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(m.year(), m.month() + 1, 1)
        }
        .unwrap_or(end + chrono::Duration::days(1));
    }
    Chart {
        planned,
        actual,
        dots,
        today: (today >= start && today <= end).then(|| x(today)),
        x_labels,
        y_labels: [0u32, 25, 50, 75, 100]
            .iter()
            .map(|v| (y(*v as f64), *v))
            .collect(),
        title: title.to_string(),
    }
}
