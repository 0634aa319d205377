//! Helpers of the plan editor's and the adjustments' suites: a draft plan started empty,
//! items and targets as the editor takes them, the refusal a write met.

use chrono::NaiveDate;
use minsheng_domain::PlanId;
use minsheng_domain::Refusal;
use minsheng_domain::draft::{ItemDraft, TargetDraft};
use minsheng_store::{ImportOptions, Store, StoreError};

/// A target of at least `value` `unit`, its kind inferred.
pub fn target(metric: &str, value: f64, unit: &str) -> TargetDraft {
    TargetDraft::new(metric, value, unit)
}

/// An item of 社会保障 with one lead unit, one leader, a year-end deadline and one target.
pub fn item(name: &str, lead: &str, t: TargetDraft) -> ItemDraft {
    ItemDraft {
        name: name.into(),
        category: Some("社会保障".into()),
        lead_units: vec![lead.into()],
        leaders: vec!["王副区长".into()],
        deadline: NaiveDate::from_ymd_opt(2025, 12, 31),
        deadline_text: Some("年底前".into()),
        targets: vec![t],
        ..ItemDraft::default()
    }
}

/// An empty draft plan of 示范区 for 2025, as “新建空白计划” makes it.
pub async fn empty_plan(store: &Store) -> PlanId {
    let list = minsheng_importer::ParsedList::empty(
        Some("手工清单".into()),
        Some("示范区".into()),
        Some(2025),
    );
    let opts = ImportOptions {
        region: "示范区".into(),
        year: 2025,
        source_name: "（手工新建）".into(),
        source_bytes: vec![],
    };
    store.import_plan(&list, &opts).await.unwrap().plan_id
}

/// The refusal of a write expected to be refused.
pub fn refusal<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Refusal {
    match r {
        Err(StoreError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}
