//! End-to-end tests of the command line, as a user runs it.

mod common;

use common::{bytes, ewsim, ewsim_ok, path_str, scenario};
use ewsim::metrics::inequality::Distribution;

fn small_china(out: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "run",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--set",
        "run.households=6000",
        "--set",
        "time.end_year=2019",
        "--set",
        "output.charts=false",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn run(args: &[String]) {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ewsim_ok(&refs);
}

#[test]
fn same_seed_same_bytes_on_one_and_two_threads_and_another_seed_differs() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    let other = dir.path().join("other");
    run(&small_china(&one, &["--threads", "1"]));
    run(&small_china(&two, &["--threads", "2"]));
    run(&small_china(&other, &["--threads", "2", "--seed", "7"]));
    for file in ["metrics.csv", "regions.csv", "summary.csv"] {
        assert_eq!(
            bytes(&one.join(file)),
            bytes(&two.join(file)),
            "{file} differs between 1 and 2 threads"
        );
        assert_ne!(
            bytes(&one.join(file)),
            bytes(&other.join(file)),
            "{file} ignores the seed"
        );
    }
}

#[test]
fn default_run_writes_every_metric_for_every_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("china");
    run(&small_china(&out, &[]));
    let text = String::from_utf8(bytes(&out.join("metrics.csv"))).unwrap();
    assert!(text.starts_with("variant,replicate,year,metric,value\n"));
    for year in 2015..=2019 {
        for metric in ewsim::metrics::collect::METRICS {
            let prefix = format!("baseline,0,{year},{metric},");
            assert!(
                text.lines().any(|l| l.starts_with(&prefix)),
                "missing {prefix}"
            );
        }
    }
    let regions = String::from_utf8(bytes(&out.join("regions.csv"))).unwrap();
    assert!(regions.starts_with(
        "variant,replicate,year,region,zone,population_urban,population_rural,income_urban,income_rural,income_mean,income_mean_survey,"
    ));
    // 31 provinces × 5 years + header.
    assert_eq!(regions.lines().count(), 31 * 5 + 1);
    for file in [
        "manifest.json",
        "scenario.resolved.toml",
        "summary.csv",
        "observed.csv",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&bytes(&out.join("manifest.json"))).unwrap();
    assert_eq!(manifest["scenario"], "china");
    assert_eq!(manifest["variants"][0], "baseline");
}

#[test]
fn start_year_incomes_match_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("china");
    run(&small_china(&out, &["--set", "time.end_year=2016"]));
    let mut reader = csv::Reader::from_path(out.join("regions.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut seen = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if &record[column("year")] != "2015" || &record[column("region")] != "Guizhou" {
            continue;
        }
        let value = |name: &str| record[column(name)].parse::<f64>().unwrap();
        assert!((value("income_urban") - 24580.0).abs() < 1e-6);
        assert!((value("income_rural") - 7387.0).abs() < 1e-6);
        assert!((value("population_urban") - 15_930_000.0).abs() < 1e-3);
        assert!((value("population_rural") - 21_150_000.0).abs() < 1e-3);
        seen += 1;
    }
    assert_eq!(seen, 1);
}

#[test]
fn metrics_equal_an_independent_computation_from_the_household_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap");
    run(&small_china(
        &out,
        &["--set", "output.household_snapshot_years=[2018]"],
    ));
    let mut reader = csv::Reader::from_path(out.join("households_2018.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "variant",
            "replicate",
            "household",
            "region",
            "sector",
            "weight",
            "income",
            "human_capital",
            "works_away",
            "poor"
        ]
    );
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        pairs.push((
            record[6].parse::<f64>().unwrap(),
            record[5].parse::<f64>().unwrap(),
        ));
    }
    // Independent brute-force Gini over persons: sum_ij w_i w_j |y_i - y_j| / (2 W^2 mean),
    // on a sorted copy with prefix sums (not the library's code path).
    let mut sorted = pairs.clone();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total_weight: f64 = sorted.iter().map(|p| p.1).sum();
    let total_income: f64 = sorted.iter().map(|p| p.0 * p.1).sum();
    let mean = total_income / total_weight;
    let (mut below_w, mut below_y, mut sum_abs) = (0.0, 0.0, 0.0);
    for (y, w) in &sorted {
        sum_abs += 2.0 * w * (y * below_w - below_y);
        below_w += w;
        below_y += w * y;
    }
    let gini = sum_abs / (2.0 * total_weight * total_weight * mean);
    let theil: f64 = sorted
        .iter()
        .map(|(y, w)| w / total_weight * (y / mean) * (y / mean).ln())
        .sum();

    let metrics = String::from_utf8(bytes(&out.join("metrics.csv"))).unwrap();
    let value = |name: &str| -> f64 {
        let prefix = format!("baseline,0,2018,{name},");
        metrics.lines().find(|l| l.starts_with(&prefix)).unwrap()[prefix.len()..]
            .parse()
            .unwrap()
    };
    assert!(
        (value("gini") - gini).abs() < 1e-9,
        "gini {} vs {gini}",
        value("gini")
    );
    assert!(
        (value("theil_t") - theil).abs() < 1e-9,
        "theil {} vs {theil}",
        value("theil_t")
    );
    let library = Distribution::new(pairs);
    // metrics.csv writes the library's value to 12 significant digits.
    assert_eq!(ewsim::output::number::round(library.gini()), value("gini"));

    // regions.csv: each province's rural poor are the weights of its rural residents (rural
    // households at home: those away are urban residents where they work) flagged poor in the
    // snapshot, and they add up to the national `rural_poor`.
    let mut poor_by_region: std::collections::BTreeMap<String, f64> = Default::default();
    let mut reader = csv::Reader::from_path(out.join("households_2018.csv")).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        if &record[4] == "rural" && &record[8] == "0" && &record[9] == "1" {
            *poor_by_region.entry(record[3].to_string()).or_default() +=
                record[5].parse::<f64>().unwrap();
        }
    }
    let mut reader = csv::Reader::from_path(out.join("regions.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (mut total, mut rows) = (0.0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        if &record[column("year")] != "2018" {
            continue;
        }
        let region = &record[column("region")];
        let poor: f64 = record[column("rural_poor")].parse().unwrap();
        let rate: f64 = record[column("rural_poverty_rate")].parse().unwrap();
        let rural: f64 = record[column("population_rural")].parse().unwrap();
        let expected = poor_by_region.get(region).copied().unwrap_or(0.0);
        assert!(
            // Both sides are sums of values written to 12 significant digits.
            (poor - expected).abs() < 1e-10 * poor.max(1.0),
            "{region}: {poor} vs {expected}"
        );
        assert!((rate - poor / rural).abs() < 1e-11, "{region}");
        total += poor;
        rows += 1;
    }
    assert_eq!(rows, 31);
    assert!(
        poor_by_region.values().sum::<f64>() > 0.0,
        "some rural poor in 2018"
    );
    assert!((total - value("rural_poor")).abs() < 1e-6 * total.max(1.0));
}

