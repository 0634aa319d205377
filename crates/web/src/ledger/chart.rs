//! The progress chart (进度曲线) as SVG: the planned curve against reported progress over
//! time, with today marked. Produced here so the page and exports draw the same chart.

use askama::Template;
use chrono::{Datelike, NaiveDate};
use minsheng_domain::ledger::Curve;

const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The size of a chart's drawing and of its text, in the drawing's units.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    w: f64,
    h: f64,
    font: f64,
    /// `wide` or `narrow` when a page draws both and shows one by the screen's width.
    class: &'static str,
}

/// A full-width chart above a phone's width (text 11 of 640 units: at least 11 px from
/// 641 px wide); [`PHONE`] below it.
pub const WIDE: Frame = Frame {
    w: 640.0,
    h: 240.0,
    font: 11.0,
    class: "wide",
};

/// A chart in a half-width cell on a desktop or a big screen (text 12 of 440 units: at
/// least 11 px from 400 px wide).
pub const HALF: Frame = Frame {
    w: 440.0,
    h: 240.0,
    font: 12.0,
    class: "wide",
};

/// A chart on a phone (text 12 of 340 units: about 12 px at 390 px).
pub const PHONE: Frame = Frame {
    w: 340.0,
    h: 220.0,
    font: 12.0,
    class: "narrow",
};

/// The chart, laid out.
#[derive(Template)]
#[template(path = "progress_chart.svg")]
pub struct Chart {
    frame: Frame,
    left: f64,
    planned: String,
    actual: String,
    dots: Vec<(f64, f64, String)>,
    today: Option<f64>,
    x_labels: Vec<(f64, String)>,
    y_labels: Vec<(f64, u32)>,
    title: String,
}

/// Two dated lines of percentages between `start` and `end` on `frame`: the planned one
/// dashed, the actual one solid with a dot (and its tooltip) at each point.
struct Lines<'a> {
    start: NaiveDate,
    end: NaiveDate,
    planned: &'a [(NaiveDate, f64)],
    actual: &'a [(NaiveDate, f64, String)],
    today: Option<NaiveDate>,
}

fn lay_out(frame: Frame, lines: Lines<'_>, title: &str) -> Chart {
    let Lines {
        start,
        end,
        planned,
        actual,
        today,
    } = lines;
    let left = frame.font * 4.0;
    let span = (end - start).num_days().max(1) as f64;
    let x = |d: NaiveDate| {
        left + (frame.w - left - RIGHT) * ((d - start).num_days() as f64 / span).clamp(0.0, 1.0)
    };
    let y = |v: f64| TOP + (frame.h - TOP - BOTTOM) * (1.0 - (v / 100.0).clamp(0.0, 1.0));
    let mut x_labels = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    // On a narrow frame every other month, so the labels do not run into each other.
    let every = if frame.w < 400.0 { 2 } else { 1 };
    while m <= end {
        if m >= start && m.month().is_multiple_of(every) {
            x_labels.push((x(m), format!("{}月", m.month())));
        }
        m = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(end + chrono::Duration::days(1));
    }
    Chart {
        frame,
        left,
        planned: planned
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
            .collect::<Vec<_>>()
            .join(" "),
        actual: actual
            .iter()
            .map(|(d, v, _)| format!("{:.1},{:.1}", x(*d), y(*v)))
            .collect::<Vec<_>>()
            .join(" "),
        dots: actual
            .iter()
            .map(|(d, v, tip)| (x(*d), y(*v), tip.clone()))
            .collect(),
        today: today.filter(|t| *t >= start && *t <= end).map(x),
        x_labels,
        y_labels: [0u32, 25, 50, 75, 100]
            .iter()
            .map(|v| (y(*v as f64), *v))
            .collect(),
        title: title.to_string(),
    }
}

/// Lays out the planned curve and the reported series between the curve's start and end on
/// `frame`.
pub fn progress_chart(
    frame: Frame,
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
    let mut knots: Vec<NaiveDate> = vec![start];
    knots.extend(curve.points.iter().map(|p| p.0));
    knots.push(curve.deadline);
    if end > curve.deadline {
        knots.push(end);
    }
    let planned: Vec<(NaiveDate, f64)> = knots.iter().map(|d| (*d, curve.expected(*d))).collect();
    let actual: Vec<(NaiveDate, f64, String)> = series
        .iter()
        .map(|(d, v)| (*d, *v, format!("{d}：{v:.1}%")))
        .collect();
    let lines = Lines {
        start,
        end,
        planned: &planned,
        actual: &actual,
        today: Some(today),
    };
    lay_out(frame, lines, title)
}

/// A plan's trend on `frame`: the average planned progress (序时进度) against the average
/// reported progress of its items at each date (date, planned, actual).
pub fn trend_chart(frame: Frame, points: &[(NaiveDate, f64, f64)], title: &str) -> Chart {
    let start = points.first().map(|p| p.0).unwrap_or_default();
    let end = points
        .last()
        .map(|p| p.0)
        .unwrap_or_default()
        .max(start + chrono::Duration::days(30));
    let planned: Vec<(NaiveDate, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
    let actual: Vec<(NaiveDate, f64, String)> = points
        .iter()
        .map(|p| (p.0, p.2, format!("{}：{:.1}% / {:.1}%", p.0, p.2, p.1)))
        .collect();
    let lines = Lines {
        start,
        end,
        planned: &planned,
        actual: &actual,
        today: None,
    };
    lay_out(frame, lines, title)
}

/// One light's arc of the ring.
pub struct Arc {
    color: &'static str,
    /// Arc length and the gap after it, along the circle.
    dash: String,
    /// Where the arc starts, along the circle (negative: clockwise from the top).
    offset: f64,
    label: String,
}

/// The lights of a plan as a ring (环形图) with the number of items in its middle and a
/// legend beside it.
#[derive(Template)]
#[template(path = "ring_chart.svg")]
pub struct Ring {
    title: String,
    total: usize,
    total_label: String,
    arcs: Vec<Arc>,
    legend: Vec<(f64, &'static str, String)>,
}

/// Lays the ring out from (color, label, count) in drawing order.
pub fn ring_chart(title: &str, total_label: &str, parts: &[(&'static str, String, usize)]) -> Ring {
    const R: f64 = 70.0;
    let circle = 2.0 * std::f64::consts::PI * R;
    let total: usize = parts.iter().map(|p| p.2).sum();
    let mut at = 0.0;
    let mut arcs = Vec::new();
    for (color, label, n) in parts.iter().filter(|p| p.2 > 0) {
        let len = circle * *n as f64 / total.max(1) as f64;
        arcs.push(Arc {
            color,
            dash: format!("{len:.2} {:.2}", circle - len),
            offset: -at,
            label: format!("{label} {n}"),
        });
        at += len;
    }
    Ring {
        title: title.to_string(),
        total,
        total_label: total_label.to_string(),
        legend: parts
            .iter()
            .enumerate()
            .map(|(i, (c, l, n))| (40.0 + i as f64 * 30.0, *c, format!("{l} {n}")))
            .collect(),
        arcs,
    }
}
