//! Studies over many runs of one scenario: global sensitivity analysis (`ewsim sensitivity`:
//! Sobol indices or Morris screening of the `[[uncertainty]]` keys), policy-mix search
//! (`ewsim optimize`: the cost–objective Pareto front of `[[optimize.lever]]` keys) and
//! calibration (`ewsim calibrate`: a grid fit of `[[calibrate.parameter]]` keys to the
//! observed series).
//!
//! Every point of a study is a variant of the scenario run with the replicates' random
//! numbers, which do not depend on the variant: all points share them (common random
//! numbers), so the differences between points come from their keys alone. The guide is
//! `docs/STUDIES.md`.
//!
//! - `design`: distributions, the Saltelli and Morris designs;
//! - `sobol`, `morris`: the estimators; `bootstrap`: their confidence intervals;
//! - `runner`: running points (batched, in run order, sharded);
//! - `sensitivity`, `optimize`, `calibrate`: the three commands and their files.

pub mod bootstrap;
pub mod calibrate;
pub mod design;
pub mod morris;
pub mod nsga2;
pub mod optimize;
pub mod runner;
pub mod sensitivity;
pub mod sobol;

pub use calibrate::calibrate;
pub use optimize::optimize;
pub use sensitivity::sensitivity;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result};

use crate::experiment::Shard;
use crate::experiment::merge::MergeUsageError;
use crate::metrics::table::METRICS;
use crate::output::{self, Manifest};
use crate::scenario::error::{Origin, ScenarioError, ScenarioErrors};
use crate::scenario::locate::Step;
use crate::scenario::{LoadedScenario, OutputSpec, Scenario};

/// `manifest.json`'s `study` of a sensitivity analysis.
pub const SENSITIVITY: &str = "sensitivity";
/// `manifest.json`'s `study` of a policy-mix search.
pub const OPTIMIZE: &str = "optimize";
/// `manifest.json`'s `study` of a calibration.
pub const CALIBRATE: &str = "calibrate";

/// How to run a study.
#[derive(Debug, Clone)]
pub struct StudyOptions {
    /// Output folder.
    pub out: PathBuf,
    /// Slice of the runs (sensitivity only).
    pub shard: Shard,
    /// Suppress the progress bar.
    pub quiet: bool,
    /// Command line for the manifest.
    pub command_line: Vec<String>,
}

/// The metric table's names.
pub fn metric_names() -> Vec<&'static str> {
    METRICS.iter().map(|m| m.name).collect()
}

/// The refusal of a study whose scenario lacks its table: `message`, about the whole file.
fn missing_table(loaded: &LoadedScenario, message: &str) -> ScenarioErrors {
    ScenarioError::new(
        Origin::File {
            path: loaded.source_name.clone(),
            position: None,
        },
        message,
    )
    .into()
}

/// The study keys `keys` with the path of each one's `key` in the scenario's array of tables
/// `array` (`["optimize", "lever"]` gives `optimize.lever[i].key`), for located errors.
fn key_paths(keys: &[String], array: &[&str]) -> Vec<(String, Vec<Step>)> {
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let mut path: Vec<Step> = array.iter().map(|k| Step::Key((*k).into())).collect();
            path.extend([Step::Index(i), Step::Key("key".into())]);
            (key.clone(), path)
        })
        .collect()
}

/// The scenario's own values of the dotted numeric `keys`, or `None` if one is not a float.
fn own_values(loaded: &LoadedScenario, keys: &[String]) -> Option<Vec<f64>> {
    let value = toml::Value::try_from(&loaded.scenario).ok()?;
    keys.iter()
        .map(|key| {
            key.split('.')
                .try_fold(&value, |node, part| node.get(part))?
                .as_float()
        })
        .collect()
}

/// Writes `scenario.resolved.toml` into `dir`; returns its text.
fn write_resolved(loaded: &LoadedScenario, dir: &Path) -> Result<String> {
    let resolved = loaded.resolved_toml();
    fs::write(dir.join("scenario.resolved.toml"), &resolved)?;
    Ok(resolved)
}

