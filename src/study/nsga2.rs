//! NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) for two objectives, cost and outcome,
//! under a budget on cost.
//!
//! A generation of `population` candidates is bred from the current population by binary
//! tournaments (lower non-domination rank, then larger crowding distance), simulated binary
//! crossover (SBX, η = 15, probability 0.9) and polynomial mutation (η = 20, probability
//! 1/levers per lever), clamped to the bounds. Parents and offspring together are sorted into
//! fronts and the best `population` kept, the last front cut by crowding distance. The budget
//! is Deb's constraint-domination: a candidate within budget beats one over it, and of two over
//! budget the cheaper wins. Everything random comes from one ChaCha stream seeded by the
//! study seed, so a search is a pure function of its seed and its evaluations.

use std::cmp::Ordering;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One evaluated candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    /// Its lever values.
    pub x: Vec<f64>,
    /// Its cost.
    pub cost: f64,
    /// Its objective (minimised; NaN counts as +∞).
    pub objective: f64,
    /// The generation it was bred in (0 is the initial population).
    pub generation: usize,
}

impl Evaluated {
    fn objective(&self) -> f64 {
        if self.objective.is_nan() {
            f64::INFINITY
        } else {
            self.objective
        }
    }
}

/// A search problem: lever bounds, budget, and the evaluation of a generation.
pub struct Search {
    /// (min, max) of each lever.
    pub bounds: Vec<(f64, f64)>,
    /// The most a candidate may cost.
    pub budget: f64,
    /// Candidates per generation (even, ≥ 4).
    pub population: usize,
    /// Generations after the initial one.
    pub generations: usize,
    /// Seed of the search.
    pub seed: u64,
}

/// Whether `a` constraint-dominates `b` under `budget`.
pub fn dominates(a: &Evaluated, b: &Evaluated, budget: f64) -> bool {
    let (va, vb) = ((a.cost - budget).max(0.0), (b.cost - budget).max(0.0));
    match (va > 0.0, vb > 0.0) {
        (false, true) => true,
        (true, false) => false,
        (true, true) => va < vb,
        (false, false) => {
            a.cost <= b.cost
                && a.objective() <= b.objective()
                && (a.cost < b.cost || a.objective() < b.objective())
        }
    }
}

/// The non-domination fronts of `items` (indices), best first (Deb's fast sort).
pub fn fronts(items: &[&Evaluated], budget: f64) -> Vec<Vec<usize>> {
    let n = items.len();
    let mut dominated_by = vec![0usize; n];
    let mut dominating: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in 0..n {
            if i != j && dominates(items[i], items[j], budget) {
                dominating[i].push(j);
            } else if i != j && dominates(items[j], items[i], budget) {
                dominated_by[i] += 1;
            }
        }
    }
    let mut fronts = Vec::new();
    let mut current: Vec<usize> = (0..n).filter(|&i| dominated_by[i] == 0).collect();
    while !current.is_empty() {
        let mut next = Vec::new();
        for &i in &current {
            for &j in &dominating[i] {
                dominated_by[j] -= 1;
                if dominated_by[j] == 0 {
                    next.push(j);
                }
            }
        }
        next.sort_unstable();
        fronts.push(std::mem::replace(&mut current, next));
    }
    fronts
}

/// Crowding distances of the members of one front (in the order of `front`).
fn crowding(items: &[&Evaluated], front: &[usize]) -> Vec<f64> {
    let mut distance = vec![0.0; front.len()];
    let objectives: [fn(&Evaluated) -> f64; 2] = [|e| e.cost, |e| e.objective()];
    for value in objectives {
        // A front has at least one member (the sort makes none empty), so `order` has a last.
        let mut order: Vec<usize> = (0..front.len()).collect();
        order.sort_by(|&a, &b| value(items[front[a]]).total_cmp(&value(items[front[b]])));
        let (lo, hi) = (
            value(items[front[order[0]]]),
            value(items[front[*order.last().unwrap()]]),
        );
        distance[order[0]] = f64::INFINITY;
        distance[*order.last().unwrap()] = f64::INFINITY;
        let span = hi - lo;
        if !(span.is_finite() && span > 0.0) {
            continue;
        }
        for w in 1..order.len().saturating_sub(1) {
            let gap = value(items[front[order[w + 1]]]) - value(items[front[order[w - 1]]]);
            distance[order[w]] += gap / span;
        }
    }
    distance
}

