//! The deputies' vote (人大代表票决): which choices a deputy may cast and which candidates
//! are elected. Pure rules; storage keeps the ballot, the one vote per deputy and the tallies.

use crate::Refusal;

/// A deputy's choices, checked against the ballot: one to `seats` distinct candidates of this
/// ballot. Returns them sorted.
pub fn check_choices(choices: &[i64], seats: i64, candidates: &[i64]) -> Result<Vec<i64>, Refusal> {
    let mut picked = choices.to_vec();
    picked.sort_unstable();
    picked.dedup();
    if picked.len() != choices.len() || picked.is_empty() || picked.len() as i64 > seats {
        return Err(Refusal::ChoiceCount { seats });
    }
    if picked.iter().any(|p| !candidates.contains(p)) {
        return Err(Refusal::NotACandidate);
    }
    Ok(picked)
}

/// The elected candidates, by votes (ties keep the ballot's order): at most `seats` of them,
/// each with at least one vote. A tie for the last seat is refused (the office holds another
/// round), and so is a ballot where nobody got a vote. `candidates` are (title, votes) in the
/// ballot's order; the answer holds their positions.
pub fn winners(candidates: &[(&str, i64)], seats: usize) -> Result<Vec<usize>, Refusal> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // Stable: equal totals keep the ballot's order.
    order.sort_by_key(|&i| std::cmp::Reverse(candidates[i].1));
    let votes = |k: usize| candidates[order[k]].1;
    // Candidates without a vote are never elected, so a tie among them decides nothing.
    if seats > 0 && order.len() > seats && votes(seats) == votes(seats - 1) && votes(seats) > 0 {
        let last = votes(seats - 1);
        let tied = order
            .iter()
            .filter(|&&i| candidates[i].1 == last)
            .map(|&i| candidates[i].0.to_string())
            .collect();
        return Err(Refusal::BallotTie { votes: last, tied });
    }
    if order.first().is_none_or(|&i| candidates[i].1 == 0) {
        return Err(Refusal::NoVotes);
    }
    Ok(order
        .into_iter()
        .take(seats)
        .filter(|&i| candidates[i].1 > 0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winners_by_votes_with_ties_for_the_last_seat_refused() {
        let c = [("A", 3), ("B", 5), ("C", 1), ("D", 0)];
        assert_eq!(winners(&c, 2), Ok(vec![1, 0]));
        // Fewer than the seats got votes: only those with votes are elected.
        assert_eq!(winners(&[("A", 2), ("B", 0), ("C", 0)], 2), Ok(vec![0]));
        // B and C tie for the second seat.
        assert_eq!(
            winners(&[("A", 2), ("B", 1), ("C", 1)], 2),
            Err(Refusal::BallotTie {
                votes: 1,
                tied: vec!["B".into(), "C".into()]
            })
        );
        // A tie above the last seat decides nothing and is no refusal.
        assert_eq!(winners(&[("A", 2), ("B", 2), ("C", 1)], 2), Ok(vec![0, 1]));
        assert_eq!(winners(&[("A", 0), ("B", 0)], 1), Err(Refusal::NoVotes));
        assert_eq!(winners(&[], 1), Err(Refusal::NoVotes));
    }

    #[test]
    fn a_deputy_chooses_one_to_seats_distinct_candidates() {
        let cands = [10, 11, 12, 13];
        assert_eq!(check_choices(&[12, 10], 2, &cands), Ok(vec![10, 12]));
        assert_eq!(
            check_choices(&[10, 11, 12], 2, &cands),
            Err(Refusal::ChoiceCount { seats: 2 })
        );
        assert_eq!(
            check_choices(&[], 2, &cands),
            Err(Refusal::ChoiceCount { seats: 2 })
        );
        assert_eq!(
            check_choices(&[10, 10], 2, &cands),
            Err(Refusal::ChoiceCount { seats: 2 })
        );
        assert_eq!(check_choices(&[99], 2, &cands), Err(Refusal::NotACandidate));
    }
}
