//! Range and consistency checks, run before anything is simulated.

use std::collections::HashSet;

use super::error::nearest;
use super::locate::{Path, Step};
use super::schema::{EconomySpec, PolicySpec, Scenario};

/// A value out of range: where it is and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Path of the offending key.
    pub path: Path,
    /// What is wrong.
    pub message: String,
    /// A nearby valid value (e.g. a region name), when there is one.
    pub suggestion: Option<String>,
}

struct Checker {
    issues: Vec<Issue>,
}

impl Checker {
    fn fail(&mut self, path: Path, message: String) {
        self.issues.push(Issue {
            path,
            message,
            suggestion: None,
        });
    }

    fn share(&mut self, path: Path, value: f64) {
        if !(0.0..=1.0).contains(&value) {
            self.fail(
                path,
                format!("expected a share between 0 and 1, found {value}"),
            );
        }
    }

    fn non_negative(&mut self, path: Path, value: f64) {
        if !(value.is_finite() && value >= 0.0) {
            self.fail(
                path,
                format!("expected a finite number >= 0, found {value}"),
            );
        }
    }

    fn positive(&mut self, path: Path, value: f64) {
        if !(value.is_finite() && value > 0.0) {
            self.fail(path, format!("expected a finite number > 0, found {value}"));
        }
    }
}

fn key(parts: &[&str]) -> Path {
    parts
        .iter()
        .map(|part| Step::Key(part.to_string()))
        .collect()
}

/// Every problem of a scenario whose regions and pairings are already merged in.
pub fn validate(scenario: &Scenario) -> Vec<Issue> {
    let mut check = Checker { issues: Vec::new() };
    let time = &scenario.time;
    if time.end_year < time.start_year {
        check.fail(
            key(&["time", "end_year"]),
            format!(
                "the end year {} is before the start year {}",
                time.end_year, time.start_year
            ),
        );
    }
    if !(1..=366).contains(&time.ticks_per_year) {
        check.fail(
            key(&["time", "ticks_per_year"]),
            format!(
                "expected 1 to 366 ticks per year, found {}",
                time.ticks_per_year
            ),
        );
    }
    if scenario.run.replicates == 0 {
        check.fail(
            key(&["run", "replicates"]),
            "expected at least 1 replicate".into(),
        );
    }
    let needed = 2 * scenario.region.len() as u64;
    if u64::from(scenario.run.households) < needed.max(1) {
        check.fail(
            key(&["run", "households"]),
            format!(
                "expected at least {} households (two per region), found {}",
                needed.max(1),
                scenario.run.households
            ),
        );
    }
    validate_economy(&mut check, &scenario.economy);
    validate_regions(&mut check, scenario);
    validate_policy_into(
        &mut check.issues,
        &scenario.policy,
        &[Step::Key("policy".into())],
    );
    for (index, year) in scenario.output.household_snapshot_years.iter().enumerate() {
        if *year < time.start_year || *year > time.end_year {
            check.fail(
                vec![
                    Step::Key("output".into()),
                    Step::Key("household_snapshot_years".into()),
                    Step::Index(index),
                ],
                format!(
                    "snapshot year {year} is outside {}..={}",
                    time.start_year, time.end_year
                ),
            );
        }
    }
    for (index, phase) in scenario.phase.iter().enumerate() {
        // A phase after the end year is allowed (a shortened run simply never reaches it).
        if phase.year <= time.start_year {
            check.fail(
                vec![
                    Step::Key("phase".into()),
                    Step::Index(index),
                    Step::Key("year".into()),
                ],
                format!(
                    "a phase must start after the start year {}, found {}",
                    time.start_year, phase.year
                ),
            );
        }
    }
    check.issues
}

