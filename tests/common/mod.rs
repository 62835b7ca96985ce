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
        let line = ewsim::world::poverty_line(economy, year);
        collect(simulation.world(), economy, line, &mut scratch, &mut values);
        years.push((
            year,
            METRICS
                .iter()
                .map(|m| m.name)
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

/// A temporary path as `&str` (temporary paths are UTF-8 here).
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// A decoded PNG.
pub struct Png {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel bytes, `samples` per pixel.
    pub bytes: Vec<u8>,
    /// Bytes per pixel (3 for RGB, 4 for RGBA).
    pub samples: usize,
}

/// Decodes the PNG at `path`.
pub fn decode_png(path: &Path) -> Png {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut bytes = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut bytes).unwrap();
    bytes.truncate(info.buffer_size());
    Png {
        width: info.width,
        height: info.height,
        bytes,
        samples: info.color_type.samples(),
    }
}

/// The trimmed contents of an SVG document's `<text>` elements.
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// Runs `work` on its own thread and waits at most `seconds` for it: `Ok` with its result,
/// `Err` saying it panicked or did not finish in time (so a regression to an endless loop fails
/// the test instead of hanging it).
pub fn within<T: Send + 'static>(
    seconds: u64,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        let _ = sender.send(outcome);
    });
    match receiver.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err("panicked".to_string()),
        Err(_) => Err(format!("did not finish in {seconds} s")),
    }
}

/// The number of proptest cases: `PROPTEST_CASES` when set (a long campaign), else `default`
/// (the bounded run of CI).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The names in `dir`, sorted (none when it cannot be read).
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Runs `ewsim run SCENARIO --out OUT --quiet EXTRA...`.
pub fn run_into(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run".to_string(),
        scenario.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--quiet".into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ewsim(&args)
}

/// Runs the small China study several tests read into `dir/study` and returns that folder:
/// `variants.toml`'s baseline and `no_pairing`, two replicates of 3,000 households to 2017, a
/// household snapshot of 2016, and `extra` arguments (e.g. `--set output.charts=false`).
pub fn small_variants_study(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("study");
    let mut args = vec![
        "--variant",
        "baseline",
        "--variant",
        "no_pairing",
        "--replicates",
        "2",
        "--set",
        "run.households=3000",
        "--set",
        "time.end_year=2017",
        "--set",
        "output.household_snapshot_years=[2016]",
    ];
    args.extend(extra);
    let output = run_into(&scenario("variants.toml"), &out, &args);
    assert!(
        output.status.success(),
        "the small study failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}
