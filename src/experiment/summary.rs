//! `summary.csv`: replicate values gathered across runs and summarised with
//! [`crate::metrics::summary::summarise`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::metrics::collect::METRICS;
use crate::metrics::summary::{ReplicateStats, summarise};
use crate::output::SUMMARY_HEADER;
use crate::output::number::{Num, difference};
use crate::scenario::BASELINE;

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
        let rows = self
            .values
            .iter()
            .map(|(&key, values)| (key, summarise(values)));
        write_rows(path, variants, rows)
    }

    /// Writes `effects.csv`: for every variant other than `baseline`, each replicate's value
    /// minus the baseline's value of the same replicate (the same random numbers, so the
    /// difference is the policy's effect in that world), summarised like `summary.csv`. Returns
    /// false and writes nothing when the study has no `baseline` or no other variant.
    pub fn write_effects(&self, path: &Path, variants: &[String]) -> anyhow::Result<bool> {
        let Some(baseline) = variants.iter().position(|v| v == BASELINE) else {
            return Ok(false);
        };
        if variants.len() < 2 {
            return Ok(false);
        }
        let mut differences = Vec::new();
        let rows = self
            .values
            .iter()
            .filter(|((variant, _, _), _)| *variant != baseline)
            .map(|(&(variant, year, metric), values)| {
                let base = self
                    .values
                    .get(&(baseline, year, metric))
                    .map_or(&[][..], Vec::as_slice);
                differences.clear();
                differences.extend(values.iter().zip(base).map(|(v, b)| difference(*v, *b)));
                ((variant, year, metric), summarise(&differences))
            })
            .collect::<Vec<_>>();
        write_rows(path, variants, rows.into_iter())?;
        Ok(true)
    }
}

/// Writes summary rows under `SUMMARY_HEADER`, in the order given.
fn write_rows(
    path: &Path,
    variants: &[String],
    rows: impl Iterator<Item = ((usize, i32, usize), ReplicateStats)>,
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(SUMMARY_HEADER)?;
    for ((variant, year, metric), s) in rows {
        writer.serialize((
            &variants[variant],
            year,
            METRICS[metric].name,
            Num(s.mean),
            Num(s.sd),
            Num(s.min),
            Num(s.p05),
            Num(s.p50),
            Num(s.p95),
            Num(s.max),
            s.n,
        ))?;
    }
    writer.flush()?;
    Ok(())
}
