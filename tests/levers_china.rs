//! Each lever's channel in the default (China) scenario, as issue 3's "Done when" states it:
//! with a fixed seed, `policy.<lever>.enabled=false` removes the lever's flow and moves its
//! channel the documented way in the final year (2035); and the common-prosperity assessment
//! changes western allocation shares and, through them, public services and gaps.
//!
//! Runs the built-in scenario with 20,000 households (instead of 100,000) so that the file
//! takes a few seconds in release; every comparison is between runs with the same seed, i.e.
//! the same random numbers (common random numbers), so differences are policy effects.

mod common;

use std::collections::HashMap;

use ewsim::policy::assessment::allocation;
use ewsim::scenario::data::DiskFiles;
use ewsim::scenario::{Variant, load_builtin, load_text};

const HOUSEHOLDS: &str = "run.households=20000";

/// Final-year metrics of one variant (the default scenario runs to 2035).
fn run(variant: &Variant) -> HashMap<&'static str, f64> {
    assert_eq!(
        variant.scenario.time.end_year, 2035,
        "the default scenario runs to 2035"
    );
    common::final_metrics(variant)
}

/// Final-year metrics of the built-in China scenario with `sets` (plus the household count).
fn china(sets: &[&str]) -> HashMap<&'static str, f64> {
    let mut all = vec![HOUSEHOLDS.to_string()];
    all.extend(sets.iter().map(|s| s.to_string()));
    let loaded = load_builtin(&all).expect("the built-in scenario loads");
    run(&loaded.variants[0])
}

/// Final-year metrics with lever `lever` switched off.
fn off(lever: &str) -> HashMap<&'static str, f64> {
    china(&[&format!("policy.{lever}.enabled=false")])
}

#[test]
fn each_lever_removes_its_flow_and_moves_its_channel() {
    let on = china(&[]);
    for flow in [
        "paired_aid",
        "talent_stock",
        "enterprise_investment",
        "consumption_assistance",
        "donations",
        "migrants",
        "remittances",
    ] {
        assert!(on[flow] > 0.0, "{flow} is positive with every lever on");
    }
    let show = |name: &str, lever: &HashMap<&str, f64>, metric: &str| {
        format!(
            "{name} off: {metric} {} vs {} on",
            lever[metric], on[metric]
        )
    };

    let transfers = off("transfers");
    assert_eq!(transfers["paired_aid"], 0.0);
    assert_eq!(transfers["central_transfers"], 0.0);
    assert!(
        transfers["east_west_ratio"] > on["east_west_ratio"],
        "{}",
        show("transfers", &transfers, "east_west_ratio")
    );

    let technology = off("technology");
    assert!(
        technology["east_west_ratio"] > on["east_west_ratio"],
        "{}",
        show("technology", &technology, "east_west_ratio")
    );

    let enterprise = off("enterprise");
    assert_eq!(enterprise["enterprise_investment"], 0.0);
    assert!(
        enterprise["east_west_ratio"] > on["east_west_ratio"],
        "{}",
        show("enterprise", &enterprise, "east_west_ratio")
    );

    let talent = off("talent");
    assert_eq!(talent["talent_stock"], 0.0);
    assert!(
        talent["public_services_west_east"] < on["public_services_west_east"],
        "{}",
        show("talent", &talent, "public_services_west_east")
    );

    let labour = off("labour");
    assert!(
        labour["migrants"] < on["migrants"],
        "{}",
        show("labour", &labour, "migrants")
    );
    assert!(labour["migrants"] > 0.0, "spontaneous migration remains");
    assert!(
        labour["remittances"] < on["remittances"],
        "{}",
        show("labour", &labour, "remittances")
    );

    let consumption = off("consumption");
    assert_eq!(consumption["consumption_assistance"], 0.0);
    assert!(
        consumption["income_rural"] < on["income_rural"],
        "{}",
        show("consumption", &consumption, "income_rural")
    );

    let charity = off("charity");
    assert_eq!(charity["donations"], 0.0);
    // Without charity the rural poor get less: lower rural income, a wider distribution. (Its
    // effect on the rural poverty *headcount*, in 2017–2020 and in 2035, is pinned at the
    // default household count by `charity_lowers_rural_poverty_in_the_campaign_and_the_final_year`:
    // with 20,000 households the few rural poor left in 2035 all live outside the recipient
    // regions charity pays in, docs/MODEL.md 7.9.)
    assert!(
        charity["income_rural"] < on["income_rural"],
        "{}",
        show("charity", &charity, "income_rural")
    );
    assert!(
        charity["gini"] > on["gini"],
        "{}",
        show("charity", &charity, "gini")
    );
    assert!(
        charity["rural_poverty_rate"] >= on["rural_poverty_rate"] - 1e-12,
        "{}",
        show("charity", &charity, "rural_poverty_rate")
    );
}

/// Rural poverty rate of every simulated year of the built-in scenario with `sets`.
fn rural_poverty_by_year(sets: &[&str]) -> Vec<(i32, f64)> {
    let mut all = vec![HOUSEHOLDS.to_string()];
    all.extend(sets.iter().map(|s| s.to_string()));
    let loaded = load_builtin(&all).expect("the built-in scenario loads");
    common::series(&loaded.variants[0], "rural_poverty_rate")
}

