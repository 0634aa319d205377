//! How things are shown, shared by every feature's pages: numbers, percentages, targets,
//! lights and statuses in the user's language, and an item as a row.

mod adjustment;
pub(crate) mod gongwen;
mod item_row;
mod people;
mod quality;

pub(crate) use adjustment::AdjustmentView;
pub(crate) use item_row::ItemRow;
pub(crate) use people::People;
pub(crate) use quality::QualityView;

use crate::i18n::Lang;
use minsheng_domain::ledger::{Cadence, ItemStatus, Light, PeriodReportState};
use minsheng_domain::{Comparator, Target, TargetKind};

/// A region's name (as an issuing office's mark prints it); empty when it is gone.
pub(crate) async fn region_name(
    store: &minsheng_store::Store,
    region: minsheng_domain::RegionId,
) -> Result<String, crate::error::AppError> {
    Ok(store
        .regions()
        .await?
        .into_iter()
        .find(|r| r.id == region)
        .map(|r| r.name)
        .unwrap_or_default())
}

/// 52.8% (one decimal, no trailing .0).
pub fn pct(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}%", r as i64)
    } else {
        format!("{r:.1}%")
    }
}

/// A rate (0.5 → 50%), or "—".
pub fn rate(v: Option<f64>) -> String {
    v.map(|v| pct(v * 100.0)).unwrap_or_else(|| "—".into())
}

/// A light's label.
pub fn light_label(l: Light, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => l.label_zh(),
        Lang::En => l.label_en(),
    }
}

/// A status's label.
pub fn status_label(s: ItemStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => s.label_en(),
    }
}

/// A period report state's label.
pub fn report_state_label(s: PeriodReportState, lang: Lang) -> &'static str {
    match (s, lang) {
        (s, Lang::Zh) => s.label_zh(),
        (PeriodReportState::Future, Lang::En) => "not started",
        (PeriodReportState::Open, Lang::En) => "due",
        (PeriodReportState::OnTime, Lang::En) => "reported",
        (PeriodReportState::Late, Lang::En) => "reported late",
        (PeriodReportState::Missing, Lang::En) => "not reported",
    }
}

/// The CSS class of a period report state.
/// A reporting period in the reader's words: 2025年第14周（03.31—04.06） or Week 14, 2025
/// (03.31–04.06).
pub fn period_label(p: &minsheng_domain::ledger::Period, cadence: Cadence, lang: Lang) -> String {
    match lang {
        Lang::En => p.label_en(cadence),
        _ => p.label_zh(cadence),
    }
}

pub fn report_state_class(s: PeriodReportState) -> &'static str {
    match s {
        PeriodReportState::Future => "future",
        PeriodReportState::Open => "open",
        PeriodReportState::OnTime => "ontime",
        PeriodReportState::Late => "late",
        PeriodReportState::Missing => "missing",
    }
}

/// A number without a needless `.0`: 320, 1.76, 104000.
pub fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{}", (v * 1e6).round() / 1e6)
    }
}

/// An item's lead units as listed: 教育局、财政局.
pub fn lead_names(d: &minsheng_store::ItemDetail) -> String {
    d.lead_units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// A delivery channel's name.
pub fn channel_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "email" => lang.pick("电子邮件", "e-mail"),
        "webhook" => lang.pick("群机器人", "robot"),
        "sms" => lang.pick("短信", "SMS"),
        "dingtalk" => lang.pick("钉钉工作通知", "DingTalk work notice"),
        "wecom" => lang.pick("企业微信应用消息", "WeCom app message"),
        "feishu" => lang.pick("飞书消息", "Feishu message"),
        _ => lang.pick("其他渠道", "other channel"),
    }
}

/// An instant as people read it here: China Standard Time, to the minute. Templates call it
/// as `crate::view::local_time(x)` on an instant or a reference to one.
pub fn local_time(t: impl Instant) -> String {
    t.utc()
        .with_timezone(&crate::clock::china())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The day of an instant in China Standard Time (an instant stored in UTC just after
/// 16:00 is already the next day here).
pub fn local_day(t: impl Instant) -> String {
    t.utc()
        .with_timezone(&crate::clock::china())
        .format("%Y-%m-%d")
        .to_string()
}

/// An instant, or a reference to one however deep a template's loop made it.
pub trait Instant {
    /// The instant.
    fn utc(&self) -> chrono::DateTime<chrono::Utc>;
}

impl Instant for chrono::DateTime<chrono::Utc> {
    fn utc(&self) -> chrono::DateTime<chrono::Utc> {
        *self
    }
}

impl<T: Instant + ?Sized> Instant for &T {
    fn utc(&self) -> chrono::DateTime<chrono::Utc> {
        (**self).utc()
    }
}

/// One target as shown: 托位：不少于 320 个; a level with its baseline 低保标准：788 → 1050
/// 元/人·月; a yes/no target by its name and 完成.
pub fn fmt_target(t: &Target, lang: Lang) -> String {
    let comparator = match t.kind {
        TargetKind::Ceiling => Comparator::Le,
        _ => t.comparator,
    };
    let cmp = match (comparator, lang) {
        (Comparator::Eq, _) => "",
        (Comparator::Ge, Lang::Zh) => "不少于 ",
        (Comparator::Le, Lang::Zh) => "不超过 ",
        (Comparator::Ge, Lang::En) => "at least ",
        (Comparator::Le, Lang::En) => "at most ",
    };
    let colon = lang.pick("：", ": ");
    match (t.kind, t.baseline) {
        (TargetKind::YesNo, _) => format!("{}{colon}{}", t.metric, lang.pick("完成", "done")),
        (TargetKind::Level, Some(b)) => format!(
            "{}{colon}{} → {cmp}{} {}",
            t.metric,
            fmt_value(b),
            fmt_value(t.value),
            t.unit
        ),
        _ => format!("{}{colon}{cmp}{} {}", t.metric, fmt_value(t.value), t.unit),
    }
}

/// What was achieved on a target as shown: 160 个, or 已完成 / 未完成 for a yes/no target,
/// or — when nothing was reported.
pub fn fmt_achieved(t: &Target, achieved: Option<f64>, lang: Lang) -> String {
    match (achieved, t.kind) {
        (None, _) => "—".into(),
        (Some(v), TargetKind::YesNo) if v > 0.0 => lang.pick("已完成", "done").into(),
        (Some(_), TargetKind::YesNo) => lang.pick("未完成", "not done").into(),
        (Some(v), _) => format!("{} {}", fmt_value(v), t.unit),
    }
}
