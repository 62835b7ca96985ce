//! `ewsim sensitivity` and `ewsim optimize` end to end, as processes: the files and their
//! headers, exact zeros for a key that does not change the model (common random numbers),
//! ST ≥ S1, thread-count independence, shards that merge byte for byte, a Pareto front that is
//! non-dominated, within bounds and budget, and located errors for bad study tables.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bytes, ewsim, ewsim_ok, path_str, scenario};

/// Small settings: few households, five years, no charts.
const SMALL: [&str; 6] = [
    "--set",
    "run.households=1500",
    "--set",
    "time.end_year=2020",
    "--set",
    "output.charts=false",
];

/// Two keys that move the model and one that does not: with `digital_platform = false`, the
/// digital overhead is never used.
const UNCERTAINTY: &str = r#"
[[uncertainty]]
key = "economy.productivity_growth"
min = 0.04
max = 0.09

[[uncertainty]]
key = "policy.transfers.paired_aid_share"
min = 0.0
max = 0.01

[[uncertainty]]
key = "policy.charity.digital_overhead"
min = 0.0
max = 0.2
"#;

const INERT: &str = "policy.charity.digital_overhead";

/// quickstart.toml with `extra` appended, in `dir`.
fn quickstart_with(dir: &Path, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(scenario("quickstart.toml")).unwrap();
    let path = dir.join("study.toml");
    std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
    path
}

fn study(command: &str, file: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![command, path_str(file), "--out", path_str(out), "--quiet"];
    args.extend(SMALL);
    args.extend(extra);
    ewsim_ok(&args);
}

/// The rows of a CSV file as header → field maps.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap()
}

const HEADER: &str = "metric,year,parameter,method,index,estimate,ci_low,ci_high\n";

#[test]
fn sobol_gives_an_inert_key_exactly_zero_and_total_at_least_first_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(
        dir.path(),
        &format!(
            "[sensitivity]\nmethod = \"sobol\"\nsamples = 16\noutputs = [\"east_west_ratio\", \"gini\"]\nyears = [2018, 2020]\n{UNCERTAINTY}"
        ),
    );
    let out = dir.path().join("sobol");
    study("sensitivity", &file, &out, &[]);
    let text = String::from_utf8(bytes(&out.join("sensitivity.csv"))).unwrap();
    assert!(text.starts_with(HEADER), "{text}");
    let found = rows(&out.join("sensitivity.csv"));
    assert_eq!(
        found.len(),
        2 * 2 * 3 * 2,
        "metrics x years x keys x (S1, ST)"
    );
    assert_eq!(rows(&out.join("design.csv")).len(), 16 * (3 + 2));
    let metrics = rows(&out.join("metrics.csv"));
    assert!(
        metrics.iter().any(|r| r["variant"] == "p79"),
        "every point's runs are written"
    );
    for row in &found {
        assert_eq!(row["method"], "sobol");
        if row["parameter"] == INERT {
            for column in ["estimate", "ci_low", "ci_high"] {
                assert_eq!(row[column], "0", "exactly 0: {row:?}");
            }
        }
    }
    for s1 in found.iter().filter(|r| r["index"] == "S1") {
        let st = found
            .iter()
            .find(|r| {
                r["index"] == "ST"
                    && ["metric", "year", "parameter"]
                        .iter()
                        .all(|c| r[*c] == s1[*c])
            })
            .unwrap();
        assert!(
            number(st, "estimate") >= number(s1, "estimate")
                || number(st, "ci_high") >= number(s1, "ci_low"),
            "ST below S1 beyond the intervals: {s1:?} {st:?}"
        );
    }
    let moving = found
        .iter()
        .find(|r| {
            r["parameter"] == "policy.transfers.paired_aid_share"
                && r["index"] == "ST"
                && r["metric"] == "east_west_ratio"
        })
        .unwrap();
    assert!(
        number(moving, "estimate") > 0.1,
        "aid drives the east-west ratio: {moving:?}"
    );

    // One thread writes the same bytes.
    let single = dir.path().join("single");
    study("sensitivity", &file, &single, &["--threads", "1"]);
    for name in ["sensitivity.csv", "design.csv", "metrics.csv"] {
        assert_eq!(bytes(&out.join(name)), bytes(&single.join(name)), "{name}");
    }
}

