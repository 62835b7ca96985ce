//! `ewsim sensitivity`: a Sobol or Morris global sensitivity analysis of a scenario's
//! `[[uncertainty]]` keys, every design point run with the same random numbers.
//!
//! The output folder holds `design.csv` (the points and their values), `metrics.csv` (every
//! point's runs, the point's name in the `variant` column), `sensitivity.csv` and charts.
//! `sensitivity.csv` is computed from `metrics.csv` as written, by a run and by `ewsim merge`
//! alike, so shards merge into the same bytes.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};

use crate::output::number::Num;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result, bail};

use super::bootstrap::{Bootstrap, Estimate};
use super::design::{self, Block, Distribution, UnitPoint};
use super::runner::{Point, Runner};
use super::{StudyOptions, metric_names, study_manifest, write_resolved};
use crate::experiment::Shard;
use crate::experiment::merge::MergeUsageError as StudyUsageError;
use crate::metrics::table;
use crate::output;
use crate::scenario::error::ScenarioErrors;
use crate::scenario::locate::Step;
use crate::scenario::validate::study_issues;
use crate::scenario::{LoadedScenario, Scenario, SensitivityMethod};

/// The header of `sensitivity.csv`.
pub const SENSITIVITY_HEADER: [&str; 8] = [
    "metric",
    "year",
    "parameter",
    "method",
    "index",
    "estimate",
    "ci_low",
    "ci_high",
];

/// A sensitivity analysis as the scenario defines it: its keys, design and outputs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Sobol or Morris.
    pub method: SensitivityMethod,
    /// The uncertain keys, in `[[uncertainty]]` order.
    pub keys: Vec<String>,
    /// Their distributions.
    pub distributions: Vec<Distribution>,
    /// The design in the unit cube, in run order.
    pub design: Vec<UnitPoint>,
    /// The points with their values.
    pub points: Vec<Point>,
    /// Output metrics (indices into the metric table).
    pub outputs: Vec<usize>,
    /// Years analysed.
    pub years: Vec<i32>,
    /// Replicates per point (their mean is the point's value).
    pub replicates: usize,
    /// How the intervals are drawn.
    pub bootstrap: Bootstrap,
}

impl Plan {
    /// The plan of a validated scenario whose `[sensitivity]` metric names are known.
    pub fn new(scenario: &Scenario) -> Option<Plan> {
        let spec = scenario.sensitivity.as_ref()?;
        let keys: Vec<String> = scenario.uncertainty.iter().map(|u| u.key.clone()).collect();
        let distributions: Vec<Distribution> = scenario
            .uncertainty
            .iter()
            .map(Distribution::from_spec)
            .collect();
        let seed = spec.seed.unwrap_or(scenario.run.seed);
        let (n, k) = (spec.samples as usize, keys.len());
        let design = match spec.method {
            SensitivityMethod::Sobol => design::saltelli(n, k, seed),
            SensitivityMethod::Morris => design::morris(n, k, spec.levels as usize, seed),
        };
        let points = design
            .iter()
            .enumerate()
            .map(|(index, point)| Point {
                name: format!("p{index}"),
                values: distributions
                    .iter()
                    .zip(&point.unit)
                    .map(|(d, &u)| d.quantile(u))
                    .collect(),
            })
            .collect();
        let years = if spec.years.is_empty() {
            vec![scenario.time.end_year]
        } else {
            spec.years.clone()
        };
        Some(Plan {
            method: spec.method,
            keys,
            distributions,
            design,
            points,
            outputs: spec
                .outputs
                .iter()
                .filter_map(|m| table::position(m))
                .collect(),
            years,
            replicates: scenario.run.replicates as usize,
            bootstrap: Bootstrap {
                resamples: spec.resamples,
                confidence: spec.confidence,
                seed: seed ^ 0x5e75_1b1e,
            },
        })
    }

    /// The last year any output is read in.
    pub fn last_year(&self) -> i32 {
        self.years.iter().copied().max().unwrap_or_default()
    }
}

