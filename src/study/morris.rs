//! Morris screening: elementary effects along trajectories, their mean absolute value μ*
//! (Campolongo et al. 2007) and standard deviation σ, with bootstrap confidence intervals over
//! the trajectories.
//!
//! Effects are measured in the unit cube: EE = (f(x + Δ e_i) − f(x)) / Δ with Δ a share of
//! the key's range (or of its probability range), so μ* reads as the output's change across
//! the whole range of the key. A key that does not change the model has every effect exactly
//! 0, so μ* = σ = 0 with intervals [0, 0].

use super::bootstrap::{Bootstrap, Estimate};
use super::design::UnitPoint;

/// μ* and σ of one key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MorrisIndices {
    /// Mean absolute elementary effect.
    pub mu_star: Estimate,
    /// Sample standard deviation of the elementary effects.
    pub sigma: Estimate,
}

/// The elementary effects of each key (by key, then trajectory) from the model's values
/// `y` at the design `points` (trajectories of k + 1 points each, as
/// [`super::design::morris`] makes them).
pub fn elementary_effects(points: &[UnitPoint], y: &[f64], k: usize) -> Vec<Vec<f64>> {
    let mut effects = vec![Vec::new(); k];
    for (trajectory, values) in points.chunks(k + 1).zip(y.chunks(k + 1)) {
        for s in 1..trajectory.len() {
            let (before, after) = (&trajectory[s - 1].unit, &trajectory[s].unit);
            let i = (0..k)
                .find(|&i| before[i] != after[i])
                .expect("a Morris step moves one key");
            effects[i].push((values[s] - values[s - 1]) / (after[i] - before[i]));
        }
    }
    effects
}

/// μ* and σ of every key from its elementary effects (one per trajectory).
pub fn indices(effects: &[Vec<f64>], bootstrap: &Bootstrap) -> Vec<MorrisIndices> {
    let k = effects.len();
    let r = effects.first().map_or(0, Vec::len);
    let statistic = |rows: &[usize], out: &mut [f64]| {
        let n = rows.len() as f64;
        for (i, ee) in effects.iter().enumerate() {
            let mean = rows.iter().map(|&t| ee[t]).sum::<f64>() / n;
            out[i] = rows.iter().map(|&t| ee[t].abs()).sum::<f64>() / n;
            let squares = rows.iter().map(|&t| (ee[t] - mean).powi(2)).sum::<f64>();
            out[k + i] = (squares / (n - 1.0)).sqrt();
        }
    };
    let all = bootstrap.estimate(r, 2 * k, statistic);
    (0..k)
        .map(|i| MorrisIndices {
            mu_star: all[i],
            sigma: all[k + i],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::design::morris;

    /// f = 3 x1 + 2 x2² + 0 · x3: x1 is linear (μ* = 3, σ = 0), x2 non-linear (σ > 0), x3 inert.
    #[test]
    fn morris_finds_the_linear_the_nonlinear_and_the_inert_input() {
        let f = |x: &[f64]| 3.0 * x[0] + 2.0 * x[1] * x[1];
        let points = morris(40, 3, 4, 9);
        let y: Vec<f64> = points.iter().map(|p| f(&p.unit)).collect();
        let effects = elementary_effects(&points, &y, 3);
        assert!(effects.iter().all(|e| e.len() == 40));
        let found = indices(
            &effects,
            &Bootstrap {
                resamples: 200,
                confidence: 0.95,
                seed: 4,
            },
        );
        assert!((found[0].mu_star.estimate - 3.0).abs() < 1e-12);
        assert!(found[0].sigma.estimate < 1e-12);
        // x2's effect 2 (2x + Δ) lies between 2·Δ = 4/3 and 2·(2 − Δ) + ... over the grid.
        assert!(found[1].mu_star.estimate > 1.0 && found[1].sigma.estimate > 0.1);
        let zero = Estimate {
            estimate: 0.0,
            ci_low: 0.0,
            ci_high: 0.0,
        };
        assert_eq!(
            found[2],
            MorrisIndices {
                mu_star: zero,
                sigma: zero
            }
        );
    }
}
