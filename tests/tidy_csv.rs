//! Every CSV file a run writes reads into R, Stata or pandas without cleaning: missing values
//! are empty fields, numbers carry at most 12 significant digits (no float noise), values given
//! as data come back exactly, and a spread of equal values is 0. Study folders (sensitivity,
//! optimize) follow the same rules.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{ewsim_ok, path_str, scenario};

/// A small China study with two variants, two replicates and a household snapshot, run once.
fn study(dir: &Path) -> PathBuf {
    common::small_variants_study(dir, &["--set", "output.charts=false"])
}

/// A CSV file's name, header and rows.
type CsvFile = (String, Vec<String>, Vec<Vec<String>>);

/// Every CSV file of `dir` with its header and rows.
fn csv_files(dir: &Path) -> Vec<CsvFile> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let mut reader = csv::Reader::from_path(&path).unwrap();
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            let rows = reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, header, rows));
        }
    }
    files.sort();
    files
}

/// Significant digits of a decimal number as written (`0.00120` has 3, `52859` has 5).
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    if mantissa.contains('.') {
        digits.len()
    } else {
        digits.trim_end_matches('0').len()
    }
}

#[test]
fn every_csv_is_tidy() {
    let dir = tempfile::tempdir().unwrap();
    let out = study(dir.path());
    let files = csv_files(&out);
    let names: Vec<&str> = files.iter().map(|(n, ..)| n.as_str()).collect();
    for expected in [
        "metrics.csv",
        "summary.csv",
        "effects.csv",
        "regions.csv",
        "households_2016.csv",
        "observed.csv",
    ] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    assert_tidy(&files);
}

/// No file carries `NaN`, infinities, float noise or `-0`; missing values are empty fields.
fn assert_tidy(files: &[CsvFile]) {
    for (name, header, rows) in files {
        for row in rows {
            assert_eq!(row.len(), header.len(), "{name}: {row:?}");
            for (column, field) in header.iter().zip(row) {
                let lower = field.to_ascii_lowercase();
                assert!(
                    !["nan", "inf", "-inf", "infinity", "na", "null"].contains(&lower.as_str()),
                    "{name}: {column} is {field:?}"
                );
                if field.parse::<f64>().is_ok() {
                    assert!(
                        significant_digits(field) <= 12,
                        "{name}: {column} = {field} carries float noise"
                    );
                    assert_ne!(field, "-0", "{name}: {column}");
                }
            }
        }
    }
}

#[test]
fn every_csv_of_a_sensitivity_analysis_and_a_search_is_tidy() {
    let dir = tempfile::tempdir().unwrap();
    let china = scenario("china.toml");
    let small = [
        "--quiet",
        "--set",
        "run.households=2000",
        "--set",
        "time.end_year=2017",
        "--set",
        "output.charts=false",
    ];
    let sensitivity = dir.path().join("sensitivity");
    let mut args = vec![
        "sensitivity",
        path_str(&china),
        "--out",
        path_str(&sensitivity),
    ];
    args.extend(small);
    args.extend([
        "--set",
        "sensitivity.samples=4",
        "--set",
        "sensitivity.years=[2017]",
    ]);
    ewsim_ok(&args);
    let files = csv_files(&sensitivity);
    let names: Vec<&str> = files.iter().map(|(n, ..)| n.as_str()).collect();
    assert!(
        names.contains(&"sensitivity.csv") && names.contains(&"design.csv"),
        "{names:?}"
    );
    assert_tidy(&files);

    let optimize = dir.path().join("optimize");
    let mut args = vec!["optimize", path_str(&china), "--out", path_str(&optimize)];
    args.extend(small);
    args.extend([
        "--set",
        "optimize.year=2017",
        "--set",
        "optimize.evaluations=8",
        "--set",
        "optimize.population=4",
    ]);
    ewsim_ok(&args);
    let files = csv_files(&optimize);
    let names: Vec<&str> = files.iter().map(|(n, ..)| n.as_str()).collect();
    assert!(
        names.contains(&"pareto.csv") && names.contains(&"evaluations.csv"),
        "{names:?}"
    );
    assert_tidy(&files);
}

#[test]
fn data_given_values_come_back_exactly_and_equal_values_have_no_spread() {
    let dir = tempfile::tempdir().unwrap();
    let out = study(dir.path());
    // The start-year populations and incomes of regions.csv are the data's, as written there.
    let mut data = csv::Reader::from_path(scenario("data/regions_2015.csv")).unwrap();
    let data_header = data.headers().unwrap().clone();
    let mut given: HashMap<String, csv::StringRecord> = HashMap::new();
    for record in data.records() {
        let record = record.unwrap();
        given.insert(record[0].to_string(), record);
    }
    let mut regions = csv::Reader::from_path(out.join("regions.csv")).unwrap();
    let header = regions.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut checked = 0;
    for record in regions.records() {
        let record = record.unwrap();
        if &record[column("year")] != "2015" {
            continue;
        }
        let source = &given[&record[column("region")]];
        for name in [
            "population_urban",
            "population_rural",
            "income_urban",
            "income_rural",
            "fiscal_revenue",
        ] {
            let written: f64 = record[column(name)].parse().unwrap();
            let data_column = data_header.iter().position(|h| h == name).unwrap();
            let wanted: f64 = source[data_column].parse().unwrap();
            assert_eq!(written, wanted, "{} {name}", &record[column("region")]);
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        31 * 2 * 2 * 5,
        "31 provinces, 2 variants, 2 replicates"
    );

    // Start-year metrics of the same world agree across replicates: sd is exactly 0.
    let mut summary = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let header = summary.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut zero_sd = 0;
    for record in summary.records() {
        let record = record.unwrap();
        if record[column("min")] == record[column("max")] && !record[column("min")].is_empty() {
            assert_eq!(&record[column("sd")], "0", "{record:?}");
            assert_eq!(
                &record[column("mean")],
                &record[column("min")],
                "{record:?}"
            );
            zero_sd += 1;
        }
    }
    assert!(zero_sd > 0, "some metrics agree across replicates");

    // observed.csv holds the observed series as the data file gives them.
    let observed = std::fs::read_to_string(out.join("observed.csv")).unwrap();
    let source = std::fs::read_to_string(scenario("data/observed_national.csv")).unwrap();
    let values = |text: &str| -> Vec<f64> {
        text.lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
            .collect()
    };
    assert_eq!(values(&observed), values(&source));
    assert!(
        observed.contains(",0.072,"),
        "no float noise in observed.csv"
    );
}
