//! The importer's own scorer: a parsed list against hand-made gold labels (the corpus schema,
//! `corpus/README.md`). Items are paired by their text, so a reading that splits or merges
//! items loses them; fields, lead units and targets are then compared per pair.

use crate::model::{ParsedItem, ParsedList, ParsedTarget};
use crate::normalize::fold_for_compare;
use serde::Deserialize;
use std::collections::HashMap;

/// A gold label file: the document's facts and its items as a person read them.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// File name of the document (`.txt`).
    pub file: String,
    /// Where the text was found.
    #[serde(default)]
    pub source_url: Option<String>,
    /// Province (or municipality, autonomous region).
    #[serde(default)]
    pub province: Option<String>,
    /// province | city | county | township.
    #[serde(default)]
    pub admin_level: Option<String>,
    /// Layout words.
    #[serde(default)]
    pub layout: Option<String>,
    /// The year of the list.
    #[serde(default)]
    pub year: Option<i32>,
    /// The items.
    pub items: Vec<ParsedItem>,
}

/// Fields compared for equality per item, as in the seed labels.
pub const FIELDS: [&str; 7] = [
    "name",
    "category",
    "level",
    "lead_units",
    "co_units",
    "leaders",
    "deadline",
];

/// What one document (or a sum of documents) scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Documents summed (1 for one document).
    pub docs: usize,
    /// Documents the importer refused.
    pub refused: usize,
    /// Gold items.
    pub items_gold: usize,
    /// Items the importer read.
    pub items_pred: usize,
    /// Gold items paired with an item read.
    pub items_matched: usize,
    /// Per field in [`FIELDS`], gold items where the field was read right.
    pub field_ok: [usize; 7],
    /// Gold items whose content reads the same (98 % similar).
    pub content_ok: usize,
    /// Targets found (value and unit right).
    pub tp: usize,
    /// Targets read that are not in the gold (optional gold targets excepted).
    pub fp: usize,
    /// Required gold targets not found.
    pub fn_: usize,
    /// Found targets with the right comparator.
    pub comparator_ok: usize,
    /// Found targets whose gold has a kind.
    pub kind_n: usize,
    /// … and the kind read right.
    pub kind_ok: usize,
    /// What went wrong, one line each.
    pub misses: Vec<String>,
}

impl Score {
    /// Adds another document's score.
    pub fn add(&mut self, o: &Score) {
        self.docs += o.docs;
        self.refused += o.refused;
        self.items_gold += o.items_gold;
        self.items_pred += o.items_pred;
        self.items_matched += o.items_matched;
        for k in 0..FIELDS.len() {
            self.field_ok[k] += o.field_ok[k];
        }
        self.content_ok += o.content_ok;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.comparator_ok += o.comparator_ok;
        self.kind_n += o.kind_n;
        self.kind_ok += o.kind_ok;
    }

    /// Share of gold items found.
    pub fn items_recall(&self) -> f64 {
        ratio(self.items_matched, self.items_gold)
    }

    /// Share of items read that are gold items.
    pub fn items_precision(&self) -> f64 {
        ratio(self.items_matched, self.items_pred)
    }

    /// Harmonic mean of the two: the "items found" figure, which a reading that invents
    /// items cannot game.
    pub fn items_f1(&self) -> f64 {
        f1(self.items_precision(), self.items_recall())
    }

    /// Share of gold items whose field `name` (one of [`FIELDS`]) was read right.
    pub fn field(&self, name: &str) -> f64 {
        let k = FIELDS.iter().position(|f| *f == name).expect("known field");
        ratio(self.field_ok[k], self.items_gold)
    }

    /// All fields together.
    pub fn fields(&self) -> f64 {
        ratio(self.field_ok.iter().sum(), self.items_gold * FIELDS.len())
    }

    /// Share of gold items whose content was read.
    pub fn content(&self) -> f64 {
        ratio(self.content_ok, self.items_gold)
    }