#[test]
fn a_typo_exits_2_with_location_and_suggestion_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo.toml");
    std::fs::write(&file, "[scenario]\nname = \"typo\"\n\n[run]\nhousholds = 1000\n\n[[region]]\nname = \"A\"\nzone = \"east\"\npopulation_urban = 10\npopulation_rural = 10\nincome_urban = 2\nincome_rural = 1\n").unwrap();
    let out = dir.path().join("out");
    let output = ewsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("typo.toml:5:1"), "{stderr}");
    assert!(stderr.contains("housholds"), "{stderr}");
    assert!(stderr.contains("did you mean `run.households`"), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert!(!out.exists(), "no output folder for a bad scenario");
}

#[test]
fn bad_set_values_exit_2() {
    let output = ewsim(&[
        "check",
        scenario("quickstart.toml").to_str().unwrap(),
        "--set",
        "policy.transfers.paired_aid_share=1.5",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--set policy.transfers.paired_aid_share=1.5"),
        "{stderr}"
    );
    assert!(stderr.contains("between 0 and 1"), "{stderr}");
    let output = ewsim(&[
        "check",
        scenario("quickstart.toml").to_str().unwrap(),
        "--set",
        "polcy.talent.enabled=false",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `policy`"));
}

#[test]
fn check_reports_31_regions_for_china() {
    let output = ewsim_ok(&["check", scenario("china.toml").to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("31 regions"), "{stdout}");
    assert!(stdout.contains("Inner Mongolia"));
    // Without a file, check reads the built-in scenario, as run does, and lists what each phase
    // changes (a --set key is no longer among them: it holds for the whole run).
    let builtin = ewsim_ok(&["check", "--set", "policy.charity.scope=\"paired\""]);
    let builtin = String::from_utf8_lossy(&builtin.stdout);
    assert!(builtin.contains("31 regions"), "{builtin}");
    assert!(
        builtin.contains("from 2021 (2021 common prosperity):"),
        "{builtin}"
    );
    assert!(
        builtin.contains("policy.consumption.purchase_share = 0.016"),
        "{builtin}"
    );
    assert!(!builtin.contains("policy.charity.scope"), "{builtin}");
}

#[test]
fn an_existing_foreign_folder_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("thesis");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("chapter1.tex"), "precious").unwrap();
    let output = ewsim(&[
        "run",
        scenario("quickstart.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(out.join("chapter1.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn quickstart_runs_and_rerun_replaces_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("qs");
    let path = scenario("quickstart.toml");
    ewsim_ok(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let first = bytes(&out.join("metrics.csv"));
    ewsim_ok(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(first, bytes(&out.join("metrics.csv")));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary folders left: {leftovers:?}"
    );
}

/// `scenario.resolved.toml` reproduces the run it came from, also when `--set` pins a key that a
/// phase would change later (the phase no longer lists it there).
#[test]
fn the_resolved_scenario_reproduces_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    run(&small_china(
        &first,
        &[
            "--set",
            "time.end_year=2022",
            "--set",
            "policy.charity.scope=\"paired\"",
        ],
    ));
    let resolved = first.join("scenario.resolved.toml");
    let again = dir.path().join("again");
    ewsim_ok(&[
        "run",
        path_str(&resolved),
        "--out",
        path_str(&again),
        "--quiet",
    ]);
    for file in ["metrics.csv", "regions.csv", "summary.csv"] {
        assert_eq!(bytes(&first.join(file)), bytes(&again.join(file)), "{file}");
    }
}
