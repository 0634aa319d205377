//! The list the ledger's cases file reports against: three items of a district, published,
//! with their targets and lead units, and helpers to write reports on them.

use chrono::NaiveDate;
use minsheng_domain::ledger::{ReportContent, TargetValue};
use minsheng_domain::{ItemId, TargetId, UnitId};
use minsheng_store::{Now, ReportWrite, Store};

pub const LIST: &str = "\
示范区2025年民生实事项目清单
\t序号\n\t项目名称\n\t建设内容\n\t牵头单位\n\t配合单位\n\t完成时限\n
\t1\n\t新建幼儿园\n\t新建公办幼儿园4所，新增学位不少于900个。\n\t教育局\n\t各街道\n\t年底\n
\t2\n\t老年食堂\n\t新建老年人食堂6处。\n\t民政局\n\t各街道\n\t6月底前\n
\t3\n\t道路整治\n\t整治背街小巷道路。\n\t住建局\n\t\n\t年底\n
";

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn at(day: &str) -> Now {
    super::on(d(day))
}

pub struct Fixture {
    pub store: Store,
    pub items: Vec<ItemId>,
    pub targets: Vec<Vec<TargetId>>,
    pub leads: Vec<UnitId>,
}

pub async fn fixture(store: Store) -> Fixture {
    let s = super::published_list(&store, LIST).await;
    let detail = store.plan_detail(s.plan_id, None).await.unwrap();
    Fixture {
        items: detail.items.iter().map(|i| i.item.id).collect(),
        targets: detail
            .items
            .iter()
            .map(|i| i.targets.iter().map(|t| t.id).collect())
            .collect(),
        leads: detail.items.iter().map(|i| i.lead_units[0].id).collect(),
        store,
    }
}

pub fn values(pairs: &[(TargetId, f64)]) -> ReportContent {
    ReportContent {
        values: pairs
            .iter()
            .map(|&(target_id, value)| TargetValue { target_id, value })
            .collect(),
        progress: "按计划推进".into(),
        ..Default::default()
    }
}

pub fn submit(content: ReportContent, revision: Option<i32>) -> ReportWrite {
    ReportWrite {
        content,
        revision,
        submit: true,
        correction_reason: None,
        ..ReportWrite::default()
    }
}