    /// Target precision.
    pub fn target_precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Target recall.
    pub fn target_recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Target F1.
    pub fn target_f1(&self) -> f64 {
        f1(self.target_precision(), self.target_recall())
    }

    /// Share of found targets with the right comparator.
    pub fn comparator(&self) -> f64 {
        ratio(self.comparator_ok, self.tp)
    }

    /// Share of found targets with the right kind (where the gold gives one).
    pub fn kind(&self) -> f64 {
        ratio(self.kind_ok, self.kind_n)
    }

    /// One line: `items 114/114 (P 1.000 R 1.000 F1 1.000) lead 1.000 …`.
    pub fn summary(&self) -> String {
        format!(
            "items {}/{} (P {:.3} R {:.3} F1 {:.3}) lead {:.3} co {:.3} leaders {:.3} deadline {:.3} fields {:.3} content {:.3} targets P {:.3} R {:.3} F1 {:.3} comparator {:.3} kind {:.3} refused {}",
            self.items_matched,
            self.items_gold,
            self.items_precision(),
            self.items_recall(),
            self.items_f1(),
            self.field("lead_units"),
            self.field("co_units"),
            self.field("leaders"),
            self.field("deadline"),
            self.fields(),
            self.content(),
            self.target_precision(),
            self.target_recall(),
            self.target_f1(),
            self.comparator(),
            self.kind(),
            self.refused,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// The score of a document the importer refused: every gold item missed.
pub fn refused(gold: &Gold) -> Score {
    let mut s = score(gold, &[]);
    s.refused = 1;
    s
}

/// Scores the items read from a document against its gold.
pub fn score_list(gold: &Gold, list: &ParsedList) -> Score {
    score(gold, &list.items)
}

/// An item's whole text: its name, summary and content; with `progress`, also the progress
/// the importer kept apart.
fn item_text(it: &ParsedItem, progress: bool) -> String {
    let mut s = String::new();
    for f in [&it.name, &it.summary, &it.content].into_iter().flatten() {
        s.push_str(f);
    }
    if progress && let Some(p) = it.extra.get(PROGRESS) {
        s.push_str(p);
    }
    fold_for_compare(&s)
}

/// The field the importer keeps progress text in.
const PROGRESS: &str = "进展情况";

/// Character-bigram Dice similarity of two folded texts.
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let cs: Vec<char> = s.chars().collect();
        let mut m: HashMap<(char, char), usize> = HashMap::new();
        for w in cs.windows(2) {
            *m.entry((w[0], w[1])).or_default() += 1;
        }
        (m, cs.len().saturating_sub(1))
    };
    let (ga, na) = grams(a);
    let (gb, nb) = grams(b);
    if na + nb == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let common: usize = ga
        .iter()
        .map(|(k, v)| (*v).min(gb.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

/// Pairs gold and read items: greedily by similarity of their whole text, at least 0.7, so a
/// read item that merges two gold items pairs with neither of them well enough.
fn align(gold: &[ParsedItem], pred: &[ParsedItem]) -> Vec<Option<usize>> {
    let gt: Vec<String> = gold.iter().map(|it| item_text(it, false)).collect();
    let pt: Vec<String> = pred.iter().map(|it| item_text(it, false)).collect();
    // Progress sentences that share the item's paragraph are content to a label and kept
    // apart by the importer: an item pairs on its text with or without them, whichever is
    // closer (the content score still judges where they went).
    let pt_all: Vec<String> = pred.iter().map(|it| item_text(it, true)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (g, a) in gt.iter().enumerate() {
        for (p, b) in pt.iter().enumerate() {
            let s = if pt_all[p].len() > b.len() {
                similarity(a, b).max(similarity(a, &pt_all[p]))
            } else {
                similarity(a, b)
            };
            if s >= 0.7 {
                pairs.push((s, g, p));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut out = vec![None; gold.len()];
    let mut used = vec![false; pred.len()];
    for (_, g, p) in pairs {
        if out[g].is_none() && !used[p] {
            out[g] = Some(p);
            used[p] = true;
        }
    }
    out
}

fn fold_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(fold_for_compare).filter(|s| !s.is_empty())
}

fn fold_set(xs: &[String]) -> Vec<String> {
    let mut v: Vec<String> = xs
        .iter()
        .map(|x| fold_for_compare(x))
        .filter(|x| !x.is_empty())
        .collect();
    v.sort();
    v
}

fn field_equal(field: &str, g: &ParsedItem, p: &ParsedItem) -> bool {
    match field {
        "name" => fold_opt(&g.name) == fold_opt(&p.name),
        "category" => fold_opt(&g.category) == fold_opt(&p.category),
        "level" => fold_opt(&g.level) == fold_opt(&p.level),
        "lead_units" => fold_set(&g.lead_units) == fold_set(&p.lead_units),
        "co_units" => fold_set(&g.co_units) == fold_set(&p.co_units),
        "leaders" => fold_set(&g.leaders) == fold_set(&p.leaders),
        "deadline" => g.deadline == p.deadline,
        _ => false,
    }
}

fn field_text(field: &str, it: &ParsedItem) -> String {
    match field {
        "name" => format!("{:?}", it.name),
        "category" => format!("{:?}", it.category),
        "level" => format!("{:?}", it.level),
        "lead_units" => format!("{:?}", it.lead_units),
        "co_units" => format!("{:?}", it.co_units),
        "leaders" => format!("{:?}", it.leaders),
        "deadline" => format!("{:?}", it.deadline),
        _ => String::new(),
    }
}

/// Units that mean the same: 平米 and 平方米, km and 公里, ％ and %.
fn fold_unit(u: &str) -> String {
    let u = fold_for_compare(u);
    match u.as_str() {
        "㎡" | "m²" | "m2" | "平米" => "平方米".into(),
        "km" | "千米" => "公里".into(),
        "个百分点" => "%".into(),
        _ => u,
    }
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * 1f64.max(a.abs()).max(b.abs())
}

fn score_targets(s: &mut Score, seq: &str, gold: &[ParsedTarget], pred: &[ParsedTarget]) {
    let mut left: Vec<&ParsedTarget> = pred.iter().collect();
    for g in gold {
        let hit = left
            .iter()
            .position(|p| same_value(g.value, p.value) && fold_unit(&g.unit) == fold_unit(&p.unit));
        let Some(k) = hit else {
            if !g.optional {
                s.fn_ += 1;
                s.misses.push(format!(
                    "item {seq}: target not found: {} ({} {})",
                    g.text, g.value, g.unit
                ));
            }
            continue;
        };
        let p = left.remove(k);
        if g.optional {
            continue;
        }
        s.tp += 1;
        if g.comparator == p.comparator {
            s.comparator_ok += 1;
        } else {
            s.misses.push(format!(
                "item {seq}: comparator of {}: gold {} got {}",
                g.text, g.comparator, p.comparator
            ));
        }
        if let Some(kind) = g.kind {
            s.kind_n += 1;
            if Some(kind) == p.kind {
                s.kind_ok += 1;
            } else {
                s.misses.push(format!(
                    "item {seq}: kind of {}: gold {kind} got {:?}",
                    g.text, p.kind
                ));
            }
        }
    }
    for p in left {
        s.fp += 1;
        s.misses.push(format!(
            "item {seq}: extra target: {} ({} {})",
            p.text, p.value, p.unit
        ));
    }
}

fn score(gold: &Gold, pred: &[ParsedItem]) -> Score {
    let mut s = Score {
        docs: 1,
        items_gold: gold.items.len(),
        items_pred: pred.len(),
        ..Score::default()
    };
    let pairs = align(&gold.items, pred);
    let mut paired = vec![false; pred.len()];
    for (g, p) in gold.items.iter().zip(&pairs) {
        let Some(p) = p.map(|k| {
            paired[k] = true;
            &pred[k]
        }) else {
            let required = g.targets.iter().filter(|t| !t.optional).count();
            s.fn_ += required;
            s.misses.push(format!(
                "item {}: not found: {}",
                g.seq,
                item_text(g, false).chars().take(40).collect::<String>()
            ));
            continue;
        };
        s.items_matched += 1;
        for (k, f) in FIELDS.iter().enumerate() {
            if field_equal(f, g, p) {
                s.field_ok[k] += 1;
            } else {
                s.misses.push(format!(
                    "item {} {f}: gold {} got {}",
                    g.seq,
                    field_text(f, g),
                    field_text(f, p)
                ));
            }
        }
        let content = |it: &ParsedItem| fold_opt(&it.content).unwrap_or_default();
        if similarity(&content(g), &content(p)) >= 0.98 {
            s.content_ok += 1;
        }
        score_targets(&mut s, &g.seq, &g.targets, &p.targets);
    }
    for (p, _) in pred.iter().zip(&paired).filter(|(_, k)| !**k) {
        s.fp += p.targets.len();
        s.misses.push(format!(
            "extra item {}: {}",
            p.seq,
            item_text(p, false).chars().take(40).collect::<String>()
        ));
    }
    s
}

/// One document of a scored corpus.
#[derive(Debug, Clone)]
pub struct DocScore {
    /// The document's file name.
    pub file: String,
    /// Its score (a refused document scores every item missed).
    pub score: Score,
    /// Why the importer refused it.
    pub error: Option<String>,
}

/// Reads every gold file in `gold_dir`, parses its document from `docs_dir` (with the
/// extension swapped for `ext` when given: `docx`, `xlsx`, `gbk.txt`) and scores it. A gold
/// file without its document is an error; with `ext`, documents that have no such version
/// are left out and named in the second list.
pub fn score_corpus(
    gold_dir: &std::path::Path,
    docs_dir: &std::path::Path,
    ext: Option<&str>,
) -> Result<(Vec<DocScore>, Vec<String>), String> {
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(gold_dir)
        .map_err(|e| format!("{}: {e}", gold_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("{}: no gold files (*.json)", gold_dir.display()));
    }
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for path in names {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let gold: Gold =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = match ext {
            Some(x) => format!("{}.{x}", gold.file.trim_end_matches(".txt")),
            None => gold.file.clone(),
        };
        let doc = docs_dir.join(&file);
        let bytes = match std::fs::read(&doc) {
            Ok(b) => b,
            Err(_) if ext.is_some() => {
                missing.push(file);
                continue;
            }
            Err(e) => return Err(format!("{}: {e}", doc.display())),
        };
        let (score, error) = match crate::parse_bytes(&bytes, &file) {
            Ok(list) => (score_list(&gold, &list), None),
            Err(e) => (refused(&gold), Some(e.to_string())),
        };
        out.push(DocScore { file, score, error });
    }
    Ok((out, missing))
}

/// The total over a corpus.
pub fn total(results: &[DocScore]) -> Score {
    let mut t = Score::default();
    for r in results {
        t.add(&r.score);
    }
    t
}

/// A table of the results, one document a line, the total last; with `verbose`, every miss.
pub fn render(results: &[DocScore], verbose: bool) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:40} {:>9} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "document", "items", "F1", "lead", "tgt P", "tgt R", "tgt F1"
    );
    for r in results {
        let x = &r.score;
        let name: String = r.file.chars().take(40).collect();
        match &r.error {
            Some(e) => {
                let _ = writeln!(s, "{name:40} REFUSED ({} items): {e}", x.items_gold);
            }
            None => {
                let _ = writeln!(
                    s,
                    "{name:40} {:>4}/{:<4} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
                    x.items_matched,
                    x.items_gold,
                    x.items_f1(),
                    x.field("lead_units"),
                    x.target_precision(),
                    x.target_recall(),
                    x.target_f1()
                );
            }
        }
        if verbose {
            for m in &x.misses {
                let _ = writeln!(s, "    {m}");
            }
        }
    }
    let _ = writeln!(
        s,
        "TOTAL {} documents: {}",
        results.len(),
        total(results).summary()
    );
    s
}

#[cfg(test)]
mod tests {
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
}
