//! Office and CSV inputs written by the tests themselves: the same list as text, as an XLSX
//! with merged cells, and as CSV gives the same items.

use minsheng_importer::{ParsedList, parse_bytes, parse_text};
use rust_xlsxwriter::{Format, Workbook};

const TEXT: &str = "\
示范区2025年民生实事汇总表
\t序号\n\t类别\n\t项目名称\n\t建设内容\n\t牵头单位\n\t配合单位\n\t完成时限\n
\t1\n\t一、教育\n\t新建幼儿园\n\t新建公办幼儿园3所，新增学位不少于900个。\n\t教育局\n\t财政局\n各街道\n\t年底\n
\t2\n\t\n\t校园午餐\n\t为5000名学生提供午餐补助。\n\t\n\t\n\t9月\n
\t3\n\t二、养老\n\t老年食堂\n\t新建老年人食堂6处。\n\t民政局\n\t\n\t6月底前\n
";

fn items(list: &ParsedList) -> serde_json::Value {
    let mut v = serde_json::to_value(&list.items).unwrap();
    for it in v.as_array_mut().unwrap() {
        it.as_object_mut().unwrap().remove("source");
    }
    v
}

fn xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    ws.merge_range(0, 0, 0, 6, "示范区2025年民生实事汇总表", &Format::new())
        .unwrap();
    for (c, h) in [
        "序号",
        "类别",
        "项目名称",
        "建设内容",
        "牵头单位",
        "配合单位",
        "完成时限",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [[&str; 7]; 3] = [
        [
            "1",
            "一、教育",
            "新建幼儿园",
            "新建公办幼儿园3所，新增学位不少于900个。",
            "教育局",
            "财政局\n各街道",
            "年底",
        ],
        [
            "2",
            "",
            "校园午餐",
            "为5000名学生提供午餐补助。",
            "",
            "",
            "9月",
        ],
        [
            "3",
            "二、养老",
            "老年食堂",
            "新建老年人食堂6处。",
            "民政局",
            "",
            "6月底前",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if c == 0 {
                ws.write_number(r as u32 + 2, 0, v.parse::<f64>().unwrap())
                    .unwrap();
            } else if !v.is_empty() {
                ws.write_string_with_format(r as u32 + 2, c as u16, *v, &wrap)
                    .unwrap();
            }
        }
    }
    // Item 2 shares item 1's category and units (merged); item 3 has really no co-unit.
    ws.merge_range(2, 1, 3, 1, "一、教育", &wrap).unwrap();
    ws.merge_range(2, 4, 3, 4, "教育局", &wrap).unwrap();
    ws.merge_range(2, 5, 3, 5, "财政局\n各街道", &wrap).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_merged_cells_gives_the_same_items_as_text() {
    let a = parse_text(TEXT).unwrap();
    let b = parse_bytes(&xlsx(), "list.xlsx").unwrap();
    assert_eq!(items(&a), items(&b));
    assert_eq!(b.title.as_deref(), Some("示范区2025年民生实事汇总表"));
    assert_eq!(b.items[1].category.as_deref(), Some("教育"));
    assert_eq!(b.items[1].co_units, ["财政局", "各街道"]);
    assert!(b.items[2].co_units.is_empty());
    assert_eq!(b.items[0].targets.len(), 2);
}

#[test]
fn csv_gives_the_same_items_as_text() {
    let csv = "序号,类别,项目名称,建设内容,牵头单位,配合单位,完成时限\n\
1,一、教育,新建幼儿园,新建公办幼儿园3所，新增学位不少于900个。,教育局,\"财政局\n各街道\",年底\n\
2,,校园午餐,为5000名学生提供午餐补助。,,,9月\n\
3,二、养老,老年食堂,新建老年人食堂6处。,民政局,,6月底前\n";
    let a = parse_text(TEXT).unwrap();
    let b = parse_bytes(csv.as_bytes(), "list.csv").unwrap();
    // CSV has no title line, so no year: deadlines need the year given on import.
    assert_eq!(b.items.len(), 3);
    assert_eq!(b.items[1].lead_units, ["教育局"]);
    assert_eq!(b.items[1].co_units, ["财政局", "各街道"]);
    assert!(b.items[2].co_units.is_empty());
    assert_eq!(b.items[2].category.as_deref(), Some("养老"));
    assert_eq!(b.items[0].targets, a.items[0].targets);
    let (gbk, _, _) = encoding_rs::GB18030.encode(csv);
    let c = parse_bytes(&gbk, "list.csv").unwrap();
    assert_eq!(items(&b), items(&c), "GBK CSV reads the same");
}
