//! `ewsim calibrate`: a grid search of the `[[calibrate.parameter]]` values that brings the
//! model closest to the observed series of `data.observed` up to `calibrate.fit_until`, every
//! grid point run with the same random numbers.
//!
//! A **target** is one observed value (metric, year) of a fitted metric. Those up to
//! `fit_until` are **in-sample**: they make the loss. Later ones, up to the end year, are
//! **checks**: reported, fitted to nothing. A point's **error** on a metric is the root mean
//! square of (model − data) / scale over the metric's in-sample years (those the model gives a
//! value for: income by source has none in the start year), where the model value is
//! the mean over `run.replicates` replicates and the scale is the mean |data| of those years
//! (1 when it is 0), so metrics of any unit weigh alike; its **loss** is the mean of its errors
//! over the fitted metrics. The output folder holds `grid.csv` (every point, its loss and
//! errors), `targets.csv` and `calibration.md` (every target at the best point: data, source,
//! grade, model value, error), `metrics.csv` (every point's runs, named `g<N>`), the resolved
//! scenario and the manifest.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::Result;

use super::runner::{Pick, Point, Runner};
use super::{StudyOptions, metric_names, study_manifest, write_resolved};
use crate::experiment::Shard;
use crate::metrics::table::{self, METRICS};
use crate::output::number;
use crate::output::{self, Manifest};
use crate::scenario::LoadedScenario;
use crate::scenario::error::ScenarioErrors;
use crate::scenario::locate::Step;
use crate::scenario::validate::{Issue, study_issues};

/// One observed value the calibration compares with.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Index into the metric table.
    pub metric: usize,
    /// Year.
    pub year: i32,
    /// Observed value.
    pub value: f64,
    /// Source label of the observed file.
    pub source: String,
    /// Confidence grade (A, B, C; empty when the file has none).
    pub grade: String,
    /// Up to `fit_until`: part of the loss.
    pub in_sample: bool,
}

/// A calibration as the scenario defines it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The grid keys.
    pub keys: Vec<String>,
    /// The grid points: the cartesian product of the keys' values, the first key varying
    /// slowest.
    pub points: Vec<Vec<f64>>,
    /// Every target, in-sample and check, by metric (table order) then year.
    pub targets: Vec<Target>,
    /// The last in-sample year.
    pub fit_until: i32,
    /// Runs stop after this year: the last target year.
    pub last_year: i32,
}

/// The cartesian product of `values`, the first list varying slowest.
pub fn grid(values: &[Vec<f64>]) -> Vec<Vec<f64>> {
    values.iter().fold(vec![Vec::new()], |points, list| {
        points
            .iter()
            .flat_map(|point| {
                list.iter().map(move |&v| {
                    let mut next = point.clone();
                    next.push(v);
                    next
                })
            })
            .collect()
    })
}