/// Rank and crowding distance of every item.
fn rank(items: &[&Evaluated], budget: f64) -> (Vec<Vec<usize>>, Vec<(usize, f64)>) {
    let fronts = fronts(items, budget);
    let mut keys = vec![(0, 0.0); items.len()];
    for (r, front) in fronts.iter().enumerate() {
        for (&i, d) in front.iter().zip(crowding(items, front)) {
            keys[i] = (r, d);
        }
    }
    (fronts, keys)
}

/// Whether rank-and-crowding key `a` is better than `b`.
fn better(a: (usize, f64), b: (usize, f64)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 > b.1)
}

impl Search {
    /// Runs the search from `initial` candidates (completed with uniform draws to a full
    /// population); `evaluate` gives (cost, objective) of each candidate of a generation.
    /// Returns every evaluated candidate, in evaluation order.
    pub fn run<E>(
        &self,
        initial: Vec<Vec<f64>>,
        mut evaluate: impl FnMut(usize, &[Vec<f64>]) -> Result<Vec<(f64, f64)>, E>,
    ) -> Result<Vec<Evaluated>, E> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let mut first: Vec<Vec<f64>> = initial.into_iter().take(self.population).collect();
        while first.len() < self.population {
            first.push(
                self.bounds
                    .iter()
                    .map(|&(lo, hi)| rng.random_range(lo..=hi))
                    .collect(),
            );
        }
        let mut archive = Vec::new();
        let mut population = self.evaluated(0, first, &mut evaluate)?;
        archive.extend(population.iter().cloned());
        for generation in 1..=self.generations {
            let offspring = self.breed(&population, &mut rng);
            let children = self.evaluated(generation, offspring, &mut evaluate)?;
            archive.extend(children.iter().cloned());
            population.extend(children);
            population = self.survivors(population);
        }
        Ok(archive)
    }

    fn evaluated<E>(
        &self,
        generation: usize,
        xs: Vec<Vec<f64>>,
        evaluate: &mut impl FnMut(usize, &[Vec<f64>]) -> Result<Vec<(f64, f64)>, E>,
    ) -> Result<Vec<Evaluated>, E> {
        let values = evaluate(generation, &xs)?;
        Ok(xs
            .into_iter()
            .zip(values)
            .map(|(x, (cost, objective))| Evaluated {
                x,
                cost,
                objective,
                generation,
            })
            .collect())
    }

    /// The best `population` of parents and offspring.
    fn survivors(&self, all: Vec<Evaluated>) -> Vec<Evaluated> {
        let refs: Vec<&Evaluated> = all.iter().collect();
        let (fronts, keys) = rank(&refs, self.budget);
        let mut chosen: Vec<usize> = Vec::with_capacity(self.population);
        for front in fronts {
            if chosen.len() + front.len() <= self.population {
                chosen.extend(front);
                continue;
            }
            let mut rest = front;
            rest.sort_by(|&a, &b| keys[b].1.total_cmp(&keys[a].1).then(a.cmp(&b)));
            chosen.extend(rest.into_iter().take(self.population - chosen.len()));
            break;
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| all[i].clone()).collect()
    }

    /// `population` offspring of `parents`.
    fn breed(&self, parents: &[Evaluated], rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
        let refs: Vec<&Evaluated> = parents.iter().collect();
        let (_, keys) = rank(&refs, self.budget);
        let tournament = |rng: &mut ChaCha8Rng| {
            let (a, b) = (
                rng.random_range(0..parents.len()),
                rng.random_range(0..parents.len()),
            );
            if better(keys[b], keys[a]) { b } else { a }
        };
        let mut children = Vec::with_capacity(self.population);
        while children.len() < self.population {
            let (p, q) = (tournament(rng), tournament(rng));
            let (mut c1, mut c2) = (parents[p].x.clone(), parents[q].x.clone());
            if rng.random_bool(0.9) {
                self.crossover(&mut c1, &mut c2, rng);
            }
            self.mutate(&mut c1, rng);
            self.mutate(&mut c2, rng);
            children.push(c1);
            children.push(c2);
        }
        children.truncate(self.population);
        children
    }

    /// Simulated binary crossover, bounded (Deb and Agrawal 1995), η = 15.
    fn crossover(&self, a: &mut [f64], b: &mut [f64], rng: &mut ChaCha8Rng) {
        const ETA: f64 = 15.0;
        for (i, &(lo, hi)) in self.bounds.iter().enumerate() {
            if !rng.random_bool(0.5) || (a[i] - b[i]).abs() < 1e-14 * (hi - lo) {
                continue;
            }
            let (y1, y2) = (a[i].min(b[i]), a[i].max(b[i]));
            let u: f64 = rng.random();
            let spread = |beta: f64| {
                let alpha = 2.0 - beta.powf(-(ETA + 1.0));
                if u <= 1.0 / alpha {
                    (u * alpha).powf(1.0 / (ETA + 1.0))
                } else {
                    (1.0 / (2.0 - u * alpha)).powf(1.0 / (ETA + 1.0))
                }
            };
            let low = spread(1.0 + 2.0 * (y1 - lo) / (y2 - y1));
            let high = spread(1.0 + 2.0 * (hi - y2) / (y2 - y1));
            let c1 = (0.5 * (y1 + y2 - low * (y2 - y1))).clamp(lo, hi);
            let c2 = (0.5 * (y1 + y2 + high * (y2 - y1))).clamp(lo, hi);
            if rng.random_bool(0.5) {
                (a[i], b[i]) = (c2, c1);
            } else {
                (a[i], b[i]) = (c1, c2);
            }
        }
    }

    /// Polynomial mutation, bounded (Deb), η = 20, each lever with probability 1/levers.
    fn mutate(&self, x: &mut [f64], rng: &mut ChaCha8Rng) {
        const ETA: f64 = 20.0;
        let probability = 1.0 / self.bounds.len() as f64;
        for (xi, &(lo, hi)) in x.iter_mut().zip(&self.bounds) {
            if !rng.random_bool(probability) {
                continue;
            }
            let (d1, d2) = ((*xi - lo) / (hi - lo), (hi - *xi) / (hi - lo));
            let r: f64 = rng.random();
            let power = 1.0 / (ETA + 1.0);
            let dq = if r < 0.5 {
                let v = 2.0 * r + (1.0 - 2.0 * r) * (1.0 - d1).powf(ETA + 1.0);
                v.powf(power) - 1.0
            } else {
                let v = 2.0 * (1.0 - r) + 2.0 * (r - 0.5) * (1.0 - d2).powf(ETA + 1.0);
                1.0 - v.powf(power)
            };
            *xi = (*xi + dq * (hi - lo)).clamp(lo, hi);
        }
    }
}

