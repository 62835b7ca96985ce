//! Replicate summaries for `summary.csv`: mean, sample standard deviation and quantiles.

use std::collections::BTreeMap;
use std::path::Path;

use crate::metrics::collect::METRICS;
use crate::output::SUMMARY_HEADER;

/// Summary statistics of one (variant, year, metric) across replicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1); 0 for a single replicate.
    pub sd: f64,
    /// 5th percentile (linear interpolation between order statistics, "type 7").
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Number of replicates.
    pub n: usize,
}

/// Summarises `values` (in replicate order; NaN values are kept and make the result NaN).
pub fn summarise(values: &[f64]) -> Summary {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let quantile = |p: f64| {
        let position = p * (n - 1) as f64;
        let low = position.floor() as usize;
        let high = position.ceil() as usize;
        sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
    };
    Summary {
        mean,
        sd,
        p05: quantile(0.05),
        p50: quantile(0.5),
        p95: quantile(0.95),
        n,
    }
}

/// Metric values gathered across runs, keyed by (variant index, year, metric index); values
/// must be added in replicate order. Used by a run and by `ewsim merge` alike, so both write
/// the same `summary.csv`.
#[derive(Debug, Default)]
pub struct SummaryTable {
    values: BTreeMap<(usize, i32, usize), Vec<f64>>,
}

impl SummaryTable {
    /// Adds one run's value of metric `metric` (index into `METRICS`) in `year`.
    pub fn add(&mut self, variant: usize, year: i32, metric: usize, value: f64) {
        self.values
            .entry((variant, year, metric))
            .or_default()
            .push(value);
    }

    /// Writes `summary.csv`, ordered by variant, year and metric.
    pub fn write(&self, path: &Path, variants: &[String]) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_path(path)?;
        writer.write_record(SUMMARY_HEADER)?;
        for ((variant, year, metric), values) in &self.values {
            let s = summarise(values);
            writer.serialize((
                &variants[*variant],
                year,
                METRICS[*metric],
                s.mean,
                s.sd,
                s.p05,
                s.p50,
                s.p95,
                s.n,
            ))?;
        }
        writer.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_summary() {
        let s = summarise(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(s.mean, 3.0);
        assert!((s.sd - 2.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.p50, 3.0);
        assert!((s.p05 - 1.2).abs() < 1e-12);
        assert!((s.p95 - 4.8).abs() < 1e-12);
        let one = summarise(&[7.0]);
        assert_eq!(
            (one.mean, one.sd, one.p05, one.p95, one.n),
            (7.0, 0.0, 7.0, 7.0, 1)
        );
    }
}
