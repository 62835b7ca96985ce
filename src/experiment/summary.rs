//! `summary.csv`: replicate values gathered across runs and summarised with
//! [`crate::metrics::summary::summarise`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::metrics::collect::METRICS;
use crate::metrics::summary::{ReplicateStats, summarise};
use crate::metrics::table::{self, Metric};
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

/// The metrics whose yearly sum over the run is a variant's cost: the East–West levers' costs.
const COSTS: [&Metric; 7] = [
    &table::COST_TRANSFERS,
    &table::COST_TALENT,
    &table::COST_TECHNOLOGY,
    &table::COST_ENTERPRISE,
    &table::COST_LABOUR,
    &table::COST_CONSUMPTION,
    &table::COST_CHARITY,
];

impl SummaryTable {
    /// Writes `levers.csv`: for every variant other than `baseline` and every replicate, the
    /// change against the baseline's same replicate, summed over the run's years, of the levers'
    /// costs (`cost_<lever>`), of the recipients' and of the donors' disposable income, and the
    /// recipients' income change per yuan of cost change; then the same for the recipients'
    /// registered people wherever they live (their migrants working away included). Returns
    /// false and writes nothing when the study has no `baseline` or no other variant.
    pub fn write_levers(&self, path: &Path, variants: &[String]) -> anyhow::Result<bool> {
        let Some(baseline) = variants.iter().position(|v| v == BASELINE) else {
            return Ok(false);
        };
        if variants.len() < 2 {
            return Ok(false);
        }
        let index = |m: &Metric| table::position(m.name).expect("a metric of the table");
        let costs: Vec<usize> = COSTS.iter().map(|m| index(m)).collect();
        let recipients = index(&table::INCOME_RECIPIENTS);
        let people = index(&table::INCOME_RECIPIENTS_PEOPLE);
        let donors = index(&table::INCOME_DONORS);
        let years: Vec<i32> = self.values.keys().map(|(_, year, _)| *year).collect();
        let (first, last) = (years.iter().min(), years.iter().max());
        let (Some(&first), Some(&last)) = (first, last) else {
            return Ok(false);
        };
        let mut writer = csv::Writer::from_path(path)?;
        writer.write_record(LEVERS_HEADER)?;
        for variant in (0..variants.len()).filter(|v| *v != baseline) {
            let change = |metric: usize, replicate: usize| -> f64 {
                (first..=last)
                    .map(|year| {
                        let value = |v: usize| {
                            self.values
                                .get(&(v, year, metric))
                                .and_then(|values| values.get(replicate))
                                .copied()
                                .unwrap_or(0.0)
                        };
                        value(variant) - value(baseline)
                    })
                    .sum()
            };
            let replicates = self
                .values
                .get(&(variant, first, recipients))
                .map_or(0, Vec::len);
            for replicate in 0..replicates {
                let cost: f64 = costs.iter().map(|&m| change(m, replicate)).sum();
                let income = change(recipients, replicate);
                let income_people = change(people, replicate);
                writer.serialize((
                    &variants[variant],
                    replicate,
                    first,
                    last,
                    Num(cost),
                    Num(income),
                    Num(change(donors, replicate)),
                    Num(income / cost),
                    Num(income_people),
                    Num(income_people / cost),
                ))?;
            }
        }
        writer.flush()?;
        Ok(true)
    }
}

/// Header of `levers.csv`.
pub const LEVERS_HEADER: [&str; 10] = [
    "variant",
    "replicate",
    "from_year",
    "to_year",
    "cost_change",
    "income_change_recipients",
    "income_change_donors",
    "income_per_yuan",
    "income_change_recipients_people",
    "income_per_yuan_people",
];

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
