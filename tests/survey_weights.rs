//! NBS's survey weights (docs/MODEL.md 9.1, 9.4): `income_mean_survey` and `gini_survey` weight
//! each region's urban and rural residents by the household survey's urban share. Without
//! survey shares they are the resident measures exactly; with the China data the start year
//! reproduces every province's published all-resident mean; and a household working away
//! counts with the weight of its destination's urban residents.

mod common;

use ewsim::engine::Simulation;
use ewsim::metrics::inequality::Distribution;
use ewsim::scenario::{load_builtin, load_file};
use ewsim::world::households::AWAY;
use ewsim::world::{RURAL, URBAN};

#[test]
fn without_survey_shares_the_survey_measures_are_the_resident_ones() {
    let loaded = load_file(
        &common::scenario("quickstart.toml"),
        &["run.households=5000".into(), "time.end_year=2019".into()],
    )
    .expect("quickstart loads");
    for (year, m) in common::metrics_by_year(&loaded.variants[0]) {
        assert_eq!(m["gini_survey"], m["gini"], "{year}");
        assert_eq!(m["income_mean_survey"], m["income_mean"], "{year}");
    }
}

#[test]
fn the_china_start_year_reproduces_each_province_s_all_resident_mean() {
    let loaded = load_builtin(&["run.households=20000".into()]).expect("built-in loads");
    let world = ewsim::synthesis::synthesize(&loaded.variants[0].scenario, 0);
    let path = common::root().join("scenarios/data/provinces_2015.csv");
    let mut reader = csv::Reader::from_path(path).expect("provinces_2015.csv");
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (province, income) = (column("province"), column("income_2015"));
    let mut checked = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let region = world
            .regions
            .iter()
            .find(|r| r.name == record[province])
            .expect("every province is a region");
        let published: f64 = record[income].parse().unwrap();
        let model = region.income_mean_survey();
        assert!(
            (model / published - 1.0).abs() < 1e-3,
            "{}: {model} against NBS {published}",
            region.name
        );
        checked += 1;
    }
    assert_eq!(checked, 31);
}

/// The survey Gini recomputed by hand: every household's weight times its residence cell's
/// factor, a household away counting in its destination's cities.
#[test]
fn a_household_away_counts_with_its_destination_s_urban_factor() {
    let loaded = load_builtin(&["run.households=20000".into(), "time.end_year=2017".into()])
        .expect("built-in loads");
    let variant = &loaded.variants[0];
    let mut simulation = Simulation::new(variant, 0);
    simulation.step_year();
    simulation.step_year();
    let world = simulation.world();
    let hh = &world.households;
    assert!(
        (0..hh.len()).any(|i| hh.status[i] & AWAY != 0),
        "some households are away"
    );
    let factor = |i: usize| {
        if hh.status[i] & AWAY != 0 {
            world.regions[hh.destination[i] as usize].survey_factor(URBAN)
        } else {
            let sector = if hh.sector[i] as usize == URBAN {
                URBAN
            } else {
                RURAL
            };
            world.regions[hh.region[i] as usize].survey_factor(sector)
        }
    };
    let by_hand =
        Distribution::new((0..hh.len()).map(|i| (hh.income[i], hh.weight[i] * factor(i))));
    let economy = &variant.scenario.economy;
    let line = ewsim::world::poverty_line(economy, world.year);
    let (mut scratch, mut values) = (Default::default(), Vec::new());
    ewsim::metrics::collect::collect(world, economy, line, &mut scratch, &mut values);
    let position = ewsim::metrics::table::position("gini_survey").unwrap();
    let metric = values[position];
    assert!(
        (metric - by_hand.gini()).abs() < 1e-12,
        "{metric} against {}",
        by_hand.gini()
    );
    // And it is not the resident Gini: the weights matter.
    let resident = values[ewsim::metrics::table::position("gini").unwrap()];
    assert!((metric - resident).abs() > 1e-3, "{metric} vs {resident}");
}