/// The calibration plan of `loaded`, refusing a scenario without `[calibrate]`, with unknown
/// target metrics, or with a fitted metric that has no in-sample observed value (located
/// errors).
pub fn plan(loaded: &LoadedScenario) -> Result<Plan, ScenarioErrors> {
    let scenario = &loaded.scenario;
    let mut issues = study_issues(scenario, &metric_names());
    issues.retain(|issue| matches!(issue.path.first(), Some(Step::Key(k)) if k == "calibrate"));
    let Some(spec) = &scenario.calibrate else {
        return Err(super::missing_table(
            loaded,
            "the scenario has no [calibrate] table: add one with fit_until, targets and \
             [[calibrate.parameter]] entries (docs/STUDIES.md)",
        ));
    };
    loaded.check_issues(&issues)?;
    let time = &scenario.time;
    let fitted: Vec<usize> = if spec.targets.is_empty() {
        (0..METRICS.len()).collect()
    } else {
        // `check_issues` above refused a target that is not in the metric table.
        spec.targets
            .iter()
            .map(|name| table::position(name).expect("checked"))
            .collect()
    };
    let mut by_metric: BTreeMap<(usize, i32), Target> = BTreeMap::new();
    for point in &loaded.observed {
        let Some(metric) = table::position(&point.metric) else {
            continue;
        };
        if fitted.contains(&metric) && (time.start_year..=time.end_year).contains(&point.year) {
            by_metric.insert(
                (metric, point.year),
                Target {
                    metric,
                    year: point.year,
                    value: point.value,
                    source: point.source.clone(),
                    grade: point.grade.clone(),
                    in_sample: point.year <= spec.fit_until,
                },
            );
        }
    }
    let targets: Vec<Target> = by_metric.into_values().collect();
    let mut problems = Vec::new();
    if !spec.targets.is_empty() {
        for (index, name) in spec.targets.iter().enumerate() {
            let metric = table::position(name).expect("checked");
            if !targets.iter().any(|t| t.metric == metric && t.in_sample) {
                problems.push(Issue {
                    path: vec![
                        Step::Key("calibrate".into()),
                        Step::Key("targets".into()),
                        Step::Index(index),
                    ],
                    message: format!(
                        "`data.observed` has no value of `{name}` in {}..={}, the in-sample \
                         years, to fit it to",
                        time.start_year, spec.fit_until
                    ),
                    suggestion: None,
                });
            }
        }
    } else if !targets.iter().any(|t| t.in_sample) {
        problems.push(Issue {
            path: vec![Step::Key("calibrate".into())],
            message: format!(
                "`data.observed` has no value of any metric in {}..={}, the in-sample years",
                time.start_year, spec.fit_until
            ),
            suggestion: None,
        });
    }
    loaded.check_issues(&problems)?;
    let values: Vec<Vec<f64>> = spec.parameter.iter().map(|p| p.values.clone()).collect();
    Ok(Plan {
        keys: spec.parameter.iter().map(|p| p.key.clone()).collect(),
        points: grid(&values),
        last_year: targets
            .iter()
            .map(|t| t.year)
            .max()
            .unwrap_or(time.start_year),
        targets,
        fit_until: spec.fit_until,
    })
}

/// A point's fit: its model value of each target (replicate mean), its error on each fitted
/// metric (in metric order) and its loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Model value of each target of the plan, in plan order.
    pub model: Vec<f64>,
    /// (metric, error) of each fitted metric.
    pub errors: Vec<(usize, f64)>,
    /// Mean of the errors; NaN when a model value is undefined.
    pub loss: f64,
}

/// The fit of model values `model` (one per target of `targets`): per metric, the root mean
/// square of (model − data) / scale over its in-sample targets, scale the mean |data| of
/// those targets (1 when 0); the loss is the mean of these errors. A target the model gives no
/// value for (NaN: income by source in the start year, which has no accounts) is left out; a
/// metric left with none has a NaN error, and so the point a NaN loss.
pub fn fit(targets: &[Target], model: Vec<f64>) -> Fit {
    let mut errors: Vec<(usize, f64)> = Vec::new();
    let mut metrics: Vec<usize> = targets
        .iter()
        .filter(|t| t.in_sample)
        .map(|t| t.metric)
        .collect();
    metrics.dedup();
    for metric in metrics {
        let rows: Vec<(f64, f64)> = targets
            .iter()
            .zip(&model)
            .filter(|(t, m)| t.in_sample && t.metric == metric && !m.is_nan())
            .map(|(t, &m)| (t.value, m))
            .collect();
        let n = rows.len() as f64;
        let scale = rows.iter().map(|(d, _)| d.abs()).sum::<f64>() / n;
        let scale = if scale > 0.0 { scale } else { 1.0 };
        let square = rows
            .iter()
            .map(|(d, m)| ((m - d) / scale).powi(2))
            .sum::<f64>();
        errors.push((metric, (square / n).sqrt()));
    }
    let loss = errors.iter().map(|(_, e)| e).sum::<f64>() / errors.len().max(1) as f64;
    Fit {
        model,
        errors,
        loss,
    }
}

