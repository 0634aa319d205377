use super::*;

use crate::segment::paras_of as paras;

#[test]
fn inline_numbering_across_page_markers() {
    let p = paras(
        "8 .为1.6万人（次）有需求的残疾人开展职业技能培训。9 .为8000户困难残疾人家庭实施无障碍改造。10 .为2200名残疾学生发放助学金。",
    );
    let rs = readings(&p, &DocFacts::default());
    let r = rs
        .iter()
        .find(|r| r.segmenter == Segmenter::Inline)
        .unwrap();
    let texts: Vec<_> = r
        .items
        .iter()
        .map(|i| i.content.clone().unwrap_or_default())
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[1].starts_with("为8000户"), "{texts:?}");
}
