//! The end of the poverty campaign (docs/MODEL.md 7.11): from 2020 the China scenarios raise
//! every dibao line to the poverty line and top registered and monitored rural households up to
//! it at the year end. Rural poverty falls to almost nothing in 2020, as NBS reports, and the
//! years before are untouched.

mod common;

use ewsim::scenario::{load_builtin, load_file};

/// The two lines of the China scenario's 2020 phase that end the campaign.
const CAMPAIGN_END: &str = "\"policy.redistribution.dibao_floor_at_poverty_line\" = true\n\
                            \"policy.redistribution.poverty_guarantee\" = true\n";

const SETS: [&str; 2] = ["run.households=20000", "time.end_year=2021"];

fn sets() -> Vec<String> {
    SETS.iter().map(|s| s.to_string()).collect()
}

#[test]
fn rural_poverty_nearly_vanishes_in_2020_and_not_before() {
    let with = load_builtin(&sets()).expect("the built-in scenario loads");
    let with = common::series(&with.variants[0], "rural_poverty_rate");

    // The same scenario without the campaign's end.
    let text = std::fs::read_to_string(common::scenario("china.toml")).expect("china.toml");
    assert!(
        text.contains(CAMPAIGN_END),
        "china.toml's 2020 phase ends the campaign"
    );
    let data = common::root().join("scenarios/data/");
    let text = text
        .replace(CAMPAIGN_END, "")
        .replace("\"data/", &format!("\"{}", data.display()));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("no_guarantee.toml");
    std::fs::write(&path, text).expect("the scenario is written");
    let without = load_file(&path, &sets()).expect("the scenario without the guarantee loads");
    let without = common::series(&without.variants[0], "rural_poverty_rate");

    let rate = |series: &[(i32, f64)], year: i32| {
        series
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, rate)| *rate)
            .expect("the year is in the run")
    };
    for year in 2016..=2019 {
        assert_eq!(
            rate(&with, year),
            rate(&without, year),
            "{year} is untouched"
        );
    }
    assert!(rate(&with, 2019) > 0.005, "2019: {}", rate(&with, 2019));
    // Without the guarantee the 2019 path goes on: about 0.4 % of rural residents are still
    // poor in 2020 (0.385 % at this size); with it, almost none.
    assert!(
        rate(&without, 2020) > 0.0025,
        "2020 without: {}",
        rate(&without, 2020)
    );
    for year in [2020, 2021] {
        assert!(
            rate(&with, year) < 0.002 && rate(&with, year) < rate(&without, year) / 4.0,
            "{year} with: {}, without: {}",
            rate(&with, year),
            rate(&without, year)
        );
    }
}