#[test]
fn morris_gives_an_inert_key_exactly_zero() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(
        dir.path(),
        &format!(
            "[sensitivity]\nmethod = \"morris\"\nsamples = 6\noutputs = [\"east_west_ratio\"]\n{UNCERTAINTY}"
        ),
    );
    let out = dir.path().join("morris");
    study("sensitivity", &file, &out, &[]);
    let text = String::from_utf8(bytes(&out.join("sensitivity.csv"))).unwrap();
    assert!(text.starts_with(HEADER));
    let found = rows(&out.join("sensitivity.csv"));
    assert_eq!(found.len(), 3 * 2);
    assert_eq!(rows(&out.join("design.csv")).len(), 6 * (3 + 1));
    for row in &found {
        assert_eq!(row["year"], "2020", "the end year by default");
        assert!(["mu_star", "sigma"].contains(&row["index"].as_str()));
        let inert = row["parameter"] == INERT;
        assert_eq!(
            row["estimate"] == "0",
            inert,
            "exactly 0 iff inert: {row:?}"
        );
    }
}

#[test]
fn sensitivity_shards_run_as_processes_merge_into_the_unsharded_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(
        dir.path(),
        &format!("[sensitivity]\nsamples = 8\noutputs = [\"gini\"]\n{UNCERTAINTY}"),
    );
    let whole = dir.path().join("whole");
    study("sensitivity", &file, &whole, &["--set", "run.replicates=2"]);
    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| dir.path().join(format!("shard{k}")))
        .collect();
    let children: Vec<_> = shards
        .iter()
        .enumerate()
        .map(|(k, out)| {
            let mut args = vec![
                "sensitivity".to_string(),
                path_str(&file).into(),
                "--out".into(),
                path_str(out).into(),
                "--quiet".into(),
            ];
            args.extend(SMALL.iter().map(|s| s.to_string()));
            args.extend([
                "--set".into(),
                "run.replicates=2".into(),
                "--shard".into(),
                format!("{}/3", k + 1),
                "--threads".into(),
                "1".into(),
            ]);
            Command::new(env!("CARGO_BIN_EXE_ewsim"))
                .args(&args)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert!(
        !shards[0].join("sensitivity.csv").exists(),
        "a shard has only part of the points"
    );
    let merged = dir.path().join("merged");
    ewsim_ok(&[
        "merge",
        path_str(&merged),
        path_str(&shards[1]),
        path_str(&shards[2]),
        path_str(&shards[0]),
    ]);
    for name in [
        "sensitivity.csv",
        "metrics.csv",
        "design.csv",
        "scenario.resolved.toml",
    ] {
        assert_eq!(
            bytes(&whole.join(name)),
            bytes(&merged.join(name)),
            "{name} differs after merging"
        );
    }
    let output = ewsim(&[
        "merge",
        path_str(&dir.path().join("m2")),
        path_str(&shards[0]),
        path_str(&shards[1]),
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an incomplete set is refused"
    );
}

#[test]
fn optimize_writes_a_non_dominated_front_within_bounds_and_budget() {
    let dir = tempfile::tempdir().unwrap();
    let budget = 8e10;
    let file = quickstart_with(
        dir.path(),
        &format!(
            "[optimize]\nobjective = \"east_west_ratio\"\nyear = 2020\nbudget = {budget:e}\nevaluations = 24\npopulation = 8\n\
             cost = [\"paired_aid\", \"consumption_assistance\"]\n\n\
             [[optimize.lever]]\nkey = \"policy.transfers.paired_aid_share\"\nmin = 0.0\nmax = 0.02\n\n\
             [[optimize.lever]]\nkey = \"policy.consumption.purchase_share\"\nmin = 0.0\nmax = 0.03\n"
        ),
    );
    let out = dir.path().join("optimize");
    study("optimize", &file, &out, &[]);
    let text = String::from_utf8(bytes(&out.join("pareto.csv"))).unwrap();
    assert!(text.starts_with(
        "candidate,cost,objective,policy.transfers.paired_aid_share,policy.consumption.purchase_share\n"
    ));
    let front = rows(&out.join("pareto.csv"));
    assert!(front.len() >= 2, "{text}");
    assert_eq!(rows(&out.join("evaluations.csv")).len(), 24);
    for row in &front {
        assert!(number(row, "cost") <= budget);
        let aid = number(row, "policy.transfers.paired_aid_share");
        let purchase = number(row, "policy.consumption.purchase_share");
        assert!(
            (0.0..=0.02).contains(&aid) && (0.0..=0.03).contains(&purchase),
            "{row:?}"
        );
        for other in &front {
            let (c, o) = (number(other, "cost"), number(other, "objective"));
            let dominated = c <= number(row, "cost")
                && o <= number(row, "objective")
                && (c < number(row, "cost") || o < number(row, "objective"));
            assert!(!dominated, "{other:?} dominates {row:?}");
        }
    }
    // A candidate's cost is its cost metrics summed over 2016..=2020, from its own runs.
    let metrics = rows(&out.join("metrics.csv"));
    for row in &front {
        let summed: f64 = metrics
            .iter()
            .filter(|m| m["variant"] == row["candidate"] && m["year"] != "2015")
            .filter(|m| m["metric"] == "paired_aid" || m["metric"] == "consumption_assistance")
            .map(|m| number(m, "value"))
            .sum();
        assert!(
            (summed - number(row, "cost")).abs() <= 1e-9 * summed,
            "{row:?}: {summed}"
        );
    }
    // The scenario's own mix is evaluated first, under the same random numbers as a run.
    let first = &rows(&out.join("evaluations.csv"))[0];
    let default = ewsim::scenario::Scenario::default()
        .policy
        .transfers
        .paired_aid_share;
    assert_eq!(number(first, "policy.transfers.paired_aid_share"), default);

    // One thread searches the same way; a search takes no --shard.
    let single = dir.path().join("single");
    study("optimize", &file, &single, &["--threads", "1"]);
    for name in ["pareto.csv", "evaluations.csv", "metrics.csv"] {
        assert_eq!(bytes(&out.join(name)), bytes(&single.join(name)), "{name}");
    }
    let output = ewsim(&[
        "optimize",
        path_str(&file),
        "--shard",
        "1/2",
        "--out",
        path_str(&dir.path().join("x")),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

/// `study.toml:L:C` for line `line` (1-based) of the text appended to quickstart.toml.
fn at(line: usize, column: usize) -> String {
    let base = std::fs::read_to_string(scenario("quickstart.toml"))
        .unwrap()
        .lines()
        .count();
    format!("study.toml:{}:{column}", base + 1 + line)
}

/// Runs `command` on quickstart plus `extra`; returns its standard error, asserting exit 2.
fn refused(command: &str, extra: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(dir.path(), extra);
    let output = ewsim(&[
        command,
        path_str(&file),
        "--out",
        path_str(&dir.path().join("out")),
        "--quiet",
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bad_study_tables_are_refused_with_their_location_before_anything_runs() {
    let err = refused(
        "sensitivity",
        "[sensitivity]\nsample = 8\noutputs = [\"gini\"]\n",
    );
    assert!(
        err.contains(&format!("{}: key `sensitivity.sample`", at(2, 1)))
            && err.contains("did you mean `sensitivity.samples`"),
        "{err}"
    );
    let err = refused(
        "sensitivity",
        "[sensitivity]\nsamples = 100\noutputs = [\"gni\"]\n[[uncertainty]]\nkey = \"economy.productivity_grwth\"\nmin = 0.03\nmax = 0.02\n",
    );
    assert!(
        err.contains("key `sensitivity.samples`: expected a power of two"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `economy.productivity_growth`"),
        "{err}"
    );
    assert!(
        err.contains("key `uncertainty[0].max`: max 0.02 must be above min 0.03"),
        "{err}"
    );
    let err = refused(
        "sensitivity",
        &format!("[sensitivity]\nsamples = 8\noutputs = [\"gni\"]\n{UNCERTAINTY}"),
    );
    assert!(
        err.contains(&format!("{}: key `sensitivity.outputs[0]`", at(3, 12)))
            && err.contains("did you mean `gini`"),
        "{err}"
    );
    // A range no variant accepts is found in the design, before any run.
    let err = refused(
        "sensitivity",
        "[sensitivity]\nsamples = 8\noutputs = [\"gini\"]\n[[uncertainty]]\nkey = \"policy.transfers.paired_aid_share\"\nmin = -0.1\nmax = 0.01\n",
    );
    assert!(
        err.contains(&format!(
            "{}: key `policy.transfers.paired_aid_share`: expected a share between 0 and 1",
            at(5, 1)
        )),
        "{err}"
    );
    let err = refused(
        "optimize",
        "[optimize]\nobjective = \"gini\"\npopulation = 7\n[[optimize.lever]]\nkey = \"policy.transfers.paired_aid_share\"\nmin = 0.0\nmax = 2.0\n",
    );
    assert!(
        err.contains("key `optimize.population`: expected an even population"),
        "{err}"
    );
    let err = refused(
        "optimize",
        "[optimize]\nobjective = \"gini\"\n[[optimize.lever]]\nkey = \"policy.transfers.paired_aid_share\"\nmin = 0.0\nmax = 2.0\n",
    );
    if ewsim::metrics::table::METRICS
        .iter()
        .all(|m| !m.name.starts_with("cost_"))
    {
        assert!(err.contains("no `cost_<lever>` metrics"), "{err}");
    } else {
        assert!(
            err.contains("expected a share between 0 and 1, found 2"),
            "{err}"
        );
    }
    let err = refused("sensitivity", "");
    assert!(err.contains("no [sensitivity] table"), "{err}");
}

/// Study years are checked when the study runs: a shortened `ewsim run` of a scenario whose
/// study reads a later year still runs, the study itself is refused with the location.
#[test]
fn study_years_beyond_a_shortened_run_stop_the_study_not_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(
        dir.path(),
        &format!("[sensitivity]\nsamples = 4\noutputs = [\"gini\"]\nyears = [2025]\n{UNCERTAINTY}"),
    );
    let out = dir.path().join("run");
    ewsim_ok(&[
        "run",
        path_str(&file),
        "--out",
        path_str(&out),
        "--quiet",
        "--set",
        "time.end_year=2017",
    ]);
    let output = ewsim(&[
        "sensitivity",
        path_str(&file),
        "--out",
        path_str(&dir.path().join("s")),
        "--set",
        "time.end_year=2017",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(&format!(
            "{}: key `sensitivity.years[0]`: year 2025 is outside 2015..=2017",
            at(4, 10)
        )),
        "{err}"
    );
}

/// A calibration of quickstart against a hand-made observed file: fitted 2015–2017, checked
/// 2018–2020, with one key that moves the model and one that does not.
const CALIBRATE: &str = r#"
[data]
observed = "observed.csv"

[calibrate]
fit_until = 2017
targets = ["gini", "urban_rural_ratio"]

[[calibrate.parameter]]
key = "economy.productivity_growth"
values = [0.04, 0.08]

[[calibrate.parameter]]
key = "policy.charity.digital_overhead"
values = [0.0, 0.1]
"#;

/// The observed file of [`CALIBRATE`]: the checks of 2018–2020 are far off, and `rural_poor`
/// is not a target.
const OBSERVED: &str = "year,metric,value,source,grade\n\
    2015,gini,0.40,NBS,A\n2016,gini,0.41,NBS,A\n2017,gini,0.42,NBS,B\n2018,gini,9,NBS,A\n\
    2015,urban_rural_ratio,2.5,NBS,A\n2016,urban_rural_ratio,2.4,NBS,A\n\
    2020,urban_rural_ratio,99,NBS,A\n2016,rural_poor,1e6,NBS,A\n";

#[test]
fn calibrate_picks_the_lowest_in_sample_loss_and_reports_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let file = quickstart_with(dir.path(), CALIBRATE);
    std::fs::write(dir.path().join("observed.csv"), OBSERVED).unwrap();
    let out = dir.path().join("calibrate");
    study("calibrate", &file, &out, &[]);
    let grid = rows(&out.join("grid.csv"));
    assert_eq!(grid.len(), 4, "2 × 2 points");
    // The inert key changes nothing: points 0/1 and 2/3 differ in it alone.
    assert_eq!(grid[0]["loss"], grid[1]["loss"]);
    assert_eq!(grid[2]["loss"], grid[3]["loss"]);
    assert_ne!(grid[0]["loss"], grid[2]["loss"]);
    let best = grid
        .iter()
        .min_by(|a, b| number(a, "loss").total_cmp(&number(b, "loss")))
        .unwrap();
    let report = String::from_utf8(bytes(&out.join("calibration.md"))).unwrap();
    assert!(
        report.contains(&format!("Best point {} ", best["point"])),
        "{report}"
    );
    assert!(report.contains("| `gini` | 2017 | in-sample | 0.4200 | NBS | B |"));
    // Every target at the best point: in-sample up to 2017, checks after; rural_poor is not
    // a target.
    let targets = rows(&out.join("targets.csv"));
    let roles: Vec<(String, String, String)> = targets
        .iter()
        .map(|t| (t["metric"].clone(), t["year"].clone(), t["role"].clone()))
        .collect();
    for (metric, year, role) in &roles {
        assert_ne!(metric, "rural_poor");
        let fitted = year.parse::<i32>().unwrap() <= 2017;
        assert_eq!(role, if fitted { "in-sample" } else { "check" });
    }
    assert_eq!(targets.len(), 7, "{roles:?}");
    // The loss recomputed by hand from the in-sample rows: per metric the RMSE of the error
    // over the mean |data|, then the mean over the two metrics. The checks, far off, count for
    // nothing.
    let mut errors = Vec::new();
    for metric in ["gini", "urban_rural_ratio"] {
        let fitted: Vec<(f64, f64)> = targets
            .iter()
            .filter(|t| t["metric"] == metric && t["role"] == "in-sample")
            .map(|t| (number(t, "data"), number(t, "model")))
            .collect();
        let n = fitted.len() as f64;
        let scale = fitted.iter().map(|(d, _)| d.abs()).sum::<f64>() / n;
        let square: f64 = fitted.iter().map(|(d, m)| ((m - d) / scale).powi(2)).sum();
        errors.push((square / n).sqrt());
    }
    let loss = (errors[0] + errors[1]) / 2.0;
    assert!(
        (loss - number(best, "loss")).abs() < 1e-9 * loss,
        "{loss} vs {}",
        best["loss"]
    );
    // The same grid on one thread gives the same bytes.
    let one = dir.path().join("one-thread");
    study("calibrate", &file, &one, &["--threads", "1"]);
    assert_eq!(bytes(&out.join("grid.csv")), bytes(&one.join("grid.csv")));
    assert_eq!(
        bytes(&out.join("targets.csv")),
        bytes(&one.join("targets.csv"))
    );
}

#[test]
fn bad_calibrations_are_refused_before_anything_runs() {
    let with = |calibrate: &str| {
        let dir = tempfile::tempdir().unwrap();
        let file = quickstart_with(dir.path(), calibrate);
        std::fs::write(dir.path().join("observed.csv"), OBSERVED).unwrap();
        let out = dir.path().join("out");
        let output = ewsim(&["calibrate", path_str(&file), "--out", path_str(&out)]);
        assert_eq!(output.status.code(), Some(2));
        assert!(!out.exists(), "nothing is written");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let err = with("");
    assert!(err.contains("no [calibrate] table"), "{err}");
    let err = with(&CALIBRATE.replace("\"gini\", ", "\"gni\", "));
    assert!(
        err.contains("key `calibrate.targets[0]`") && err.contains("did you mean `gini`"),
        "{err}"
    );
    let err = with(&CALIBRATE.replace("productivity_growth", "productivity_grwth"));
    assert!(
        err.contains("key `calibrate.parameter[0].key`")
            && err.contains("did you mean `economy.productivity_growth`"),
        "{err}"
    );
    let err = with(&CALIBRATE.replace("values = [0.0, 0.1]", "values = []"));
    assert!(
        err.contains("key `calibrate.parameter[1].values`: expected at least one value"),
        "{err}"
    );
    let err = with(&CALIBRATE.replace("fit_until = 2017", "fit_until = 2040"));
    assert!(
        err.contains("key `calibrate.fit_until`: expected a year in 2015..=2025"),
        "{err}"
    );
    let err = with(&CALIBRATE.replace("\"urban_rural_ratio\"]", "\"theil_t\"]"));
    assert!(
        err.contains("`data.observed` has no value of `theil_t` in 2015..=2017"),
        "{err}"
    );
    let err = with(&CALIBRATE.replace("values = [0.04, 0.08]", "values = [0.04, -2.0]"));
    assert!(err.contains("economy.productivity_growth"), "{err}");
    let shard = ewsim(&["calibrate", "--shard", "1/2"]);
    assert_eq!(shard.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&shard.stderr).contains("takes no --shard"));
}
