//! Tests of `report`.

use super::*;

#[test]
fn one_rule_bounds_every_quantity() {
    assert_eq!(check_quantity("x", 4706.0), Ok(4706.0));
    assert!(matches!(
        check_quantity("x", 1e308),
        Err(ReportInputError::TooLarge { .. })
    ));
    assert!(matches!(
        check_quantity("x", f64::INFINITY),
        Err(ReportInputError::NotANumber { .. })
    ));
    assert!(matches!(
        check_quantity("x", f64::NAN),
        Err(ReportInputError::NotANumber { .. })
    ));
    assert!(matches!(
        parse_amount("x", "1e308"),
        Err(ReportInputError::TooLarge { .. })
    ));
    let c = ReportContent {
        investments: vec![Investment {
            source: FundSource::ALL[0],
            planned: 1.0,
            completed: 1e308,
            disbursed: 0.0,
        }],
        ..ReportContent::default()
    };
    assert!(matches!(c.check(), Err(ReportInputError::TooLarge { .. })));
    let c = ReportContent {
        percent: Some(180.0),
        ..ReportContent::default()
    };
    assert!(matches!(c.check(), Err(ReportInputError::Percent { .. })));
}

#[test]
fn amounts_as_typed() {
    let ok = [
        ("", None),
        ("  ", None),
        ("120", Some(120.0)),
        ("1,234.5", Some(1234.5)),
        ("１２０", Some(120.0)),
        ("0", Some(0.0)),
    ];
    for (raw, want) in ok {
        assert_eq!(parse_amount("托位", raw), Ok(want), "{raw}");
    }
    for raw in ["abc", "12个", "NaN", "inf", "1e999"] {
        let e = parse_amount("托位", raw).unwrap_err();
        assert!(e.to_string().contains("不是数字"), "{raw}: {e}");
    }
    let e = parse_amount("托位", "-3").unwrap_err();
    assert!(e.to_string().contains("不能为负数"), "{e}");
    assert_eq!(parse_percent("完成百分比", "45%"), Ok(Some(45.0)));
    assert!(parse_percent("完成百分比", "120").is_err());
    assert!(parse_text("形象进度", &"字".repeat(MAX_TEXT + 1)).is_err());
}

#[test]
fn diff_names_changed_fields_only() {
    let old = ReportContent {
        values: vec![TargetValue {
            target_id: TargetId(1),
            value: 10.0,
        }],
        progress: "主体施工".into(),
        ..Default::default()
    };
    let mut new = old.clone();
    new.values[0].value = 12.0;
    new.problems = "雨季".into();
    let d = diff(&old, &new, |id| format!("指标{id}"));
    assert_eq!(
        d,
        vec![
            Change {
                field: "指标1".into(),
                before: "10".into(),
                after: "12".into()
            },
            Change {
                field: "存在问题".into(),
                before: "".into(),
                after: "雨季".into()
            },
        ]
    );
    assert!(diff(&old, &old, |_| String::new()).is_empty());
}
