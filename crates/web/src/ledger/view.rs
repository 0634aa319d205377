//! Small display helpers shared by the ledger's pages: percentages, lights and statuses in
//! the user's language.

use crate::i18n::Lang;
use minsheng_domain::ledger::{ItemStatus, Light, PeriodReportState};

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
pub fn report_state_class(s: PeriodReportState) -> &'static str {
    match s {
        PeriodReportState::Future => "future",
        PeriodReportState::Open => "open",
        PeriodReportState::OnTime => "ontime",
        PeriodReportState::Late => "late",
        PeriodReportState::Missing => "missing",
    }
}
