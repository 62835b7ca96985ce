//! docs/OUTPUTS.md is the column dictionary of every output file: it names every file a run
//! writes, every column of every CSV file (as the run writes its header) and every key of
//! `manifest.json`, each with a unit, every chart, and every metric of the metric table with its
//! unit; and it documents no column a file does not have.
//!
//! The study run here writes every kind of file (two variants, two replicates, a household
//! snapshot, observed data, charts), so a file or column added to the code fails this test until
//! it is documented.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ewsim::metrics::table::METRICS;

const OUTPUTS: &str = include_str!("../docs/OUTPUTS.md");

/// The rows of each `## ` section's tables: section heading → (first cell's code span, the
/// second cell).
fn sections() -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current = String::new();
    for line in OUTPUTS.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = heading.trim().trim_matches('`').to_string();
            out.entry(current.clone()).or_default();
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| `name` | unit | meaning |" splits into "", name, unit, meaning, "".
        if cells.len() >= 4 && cells[1].starts_with('`') && cells[1].ends_with('`') {
            let name = cells[1].trim_matches('`').to_string();
            out.entry(current.clone())
                .or_default()
                .push((name, cells[2].to_string()));
        }
    }
    out
}

/// The study's output folder.
fn study(dir: &Path) -> std::path::PathBuf {
    common::small_variants_study(dir, &["--set", "output.formats=[\"svg\"]"])
}

/// A file name with its year (`households_2016.csv`) as documented (`households_YEAR.csv`).
fn documented_name(name: &str) -> String {
    match name.strip_prefix("households_") {
        Some(rest) if rest.ends_with(".csv") => "households_YEAR.csv".to_string(),
        _ => name.to_string(),
    }
}

/// Checks that `columns` are exactly the documented rows of `section`, each with a unit.
fn check_columns(
    docs: &BTreeMap<String, Vec<(String, String)>>,
    section: &str,
    columns: &[String],
) {
    let rows = docs
        .get(section)
        .unwrap_or_else(|| panic!("docs/OUTPUTS.md has no section ## `{section}`"));
    let documented: BTreeSet<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    let missing: Vec<&String> = columns
        .iter()
        .filter(|c| !documented.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/OUTPUTS.md, ## `{section}`, does not document {missing:?} (add a row \
         | `column` | unit | meaning |)"
    );
    let written: BTreeSet<&str> = columns.iter().map(String::as_str).collect();
    let stale: Vec<&&str> = documented
        .iter()
        .filter(|d| !written.contains(**d))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/OUTPUTS.md, ## `{section}`, documents {stale:?}, which the file does not have"
    );
    for (name, unit) in rows {
        assert!(!unit.is_empty(), "## `{section}`: `{name}` has no unit");
    }
}

#[test]
fn every_file_column_key_chart_and_metric_is_documented() {
    let docs = sections();
    let dir = tempfile::tempdir().unwrap();
    let out = study(dir.path());

    let listed: BTreeSet<String> = docs["Files"].iter().map(|(n, _)| n.clone()).collect();
    let mut csv_files = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let name = if entry.path().is_dir() {
            format!("{name}/")
        } else {
            name
        };
        let documented = documented_name(&name);
        assert!(
            listed.contains(&documented),
            "docs/OUTPUTS.md, ## Files, does not list `{documented}`"
        );
        if name.ends_with(".csv") {
            let mut reader = csv::Reader::from_path(entry.path()).unwrap();
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            check_columns(&docs, &documented, &header);
            csv_files += 1;
        }
    }
    assert!(csv_files >= 6, "the study wrote every kind of CSV file");

    let manifest: serde_json::Value =
        serde_json::from_slice(&common::bytes(&out.join("manifest.json"))).unwrap();
    let keys: Vec<String> = manifest.as_object().unwrap().keys().cloned().collect();
    check_columns(&docs, "manifest.json", &keys);

    let charts: BTreeSet<String> = docs["charts/"].iter().map(|(n, _)| n.clone()).collect();
    for entry in std::fs::read_dir(out.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let stem = if stem.starts_with("compare_") {
            "compare_METRIC".to_string()
        } else {
            stem
        };
        assert!(
            charts.contains(&stem),
            "docs/OUTPUTS.md, ## `charts/`, does not list `{stem}`"
        );
    }

    let metrics: Vec<String> = METRICS.iter().map(|m| m.name.to_string()).collect();
    check_columns(&docs, "Metrics", &metrics);
    for (name, unit) in &docs["Metrics"] {
        let metric = METRICS.iter().find(|m| m.name == name).unwrap();
        // A metric charted in % is a fraction in the CSV files.
        if metric.scale == 100.0 {
            assert!(unit.contains("share 0–1"), "`{name}`: {unit}");
        }
    }
}

#[test]
fn sections_and_rows_are_found() {
    let docs = sections();
    assert!(docs.contains_key("metrics.csv") && docs.contains_key("Metrics"));
    assert_eq!(docs["metrics.csv"][0], ("variant".into(), "text".into()));
}
