//! The importer's own scorer: a parsed list against hand-made gold labels (the corpus schema,
//! `corpus/README.md`). Items are paired by their text, so a reading that splits or merges
//! items loses them; fields, lead units and targets are then compared per pair.

use crate::model::{ParsedItem, ParsedList, ParsedTarget};
use crate::normalize::fold_for_compare;
use serde::Deserialize;

mod corpus;
mod pairing;

pub use corpus::{DocScore, render, score_corpus, total};
use pairing::{align, item_text, similarity};

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

#[cfg(test)]
mod tests;