/// The index of the point with the lowest loss (the first of equals; NaN losses last).
pub fn best(fits: &[Fit]) -> usize {
    (0..fits.len())
        .min_by(|&a, &b| fits[a].loss.total_cmp(&fits[b].loss).then(a.cmp(&b)))
        .filter(|&i| !fits[i].loss.is_nan())
        .unwrap_or(0)
}

/// The index of the grid point that holds the scenario's own values of the keys, if one does.
fn own_point(loaded: &LoadedScenario, plan: &Plan) -> Option<usize> {
    let own = super::own_values(loaded, &plan.keys)?;
    plan.points.iter().position(|point| *point == own)
}

/// Runs the calibration of `loaded` into `options.out`; returns the folder.
pub fn calibrate(loaded: &LoadedScenario, options: &StudyOptions) -> Result<PathBuf> {
    let started = (SystemTime::now(), Instant::now());
    let plan = plan(loaded)?;
    let keys = super::key_paths(&plan.keys, &["calibrate", "parameter"]);
    let runner = Runner::new(loaded, keys, plan.last_year)?;
    let points: Vec<Point> = plan
        .points
        .iter()
        .enumerate()
        .map(|(i, values)| Point {
            name: format!("g{i}"),
            values: values.clone(),
        })
        .collect();
    // Every point is validated before anything runs.
    runner.check_all(&points)?;

    let staging = output::folder::stage(&options.out, output::folder::Replace::EwsimResult)?;
    let dir = staging.path().to_path_buf();
    let mut metrics = BufWriter::new(File::create(dir.join("metrics.csv"))?);
    metrics.write_all(format!("{}\n", output::METRICS_HEADER.join(",")).as_bytes())?;
    let replicates = loaded.scenario.run.replicates as usize;
    let progress = runner.progress(points.len() * replicates, options.quiet);
    progress.set_message(format!("{} grid points", points.len()));
    let picks: Vec<Pick> = plan
        .targets
        .iter()
        .map(|t| Pick {
            metric: t.metric,
            year: t.year,
        })
        .collect();
    let runs = runner.run(&points, Shard::ALL, &picks, &mut metrics, &progress)?;
    progress.finish_and_clear();
    metrics.flush()?;
    drop(metrics);
    let mut sums = vec![vec![0.0; picks.len()]; points.len()];
    for (run, picked) in &runs {
        for (sum, value) in sums[run / replicates].iter_mut().zip(picked) {
            *sum += value / replicates as f64;
        }
    }
    let fits: Vec<Fit> = sums.into_iter().map(|m| fit(&plan.targets, m)).collect();
    let chosen = best(&fits);
    write_grid(&dir, &plan, &fits)?;
    write_targets(&dir, &plan, &fits[chosen])?;
    let resolved = write_resolved(loaded, &dir)?;
    let manifest = study_manifest(loaded, &resolved, options, started, super::CALIBRATE);
    let households = loaded.scenario.run.households;
    let own = own_point(loaded, &plan).map(|i| (&points[i], fits[i].loss));
    let best = (&points[chosen], &fits[chosen]);
    write_report(&dir, (&plan, households.into()), best, own, &manifest)?;
    let text = serde_json::to_string_pretty(&manifest)? + "\n";
    fs::write(dir.join(output::folder::MARKER), text)?;
    Ok(staging.commit()?)
}

/// `grid.csv`: every point, its loss, its key values and its error on each fitted metric.
fn write_grid(dir: &Path, plan: &Plan, fits: &[Fit]) -> Result<()> {
    let mut out = csv::Writer::from_path(dir.join("grid.csv"))?;
    let mut header: Vec<String> = vec!["point".into(), "loss".into()];
    header.extend(plan.keys.iter().cloned());
    if let Some(first) = fits.first() {
        header.extend(
            first
                .errors
                .iter()
                .map(|(m, _)| format!("error_{}", METRICS[*m].name)),
        );
    }
    out.write_record(&header)?;
    for (i, (values, fit)) in plan.points.iter().zip(fits).enumerate() {
        let mut row = vec![format!("g{i}"), field(fit.loss)];
        row.extend(values.iter().map(|&v| field(v)));
        row.extend(fit.errors.iter().map(|&(_, e)| field(e)));
        out.write_record(&row)?;
    }
    out.flush()?;
    Ok(())
}