fn validate_economy(check: &mut Checker, economy: &EconomySpec) {
    let path = |name: &str| key(&["economy", name]);
    if !(economy.productivity_growth > -1.0 && economy.productivity_growth < 1.0) {
        check.fail(
            path("productivity_growth"),
            format!(
                "expected a yearly growth rate between -1 and 1, found {}",
                economy.productivity_growth
            ),
        );
    }
    let extra = economy.rural_productivity_extra_growth;
    if !(extra > -1.0 && extra < 1.0 && economy.productivity_growth + extra > -1.0) {
        check.fail(
            path("rural_productivity_extra_growth"),
            format!(
                "expected a yearly growth rate between -1 and 1 that keeps rural growth above -1, found {extra}"
            ),
        );
    }
    check.non_negative(
        path("human_capital_elasticity"),
        economy.human_capital_elasticity,
    );
    check.non_negative(
        path("income_dispersion_urban"),
        economy.income_dispersion_urban,
    );
    check.non_negative(
        path("income_dispersion_rural"),
        economy.income_dispersion_rural,
    );
    check.share(
        path("permanent_variance_share"),
        economy.permanent_variance_share,
    );
    if !(0.0..1.0).contains(&economy.shock_persistence) {
        check.fail(
            path("shock_persistence"),
            format!(
                "expected 0 <= persistence < 1, found {}",
                economy.shock_persistence
            ),
        );
    }
    check.share(path("job_loss_rate"), economy.job_loss_rate);
    check.share(path("job_finding_rate"), economy.job_finding_rate);
    if economy.job_finding_rate + economy.job_loss_rate <= 0.0 {
        check.fail(
            path("job_finding_rate"),
            "job finding and job loss rates cannot both be 0".into(),
        );
    }
    check.share(path("home_production_share"), economy.home_production_share);
    check.share(
        path("human_capital_adjustment"),
        economy.human_capital_adjustment,
    );
    check.non_negative(
        path("human_capital_service_elasticity"),
        economy.human_capital_service_elasticity,
    );
    check.share(path("migration_rate"), economy.migration_rate);
    check.share(path("migration_return_rate"), economy.migration_return_rate);
    check.share(path("migration_cost"), economy.migration_cost);
    check.share(path("migrant_share_start"), economy.migrant_share_start);
    check.share(path("fiscal_revenue_ratio"), economy.fiscal_revenue_ratio);
    check.positive(path("poverty_line_2010"), economy.poverty_line_2010);
    check.non_negative(path("poverty_line_growth"), economy.poverty_line_growth);
    check.share(
        path("relative_poverty_share"),
        economy.relative_poverty_share,
    );
    check.share(path("depreciation"), economy.depreciation);
    check.positive(path("service_unit_cost"), economy.service_unit_cost);
    check.positive(path("ecology_unit_cost"), economy.ecology_unit_cost);
    check.share(path("ecology_degradation"), economy.ecology_degradation);
}