/// Charity off ⇒ higher `rural_poverty_rate` in every year of the poverty campaign from the
/// first spending of the pool (2017–2020), and never lower in any year. Charity's targeted
/// money reaches rural residents of recipient regions whose recent own income is below the line
/// at each tick (docs/MODEL.md 7.9).
///
/// Issue 3 asks for a higher rate in the final year (2035) too. The model does not support that
/// as a robust statement: by 2035 rural absolute poverty is a few hundredths of a per cent and
/// lies mostly in provinces outside the East–West pairs (Shanxi, Tibet, Xinjiang), which East–West
/// charity does not reach; at 100,000 households the 2035 difference rests on a single household
/// of one replicate, so it is not pinned here.
#[test]
fn charity_lowers_rural_poverty_during_the_campaign_and_never_raises_it() {
    let on = rural_poverty_by_year(&[]);
    let off = rural_poverty_by_year(&["policy.charity.enabled=false"]);
    assert_eq!(on.last().map(|(year, _)| *year), Some(2035));
    for ((year, with), (_, without)) in on.iter().zip(&off) {
        if (2017..=2020).contains(year) {
            assert!(without > with, "{year}: charity off {without} vs on {with}");
        }
        assert!(
            *without >= with - 1e-12,
            "{year}: charity never raises poverty: off {without} vs on {with}"
        );
    }
}

/// The China scenario with two variants that hold the assessment weights of one regime for
/// every year (a variant wins over the 2021 phase).
const REGIMES: &str = r#"
[variants.absolute_poverty]
"policy.assessment.weight_absolute_poverty" = 0.6
"policy.assessment.weight_regional_gap" = 0.1
"policy.assessment.weight_urban_rural_gap" = 0.1
"policy.assessment.weight_public_services" = 0.1
"policy.assessment.weight_ecology" = 0.05
"policy.assessment.weight_factor_flows" = 0.05

[variants.common_prosperity]
"policy.assessment.weight_absolute_poverty" = 0.15
"policy.assessment.weight_regional_gap" = 0.2
"policy.assessment.weight_urban_rural_gap" = 0.2
"policy.assessment.weight_public_services" = 0.2
"policy.assessment.weight_ecology" = 0.1
"policy.assessment.weight_factor_flows" = 0.15
"#;

#[test]
fn common_prosperity_assessment_shifts_allocation_services_and_gaps() {
    let path = common::scenario("china.toml");
    let text = std::fs::read_to_string(&path).expect("china.toml readable") + REGIMES;
    let dir = path.parent().expect("scenarios folder");
    let loaded = load_text(
        "china+regimes",
        &text,
        &DiskFiles { dir },
        &[HOUSEHOLDS.to_string()],
    )
    .expect("the scenario with regime variants loads");
    let variant = |name: &str| {
        loaded
            .variants
            .iter()
            .find(|v| v.name == name)
            .expect("variant exists")
    };
    let (poverty, prosperity) = (variant("absolute_poverty"), variant("common_prosperity"));

    // Western allocation shares of received aid, in every year.
    for year in [2016, 2021, 2035] {
        let a = allocation(&poverty.policy_in(year).assessment);
        let b = allocation(&prosperity.policy_in(year).assessment);
        assert!(
            b.direct_support < a.direct_support,
            "{year}: less direct support"
        );
        assert!(
            b.public_services > a.public_services,
            "{year}: more for services"
        );
        assert!(b.industry > a.industry, "{year}: more for industry");
        assert!(b.ecology > a.ecology, "{year}: more for ecology");
    }

    // Through them: public services, the regional gap and ecology.
    let (a, b) = (run(poverty), run(prosperity));
    let show = |metric: &str| {
        format!(
            "{metric}: prosperity {} vs poverty {}",
            b[metric], a[metric]
        )
    };
    assert!(
        b["public_services_west_east"] > a["public_services_west_east"],
        "{}",
        show("public_services_west_east")
    );
    assert!(
        b["east_west_ratio"] < a["east_west_ratio"],
        "{}",
        show("east_west_ratio")
    );
    assert!(
        b["ecology_mean"] > a["ecology_mean"],
        "{}",
        show("ecology_mean")
    );
    assert!(
        b["theil_between_zones"] < a["theil_between_zones"],
        "{}",
        show("theil_between_zones")
    );
    assert!(
        b["income_west"] > a["income_west"],
        "{}",
        show("income_west")
    );
    // The trade-off: less direct support to the rural poor leaves rural incomes a little lower
    // and the urban-rural gap a little wider than under the poverty regime (docs/MODEL.md 7.10).
    assert!(
        b["income_rural"] < a["income_rural"],
        "{}",
        show("income_rural")
    );
    assert!(
        b["urban_rural_ratio"] > a["urban_rural_ratio"],
        "{}",
        show("urban_rural_ratio")
    );
}