/// Loads the plan of `loaded`, refusing a scenario without `[sensitivity]` or with unknown
/// metric names (located errors).
pub fn plan(loaded: &LoadedScenario) -> Result<Plan, ScenarioErrors> {
    let mut issues = study_issues(&loaded.scenario, &metric_names());
    issues.retain(|issue| {
        matches!(issue.path.first(), Some(Step::Key(k)) if k == "sensitivity" || k == "uncertainty")
    });
    loaded.check_issues(&issues)?;
    Plan::new(&loaded.scenario).ok_or_else(|| {
        super::missing_table(
            loaded,
            "the scenario has no [sensitivity] table: add one with method, samples and outputs, \
             and [[uncertainty]] entries (docs/STUDIES.md)",
        )
    })
}

/// Runs the sensitivity analysis of `loaded` (or its shard) into `options.out`; returns the
/// folder.
pub fn sensitivity(loaded: &LoadedScenario, options: &StudyOptions) -> Result<PathBuf> {
    let started = (SystemTime::now(), Instant::now());
    let plan = plan(loaded)?;
    let keys = super::key_paths(&plan.keys, &["uncertainty"]);
    let runner = Runner::new(loaded, keys, loaded.scenario.time.end_year)?;
    runner.check_all(&plan.points)?;

    let staging = output::folder::stage(&options.out, output::folder::Replace::EwsimResult)?;
    let dir = staging.path().to_path_buf();
    write_design(&dir.join("design.csv"), &plan)?;
    let mut metrics = BufWriter::new(File::create(dir.join("metrics.csv"))?);
    metrics.write_all(format!("{}\n", output::METRICS_HEADER.join(",")).as_bytes())?;
    let runs = (0..plan.points.len() * plan.replicates)
        .filter(|k| options.shard.contains(*k))
        .count();
    let progress = runner.progress(runs, options.quiet);
    progress.set_message(format!("{} points", plan.points.len()));
    runner.run(&plan.points, options.shard, &[], &mut metrics, &progress)?;
    progress.finish_and_clear();
    metrics.flush()?;
    drop(metrics);
    // A shard writes no sensitivity.csv: `ewsim merge` computes it from all the points.
    if options.shard == Shard::ALL {
        write_sensitivity(&dir, &plan)?;
    }
    let resolved = write_resolved(loaded, &dir)?;
    let manifest = study_manifest(loaded, &resolved, options, started, super::SENSITIVITY);
    let charts = options.shard == Shard::ALL && loaded.scenario.output.charts;
    super::finish(&dir, &manifest, charts, &loaded.scenario.output)?;
    Ok(staging.commit()?)
}

