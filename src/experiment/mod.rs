//! Experiments: the runs of a study (variants × replicates), shards, output writing and
//! replicate summaries.
//!
//! Runs are executed a few at a time in parallel (each also parallel inside) and written in
//! run order, so files are identical whatever the thread count, and memory holds only the runs
//! in flight plus the metric values needed for `summary.csv`.

pub mod budget;
pub mod invariants;
pub mod merge;
pub mod summary;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::engine::Simulation;
use crate::metrics::collect::{METRICS, MetricsScratch, collect};
use crate::output::{self, HouseholdRecord, Manifest, RegionRecord};
use crate::scenario::LoadedScenario;
use crate::world::poverty_line;

/// A deterministic slice of a study: runs `k` with `k % count == index - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based shard number.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// The whole study.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("expected K/N such as 2/4, found `{text}`"))?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{k}` is not a shard number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a shard count"))?;
        if index == 0 || count == 0 || index > count {
            return Err(format!(
                "expected 1 <= K <= N in K/N, found {index}/{count}"
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether run `k` (0-based, in study order) belongs to this shard.
    pub fn contains(&self, run: usize) -> bool {
        run % self.count as usize == (self.index - 1) as usize
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// How to run a study.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Output folder.
    pub out: PathBuf,
    /// Slice of the runs.
    pub shard: Shard,
    /// Suppress the progress bar.
    pub quiet: bool,
    /// Command line for the manifest.
    pub command_line: Vec<String>,
}

/// One run of the study: a variant index and a replicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunId {
    /// Index into the scenario's variants.
    pub variant: usize,
    /// Replicate.
    pub replicate: u32,
}

/// All runs of a study in output order (variant-major, then replicate).
pub fn runs(loaded: &LoadedScenario) -> Vec<RunId> {
    let replicates = loaded.scenario.run.replicates;
    (0..loaded.variants.len())
        .flat_map(|variant| (0..replicates).map(move |replicate| RunId { variant, replicate }))
        .collect()
}

/// Everything one run produced, as CSV text ready to append.
struct RunOutput {
    id: RunId,
    metrics_csv: Vec<u8>,
    regions_csv: Vec<u8>,
    accounts_csv: Vec<u8>,
    snapshots: Vec<(i32, Vec<u8>)>,
    values: Vec<(i32, Vec<f64>)>,
}

/// A CSV writer into memory that writes no header.
pub(crate) fn csv_body() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

/// Simulates one run and renders its rows.
fn simulate(loaded: &LoadedScenario, id: RunId, progress: &ProgressBar) -> Result<RunOutput> {
    let variant = &loaded.variants[id.variant];
    let scenario = &variant.scenario;
    let mut simulation = Simulation::new(variant, id.replicate);
    let mut scratch = MetricsScratch::default();
    let mut metrics_csv = csv_body();
    let mut regions_csv = csv_body();
    let mut accounts_csv = csv_body();
    let mut snapshots = Vec::new();
    let mut values = Vec::new();
    let mut row = Vec::with_capacity(METRICS.len());
    let mut invariants = invariants::Invariants::default();
    loop {
        let world = simulation.world();
        let year = world.year;
        crate::signals::check()?;
        invariants
            .check(world)
            .with_context(|| format!("variant `{}`, replicate {}", variant.name, id.replicate))?;
        collect(
            world,
            &scenario.economy,
            poverty_line(&scenario.economy, year),
            &mut scratch,
            &mut row,
        );
        metric_rows(
            &mut metrics_csv,
            &variant.name,
            id.replicate,
            year,
            &mut row,
        )?;
        for record in output::region_records(world, &variant.name, id.replicate) {
            regions_csv.serialize(record)?;
        }
        for record in output::account_records(world, &variant.name, id.replicate) {
            accounts_csv.serialize(record)?;
        }
        if scenario.output.household_snapshot_years.contains(&year) {
            let mut writer = csv_body();
            for record in output::household_records(world, &variant.name, id.replicate) {
                writer.serialize(record)?;
            }
            snapshots.push((year, writer.into_inner()?));
        }
        values.push((year, row.clone()));
        if simulation.finished() {
            break;
        }
        simulation.step_year();
        progress.inc(1);
    }
    Ok(RunOutput {
        id,
        metrics_csv: metrics_csv.into_inner()?,
        regions_csv: regions_csv.into_inner()?,
        accounts_csv: accounts_csv.into_inner()?,
        snapshots,
        values,
    })
}

/// Appends the `metrics.csv` rows of one year of one run (one row per metric, in table
/// order); studies write their points' rows with it too.
pub(crate) fn metric_rows(
    writer: &mut csv::Writer<Vec<u8>>,
    variant: &str,
    replicate: u32,
    year: i32,
    values: &mut [f64],
) -> Result<()> {
    // Rounded as written, so that summaries and study indices of a run and of a merge of
    // its shards agree.
    for value in values.iter_mut() {
        *value = output::number::round(*value);
    }
    for (metric, value) in METRICS.iter().zip(values.iter()) {
        let value = output::number::Num(*value);
        writer.serialize((variant, replicate, year, metric.name, value))?;
    }
    Ok(())
}

fn header_line<T: serde::Serialize>(example: T) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.serialize(example)?;
    let text = writer.into_inner()?;
    let end = text
        .iter()
        .position(|b| *b == b'\n')
        .map_or(text.len(), |i| i + 1);
    Ok(text[..end].to_vec())
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::new(File::create(path).with_context(|| {
        format!("cannot create {}", path.display())
    })?))
}

