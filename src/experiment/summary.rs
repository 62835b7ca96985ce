//! `summary.csv`: replicate values gathered across runs and summarised with
//! [`crate::metrics::summary::summarise`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::metrics::collect::METRICS;
use crate::metrics::summary::summarise;
use crate::output::SUMMARY_HEADER;

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