/// Writes `design.csv`: `point,sample,block,<one column per key>`.
fn write_design(path: &Path, plan: &Plan) -> Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    let mut header = vec!["point".to_string(), "sample".into(), "block".into()];
    header.extend(plan.keys.iter().cloned());
    writer.write_record(&header)?;
    for (unit, point) in plan.design.iter().zip(&plan.points) {
        let mut record = vec![
            point.name.clone(),
            unit.sample.to_string(),
            unit.block.to_string(),
        ];
        record.extend(point.values.iter().map(|v| format_value(*v)));
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// A number as `metrics.csv` writes it (12 significant digits; missing: empty).
fn format_value(value: f64) -> String {
    crate::output::number::format(value).unwrap_or_default()
}

/// Each output series (metric, year) by point: the mean over the point's replicates, read
/// from `metrics.csv` as written.
fn read_outputs(dir: &Path, plan: &Plan) -> Result<Vec<Vec<f64>>> {
    let path = dir.join("metrics.csv");
    let index: HashMap<&str, usize> = plan
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    let series: HashMap<(usize, i32), usize> = plan
        .outputs
        .iter()
        .flat_map(|&m| plan.years.iter().map(move |&y| (m, y)))
        .enumerate()
        .map(|(s, key)| (key, s))
        .collect();
    let mut sums = vec![vec![0.0; plan.points.len()]; series.len()];
    let mut counts = vec![vec![0usize; plan.points.len()]; series.len()];
    let mut reader =
        csv::Reader::from_path(&path).with_context(|| format!("reading {}", path.display()))?;
    for record in reader.records() {
        let record = record.with_context(|| format!("reading {}", path.display()))?;
        let (Some(metric), Ok(year)) = (table::position(&record[3]), record[2].parse::<i32>())
        else {
            bail!(StudyUsageError(format!(
                "{}: bad row {:?}",
                path.display(),
                record
            )));
        };
        let Some(&s) = series.get(&(metric, year)) else {
            continue;
        };
        let Some(&point) = index.get(&record[0]) else {
            bail!(StudyUsageError(format!(
                "{}: `{}` is not a point of the design",
                path.display(),
                &record[0]
            )));
        };
        let value: f64 = record[4]
            .parse()
            .with_context(|| format!("{}: bad value", path.display()))?;
        sums[s][point] += value;
        counts[s][point] += 1;
    }
    for (s, counts) in counts.iter().enumerate() {
        if let Some(point) = counts.iter().position(|&c| c != plan.replicates) {
            bail!(StudyUsageError(format!(
                "{}: point {} has {} of {} replicates of output series {s}",
                path.display(),
                plan.points[point].name,
                counts[point],
                plan.replicates
            )));
        }
    }
    Ok(sums
        .into_iter()
        .map(|sums| {
            sums.into_iter()
                .map(|v| v / plan.replicates as f64)
                .collect()
        })
        .collect())
}

/// One row of `sensitivity.csv`.
type Row<'a> = (&'a str, i32, &'a str, &'static str, &'static str, Estimate);

/// Computes `sensitivity.csv` from `metrics.csv` in `dir`.
pub fn write_sensitivity(dir: &Path, plan: &Plan) -> Result<()> {
    let outputs = read_outputs(dir, plan)?;
    let mut rows: Vec<Row<'_>> = Vec::new();
    let series = plan
        .outputs
        .iter()
        .flat_map(|&m| plan.years.iter().map(move |&y| (m, y)));
    for (s, ((metric, year), y)) in series.zip(&outputs).enumerate() {
        let bootstrap = Bootstrap {
            seed: plan
                .bootstrap
                .seed
                .wrapping_add((s as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
            ..plan.bootstrap
        };
        let name = table::METRICS[metric].name;
        for (key, indices) in plan.keys.iter().zip(series_indices(plan, y, &bootstrap)) {
            for (index, estimate) in indices {
                rows.push((name, year, key, method_name(plan.method), index, estimate));
            }
        }
    }
    let mut writer = csv::Writer::from_path(dir.join("sensitivity.csv"))?;
    writer.write_record(SENSITIVITY_HEADER)?;
    for (metric, year, key, method, index, e) in rows {
        writer.serialize((
            metric,
            year,
            key,
            method,
            index,
            Num(e.estimate),
            Num(e.ci_low),
            Num(e.ci_high),
        ))?;
    }
    writer.flush()?;
    Ok(())
}

/// The indices of every key for the output values `y` (by point).
fn series_indices(
    plan: &Plan,
    y: &[f64],
    bootstrap: &Bootstrap,
) -> Vec<Vec<(&'static str, Estimate)>> {
    let k = plan.keys.len();
    match plan.method {
        SensitivityMethod::Sobol => {
            let mut values = super::sobol::SaltelliValues {
                ab: vec![Vec::new(); k],
                ..Default::default()
            };
            for (point, &value) in plan.design.iter().zip(y) {
                match point.block {
                    Block::A => values.a.push(value),
                    Block::B => values.b.push(value),
                    Block::AB(i) => values.ab[i].push(value),
                    Block::Step(_) => unreachable!("a Sobol design has no Morris steps"),
                }
            }
            let found = super::sobol::indices(&values, bootstrap);
            (0..k)
                .map(|i| vec![("S1", found.first[i]), ("ST", found.total[i])])
                .collect()
        }
        SensitivityMethod::Morris => {
            let effects = super::morris::elementary_effects(&plan.design, y, k);
            super::morris::indices(&effects, bootstrap)
                .into_iter()
                .map(|m| vec![("mu_star", m.mu_star), ("sigma", m.sigma)])
                .collect()
        }
    }
}

fn method_name(method: SensitivityMethod) -> &'static str {
    match method {
        SensitivityMethod::Sobol => "sobol",
        SensitivityMethod::Morris => "morris",
    }
}
