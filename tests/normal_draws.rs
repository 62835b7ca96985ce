//! The headline metrics of the default scenario against the implementation before the normal
//! draws changed from Box–Muller to inversion (`world::rng::normal`, docs/MODEL.md section 3).
//!
//! The two implementations draw different random numbers from the same distribution, so their
//! outputs differ by replicate noise, not by a rounding error. This test bounds that
//! difference: for each headline metric and year, the two means over 8 replicates must lie
//! within five standard errors of their difference (plus 1e-9 of the value, for metrics the
//! start year calibrates exactly).
//!
//! `tests/fixtures/box_muller_reference.csv` holds the earlier implementation's replicate
//! summaries. It was written by commit `61679c9` (the last with Box–Muller draws) with
//!
//! ```sh
//! ewsim run --out ref --quiet --replicates 8 --set run.households=50000 \
//!     --set time.end_year=2024 --set output.charts=false
//! ```
//!
//! keeping the columns `year,metric,mean,sd,n` of `ref/summary.csv` for the metrics below.
//! A later change that means to move the model's numbers regenerates it the same way, with the
//! implementation before that change, and says so in its commit.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// The metrics compared: the nine the variant comparisons chart, and the incomes, urban share,
/// poverty count, migrants and the outer quintiles.
const HEADLINE: [&str; 17] = [
    "east_west_ratio",
    "urban_rural_ratio",
    "gini",
    "gini_survey",
    "palma",
    "rural_poverty_rate",
    "relative_poverty_rate",
    "province_cv_weighted",
    "theil_between_provinces",
    "income_mean_survey",
    "income_urban",
    "income_rural",
    "urban_share",
    "rural_poor",
    "migrants",
    "income_q1",
    "income_q5",
];

/// (mean, sd, n) by (year, metric) from a summary table with `year,metric,mean,sd,n` columns
/// (other columns ignored), baseline rows only.
fn summaries(path: &Path) -> BTreeMap<(i32, String), (f64, f64, f64)> {
    let mut reader = csv::Reader::from_path(path).expect("summary table");
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (year, metric, mean, sd, n) = (
        column("year"),
        column("metric"),
        column("mean"),
        column("sd"),
        column("n"),
    );
    let variant = headers.iter().position(|h| h == "variant");
    let number = |text: &str| text.parse::<f64>().unwrap_or(f64::NAN);
    let mut table = BTreeMap::new();
    for row in reader.records() {
        let row = row.expect("row");
        if variant.is_some_and(|v| &row[v] != "baseline") {
            continue;
        }
        table.insert(
            (row[year].parse().expect("year"), row[metric].to_string()),
            (number(&row[mean]), number(&row[sd]), number(&row[n])),
        );
    }
    table
}

#[test]
fn headline_metrics_move_only_by_replicate_noise() {
    let reference = summaries(&common::root().join("tests/fixtures/box_muller_reference.csv"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("now");
    common::ewsim_ok(&[
        "run",
        "--out",
        common::path_str(&out),
        "--quiet",
        "--replicates",
        "8",
        "--set",
        "run.households=50000",
        "--set",
        "time.end_year=2024",
        "--set",
        "output.charts=false",
    ]);
    let now = summaries(&out.join("summary.csv"));
    let mut compared = 0;
    let mut failures = Vec::new();
    for metric in HEADLINE {
        for year in 2015..=2024 {
            let key = (year, metric.to_string());
            let (old, old_sd, old_n) = reference[&key];
            let (new, new_sd, new_n) = now[&key];
            let se = (old_sd * old_sd / old_n + new_sd * new_sd / new_n).sqrt();
            let bound = 5.0 * se + 1e-9 * old.abs();
            compared += 1;
            if !(new - old).is_finite() || (new - old).abs() > bound {
                failures.push(format!(
                    "{metric} {year}: {new} now, {old} before (bound {bound:.3e})"
                ));
            }
        }
    }
    assert_eq!(compared, HEADLINE.len() * 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
