use super::*;

use crate::segment::paras_of as paras;

#[test]
fn semicolon_items_after_the_introduction() {
    let p = paras(
        "2020年，天水市将集中力量办好10件实事：建成藉河治理二期工程；新增城区停车位3000个以上；新建城区公共厕所20座；建成社区便民市场8处。",
    );
    let r = semicolon_reading(&p, &DocFacts::default()).unwrap();
    assert_eq!(r.items.len(), 4);
    assert_eq!(r.items[0].content.as_deref(), Some("建成藉河治理二期工程"));
    assert_eq!(r.items[3].content.as_deref(), Some("建成社区便民市场8处"));
}

#[test]
fn paragraphs_under_headings() {
    let p = paras(
        "街道制定了2024年实事清单，现介绍如下：\n小区环境综合改造。对19号楼周边地面进行修缮，铺设903平方米。\n街巷改造。重新铺设车行道526.8平方米。\n加装快速灭火设施。加装灭火设施100个。",
    );
    let r = paragraph_reading(&p, &DocFacts::default()).unwrap();
    assert_eq!(r.items.len(), 3);
    assert_eq!(r.items[0].name.as_deref(), Some("小区环境综合改造"));
}
