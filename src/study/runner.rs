//! Running a study's points: each point is a variant of the scenario (its keys set over the
//! base and every phase), run for every replicate with the replicate's random numbers, so
//! all points share them (common random numbers). Runs are batched over the worker threads
//! and written in run order, so files do not depend on the thread count.

use std::io::Write;

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::engine::Simulation;
use crate::experiment::invariants::Invariants;
use crate::experiment::{Shard, budget, csv_body, metric_rows};
use crate::metrics::collect::{METRICS, MetricsScratch, collect};
use crate::scenario::error::{Origin, ScenarioErrors};
use crate::scenario::locate::Step;
use crate::scenario::overrides::Override;
use crate::scenario::{LoadedScenario, Variant, VariantBuilder};
use crate::world::poverty_line;

/// A study point: its name (the `variant` of its `metrics.csv` rows) and its keys' values.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Name, such as `p17`.
    pub name: String,
    /// One value per study key.
    pub values: Vec<f64>,
}

/// What the runs of a study keep besides their `metrics.csv` rows: the values of some
/// metrics in some years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// Index into the metric table.
    pub metric: usize,
    /// Year.
    pub year: i32,
}

/// Runs points of one scenario.
pub struct Runner<'a> {
    loaded: &'a LoadedScenario,
    builder: VariantBuilder<'a>,
    keys: Vec<(String, Origin)>,
    /// Runs stop after this year.
    pub last_year: i32,
}

impl<'a> Runner<'a> {
    /// A runner setting `keys`, each declared at the path given (for located errors), that
    /// simulates up to `last_year`.
    pub fn new(
        loaded: &'a LoadedScenario,
        keys: Vec<(String, Vec<Step>)>,
        last_year: i32,
    ) -> Result<Self, ScenarioErrors> {
        let builder = loaded.variant_builder()?;
        let keys = keys
            .into_iter()
            .map(|(key, path)| {
                let origin = builder.origin_of(&path);
                (key, origin)
            })
            .collect();
        Ok(Self {
            loaded,
            builder,
            keys,
            last_year,
        })
    }

    /// The variant of `point`, validated.
    pub fn variant(&self, point: &Point) -> Result<Variant, ScenarioErrors> {
        let items = self
            .keys
            .iter()
            .zip(&point.values)
            .map(|((key, origin), value)| Override {
                key: key.clone(),
                value: toml::Value::Float(*value),
                origin: origin.clone(),
            })
            .collect();
        self.builder.build(point.name.clone(), items)
    }

    /// Checks every point before anything runs; the error of the first bad point, in point
    /// order, names the point and its values.
    pub fn check_all(&self, points: &[Point]) -> Result<(), ScenarioErrors> {
        let threads = rayon::current_num_threads() as u64;
        let runs = points.len() as u64 * u64::from(self.loaded.scenario.run.replicates);
        budget::check_memory(self.loaded, threads.min(runs), budget::available())?;
        let first_bad = points
            .par_iter()
            .map(|point| self.variant(point).err().map(|e| (point, e)))
            .find_first(Option::is_some)
            .flatten();
        match first_bad {
            None => Ok(()),
            Some((point, mut errors)) => {
                let values: Vec<String> = self
                    .keys
                    .iter()
                    .zip(&point.values)
                    .map(|((key, _), value)| format!("{key} = {value}"))
                    .collect();
                for error in &mut errors.0 {
                    error.message = format!(
                        "{} (at design point {}: {})",
                        error.message,
                        point.name,
                        values.join(", ")
                    );
                }
                Err(errors)
            }
        }
    }

    /// Runs every replicate of every point in `shard` (run `p · replicates + r` belongs to
    /// shard `k mod N + 1`), appends each run's `metrics.csv` rows to `metrics` in run order,
    /// and returns the picked values of each run in that order, with its run number.
    pub fn run(
        &self,
        points: &[Point],
        shard: Shard,
        picks: &[Pick],
        metrics: &mut dyn Write,
        progress: &ProgressBar,
    ) -> Result<Vec<(usize, Vec<f64>)>> {
        let replicates = self.loaded.scenario.run.replicates as usize;
        let runs: Vec<usize> = (0..points.len() * replicates)
            .filter(|k| shard.contains(*k))
            .collect();
        let mut kept = Vec::with_capacity(runs.len());
        for chunk in runs.chunks(rayon::current_num_threads().max(1)) {
            let outputs: Vec<Result<(Vec<u8>, Vec<f64>)>> = chunk
                .par_iter()
                .map(|&k| {
                    let point = &points[k / replicates];
                    let variant = self.variant(point)?;
                    self.simulate(&variant, (k % replicates) as u32, picks, progress)
                })
                .collect();
            for (&k, output) in chunk.iter().zip(outputs) {
                let (rows, values) = output?;
                metrics.write_all(&rows)?;
                kept.push((k, values));
            }
        }
        Ok(kept)
    }

    /// One run of `variant` to `last_year`: its `metrics.csv` rows and its picked values.
    fn simulate(
        &self,
        variant: &Variant,
        replicate: u32,
        picks: &[Pick],
        progress: &ProgressBar,
    ) -> Result<(Vec<u8>, Vec<f64>)> {
        let economy = &variant.scenario.economy;
        let mut simulation = Simulation::new(variant, replicate);
        let mut scratch = MetricsScratch::default();
        let mut rows = csv_body();
        let mut values = vec![f64::NAN; picks.len()];
        let mut row = Vec::with_capacity(METRICS.len());
        let mut invariants = Invariants::default();
        loop {
            let world = simulation.world();
            let year = world.year;
            crate::signals::check()?;
            invariants
                .check(world)
                .with_context(|| format!("design point {}, replicate {replicate}", variant.name))?;
            collect(
                world,
                economy,
                poverty_line(economy, year),
                &mut scratch,
                &mut row,
            );
            metric_rows(&mut rows, &variant.name, replicate, year, &mut row)?;
            for (value, pick) in values.iter_mut().zip(picks) {
                if pick.year == year {
                    *value = row[pick.metric];
                }
            }
            if simulation.finished() || year >= self.last_year {
                break;
            }
            simulation.step_year();
            progress.inc(1);
        }
        Ok((rows.into_inner()?, values))
    }

    /// A progress bar over the run-years of `runs` runs (hidden when `quiet`).
    pub fn progress(&self, runs: usize, quiet: bool) -> ProgressBar {
        let years = (self.last_year - self.loaded.scenario.time.start_year).max(0) as u64;
        crate::experiment::run_years_progress(runs as u64 * years, quiet, "  {msg}")
    }
}
