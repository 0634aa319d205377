//! Scores the importer against the hand-checked gold labels beside the checkout
//! (`../shared/gold`) with the project's scorer, so a regression fails the build.

use std::path::PathBuf;
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("gold").is_dir().then_some(p)
}

/// Parses every seed (optionally in another format), writes predictions, returns the TOTAL line.
fn score(ext_for: impl Fn(&str) -> Option<String>, docs: &str) -> Option<String> {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/gold is not beside the checkout");
        return None;
    };
    let pred = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(shared.join("gold")).unwrap() {
        let gold = entry.unwrap().path();
        if gold.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let base = gold.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(doc_name) = ext_for(&base) else {
            continue;
        };
        let doc = shared.join(docs).join(&doc_name);
        let bytes = std::fs::read(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        let list = minsheng_importer::parse_bytes(&bytes, &doc_name)
            .unwrap_or_else(|e| panic!("{doc_name}: {e}"));
        std::fs::write(
            pred.path().join(format!("{base}.json")),
            serde_json::to_vec(&list).unwrap(),
        )
        .unwrap();
    }
    let out = Command::new("python3")
        .arg(shared.join("tools/score_import.py"))
        .arg("--gold")
        .arg(shared.join("gold"))
        .arg("--pred")
        .arg(pred.path())
        .arg("-v")
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: python3 is needed to run the scorer ({e})");
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{text}");
    text.lines()
        .find(|l| l.starts_with("TOTAL"))
        .map(String::from)
}

fn metric(total: &str, name: &str) -> f64 {
    let mut words = total.split_whitespace();
    while let Some(w) = words.next() {
        if w == name {
            return words.next().unwrap().parse().unwrap();
        }
    }
    panic!("{name} missing in {total}")
}

fn check(total: &str, items: &str) {
    assert!(total.contains(&format!("items {items}")), "{total}");
    assert!(metric(total, "fields") >= 0.99, "{total}");
    assert!(metric(total, "content") >= 0.98, "{total}");
    assert!(metric(total, "F1") >= 0.95, "{total}");
    assert!(metric(total, "comparator") >= 0.95, "{total}");
}

#[test]
fn text_seeds_meet_the_quality_bar() {
    if let Some(total) = score(|b| Some(format!("{b}.txt")), "seeds") {
        check(&total, "114/114");
    }
}

#[test]
fn gbk_copy_gives_the_same_result() {
    let Some(shared) = shared() else { return };
    let utf8 = std::fs::read(shared.join("seeds/001_f24cf3da545d42f6.txt")).unwrap();
    let gbk = std::fs::read(shared.join("seeds-office/001_f24cf3da545d42f6.gbk.txt")).unwrap();
    let a = minsheng_importer::parse_bytes(&utf8, "001.txt").unwrap();
    let b = minsheng_importer::parse_bytes(&gbk, "001.gbk.txt").unwrap();
    assert_eq!(
        serde_json::to_value(&a.items).unwrap(),
        serde_json::to_value(&b.items).unwrap()
    );
}

/// Items as compared across formats: everything but where each came from.
fn items_without_source(list: &minsheng_importer::ParsedList) -> serde_json::Value {
    let mut v = serde_json::to_value(&list.items).unwrap();
    for it in v.as_array_mut().unwrap() {
        it.as_object_mut().unwrap().remove("source");
    }
    v
}

#[test]
fn office_versions_give_the_same_items_as_the_text() {
    let Some(shared) = shared() else { return };
    let mut compared = 0;
    for entry in std::fs::read_dir(shared.join("seeds-office")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.ends_with(".docx") || name.ends_with(".xlsx")) {
            continue;
        }
        let base = name.split('.').next().unwrap();
        let text = std::fs::read(shared.join("seeds").join(format!("{base}.txt"))).unwrap();
        let a = minsheng_importer::parse_bytes(&text, "x.txt").unwrap();
        let b = minsheng_importer::parse_bytes(&std::fs::read(&path).unwrap(), &name)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(items_without_source(&a), items_without_source(&b), "{name}");
        assert_eq!(a.year, b.year, "{name}");
        compared += 1;
    }
    assert_eq!(compared, 8, "five docx and three xlsx files");
}