/// A number as every CSV writes it (an empty field when undefined).
fn field(value: f64) -> String {
    number::format(value).unwrap_or_default()
}

/// The header of `targets.csv`.
pub const TARGETS_HEADER: [&str; 9] = [
    "metric",
    "year",
    "role",
    "data",
    "source",
    "grade",
    "model",
    "error",
    "relative_error",
];

/// The role of a target: `in-sample` (fitted), `check`, or `not modelled` (an in-sample year
/// the model gives no value for, left out of the fit).
fn role(target: &Target, model: f64) -> &'static str {
    if target.in_sample && model.is_nan() {
        "not modelled"
    } else if target.in_sample {
        "in-sample"
    } else {
        "check"
    }
}

/// (model − data) / data, NaN when the data is 0.
fn relative(target: &Target, model: f64) -> f64 {
    if target.value != 0.0 {
        (model - target.value) / target.value
    } else {
        f64::NAN
    }
}

/// `targets.csv`: every target at the best point.
fn write_targets(dir: &Path, plan: &Plan, fit: &Fit) -> Result<()> {
    let mut out = csv::Writer::from_path(dir.join("targets.csv"))?;
    out.write_record(TARGETS_HEADER)?;
    for (target, &model) in plan.targets.iter().zip(&fit.model) {
        out.write_record([
            METRICS[target.metric].name.to_string(),
            target.year.to_string(),
            role(target, model).to_string(),
            field(target.value),
            target.source.clone(),
            target.grade.clone(),
            field(model),
            field(model - target.value),
            field(relative(target, model)),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// A number for the report: four significant digits (whole numbers from 1,000 on), `—` when
/// undefined.
fn short(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    if value == 0.0 {
        return "0".into();
    }
    let digits = (3 - value.abs().log10().floor() as i32).clamp(0, 8) as usize;
    format!("{value:.digits$}")
}

/// `word` as a POSIX shell reads it back: in single quotes when it holds anything but
/// letters, digits and `-_./=,:+@%`.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=,:+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `calibration.md`: the best point and every target's data, source, grade, model value and
/// error, as a Markdown table to paste into `docs/CALIBRATION.md`.
fn write_report(
    dir: &Path,
    (plan, households): (&Plan, u64),
    (point, fit): (&Point, &Fit),
    own: Option<(&Point, f64)>,
    manifest: &Manifest,
) -> Result<()> {
    let mut md = String::new();
    md.push_str("# Calibration\n\n");
    // The command as a user types it: `ewsim` and its arguments, whatever the binary's path.
    let arguments = manifest.command_line.iter().skip(1).map(|a| shell_word(a));
    let command: Vec<String> = std::iter::once("ewsim".to_string())
        .chain(arguments)
        .collect();
    let points = plan.points.len();
    md.push_str(&format!(
        "Regenerate with `{}` (ewsim {}, {points} grid point{} × {} replicate{} of {households} \
         households, seed {}).\n\n",
        command.join(" "),
        manifest.ewsim_version,
        if points == 1 { "" } else { "s" },
        manifest.replicates,
        if manifest.replicates == 1 { "" } else { "s" },
        manifest.seed
    ));
    md.push_str(&format!(
        "Fitted to the observed values up to {} (in-sample); later years are checks, fitted to \
         nothing. Best point {} (loss {}):\n\n",
        plan.fit_until,
        point.name,
        short(fit.loss)
    ));
    for (key, value) in plan.keys.iter().zip(&point.values) {
        md.push_str(&format!("- `{key}` = {}\n", field(*value)));
    }
    match own {
        Some((own, loss)) => md.push_str(&format!(
            "\nThe scenario's own values are point {} (loss {}).\n",
            own.name,
            short(loss)
        )),
        None => md.push_str("\nThe scenario's own values are not a point of the grid.\n"),
    }
    md.push_str("\n| target | year | role | data | source | grade | model | error |\n");
    md.push_str("|---|---|---|---|---|---|---|---|\n");
    for (target, &model) in plan.targets.iter().zip(&fit.model) {
        let error = relative(target, model);
        let error = if !model.is_finite() {
            // Not modelled: the model has no value to compare.
            "—".to_string()
        } else if error.is_finite() {
            format!("{:+.1} %", 100.0 * error)
        } else {
            format!("{} (data 0)", short(model - target.value))
        };
        md.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            METRICS[target.metric].name,
            target.year,
            role(target, model),
            short(target.value),
            target.source,
            if target.grade.is_empty() {
                "—"
            } else {
                &target.grade
            },
            short(model),
            error
        ));
    }
    fs::write(dir.join("calibration.md"), md)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(metric: usize, year: i32, value: f64, in_sample: bool) -> Target {
        Target {
            metric,
            year,
            value,
            source: "NBS".into(),
            grade: "A".into(),
            in_sample,
        }
    }

    #[test]
    fn commands_are_quoted_as_a_shell_reads_them() {
        assert_eq!(shell_word("run.replicates=2"), "run.replicates=2");
        assert_eq!(shell_word("a=[{k = 1}]"), "'a=[{k = 1}]'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn the_grid_is_the_cartesian_product_first_key_slowest() {
        let points = grid(&[vec![1.0, 2.0], vec![10.0, 20.0, 30.0]]);
        assert_eq!(points.len(), 6);
        assert_eq!(points[0], vec![1.0, 10.0]);
        assert_eq!(points[2], vec![1.0, 30.0]);
        assert_eq!(points[3], vec![2.0, 10.0]);
    }

    #[test]
    fn the_loss_is_the_mean_of_the_metrics_scaled_rmse_in_sample_only() {
        // Metric 0: data 2 and 4 (scale 3), model 2.3 and 4.6: errors 0.1 and 0.2, RMSE
        // sqrt((0.01 + 0.04) / 2). Metric 1: data 0 (scale 1), model 0.5: error 0.5. The check
        // (metric 1 in 2020) is off by 100 and counts for nothing.
        let targets = [
            target(0, 2015, 2.0, true),
            target(0, 2016, 4.0, true),
            target(1, 2015, 0.0, true),
            target(1, 2020, 1.0, false),
        ];
        let result = fit(&targets, vec![2.3, 4.6, 0.5, 101.0]);
        let first = (0.05f64 / 2.0).sqrt();
        assert_eq!(result.errors.len(), 2);
        assert!((result.errors[0].1 - first).abs() < 1e-12);
        assert!((result.errors[1].1 - 0.5).abs() < 1e-12);
        assert!((result.loss - (first + 0.5) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn years_the_model_has_no_value_for_are_left_out_of_the_fit() {
        // Metric 0 has no model value in 2015 (income by source in the start year): its error
        // is that of 2016 alone, data 4 and model 4.4, 0.1. A metric with no model value in
        // any in-sample year makes the loss undefined.
        let targets = [target(0, 2015, 2.0, true), target(0, 2016, 4.0, true)];
        let result = fit(&targets, vec![f64::NAN, 4.4]);
        assert!((result.errors[0].1 - 0.1).abs() < 1e-12);
        assert!((result.loss - 0.1).abs() < 1e-12);
        assert_eq!(role(&targets[0], f64::NAN), "not modelled");
        assert_eq!(role(&targets[1], 4.4), "in-sample");
        assert!(fit(&targets[..1], vec![f64::NAN]).loss.is_nan());
    }

    #[test]
    fn the_best_point_has_the_lowest_loss_and_undefined_losses_come_last() {
        let with = |loss| Fit {
            model: Vec::new(),
            errors: Vec::new(),
            loss,
        };
        assert_eq!(best(&[with(0.3), with(f64::NAN), with(0.1), with(0.1)]), 2);
        assert_eq!(best(&[with(f64::NAN), with(0.2)]), 1);
    }
}