/// The candidates of `archive` within `budget` that no other candidate within budget
/// dominates, by ascending cost; of candidates with the same cost and objective, the first
/// evaluated.
pub fn pareto_front(archive: &[Evaluated], budget: f64) -> Vec<usize> {
    let feasible: Vec<usize> = (0..archive.len())
        .filter(|&i| archive[i].cost <= budget)
        .collect();
    let mut front: Vec<usize> = feasible
        .iter()
        .copied()
        .filter(|&i| {
            !feasible.iter().any(|&j| {
                dominates(&archive[j], &archive[i], budget)
                    || (j < i
                        && archive[j].cost == archive[i].cost
                        && archive[j].objective() == archive[i].objective())
            })
        })
        .collect();
    front.sort_by(|&a, &b| {
        archive[a].cost.total_cmp(&archive[b].cost).then(
            match archive[a].objective().partial_cmp(&archive[b].objective()) {
                Some(order) => order,
                None => Ordering::Equal,
            },
        )
    });
    front
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn point(cost: f64, objective: f64) -> Evaluated {
        Evaluated {
            x: vec![],
            cost,
            objective,
            generation: 0,
        }
    }

    /// Schaffer's problem (f1 = x², f2 = (x − 2)² on [−5, 5]), with cost f1 and objective f2:
    /// the Pareto set is 0 ≤ x ≤ 2, the front f2 = (√f1 − 2)².
    #[test]
    fn finds_schaffers_front() {
        let search = Search {
            bounds: vec![(-5.0, 5.0)],
            budget: f64::INFINITY,
            population: 20,
            generations: 30,
            seed: 3,
        };
        let archive = search
            .run::<()>(Vec::new(), |_, xs| {
                Ok(xs
                    .iter()
                    .map(|x| (x[0] * x[0], (x[0] - 2.0).powi(2)))
                    .collect())
            })
            .unwrap();
        assert_eq!(archive.len(), 20 * 31);
        let front = pareto_front(&archive, f64::INFINITY);
        assert!(front.len() >= 15, "{} points", front.len());
        for &i in &front {
            let e = &archive[i];
            assert!(
                (-1e-3..=2.0 + 1e-3).contains(&e.x[0]),
                "{e:?} is off the Pareto set"
            );
            assert!((e.objective - (e.cost.sqrt() - 2.0).powi(2)).abs() < 1e-9);
        }
        let (min_cost, min_objective) = front.iter().fold((f64::MAX, f64::MAX), |(c, o), &i| {
            (c.min(archive[i].cost), o.min(archive[i].objective))
        });
        assert!(
            min_cost < 0.01 && min_objective < 0.01,
            "the front spans both ends"
        );
    }

    /// Two levers with a linear stand-in cost x1 + x2 and objective (1 − x1)² + (1 − x2)²
    /// under a budget of 1.5: the best mix at cost c is x1 = x2 = c / 2, objective
    /// 2 (1 − c/2)²; every front point lies on that curve within 0.02, costs at most 1.5, and
    /// stays within the bounds.
    #[test]
    fn finds_the_budgeted_front_of_a_linear_cost() {
        let search = Search {
            bounds: vec![(0.0, 1.0), (0.0, 1.0)],
            budget: 1.5,
            population: 24,
            generations: 40,
            seed: 8,
        };
        let archive = search
            .run::<()>(vec![vec![1.0, 1.0]], |_, xs| {
                Ok(xs
                    .iter()
                    .map(|x| (x[0] + x[1], (1.0 - x[0]).powi(2) + (1.0 - x[1]).powi(2)))
                    .collect())
            })
            .unwrap();
        assert_eq!(
            archive[0].x,
            vec![1.0, 1.0],
            "the initial candidate is evaluated first"
        );
        let front = pareto_front(&archive, 1.5);
        assert!(front.len() >= 10);
        let mut gaps = Vec::new();
        for &i in &front {
            let e = &archive[i];
            assert!(e.cost <= 1.5);
            assert!(e.x.iter().all(|v| (0.0..=1.0).contains(v)));
            let best = 2.0 * (1.0 - e.cost / 2.0).powi(2);
            assert!(e.objective >= best - 1e-12, "nothing beats the optimum");
            assert!(
                e.objective - best < 0.05,
                "{e:?}: best at this cost is {best}"
            );
            gaps.push(e.objective - best);
        }
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        assert!(mean < 0.01, "mean distance to the true front {mean}");
        let top = front.iter().map(|&i| archive[i].cost).fold(0.0, f64::max);
        assert!(top > 1.4, "the front reaches the budget: {top}");
    }

    #[test]
    fn the_budget_comes_before_the_objective() {
        let (cheap_bad, dear_good) = (point(1.0, 5.0), point(3.0, 1.0));
        assert!(dominates(&cheap_bad, &dear_good, 2.0));
        assert!(!dominates(&cheap_bad, &dear_good, 4.0) && !dominates(&dear_good, &cheap_bad, 4.0));
        assert!(
            dominates(&point(2.5, 9.0), &point(3.0, 1.0), 2.0),
            "less over budget wins"
        );
        assert!(
            dominates(&point(1.0, 1.0), &point(1.0, f64::NAN), 2.0),
            "NaN is worst"
        );
    }

    proptest! {
        /// Every member of the first front is dominated by nobody, and everyone else is
        /// dominated by some member of the first front.
        #[test]
        fn the_first_front_is_the_non_dominated_set(
            values in proptest::collection::vec((0.0f64..10.0, 0.0f64..10.0), 1..40),
            budget in 1.0f64..12.0,
        ) {
            let items: Vec<Evaluated> = values.iter().map(|&(c, o)| point(c, o)).collect();
            let refs: Vec<&Evaluated> = items.iter().collect();
            let fronts = fronts(&refs, budget);
            prop_assert_eq!(fronts.iter().map(Vec::len).sum::<usize>(), items.len());
            for &i in &fronts[0] {
                prop_assert!(!items.iter().any(|other| dominates(other, &items[i], budget)));
            }
            for front in &fronts[1..] {
                for &i in front {
                    prop_assert!(fronts[0].iter().any(|&f| dominates(&items[f], &items[i], budget)));
                }
            }
        }
    }
}
