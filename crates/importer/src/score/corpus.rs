//! Scoring a whole corpus: every gold file against its document, the totals, and the table
//! `minsheng parse --score` prints.

use super::{Gold, Score, refused, score_list};

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
