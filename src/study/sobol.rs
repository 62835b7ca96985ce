//! Sobol indices from a Saltelli design: first-order S1 by the Saltelli (2010) estimator and
//! total ST by the Jansen (1999) estimator, with bootstrap confidence intervals.
//!
//! With f(A), f(B) and f(A_B^i) (A with column i from B) over the N base rows j:
//!
//! - V = the variance of the 2N values f(A_j), f(B_j) (divided by 2N);
//! - S1_i = mean_j (f(B_j) − m) · (f(A_B^i_j) − f(A_j)) / V, with m the mean of the 2N
//!   values: centring leaves the estimator's expectation as it is (f(A_B^i) and f(A) have the
//!   same mean) and removes the variance an output far from zero (a ratio near 2) would add;
//! - ST_i = mean_j (f(A_j) − f(A_B^i_j))² / (2 V).
//!
//! A key that does not change the model has f(A_B^i) = f(A) exactly (common random
//! numbers), so both its indices and their intervals are exactly 0. The intervals resample
//! the base rows (the same resamples for every key, so S1 and ST of a key are comparable).

use super::bootstrap::{Bootstrap, Estimate};

/// The model's values on a Saltelli design, by base row.
#[derive(Debug, Clone, Default)]
pub struct SaltelliValues {
    /// f(A_j).
    pub a: Vec<f64>,
    /// f(B_j).
    pub b: Vec<f64>,
    /// f(A_B^i_j), by key i then row j.
    pub ab: Vec<Vec<f64>>,
}

/// First-order and total indices of one output, by key.
#[derive(Debug, Clone)]
pub struct SobolIndices {
    /// S1 by key.
    pub first: Vec<Estimate>,
    /// ST by key.
    pub total: Vec<Estimate>,
}

/// S1 and ST of every key, with percentile-bootstrap intervals over the base rows.
pub fn indices(values: &SaltelliValues, bootstrap: &Bootstrap) -> SobolIndices {
    let k = values.ab.len();
    let statistic = |rows: &[usize], out: &mut [f64]| {
        let n = rows.len() as f64;
        let mean = rows.iter().map(|&j| values.a[j] + values.b[j]).sum::<f64>() / (2.0 * n);
        let variance = rows
            .iter()
            .map(|&j| (values.a[j] - mean).powi(2) + (values.b[j] - mean).powi(2))
            .sum::<f64>()
            / (2.0 * n);
        for (i, ab) in values.ab.iter().enumerate() {
            let (mut first, mut total) = (0.0, 0.0);
            for &j in rows {
                let change = ab[j] - values.a[j];
                first += (values.b[j] - mean) * change;
                total += change * change;
            }
            out[i] = first / n / variance;
            out[k + i] = total / (2.0 * n) / variance;
        }
    };
    let mut all = bootstrap.estimate(values.a.len(), 2 * k, statistic);
    let total = all.split_off(k);
    SobolIndices { first: all, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::design::{Block, Distribution, saltelli};

    /// The Ishigami function with a = 7, b = 0.1 on [−π, π]³.
    fn ishigami(x: &[f64]) -> f64 {
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    fn evaluate(n: usize, k: usize, seed: u64, f: impl Fn(&[f64]) -> f64) -> SaltelliValues {
        let pi = std::f64::consts::PI;
        let range = Distribution::Uniform { min: -pi, max: pi };
        let mut values = SaltelliValues {
            ab: vec![Vec::new(); k],
            ..Default::default()
        };
        for point in saltelli(n, k, seed) {
            let x: Vec<f64> = point.unit.iter().map(|&u| range.quantile(u)).collect();
            let y = f(&x);
            match point.block {
                Block::A => values.a.push(y),
                Block::B => values.b.push(y),
                Block::AB(i) => values.ab[i].push(y),
                Block::Step(_) => unreachable!(),
            }
        }
        values
    }

    /// The analytic indices of Ishigami (a = 7, b = 0.1) fall within the 95 % bootstrap
    /// intervals at N = 4096 (20,480 evaluations), and the intervals are narrow.
    #[test]
    fn ishigami_indices_match_the_analytic_values() {
        let (a, b) = (7.0f64, 0.1f64);
        let pi4 = std::f64::consts::PI.powi(4);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        let first = [v1 / v, v2 / v, 0.0];
        let total = [(v1 + v13) / v, v2 / v, v13 / v];
        assert!((first[0] - 0.3139).abs() < 1e-4 && (total[2] - 0.2437).abs() < 1e-4);

        let values = evaluate(4096, 3, 11, ishigami);
        let bootstrap = Bootstrap {
            resamples: 1000,
            confidence: 0.95,
            seed: 5,
        };
        let found = indices(&values, &bootstrap);
        for i in 0..3 {
            for (name, e, truth) in [
                ("S1", found.first[i], first[i]),
                ("ST", found.total[i], total[i]),
            ] {
                eprintln!(
                    "x{} {name}: {:.4} [{:.4}, {:.4}] (analytic {truth:.4})",
                    i + 1,
                    e.estimate,
                    e.ci_low,
                    e.ci_high
                );
                assert!(
                    e.ci_low <= truth && truth <= e.ci_high,
                    "x{} {name}: {e:?} vs {truth}",
                    i + 1
                );
                assert!(
                    e.ci_high - e.ci_low < 0.1,
                    "x{} {name}: wide interval {e:?}",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn a_key_that_changes_nothing_gets_exactly_zero() {
        let values = evaluate(64, 3, 2, |x| x[0] + x[1] * x[1]);
        let found = indices(
            &values,
            &Bootstrap {
                resamples: 100,
                confidence: 0.95,
                seed: 1,
            },
        );
        let zero = Estimate {
            estimate: 0.0,
            ci_low: 0.0,
            ci_high: 0.0,
        };
        assert_eq!(found.first[2], zero);
        assert_eq!(found.total[2], zero);
        assert_eq!(
            found.first[2].estimate.to_bits(),
            0.0f64.to_bits(),
            "not minus zero"
        );
        // Var(x1) = π²/3 and Var(x2²) = 4π⁴/45: ST ≈ 0.28 and 0.72.
        assert!(found.total[0].estimate > 0.2 && found.total[1].estimate > 0.6);
    }
}
