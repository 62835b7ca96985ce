//! The derived input files in scenarios/data agree with the verbatim source tables they come
//! from (derive.py), so the China scenario starts from the published numbers.

mod common;

use std::collections::HashMap;

fn read(name: &str) -> Vec<HashMap<String, String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/data")
        .join(name);
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {:?}", row[key]))
}

#[test]
fn regions_match_the_nbs_province_table() {
    let sources = read("provinces_2015.csv");
    let derived = read("regions_2015.csv");
    assert_eq!(sources.len(), 31);
    assert_eq!(derived.len(), 31);
    for (source, region) in sources.iter().zip(&derived) {
        assert_eq!(source["province"], region["name"]);
        assert_eq!(source["zone"], region["zone"]);
        assert_eq!(source["province_zh"], region["name_zh"]);
        assert_eq!(
            number(source, "urban_population_10k") * 1e4,
            number(region, "population_urban")
        );
        assert_eq!(
            number(source, "rural_population_10k") * 1e4,
            number(region, "population_rural")
        );
        assert_eq!(
            number(source, "urban_income_2015"),
            number(region, "income_urban")
        );
        assert_eq!(
            number(source, "rural_income_2015"),
            number(region, "income_rural")
        );
        assert!(
            (number(source, "budget_revenue_2015_100m_yuan") * 1e8
                - number(region, "fiscal_revenue"))
            .abs()
                <= 0.5
        );
    }
}

/// `migration_propensity` of every province is its zone's share of the NBS 2017 inter-provincial
/// migrant workers by zone of origin over the zone's share of the 2015 rural population
/// (derive.py, rounded to 4 decimals), so that propensity × rural population splits a national
/// migrant share by zone as the survey does.
#[test]
fn migration_propensity_is_the_zone_share_of_migrants_over_its_share_of_rural_people() {
    let letter = |zone: &str| match zone {
        "east" => "E",
        "central" => "C",
        "west" => "W",
        "northeast" => "NE",
        other => panic!("unknown zone {other}"),
    };
    let migrants: HashMap<String, f64> = read("migrant_workers_by_zone_2017.csv")
        .iter()
        .map(|row| {
            (
                letter(&row["origin_zone"]).to_string(),
                number(row, "inter_provincial_10k"),
            )
        })
        .collect();
    let mut rural: HashMap<String, f64> = HashMap::new();
    for row in read("provinces_2015.csv") {
        *rural.entry(row["zone"].clone()).or_default() += number(&row, "rural_population_10k");
    }
    let (all_migrants, all_rural): (f64, f64) = (migrants.values().sum(), rural.values().sum());
    let mut split = 0.0;
    for region in read("regions_2015.csv") {
        let zone = &region["zone"];
        let expected = (migrants[zone] / all_migrants) / (rural[zone] / all_rural);
        let derived = number(&region, "migration_propensity");
        assert!(
            (derived - expected).abs() <= 0.5e-4,
            "{}: {derived} vs {expected}",
            region["name"]
        );
        split += derived * number(&region, "population_rural");
    }
    // Weighted by rural population the propensities average 1, so a national share keeps its
    // national total.
    assert!((split / (all_rural * 1e4) - 1.0).abs() < 1e-4, "{split}");
}

#[test]
fn pairings_match_the_arrangements() {
    let sources = read("pairings.csv");
    let derived = read("pairings_2016_2021.csv");
    assert_eq!(sources.len(), derived.len());
    for (source, pairing) in sources.iter().zip(&derived) {
        assert_eq!(
            (&source["donor"], &source["recipient"]),
            (&pairing["donor"], &pairing["recipient"])
        );
        let weight = if source["scope"] == "whole" { 1.0 } else { 0.5 };
        assert_eq!(number(pairing, "weight"), weight);
        match source["arrangement"].as_str() {
            "2016" => assert_eq!(
                (
                    pairing["from_year"].as_str(),
                    pairing["until_year"].as_str()
                ),
                ("2016", "2020")
            ),
            "2021" => assert_eq!(
                (
                    pairing["from_year"].as_str(),
                    pairing["until_year"].as_str()
                ),
                ("2021", "")
            ),
            other => panic!("unknown arrangement {other}"),
        }
    }
}

#[test]
fn observed_series_carry_the_nbs_values() {
    let observed = read("observed_national.csv");
    let value = |year: &str, metric: &str| -> f64 {
        observed
            .iter()
            .find(|r| r["year"] == year && r["metric"] == metric)
            .map(|r| number(r, "value"))
            .unwrap()
    };
    assert_eq!(value("2015", "gini"), 0.462);
    assert_eq!(value("2015", "rural_poverty_rate"), 0.057);
    assert_eq!(value("2019", "rural_poverty_rate"), 0.006);
    assert_eq!(value("2014", "urban_rural_ratio"), 2.75);
}

/// The China scenario's poverty-fund shares (china.toml and its phases) pay the fund of
/// `central_poverty_fund.csv` in 2016–2020, and the share held after 2020 lands near the 2021
/// linking fund, within 2 % each year.
#[test]
fn the_china_scenario_pays_the_central_poverty_fund_of_the_data() {
    let data: HashMap<i32, f64> = read("central_poverty_fund.csv")
        .iter()
        .map(|row| {
            (
                row["year"].parse().unwrap(),
                number(row, "fund_100m_yuan") * 1e8,
            )
        })
        .collect();
    let loaded = ewsim::scenario::load_builtin(&[
        "run.households=20000".to_string(),
        "time.end_year=2021".to_string(),
    ])
    .expect("the built-in scenario loads");
    let series = common::series(&loaded.variants[0], "poverty_fund");
    for (year, model) in series {
        let Some(observed) = data.get(&year) else {
            continue;
        };
        assert!(
            (model / observed - 1.0).abs() < 0.02,
            "{year}: model {model:.3e} vs data {observed:.3e}"
        );
    }
}
