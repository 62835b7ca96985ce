//! Across-replicate statistics of one metric in one year of one variant.
//!
//! [`summarise`] writes `summary.csv` (through `experiment::summary`) and is what the charts
//! use when an output folder has no `summary.csv`, so both paths draw the same bands.

/// Mean, spread and percentiles of one metric's replicate values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplicateStats {
    /// Arithmetic mean of the finite values (NaN when there are none).
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1); 0 for one value or equal values, NaN for
    /// none.
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest value.
    pub max: f64,
    /// Number of finite values the statistics are computed from.
    pub n: u32,
}

/// Summarises replicate values, ignoring NaN and infinite ones.
///
/// Percentiles interpolate linearly between order statistics (Hyndman–Fan type 7, the
/// default of R and NumPy): with sorted values `x[0..n]`, the q-quantile is at position
/// `(n − 1)·q`. With no finite value every statistic is NaN and `n` is 0.
pub fn summarise(values: &[f64]) -> ReplicateStats {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return ReplicateStats {
            mean: f64::NAN,
            sd: f64::NAN,
            min: f64::NAN,
            p05: f64::NAN,
            p50: f64::NAN,
            p95: f64::NAN,
            max: f64::NAN,
            n: 0,
        };
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let (min, max) = (v[0], v[n - 1]);
    if min == max {
        // Equal values: their mean and spread exactly, free of summation noise.
        return ReplicateStats {
            mean: min,
            sd: 0.0,
            min,
            p05: min,
            p50: min,
            p95: min,
            max,
            n: n as u32,
        };
    }
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    ReplicateStats {
        mean,
        sd,
        min,
        p05: quantile_sorted(&v, 0.05),
        p50: quantile_sorted(&v, 0.5),
        p95: quantile_sorted(&v, 0.95),
        max,
        n: n as u32,
    }
}

/// Type-7 quantile of sorted, non-empty, finite values.
fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        let s = summarise(&[3.0, 1.0, 2.0, f64::NAN, f64::INFINITY]);
        assert_eq!(s.n, 3);
        assert_eq!(s.mean, 2.0);
        assert_eq!(s.sd, 1.0);
        assert!((s.p05 - 1.1).abs() < 1e-12);
        assert_eq!(s.p50, 2.0);
        assert!((s.p95 - 2.9).abs() < 1e-12);
        assert_eq!((s.min, s.max), (1.0, 3.0));
    }

    #[test]
    fn equal_values_have_their_value_as_mean_and_no_spread() {
        // 0.1 + 0.1 + 0.1 is not 0.3, and the naive mean not 0.1.
        let s = summarise(&[0.1, 0.1, 0.1]);
        assert_eq!((s.mean, s.sd, s.min, s.p95), (0.1, 0.0, 0.1, 0.1));
    }

    #[test]
    fn one_value_and_none() {
        let s = summarise(&[4.5]);
        assert_eq!((s.mean, s.sd, s.p05, s.p95, s.n), (4.5, 0.0, 4.5, 4.5, 1));
        let s = summarise(&[f64::NAN]);
        assert_eq!(s.n, 0);
        assert!(s.mean.is_nan() && s.p05.is_nan());
    }
}
