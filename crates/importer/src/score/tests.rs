//! The scorer on small made-up lists.

use super::*;

fn item(seq: &str, content: &str, lead: &[&str]) -> ParsedItem {
    ParsedItem {
        seq: seq.into(),
        content: Some(content.into()),
        lead_units: lead.iter().map(|s| s.to_string()).collect(),
        targets: crate::targets::extract_from(content),
        ..Default::default()
    }
}

fn gold(items: Vec<ParsedItem>) -> Gold {
    Gold {
        file: "x.txt".into(),
        source_url: None,
        province: None,
        admin_level: None,
        layout: None,
        year: None,
        items,
    }
}

#[test]
fn a_perfect_reading_scores_one_and_a_merged_one_loses_both_items() {
    let g = gold(vec![
        item("1", "新建老年食堂5处，服务老人2000人次。", &["民政局"]),
        item("2", "改造城市道路9公里，新增停车位300个。", &["交通局"]),
    ]);
    let same = score(&g, &g.items);
    assert_eq!(same.items_f1(), 1.0);
    assert_eq!(same.field("lead_units"), 1.0);
    assert_eq!(same.target_f1(), 1.0);
    let merged = item(
        "1",
        "新建老年食堂5处，服务老人2000人次。改造城市道路9公里，新增停车位300个。",
        &["民政局", "交通局"],
    );
    let s = score(&g, &[merged]);
    assert_eq!(s.items_matched, 0, "{:?}", s.misses);
    assert_eq!(s.items_f1(), 0.0);
    assert_eq!(s.field("lead_units"), 0.0);
    assert_eq!(s.target_recall(), 0.0);
    assert_eq!(
        s.fp, 4,
        "targets of an unpaired item count against precision"
    );
}

#[test]
fn wrong_units_and_missing_targets_are_counted() {
    let g = gold(vec![item(
        "1",
        "新建老年食堂5处，服务老人2000人次。",
        &["民政局"],
    )]);
    let mut p = g.items.clone();
    p[0].lead_units = vec!["财政局".into()];
    p[0].targets.pop();
    let s = score(&g, &p);
    assert_eq!(s.items_matched, 1);
    assert_eq!(s.field("lead_units"), 0.0);
    assert_eq!((s.tp, s.fp, s.fn_), (1, 0, 1));
    let r = refused(&g);
    assert_eq!((r.refused, r.items_matched, r.fn_), (1, 0, 2));
}