fn validate_regions(check: &mut Checker, scenario: &Scenario) {
    if scenario.region.is_empty() {
        check.fail(
            key(&["region"]),
            "the scenario has no regions: add [[region]] tables or data.regions".into(),
        );
    }
    if scenario.region.len() > usize::from(u16::MAX) {
        check.fail(
            key(&["region"]),
            "at most 65,535 regions are supported".into(),
        );
    }
    let mut names = HashSet::new();
    for (index, region) in scenario.region.iter().enumerate() {
        let at = |name: &str| {
            vec![
                Step::Key("region".into()),
                Step::Index(index),
                Step::Key(name.into()),
            ]
        };
        if !names.insert(region.name.as_str()) {
            check.fail(
                at("name"),
                format!("region `{}` is defined twice", region.name),
            );
        }
        check.non_negative(at("population_urban"), region.population_urban);
        check.non_negative(at("population_rural"), region.population_rural);
        if region.population_urban + region.population_rural <= 0.0 {
            check.fail(
                at("population_rural"),
                format!("region `{}` has no population", region.name),
            );
        }
        if region.population_urban > 0.0 {
            check.positive(at("income_urban"), region.income_urban);
        }
        if region.population_rural > 0.0 {
            check.positive(at("income_rural"), region.income_rural);
        }
        if let Some(revenue) = region.fiscal_revenue {
            check.non_negative(at("fiscal_revenue"), revenue);
        }
        if let Some(services) = region.public_services {
            check.positive(at("public_services"), services);
        }
        check.share(at("ecology"), region.ecology);
        check.share(at("governance"), region.governance);
        check.non_negative(at("migration_propensity"), region.migration_propensity);
        let start = scenario.economy.migrant_share_start * region.migration_propensity;
        if start > 1.0 {
            check.fail(
                at("migration_propensity"),
                format!(
                    "the start-year migrant share of region `{}` is economy.migrant_share_start \
                     {} × migration_propensity {} = {start}, more than every rural household",
                    region.name, scenario.economy.migrant_share_start, region.migration_propensity
                ),
            );
        }
    }
    let all: Vec<&str> = scenario.region.iter().map(|r| r.name.as_str()).collect();
    for (index, pairing) in scenario.pairing.iter().enumerate() {
        let at = |name: &str| {
            vec![
                Step::Key("pairing".into()),
                Step::Index(index),
                Step::Key(name.into()),
            ]
        };
        for (field, name) in [("donor", &pairing.donor), ("recipient", &pairing.recipient)] {
            if !names.contains(name.as_str()) {
                check.issues.push(Issue {
                    path: at(field),
                    message: format!("no region is named `{name}`"),
                    suggestion: nearest(name, all.iter().copied()),
                });
            }
        }
        if pairing.donor == pairing.recipient {
            check.fail(
                at("recipient"),
                format!("`{}` cannot be paired with itself", pairing.donor),
            );
        }
        check.non_negative(at("weight"), pairing.weight);
        if let (Some(from), Some(until)) = (pairing.from_year, pairing.until_year)
            && until < from
        {
            check.fail(
                at("until_year"),
                format!("until_year {until} is before from_year {from}"),
            );
        }
    }
}

/// Checks the ranges of a policy (the base one or one in force after a phase); paths are
/// prefixed with `prefix`.
pub fn validate_policy(policy: &PolicySpec, prefix: &[Step]) -> Vec<Issue> {
    let mut issues = Vec::new();
    validate_policy_into(&mut issues, policy, prefix);
    issues
}

