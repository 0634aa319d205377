//! Department scoring and ranking (部门排名 / 绩效考核). A unit's score is the weighted mean of
//! the parts that apply to it, each a rate between 0 and 1, times 100:
//!
//! - timeliness (报送及时率) = reports submitted by their due date ÷ reports due;
//! - attainment (目标完成率) = mean over the unit's targets of min(achieved ÷ target, 100%);
//! - overdue (逾期控制) = 1 − overdue items ÷ items;
//! - orders (督办按期办结率) = supervision orders answered by their deadline ÷ orders due;
//! - satisfaction (满意率) = (满意 + 基本满意) ÷ valid ratings, at year end when available.
//!
//! A part with nothing to measure (no orders, no ratings) is left out and the other weights
//! carry the score, so a unit is neither rewarded nor punished for what did not happen.

use serde::{Deserialize, Serialize};

/// Weights of the parts (any non-negative numbers; they are normalised).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoreWeights {
    /// Timeliness of reports.
    pub timeliness: f64,
    /// Target attainment.
    pub attainment: f64,
    /// Overdue items.
    pub overdue: f64,
    /// Supervision orders answered on time.
    pub orders: f64,
    /// Satisfaction.
    pub satisfaction: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            timeliness: 30.0,
            attainment: 40.0,
            overdue: 20.0,
            orders: 10.0,
            satisfaction: 20.0,
        }
    }
}

impl ScoreWeights {
    /// Checks typed weights: each 0–100, not all zero.
    pub fn validate(&self) -> Result<(), crate::refusal::SetupRefusal> {
        let all = [
            self.timeliness,
            self.attainment,
            self.overdue,
            self.orders,
            self.satisfaction,
        ];
        if all
            .iter()
            .any(|w| !(w.is_finite() && (0.0..=100.0).contains(w)))
        {
            return Err(crate::refusal::SetupRefusal::WeightRange);
        }
        if all.iter().sum::<f64>() <= 0.0 {
            return Err(crate::refusal::SetupRefusal::WeightsAllZero);
        }
        Ok(())
    }
}

/// What is known about one unit over the scoring range.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitFacts {
    /// Unit id (as stored).
    pub unit_id: i64,
    /// Unit name.
    pub unit: String,
    /// Items it leads.
    pub items: usize,
    /// Of which overdue.
    pub overdue_items: usize,
    /// Reports due in the range.
    pub reports_due: usize,
    /// Of which submitted by their due date.
    pub reports_on_time: usize,
    /// Targets counted.
    pub targets: usize,
    /// Sum over targets of min(achieved ÷ target, 1).
    pub capped_ratio_sum: f64,
    /// Supervision orders whose deadline has passed or that were answered.
    pub orders_due: usize,
    /// Of which answered by their deadline.
    pub orders_on_time: usize,
    /// Valid satisfaction ratings, if any: (满意, 基本满意, 不满意).
    pub ratings: Option<(u32, u32, u32)>,
}

/// A unit's score with its parts (each 0–1, None when not applicable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitScore {
    /// The facts scored.
    pub facts: UnitFacts,
    /// Timeliness.
    pub timeliness: Option<f64>,
    /// Attainment.
    pub attainment: Option<f64>,
    /// Overdue control.
    pub overdue: Option<f64>,
    /// Orders on time.
    pub orders: Option<f64>,
    /// Satisfaction rate.
    pub satisfaction: Option<f64>,
    /// Weighted score, 0–100.
    pub score: f64,
    /// Rank (1 = best; equal scores share a rank).
    pub rank: usize,
}

fn rate(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Scores one unit.
pub fn score(facts: UnitFacts, w: &ScoreWeights) -> UnitScore {
    let timeliness = rate(facts.reports_on_time, facts.reports_due);
    let attainment = (facts.targets > 0).then(|| facts.capped_ratio_sum / facts.targets as f64);
    let overdue = rate(
        facts.items - facts.overdue_items.min(facts.items),
        facts.items,
    );
    let orders = rate(facts.orders_on_time, facts.orders_due);
    let satisfaction = facts.ratings.and_then(|(s, b, u)| {
        let n = (s + b + u) as usize;
        rate((s + b) as usize, n)
    });
    let parts = [
        (timeliness, w.timeliness),
        (attainment, w.attainment),
        (overdue, w.overdue),
        (orders, w.orders),
        (satisfaction, w.satisfaction),
    ];
    let (sum, weight) = parts
        .iter()
        .filter_map(|(v, w)| v.map(|v| (v * w, *w)))
        .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    let score = if weight > 0.0 {
        (sum / weight * 1000.0).round() / 10.0
    } else {
        0.0
    };
    UnitScore {
        facts,
        timeliness,
        attainment,
        overdue,
        orders,
        satisfaction,
        score,
        rank: 0,
    }
}

/// Scores and ranks units: best score first, then by name; equal scores share a rank
/// (1, 2, 2, 4).
pub fn rank(units: Vec<UnitFacts>, w: &ScoreWeights) -> Vec<UnitScore> {
    let mut out: Vec<UnitScore> = units.into_iter().map(|f| score(f, w)).collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.facts.unit.cmp(&b.facts.unit))
    });
    for i in 0..out.len() {
        out[i].rank = if i > 0 && out[i].score == out[i - 1].score {
            out[i - 1].rank
        } else {
            i + 1
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str) -> UnitFacts {
        UnitFacts {
            unit: name.into(),
            items: 4,
            overdue_items: 1,
            reports_due: 10,
            reports_on_time: 8,
            targets: 2,
            capped_ratio_sum: 1.5,
            ..UnitFacts::default()
        }
    }

    #[test]
    fn weighted_mean_of_the_parts_that_apply() {
        let w = ScoreWeights::default();
        // No orders, no ratings: (0.8×30 + 0.75×40 + 0.75×20) / 90 = 69/90 = 76.7
        let s = score(facts("甲"), &w);
        assert_eq!(s.score, 76.7);
        assert_eq!(s.orders, None);
        // With 1 of 2 orders on time: (69 + 0.5×10) / 100 = 74.0
        let mut f = facts("甲");
        f.orders_due = 2;
        f.orders_on_time = 1;
        assert_eq!(score(f.clone(), &w).score, 74.0);
        // Ratings 6 满意, 2 基本满意, 2 不满意: + 0.8×20 → (74 + 16) / 120 = 75.0
        f.ratings = Some((6, 2, 2));
        assert_eq!(score(f, &w).score, 75.0);
    }

    #[test]
    fn ties_share_a_rank() {
        let mut best = facts("乙");
        best.reports_on_time = 10;
        let r = rank(
            vec![facts("丙"), best, facts("甲")],
            &ScoreWeights::default(),
        );
        let got: Vec<(&str, usize)> = r.iter().map(|s| (s.facts.unit.as_str(), s.rank)).collect();
        // Equal scores: by name in code-point order (丙 U+4E19 before 甲 U+7532).
        assert_eq!(got, vec![("乙", 1), ("丙", 2), ("甲", 2)]);
    }

    #[test]
    fn weights_are_checked() {
        let mut w = ScoreWeights::default();
        assert!(w.validate().is_ok());
        w.orders = -1.0;
        assert!(w.validate().is_err());
        let zero = ScoreWeights {
            timeliness: 0.0,
            attainment: 0.0,
            overdue: 0.0,
            orders: 0.0,
            satisfaction: 0.0,
        };
        assert!(zero.validate().is_err());
    }
}