/// Runs the study (or its shard) and writes the output folder; returns the folder.
pub fn run_study(loaded: &LoadedScenario, options: &RunOptions) -> Result<PathBuf> {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    // A shard may hold no runs (more shards than runs): it writes headers only, and merges.
    let selected: Vec<RunId> = runs(loaded)
        .into_iter()
        .enumerate()
        .filter(|(k, _)| options.shard.contains(*k))
        .map(|(_, id)| id)
        .collect();
    let threads = rayon::current_num_threads() as u64;
    budget::check(loaded, selected.len() as u64, threads, budget::available())?;
    let staging = output::folder::stage(&options.out, output::folder::Replace::EwsimResult)?;
    let dir = staging.path().to_path_buf();
    let progress = progress_bar(loaded, selected.len(), options.quiet);
    let mut files = RunFiles::create(&dir)?;
    let batch = rayon::current_num_threads().max(1);
    for chunk in selected.chunks(batch) {
        let outputs: Vec<Result<RunOutput>> = chunk
            .par_iter()
            .map(|id| simulate(loaded, *id, &progress))
            .collect();
        for result in outputs {
            files.append(result?)?;
        }
    }
    progress.finish_and_clear();
    let table = files.close()?;

    let names: Vec<String> = loaded.variants.iter().map(|v| v.name.clone()).collect();
    table.write(&dir.join("summary.csv"), &names)?;
    table.write_effects(&dir.join("effects.csv"), &names)?;
    table.write_levers(&dir.join("levers.csv"), &names)?;
    let resolved = loaded.resolved_toml();
    std::fs::write(dir.join("scenario.resolved.toml"), &resolved)?;
    if !loaded.observed.is_empty() {
        let mut writer = csv::Writer::from_path(dir.join("observed.csv"))?;
        for point in &loaded.observed {
            writer.serialize(point)?;
        }
        writer.flush()?;
    }
    let launched = (&options.shard, options.command_line.as_slice());
    let manifest = manifest(loaded, launched, (started_at, clock), &resolved);
    // A shard draws no charts: they would show a fraction of the runs; `ewsim merge` draws them.
    let charts = (loaded.scenario.output.charts && options.shard.count == 1).then(|| {
        loaded
            .scenario
            .output
            .formats
            .iter()
            .map(|f| crate::plot::ImageFormat::from(*f))
            .collect::<Vec<_>>()
    });
    finish(&dir, &manifest, charts.as_deref())?;
    Ok(staging.commit()?)
}

/// A progress bar over the run-years of `runs` runs (hidden when `quiet`).
fn progress_bar(loaded: &LoadedScenario, runs: usize, quiet: bool) -> ProgressBar {
    let time = &loaded.scenario.time;
    run_years_progress(
        runs as u64 * (time.end_year - time.start_year) as u64,
        quiet,
        "",
    )
}

/// A progress bar over `run_years` simulated run-years (hidden when `quiet`), its template
/// ending in `suffix` (e.g. `"  {msg}"`).
pub(crate) fn run_years_progress(run_years: u64, quiet: bool, suffix: &str) -> ProgressBar {
    let progress = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(run_years)
    };
    let template = format!(
        "{{spinner}} [{{elapsed_precise}}] {{bar:40}} {{pos}}/{{len}} run-years  ETA {{eta}}{suffix}"
    );
    progress.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    progress
}

