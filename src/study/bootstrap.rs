//! Point estimates with percentile-bootstrap confidence intervals.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// An estimate and its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimate from the whole sample.
    pub estimate: f64,
    /// Lower end of the confidence interval.
    pub ci_low: f64,
    /// Upper end of the confidence interval.
    pub ci_high: f64,
}

/// How the intervals are drawn: `resamples` bootstrap samples at level `confidence`, from a
/// ChaCha stream seeded by `seed`.
#[derive(Debug, Clone, Copy)]
pub struct Bootstrap {
    /// Bootstrap resamples.
    pub resamples: u32,
    /// Confidence level, 0 < confidence < 1.
    pub confidence: f64,
    /// Seed of the resampling stream.
    pub seed: u64,
}

impl Bootstrap {
    /// Estimates `statistic` on the rows `0..rows` and on `resamples` bootstrap samples of
    /// them (the same samples for every statistic of one call); returns one [`Estimate`]
    /// per statistic with the percentile interval (type-7 quantiles of the finite bootstrap
    /// values; NaN when none is finite).
    ///
    /// `statistic(rows, out)` writes the statistics of the sample `rows` (indices, repeats
    /// allowed) into `out`.
    pub fn estimate(
        &self,
        rows: usize,
        count: usize,
        statistic: impl Fn(&[usize], &mut [f64]),
    ) -> Vec<Estimate> {
        let all: Vec<usize> = (0..rows).collect();
        let mut point = vec![0.0; count];
        statistic(&all, &mut point);
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(self.resamples as usize); count];
        let mut sample = vec![0; rows];
        let mut out = vec![0.0; count];
        for _ in 0..self.resamples {
            for slot in sample.iter_mut() {
                *slot = rng.random_range(0..rows);
            }
            statistic(&sample, &mut out);
            for (draw, value) in draws.iter_mut().zip(&out) {
                draw.push(*value);
            }
        }
        let alpha = (1.0 - self.confidence) / 2.0;
        point
            .iter()
            .zip(draws)
            .map(|(&estimate, mut values)| {
                values.retain(|v| v.is_finite());
                values.sort_by(f64::total_cmp);
                Estimate {
                    estimate: clean(estimate),
                    ci_low: clean(quantile7(&values, alpha)),
                    ci_high: clean(quantile7(&values, 1.0 - alpha)),
                }
            })
            .collect()
    }
}

/// Writes minus zero as zero (an exact 0 of a sum of signed zeros).
fn clean(value: f64) -> f64 {
    if value == 0.0 { 0.0 } else { value }
}

/// The type-7 quantile at `p` of sorted `values` (NaN when empty).
fn quantile7(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let h = (values.len() - 1) as f64 * p;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    let hi = (lo + 1).min(values.len() - 1);
    values[lo] + frac * (values[hi] - values[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mean_gets_an_interval_around_it() {
        let data: Vec<f64> = (0..200).map(|i| f64::from(i % 10)).collect();
        let bootstrap = Bootstrap {
            resamples: 500,
            confidence: 0.9,
            seed: 1,
        };
        let mean = |rows: &[usize], out: &mut [f64]| {
            out[0] = rows.iter().map(|&r| data[r]).sum::<f64>() / rows.len() as f64;
        };
        let e = bootstrap.estimate(data.len(), 1, mean)[0];
        assert_eq!(e.estimate, 4.5);
        // sd 2.87, so the standard error of the mean is about 0.2 and the 90 % interval ±0.33.
        assert!(e.ci_low < 4.5 && e.ci_high > 4.5);
        assert!((e.ci_high - e.ci_low - 0.67).abs() < 0.15, "{e:?}");
        assert_eq!(e, bootstrap.estimate(data.len(), 1, mean)[0], "seeded");
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile7(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile7(&[1.0, 2.0], 1.0), 2.0);
        assert!(quantile7(&[], 0.5).is_nan());
        assert_eq!(clean(-0.0).to_bits(), 0.0f64.to_bits());
    }
}