/// The manifest of a study that started at `started` (wall clock and monotonic clock): a run's
/// manifest ([`crate::experiment::manifest`]) that names the study and no variants.
fn study_manifest(
    loaded: &LoadedScenario,
    resolved: &str,
    options: &StudyOptions,
    started: (SystemTime, Instant),
    study: &str,
) -> Manifest {
    let launched = (&options.shard, options.command_line.as_slice());
    Manifest {
        variants: Vec::new(),
        study: Some(study.to_string()),
        ..crate::experiment::manifest(loaded, launched, started, resolved)
    }
}

/// Draws the study's charts (when `charts`) in the formats of `output`, then writes the
/// manifest last: a folder with a manifest is complete.
fn finish(dir: &Path, manifest: &Manifest, charts: bool, output: &OutputSpec) -> Result<()> {
    if charts && !output.formats.is_empty() {
        let formats: Vec<crate::plot::ImageFormat> =
            output.formats.iter().map(|f| (*f).into()).collect();
        crate::plot::studies::draw(dir, &formats).context("drawing charts")?;
    }
    let text = serde_json::to_string_pretty(manifest)? + "\n";
    fs::write(dir.join(output::folder::MARKER), text)?;
    Ok(())
}

/// The scenario of a study folder, from its `scenario.resolved.toml`.
fn resolved_scenario(dir: &Path) -> Result<Scenario> {
    let path = dir.join("scenario.resolved.toml");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("{} does not parse", path.display()))
}

/// `ewsim merge` of the shards of a sensitivity analysis (`folders` by shard number, each
/// checked to be a shard of the same study): `metrics.csv` interleaved in run order, the
/// design and resolved scenario copied, `sensitivity.csv` and the charts computed as an
/// unsharded run computes them.
pub fn merge_shards(
    out: &Path,
    folders: &[&Path],
    first: &Manifest,
    command_line: Vec<String>,
) -> Result<PathBuf> {
    let started = (SystemTime::now(), Instant::now());
    if first.study.as_deref() != Some(SENSITIVITY) {
        return Err(MergeUsageError(format!(
            "{} holds a {} study, which is not run in shards",
            folders[0].display(),
            first.study.as_deref().unwrap_or("different")
        ))
        .into());
    }
    let design = fs::read(folders[0].join("design.csv"))
        .map_err(|e| MergeUsageError(format!("{}: design.csv: {e}", folders[0].display())))?;
    for folder in &folders[1..] {
        if fs::read(folder.join("design.csv")).ok().as_ref() != Some(&design) {
            return Err(MergeUsageError(format!(
                "{}: design.csv differs from {}'s",
                folder.display(),
                folders[0].display()
            ))
            .into());
        }
    }
    let staging = output::folder::stage(out, output::folder::Replace::EwsimResult)?;
    let dir = staging.path().to_path_buf();
    fs::write(dir.join("design.csv"), &design)?;
    crate::experiment::merge::interleave(folders, "metrics.csv", &dir)?;
    fs::copy(
        folders[0].join("scenario.resolved.toml"),
        dir.join("scenario.resolved.toml"),
    )?;
    let scenario = resolved_scenario(&dir)?;
    let plan = sensitivity::Plan::new(&scenario)
        .ok_or_else(|| MergeUsageError("the shards' scenario has no [sensitivity]".into()))?;
    sensitivity::write_sensitivity(&dir, &plan)?;
    let manifest = Manifest {
        shard: Shard::ALL.to_string(),
        threads: rayon::current_num_threads(),
        started: humantime::format_rfc3339_seconds(started.0).to_string(),
        finished: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        wall_seconds: started.1.elapsed().as_secs_f64(),
        command_line,
        ..first.clone()
    };
    finish(&dir, &manifest, scenario.output.charts, &scenario.output)?;
    Ok(staging.commit()?)
}
