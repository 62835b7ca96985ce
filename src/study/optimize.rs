//! `ewsim optimize`: the Pareto front of cost against an objective over `[[optimize.lever]]`
//! keys, searched by NSGA-II ([`super::nsga2`]), every candidate run with the same random
//! numbers.
//!
//! A candidate's **objective** is the `optimize.objective` metric in `optimize.year` (the
//! mean over `run.replicates` replicates); its **cost** is the sum, over the years after the
//! start year up to `optimize.year`, of the cost metrics (every metric named `cost_<lever>`,
//! yuan a year, or the metrics `optimize.cost` names), averaged over replicates likewise: the
//! yuan the mix spends over the run. The output folder holds `evaluations.csv` (every
//! candidate), `pareto.csv` (the non-dominated candidates within the budget, by cost),
//! `metrics.csv` (every candidate's runs, the candidate's name `c<N>` in the `variant` column)
//! and the Pareto chart.

use std::fs::File;
use std::io::{BufWriter, Write};

use crate::output::number::Num;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::Result;

use super::nsga2::{Evaluated, Search, pareto_front};
use super::runner::{Pick, Point, Runner};
use super::{StudyOptions, metric_names, study_manifest, write_resolved};
use crate::experiment::Shard;
use crate::metrics::table::{self, METRICS};
use crate::output;
use crate::scenario::error::ScenarioErrors;
use crate::scenario::locate::Step;
use crate::scenario::validate::{Issue, study_issues};
use crate::scenario::{LoadedScenario, OptimizeSpec};

/// The prefix of the metrics a candidate's cost sums by default.
pub const COST_PREFIX: &str = "cost_";

/// A search as the scenario defines it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The lever keys.
    pub keys: Vec<String>,
    /// Their bounds.
    pub bounds: Vec<(f64, f64)>,
    /// The objective metric (index into the metric table).
    pub objective: usize,
    /// The cost metrics.
    pub cost: Vec<usize>,
    /// The year of the objective, and the last year of the cost.
    pub year: i32,
    /// The first year whose cost counts.
    pub first_cost_year: i32,
    /// The budget.
    pub budget: f64,
    /// Candidates per generation.
    pub population: usize,
    /// Generations after the first.
    pub generations: usize,
    /// Seed of the search.
    pub seed: u64,
}

impl Plan {
    /// The metrics each run keeps: the objective, then each cost metric in each cost year.
    fn picks(&self) -> Vec<Pick> {
        let mut picks = vec![Pick {
            metric: self.objective,
            year: self.year,
        }];
        for year in self.first_cost_year..=self.year {
            picks.extend(self.cost.iter().map(|&metric| Pick { metric, year }));
        }
        picks
    }
}

/// The cost metrics of `spec`: those it names, or every `cost_` metric of the table.
fn cost_metrics(spec: &OptimizeSpec) -> Vec<usize> {
    if spec.cost.is_empty() {
        (0..METRICS.len())
            .filter(|&m| METRICS[m].name.starts_with(COST_PREFIX))
            .collect()
    } else {
        spec.cost
            .iter()
            .filter_map(|name| table::position(name))
            .collect()
    }
}

/// The search plan of `loaded`, refusing a scenario without `[optimize]`, with unknown
/// metric names, or with no cost metric to sum (located errors).
pub fn plan(loaded: &LoadedScenario) -> Result<Plan, ScenarioErrors> {
    let scenario = &loaded.scenario;
    let mut issues = study_issues(scenario, &metric_names());
    issues.retain(|issue| matches!(issue.path.first(), Some(Step::Key(k)) if k == "optimize"));
    let Some(spec) = &scenario.optimize else {
        return Err(super::missing_table(
            loaded,
            "the scenario has no [optimize] table: add one with objective, budget and \
             [[optimize.lever]] entries (docs/STUDIES.md)",
        ));
    };
    let cost = cost_metrics(spec);
    if issues.is_empty() && cost.is_empty() {
        issues.push(Issue {
            path: vec![Step::Key("optimize".into())],
            message: format!(
                "the metric table has no `{COST_PREFIX}<lever>` metrics to sum into a candidate's \
                 cost; name the metrics that make the cost with `optimize.cost`, e.g. cost = \
                 [\"paired_aid\"]"
            ),
            suggestion: None,
        });
    }
    loaded.check_issues(&issues)?;
    let population = spec.population as usize;
    Ok(Plan {
        keys: spec.lever.iter().map(|l| l.key.clone()).collect(),
        bounds: spec.lever.iter().map(|l| (l.min, l.max)).collect(),
        // `check_issues` above refused an objective that is not in the metric table.
        objective: table::position(&spec.objective).expect("checked"),
        cost,
        year: spec.year.unwrap_or(scenario.time.end_year),
        first_cost_year: scenario.time.start_year + 1,
        budget: spec.budget,
        population,
        generations: (spec.evaluations as usize / population).saturating_sub(1),
        seed: spec.seed.unwrap_or(scenario.run.seed),
    })
}

