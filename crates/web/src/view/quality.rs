//! A plan's 数据质量 list as shown on the dashboard and the bulletin draft: one line per
//! doubtful photo or copied progress text, with the item, the unit and the period it was filed
//! for, and a link to the photo and to the earlier photo it repeats.

use crate::i18n::Lang;
use minsheng_domain::ledger::ReportingRule;
use minsheng_store::{Doubt, QualityFlag};

/// One line of the list.
#[derive(Debug, Clone)]
pub struct QualityView {
    /// The item.
    pub item_id: i64,
    /// Its list number and title.
    pub item: String,
    /// Who filed it, for which period (or when).
    pub filed: String,
    /// What is doubtful, in the reader's words.
    pub what: String,
    /// The photo, when it is about one.
    pub photo: Option<i64>,
    /// The earlier photo it repeats.
    pub other: Option<i64>,
}

impl QualityView {
    /// The list, the newest first, periods named by `rule`.
    pub fn list(flags: &[QualityFlag], rule: &ReportingRule, lang: Lang) -> Vec<QualityView> {
        flags
            .iter()
            .map(|f| QualityView::new(f, rule, lang))
            .collect()
    }

    fn new(f: &QualityFlag, rule: &ReportingRule, lang: Lang) -> QualityView {
        let period = f
            .period
            .map(|p| super::period_label(&rule.period_containing(p), rule.cadence, lang));
        let filed = match (&f.unit, period) {
            (Some(u), Some(p)) => format!("{u} · {p}"),
            (Some(u), None) => u.clone(),
            (None, Some(p)) => p,
            (None, None) => super::local_time(f.at),
        };
        let (what, photo, other) = match &f.doubt {
            Doubt::Photo {
                attachment,
                file_name,
                found,
            } => {
                let said: Vec<String> = found
                    .iter()
                    .map(|x| match lang {
                        Lang::En => x.en(),
                        _ => x.zh(),
                    })
                    .collect();
                (
                    format!("{file_name}：{}", said.join("；")),
                    Some(*attachment),
                    found.iter().find_map(|x| x.other()),
                )
            }
            Doubt::Copied { periods, text } => {
                let short: String = text.chars().take(40).collect();
                let more = if text.chars().count() > 40 { "…" } else { "" };
                (
                    match lang {
                        Lang::En => format!(
                            "the same progress text for {periods} periods in a row (no real progress): “{short}{more}”"
                        ),
                        _ => format!(
                            "连续 {periods} 期形象进度内容相同（无实质进展）：“{short}{more}”"
                        ),
                    },
                    None,
                    None,
                )
            }
        };
        QualityView {
            item_id: f.item_id,
            item: format!("{}. {}", f.seq, f.title),
            filed,
            what,
            photo,
            other,
        }
    }
}
