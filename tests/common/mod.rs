//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scenario file of the repository.
pub fn scenario(name: &str) -> PathBuf {
    root().join("scenarios").join(name)
}

/// Runs the ewsim binary with `args`.
pub fn ewsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ewsim"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("ewsim runs")
}

/// Runs ewsim and asserts success.
pub fn ewsim_ok(args: &[&str]) -> Output {
    let output = ewsim(args);
    assert!(
        output.status.success(),
        "ewsim {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Reads a file to bytes.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The metrics of every simulated year (start year excluded) of `variant`, replicate 0, as
/// name → value maps.
pub fn metrics_by_year(
    variant: &ewsim::scenario::Variant,
) -> Vec<(i32, std::collections::HashMap<&'static str, f64>)> {
    use ewsim::metrics::collect::{METRICS, MetricsScratch, collect};
    let economy = &variant.scenario.economy;
    let mut simulation = ewsim::engine::Simulation::new(variant, 0);
    let (mut scratch, mut values, mut years) = (MetricsScratch::default(), Vec::new(), Vec::new());
    while !simulation.finished() {
        simulation.step_year();
        let year = simulation.year();
        let line = ewsim::world::synthesis::poverty_line(economy, year);
        collect(simulation.world(), economy, line, &mut scratch, &mut values);
        years.push((
            year,
            METRICS
                .iter()
                .copied()
                .zip(values.iter().copied())
                .collect(),
        ));
    }
    years
}

/// The final-year metrics of `variant`.
pub fn final_metrics(
    variant: &ewsim::scenario::Variant,
) -> std::collections::HashMap<&'static str, f64> {
    metrics_by_year(variant)
        .pop()
        .expect("at least one simulated year")
        .1
}

/// One metric's yearly series of `variant`.
pub fn series(variant: &ewsim::scenario::Variant, metric: &str) -> Vec<(i32, f64)> {
    metrics_by_year(variant)
        .into_iter()
        .map(|(year, values)| (year, values[metric]))
        .collect()
}