/// The manifest of a run or study of `loaded` (shard `shard`, launched as `command_line`) that
/// started at `started` (wall clock and monotonic clock) and whose resolved scenario is
/// `resolved`; it names the scenario's variants and no study.
pub(crate) fn manifest(
    loaded: &LoadedScenario,
    (shard, command_line): (&Shard, &[String]),
    started: (SystemTime, Instant),
    resolved: &str,
) -> Manifest {
    Manifest {
        ewsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: loaded.scenario.scenario.name.clone(),
        scenario_file: loaded.source_name.clone(),
        scenario_sha256: loaded.source_sha256.clone(),
        resolved_sha256: crate::scenario::sha256_hex(resolved.as_bytes()),
        seed: loaded.scenario.run.seed,
        replicates: loaded.scenario.run.replicates,
        variants: loaded.variants.iter().map(|v| v.name.clone()).collect(),
        threads: rayon::current_num_threads(),
        shard: shard.to_string(),
        started: humantime::format_rfc3339_seconds(started.0).to_string(),
        finished: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        wall_seconds: started.1.elapsed().as_secs_f64(),
        command_line: command_line.to_vec(),
        study: None,
    }
}

/// The CSV files runs are appended to, in run order, and the values `summary.csv` needs.
struct RunFiles {
    dir: PathBuf,
    metrics: BufWriter<File>,
    regions: BufWriter<File>,
    accounts: BufWriter<File>,
    snapshots: Vec<(i32, BufWriter<File>)>,
    table: summary::SummaryTable,
}

impl RunFiles {
    /// Creates `metrics.csv`, `regions.csv` and `accounts.csv` in `dir`, headers written.
    fn create(dir: &Path) -> Result<Self> {
        let mut metrics = create(&dir.join("metrics.csv"))?;
        metrics.write_all(format!("{}\n", output::METRICS_HEADER.join(",")).as_bytes())?;
        let mut regions = create(&dir.join("regions.csv"))?;
        regions.write_all(&header_line(RegionRecord::default())?)?;
        let mut accounts = create(&dir.join("accounts.csv"))?;
        accounts.write_all(format!("{}\n", output::ACCOUNTS_HEADER.join(",")).as_bytes())?;
        Ok(Self {
            dir: dir.to_path_buf(),
            metrics,
            regions,
            accounts,
            snapshots: Vec::new(),
            table: summary::SummaryTable::default(),
        })
    }

    /// Appends one run's rows; a snapshot year's file is created with the first run that has it.
    fn append(&mut self, run: RunOutput) -> Result<()> {
        self.metrics.write_all(&run.metrics_csv)?;
        self.regions.write_all(&run.regions_csv)?;
        self.accounts.write_all(&run.accounts_csv)?;
        for (year, body) in &run.snapshots {
            let position = match self.snapshots.iter().position(|(y, _)| y == year) {
                Some(position) => position,
                None => {
                    let mut file = create(&self.dir.join(format!("households_{year}.csv")))?;
                    file.write_all(&header_line(HouseholdRecord::default())?)?;
                    self.snapshots.push((*year, file));
                    self.snapshots.len() - 1
                }
            };
            self.snapshots[position].1.write_all(body)?;
        }
        for (year, values) in &run.values {
            for (metric, value) in values.iter().enumerate() {
                self.table.add(run.id.variant, *year, metric, *value);
            }
        }
        Ok(())
    }

    /// Flushes every file; returns the summary table.
    fn close(mut self) -> Result<summary::SummaryTable> {
        self.metrics.flush()?;
        self.regions.flush()?;
        self.accounts.flush()?;
        for (_, file) in &mut self.snapshots {
            file.flush()?;
        }
        Ok(self.table)
    }
}

/// Draws the charts (when asked) and writes the manifest last: a folder with a manifest is complete.
pub(crate) fn finish(
    dir: &Path,
    manifest: &Manifest,
    charts: Option<&[crate::plot::ImageFormat]>,
) -> Result<()> {
    let text = serde_json::to_string_pretty(manifest)? + "\n";
    if let Some(formats) = charts {
        // The charts read the manifest's scenario name and variant order.
        std::fs::write(dir.join(output::folder::MARKER), &text)?;
        crate::plot::draw_all(dir, formats).context("drawing charts")?;
    }
    std::fs::write(dir.join(output::folder::MARKER), text)?;
    Ok(())
}
