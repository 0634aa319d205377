use minsheng_importer::*;
use std::time::Instant;
fn t<F: FnMut()>(label: &str, n: u32, mut f: F) { let s = Instant::now(); for _ in 0..n { f(); } println!("{label:12} {:7.1} us", s.elapsed().as_micros() as f64 / n as f64); }
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let b = std::fs::read(&p).unwrap();
    let n = 50;
    if std::env::var("ONLY_PARSE").is_ok() {
        for _ in 0..200 { let _ = parse_bytes(&b, &p); }
        return;
    }
    if std::env::var("ONLY_CHAINS").is_ok() {
        let mut doc = read::read_document(&b, &p, Limits::default()).unwrap();
        normalize::normalize_doc(&mut doc);
        let paras = segment::paragraphs(&doc);
        let facts = segment::facts(&doc, &paras);
        for _ in 0..200 { let _ = segment::chains::readings(&paras, &facts); }
        return;
    }
    t("read", n, || { let _ = read::read_document(&b, &p, Limits::default()); });
    let mut doc = read::read_document(&b, &p, Limits::default()).unwrap();
    t("normalize", n, || { let mut d = doc.clone(); normalize::normalize_doc(&mut d); });
    normalize::normalize_doc(&mut doc);
    let paras = segment::paragraphs(&doc);
    let facts = segment::facts(&doc, &paras);
    t("facts", n, || { let _ = segment::facts(&doc, &paras); });
    t("grid", n, || { let _ = segment::grid::readings(&paras, &facts); });
    t("chains", n, || { let _ = segment::chains::readings(&paras, &facts); });
    t("semicolon", n, || { let _ = segment::clauses::semicolon_reading(&paras, &facts); });
    t("paragraphs", n, || { let _ = segment::clauses::paragraph_reading(&paras, &facts); });
    t("sentences", n, || { let _ = segment::clauses::sentence_reading(&paras, &facts); });
    t("enumeration", n, || { let _ = segment::clauses::enumeration_reading(&paras, &facts); });
    t("readings", n, || { let _ = segment::readings(&doc); });
    t("interpret", n, || { let _ = list::interpret(&doc); });
    t("parse_bytes", n, || { let _ = parse_bytes(&b, &p); });
    let lines: Vec<String> = paras.iter().map(|p| p.text.clone()).collect();
    t("build×lines", n, || { for l in &lines { let _ = segment::item_text::build(1, &[l.as_str()], "x"); } });
    let items: Vec<_> = lines.iter().map(|l| segment::item_text::build(1, &[l.as_str()], "x")).collect();
    t("quality×lines", n, || { for it in &items { let _ = segment::judge::item_quality(it); } });
    t("notes×lines", n, || { for l in &lines { let _ = list::respnote::take_notes(l); } });
    t("chrome×lines", n, || { for l in &lines { let _ = segment::judge::is_chrome(l); } });
    t("targets×lines", n, || { for l in &lines { let _ = targets::extract_from(l); } });
    let chars: Vec<char> = lines.join("\n").chars().collect();
    t("marks", n, || { let _ = segment::enumerators::marks(&chars); });
    println!("{} lines", lines.len());
}
#[allow(dead_code)]
fn unused() {}