fn validate_policy_into(issues: &mut Vec<Issue>, policy: &PolicySpec, prefix: &[Step]) {
    let mut check = Checker { issues: Vec::new() };
    let at = |lever: &str, name: &str| {
        let mut path = prefix.to_vec();
        path.push(Step::Key(lever.into()));
        path.push(Step::Key(name.into()));
        path
    };
    let t = &policy.transfers;
    check.share(at("transfers", "paired_aid_share"), t.paired_aid_share);
    if !(t.paired_aid_growth_floor > -1.0 && t.paired_aid_growth_floor.is_finite()) {
        check.fail(
            at("transfers", "paired_aid_growth_floor"),
            format!(
                "expected a growth rate > -1, found {}",
                t.paired_aid_growth_floor
            ),
        );
    }
    check.share(
        at("transfers", "central_transfer_share"),
        t.central_transfer_share,
    );
    check.share(at("transfers", "poverty_fund_share"), t.poverty_fund_share);
    check.share(
        at("transfers", "poverty_fund_direct_share"),
        t.poverty_fund_direct_share,
    );
    check.share(at("transfers", "leakage_rate"), t.leakage_rate);
    check.non_negative(
        at("transfers", "industry_productivity_elasticity"),
        t.industry_productivity_elasticity,
    );

    let talent = &policy.talent;
    for (name, value) in [
        ("cadres_per_pairing", talent.cadres_per_pairing),
        ("teachers_per_pairing", talent.teachers_per_pairing),
        ("doctors_per_pairing", talent.doctors_per_pairing),
        ("technicians_per_pairing", talent.technicians_per_pairing),
        ("trainees_per_pairing", talent.trainees_per_pairing),
        (
            "governance_gain_per_cadre",
            talent.governance_gain_per_cadre,
        ),
        (
            "services_gain_per_professional",
            talent.services_gain_per_professional,
        ),
        (
            "absorption_gain_per_technician",
            talent.absorption_gain_per_technician,
        ),
    ] {
        check.non_negative(at("talent", name), value);
    }
    check.positive(at("talent", "tenure_years"), talent.tenure_years);

    check.share(
        at("technology", "catch_up_rate"),
        policy.technology.catch_up_rate,
    );

    let e = &policy.enterprise;
    check.share(at("enterprise", "subsidy_rate"), e.subsidy_rate);
    check.share(
        at("enterprise", "value_preference_mean"),
        e.value_preference_mean,
    );
    check.non_negative(
        at("enterprise", "value_preference_sd"),
        e.value_preference_sd,
    );
    check.non_negative(at("enterprise", "home_return"), e.home_return);
    check.non_negative(at("enterprise", "paired_return"), e.paired_return);
    check.non_negative(at("enterprise", "social_return"), e.social_return);
    check.share(at("enterprise", "investment_rate"), e.investment_rate);
    check.share(
        at("enterprise", "low_income_wage_share"),
        e.low_income_wage_share,
    );
    check.non_negative(
        at("enterprise", "productivity_elasticity"),
        e.productivity_elasticity,
    );
    check.non_negative(at("enterprise", "capital_to_revenue"), e.capital_to_revenue);

    let l = &policy.labour;
    check.share(at("labour", "placement_rate"), l.placement_rate);
    check.share(at("labour", "cost_reduction"), l.cost_reduction);
    check.share(at("labour", "remittance_share"), l.remittance_share);

    let c = &policy.consumption;
    check.share(at("consumption", "purchase_share"), c.purchase_share);
    check.share(at("consumption", "income_margin"), c.income_margin);

    let ch = &policy.charity;
    check.share(at("charity", "donation_rate"), ch.donation_rate);
    check.non_negative(at("charity", "donor_threshold"), ch.donor_threshold);
    check.share(at("charity", "participation"), ch.participation);
    check.share(at("charity", "overhead"), ch.overhead);
    check.share(at("charity", "targeting_accuracy"), ch.targeting_accuracy);
    check.non_negative(
        at("charity", "digital_participation_multiplier"),
        ch.digital_participation_multiplier,
    );
    check.share(at("charity", "digital_overhead"), ch.digital_overhead);
    check.share(
        at("charity", "digital_targeting_accuracy"),
        ch.digital_targeting_accuracy,
    );
    check.share(
        at("charity", "venture_philanthropy_share"),
        ch.venture_philanthropy_share,
    );
    check.share(
        at("charity", "enterprise_donation_rate"),
        ch.enterprise_donation_rate,
    );

    let a = &policy.assessment;
    check.non_negative(at("assessment", "strength"), a.strength);
    let weights = [
        ("weight_absolute_poverty", a.weight_absolute_poverty),
        ("weight_regional_gap", a.weight_regional_gap),
        ("weight_urban_rural_gap", a.weight_urban_rural_gap),
        ("weight_public_services", a.weight_public_services),
        ("weight_ecology", a.weight_ecology),
        ("weight_factor_flows", a.weight_factor_flows),
    ];
    for (name, value) in weights {
        check.non_negative(at("assessment", name), value);
    }
    if weights.iter().map(|(_, w)| w).sum::<f64>() <= 0.0 {
        check.fail(
            at("assessment", "weight_absolute_poverty"),
            "the assessment weights cannot all be 0".into(),
        );
    }

    let r = &policy.redistribution;
    check.share(at("redistribution", "income_tax_rate"), r.income_tax_rate);
    check.non_negative(at("redistribution", "tax_threshold"), r.tax_threshold);
    check.share(at("redistribution", "dibao_line_share"), r.dibao_line_share);
    check.share(at("redistribution", "dibao_coverage"), r.dibao_coverage);
    check.share(
        at("redistribution", "dibao_budget_share"),
        r.dibao_budget_share,
    );
    check.non_negative(
        at("redistribution", "means_test_window"),
        r.means_test_window,
    );
    issues.extend(check.issues);
}
