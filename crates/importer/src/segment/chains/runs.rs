//! Runs 1, 2, 3 … of one numbering style, from marks at line starts or anywhere in a paragraph.

use crate::segment::enumerators::{Mark, Style};

/// Which marks a run may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Only marks that begin a line.
    LineStart,
    /// Marks anywhere after a sentence or clause boundary.
    Inline,
}

/// Runs 1, 2, 3 … of one style. A mark extends the latest run that expects its value; a 1
/// starts a new run. Runs that overlap are alternatives (an item's own numbering inside a
/// list, page markers across it): the longest is kept, then the longest of the rest that
/// overlap nothing kept, and so on — lists restarting under each heading all stay.
pub(super) fn runs(ms: &[Mark], style: Style, mode: Mode) -> Vec<Vec<Mark>> {
    let mut runs: Vec<Vec<Mark>> = Vec::new();
    for m in ms
        .iter()
        .filter(|m| m.style == style && (mode == Mode::Inline || m.line_start))
    {
        let extend = runs
            .iter()
            .rposition(|r| r.last().is_some_and(|l| l.value + 1 == m.value));
        if let Some(k) = extend {
            runs[k].push(*m);
        } else if !m.weak && (m.value == 1 || runs.is_empty() && m.line_start) {
            runs.push(vec![*m]);
        }
    }
    let span = |r: &Vec<Mark>| (r[0].start, r[r.len() - 1].start);
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|a, b| {
        let (sa, sb) = (span(&runs[*a]), span(&runs[*b]));
        runs[*b]
            .len()
            .cmp(&runs[*a].len())
            .then((sb.1 - sb.0).cmp(&(sa.1 - sa.0)))
            .then(a.cmp(b))
    });
    let mut kept: Vec<usize> = Vec::new();
    for k in order {
        let (s, e) = span(&runs[k]);
        let clash = kept.iter().any(|&j| {
            let (js, je) = span(&runs[j]);
            s <= je && js <= e
        });
        if !clash {
            kept.push(k);
        }
    }
    kept.sort_unstable();
    kept.into_iter().map(|k| runs[k].clone()).collect()
}
