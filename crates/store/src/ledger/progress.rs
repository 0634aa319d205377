//! What a list's kept ledger is summed up as for the boards above it: its average progress
//! (planned and reported percent, with the part of each list above that allocated items to
//! it), and its figures on the items allocated from above.

use super::assess::PlanLedger;
use minsheng_domain::PlanId;

/// A list's figures on its items allocated from above: (item, target, achieved).
pub(crate) type Figures = Vec<(i64, i64, f64)>;

/// The figures of `l`'s items allocated from above.
pub(crate) fn figures_of(l: &PlanLedger) -> Figures {
    l.items
        .iter()
        .filter(|i| i.from_plan.is_some())
        .flat_map(|i| {
            i.targets
                .iter()
                .filter_map(move |t| Some((i.detail.item.id.0, t.target.id.0, t.achieved?)))
        })
        .collect()
}

/// A list's average progress on a day: the mean of its items' planned (序时) and reported
/// percents, and how many items; and, per list above that allocated some of them, their
/// part (a board showing that list too counts them once, there).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProgress {
    /// Mean planned percent.
    pub planned: f64,
    /// Mean reported percent (an item with none counts as 0).
    pub actual: f64,
    /// Items.
    pub items: usize,
    /// Per list above: (list, planned sum, reported sum, items) of the items it allocated.
    pub from: Vec<(PlanId, f64, f64, usize)>,
}

impl PlanProgress {
    /// The averages of `l`'s items.
    pub fn of(l: &PlanLedger) -> PlanProgress {
        PlanProgress::of_items(&l.items)
    }

    /// The averages of any items (of one list or several).
    pub fn of_items<'a>(items: impl IntoIterator<Item = &'a super::ItemLedger>) -> PlanProgress {
        let (mut n, mut planned, mut actual) = (0usize, 0.0, 0.0);
        let mut from: Vec<(PlanId, f64, f64, usize)> = Vec::new();
        for i in items {
            let (p, a) = (i.assessment.expected, i.assessment.actual.unwrap_or(0.0));
            n += 1;
            planned += p;
            actual += a;
            if let Some(above) = i.from_plan {
                match from.iter_mut().find(|f| f.0 == above) {
                    Some(f) => (f.1, f.2, f.3) = (f.1 + p, f.2 + a, f.3 + 1),
                    None => from.push((above, p, a, 1)),
                }
            }
        }
        let per = n.max(1) as f64;
        PlanProgress {
            planned: planned / per,
            actual: actual / per,
            items: n,
            from,
        }
    }

    /// (planned sum, reported sum, items) without the items allocated from any of `above`:
    /// what this list adds to a board that shows those lists too.
    pub fn without(&self, above: &[PlanId]) -> (f64, f64, usize) {
        let n = self.items as f64;
        let (mut p, mut a, mut k) = (self.planned * n, self.actual * n, self.items);
        for f in self.from.iter().filter(|f| above.contains(&f.0)) {
            (p, a, k) = (p - f.1, a - f.2, k - f.3);
        }
        (p, a, k)
    }
}