/// The scenario's own values of the lever keys, when each is within its bounds: the status
/// quo, evaluated first.
fn status_quo(loaded: &LoadedScenario, plan: &Plan) -> Option<Vec<f64>> {
    let values = super::own_values(loaded, &plan.keys)?;
    let within = values
        .iter()
        .zip(&plan.bounds)
        .all(|(v, &(lo, hi))| (lo..=hi).contains(v));
    within.then_some(values)
}

/// Runs the search of `loaded` into `options.out`; returns the folder.
pub fn optimize(loaded: &LoadedScenario, options: &StudyOptions) -> Result<PathBuf> {
    let started = (SystemTime::now(), Instant::now());
    let plan = plan(loaded)?;
    let keys = super::key_paths(&plan.keys, &["optimize", "lever"]);
    let runner = Runner::new(loaded, keys, plan.year)?;
    // The corners of the lever box catch a bound no variant accepts before anything runs.
    let corners: Vec<Point> = (0..2usize)
        .map(|side| Point {
            name: format!("bound {}", if side == 0 { "min" } else { "max" }),
            values: plan
                .bounds
                .iter()
                .map(|&(lo, hi)| if side == 0 { lo } else { hi })
                .collect(),
        })
        .collect();
    runner.check_all(&corners)?;

    let staging = output::folder::stage(&options.out, output::folder::Replace::EwsimResult)?;
    let dir = staging.path().to_path_buf();
    let mut metrics = BufWriter::new(File::create(dir.join("metrics.csv"))?);
    metrics.write_all(format!("{}\n", output::METRICS_HEADER.join(",")).as_bytes())?;
    let replicates = loaded.scenario.run.replicates as usize;
    let evaluations = plan.population * (plan.generations + 1);
    let progress = runner.progress(evaluations * replicates, options.quiet);
    let picks = plan.picks();
    let search = Search {
        bounds: plan.bounds.clone(),
        budget: plan.budget,
        population: plan.population,
        generations: plan.generations,
        seed: plan.seed,
    };
    let mut evaluated = 0usize;
    let initial = status_quo(loaded, &plan).into_iter().collect();
    let archive = search.run(initial, |generation, xs| -> Result<Vec<(f64, f64)>> {
        progress.set_message(format!("generation {generation}/{}", plan.generations));
        let points: Vec<Point> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| Point {
                name: format!("c{}", evaluated + i),
                values: x.clone(),
            })
            .collect();
        runner.check_all(&points)?;
        evaluated += points.len();
        let runs = runner.run(&points, Shard::ALL, &picks, &mut metrics, &progress)?;
        Ok(candidate_values(&runs, replicates, points.len()))
    })?;
    progress.finish_and_clear();
    metrics.flush()?;
    drop(metrics);
    write_evaluations(&dir, &plan, &archive)?;
    let resolved = write_resolved(loaded, &dir)?;
    let manifest = study_manifest(loaded, &resolved, options, started, super::OPTIMIZE);
    super::finish(
        &dir,
        &manifest,
        loaded.scenario.output.charts,
        &loaded.scenario.output,
    )?;
    Ok(staging.commit()?)
}

/// (cost, objective) of each candidate from its runs' picked values (objective first, then
/// the cost terms), each the mean over the replicates.
fn candidate_values(
    runs: &[(usize, Vec<f64>)],
    replicates: usize,
    candidates: usize,
) -> Vec<(f64, f64)> {
    let mut values = vec![(0.0, 0.0); candidates];
    for (run, picked) in runs {
        let slot = &mut values[run / replicates];
        slot.1 += picked[0] / replicates as f64;
        slot.0 += picked[1..].iter().sum::<f64>() / replicates as f64;
    }
    values
}

/// The header of `pareto.csv` (then one column per lever key).
pub const PARETO_HEADER: [&str; 3] = ["candidate", "cost", "objective"];

/// Lever values as every CSV writes a number.
fn nums(values: &[f64]) -> Vec<Num> {
    values.iter().copied().map(Num).collect()
}

/// Writes `evaluations.csv` (every candidate) and `pareto.csv` (the front within budget).
fn write_evaluations(dir: &Path, plan: &Plan, archive: &[Evaluated]) -> Result<()> {
    let mut all = csv::Writer::from_path(dir.join("evaluations.csv"))?;
    let mut header: Vec<String> = [
        "candidate",
        "generation",
        "cost",
        "objective",
        "within_budget",
    ]
    .map(String::from)
    .to_vec();
    header.extend(plan.keys.iter().cloned());
    all.write_record(&header)?;
    for (i, e) in archive.iter().enumerate() {
        all.serialize((
            format!("c{i}"),
            e.generation,
            Num(e.cost),
            Num(e.objective),
            e.cost <= plan.budget,
            nums(&e.x),
        ))?;
    }
    all.flush()?;
    let mut front = csv::Writer::from_path(dir.join("pareto.csv"))?;
    let mut header: Vec<String> = PARETO_HEADER.map(String::from).to_vec();
    header.extend(plan.keys.iter().cloned());
    front.write_record(&header)?;
    for i in pareto_front(archive, plan.budget) {
        let e = &archive[i];
        front.serialize((format!("c{i}"), Num(e.cost), Num(e.objective), nums(&e.x)))?;
    }
    front.flush()?;
    Ok(())
}
