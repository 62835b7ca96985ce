//! Range and consistency checks, run before anything is simulated.

use std::collections::HashSet;

use super::error::nearest;
use super::limits;
use super::locate::{Path, Step};
use super::names::{self, NameKind};
use super::schema::{
    AssessmentPolicy, CalibrateSpec, DistributionKind, EconomySpec, OptimizeSpec, PolicySpec,
    RegionSpec, Scenario, SensitivityMethod, SensitivitySpec, TransfersPolicy, UncertaintySpec,
};

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

#[derive(Default)]
struct Checker {
    issues: Vec<Issue>,
}

/// Checks fields of `$spec` in the order listed, each with the `Checker` method named before
/// it (`share`, `non_negative`, `positive`); the path of a field is `$at(field name)`.
macro_rules! check_fields {
    ($check:expr, $at:expr, $spec:expr; $($kind:ident $field:ident),* $(,)?) => {
        $( $check.$kind($at(stringify!($field)), $spec.$field); )*
    };
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

    fn growth(&mut self, path: Path, value: f64) {
        if !(value > -1.0 && value.is_finite()) {
            self.fail(path, format!("expected a growth rate > -1, found {value}"));
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
    let mut check = Checker::default();
    if let Err(message) = names::check(&scenario.scenario.name, NameKind::Scenario) {
        check.fail(key(&["scenario", "name"]), message);
    }
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
    check.issues.extend(limits::year_issues(scenario));
    if !(1..=limits::MAX_TICKS_PER_YEAR).contains(&time.ticks_per_year) {
        check.fail(
            key(&["time", "ticks_per_year"]),
            format!(
                "expected 1 to {} ticks per year, found {}",
                limits::MAX_TICKS_PER_YEAR,
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
    let names = validate_regions(&mut check, scenario);
    validate_pairings(&mut check, scenario, &names);
    validate_policy_into(&mut check, &scenario.policy, &[Step::Key("policy".into())]);
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
    validate_studies(&mut check, scenario);
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
    check_fields!(check, path, economy;
        non_negative human_capital_elasticity, share urbanisation_earnings_share,
        non_negative income_dispersion_urban,
        non_negative income_dispersion_rural, share permanent_variance_share,
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
    check_fields!(check, path, economy;
        share job_loss_rate, share job_finding_rate, share rural_low_capacity_share,
        positive rural_low_capacity_earnings, share survey_urban_share_tracking,
    );
    if economy.rural_low_capacity_earnings > 1.0 {
        check.fail(
            path("rural_low_capacity_earnings"),
            format!(
                "expected a factor above 0 and at most 1 (the group earns less than the rest), found {}",
                economy.rural_low_capacity_earnings
            ),
        );
    }
    if economy.job_finding_rate + economy.job_loss_rate <= 0.0 {
        check.fail(
            path("job_finding_rate"),
            "job finding and job loss rates cannot both be 0".into(),
        );
    }
    check_fields!(check, path, economy;
        share home_production_share, share human_capital_adjustment,
        non_negative human_capital_service_elasticity, share migration_rate,
        share migration_return_rate, share migration_cost, share migrant_wage_elasticity,
        share migrant_share_start,
        share fiscal_revenue_ratio, positive poverty_line_2010, non_negative poverty_line_growth,
        share relative_poverty_share, share depreciation, share capital_depreciation,
        non_negative output_capital_ratio, share labour_share, share property_income_share_urban,
        share property_income_share_rural, non_negative wealth_concentration,
        share consumption_share_urban, share consumption_share_rural, positive service_unit_cost,
        positive ecology_unit_cost, share ecology_degradation,
    );
}

/// Checks the regions; returns their names.
fn validate_regions<'a>(check: &mut Checker, scenario: &'a Scenario) -> HashSet<&'a str> {
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
        let at = |name: &str| indexed("region", index, name);
        if !names.insert(region.name.as_str()) {
            check.fail(
                at("name"),
                format!("region `{}` is defined twice", region.name),
            );
        }
        validate_region(check, region, &at, scenario.economy.migrant_share_start);
    }
    names
}

/// The path of field `name` of element `index` of the array of tables `table`.
fn indexed(table: &str, index: usize, name: &str) -> Path {
    vec![
        Step::Key(table.into()),
        Step::Index(index),
        Step::Key(name.into()),
    ]
}

fn validate_region(
    check: &mut Checker,
    region: &RegionSpec,
    at: &dyn Fn(&str) -> Path,
    migrant_share_start: f64,
) {
    check_fields!(check, at, region; non_negative population_urban, non_negative population_rural);
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
    if let Some(weight) = region.survey_urban_share {
        check.share(at("survey_urban_share"), weight);
    }
    check_fields!(check, at, region;
        share ecology, share governance, non_negative migration_propensity,
        share urbanisation_rate,
    );
    let start = migrant_share_start * region.migration_propensity;
    if start > 1.0 {
        check.fail(
            at("migration_propensity"),
            format!(
                "the start-year migrant share of region `{}` is economy.migrant_share_start \
                 {} × migration_propensity {} = {start}, more than every rural household",
                region.name, migrant_share_start, region.migration_propensity
            ),
        );
    }
}

/// Checks the pairings against the region `names`.
fn validate_pairings(check: &mut Checker, scenario: &Scenario, names: &HashSet<&str>) {
    let all: Vec<&str> = scenario.region.iter().map(|r| r.name.as_str()).collect();
    for (index, pairing) in scenario.pairing.iter().enumerate() {
        let at = |name: &str| indexed("pairing", index, name);
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
    let mut check = Checker::default();
    validate_policy_into(&mut check, policy, prefix);
    check.issues
}

/// Checks every lever's table, in the order of `[policy]`.
fn validate_policy_into(check: &mut Checker, policy: &PolicySpec, prefix: &[Step]) {
    let lever = |lever: &'static str| {
        move |name: &str| {
            let mut path = prefix.to_vec();
            path.push(Step::Key(lever.into()));
            path.push(Step::Key(name.into()));
            path
        }
    };
    validate_transfers(check, &policy.transfers, &lever("transfers"));
    let talent = lever("talent");
    check_fields!(check, talent, policy.talent;
        non_negative cadres_per_pairing, non_negative teachers_per_pairing,
        non_negative doctors_per_pairing, non_negative trainees_per_pairing,
        non_negative governance_gain_per_cadre, positive tenure_years,
        non_negative pay_per_talent, non_negative allowance_per_talent,
        non_negative services_multiplier,
    );
    let technology = lever("technology");
    check_fields!(check, technology, policy.technology;
        non_negative technicians_per_pairing, non_negative project_spending_per_technician,
        non_negative knowledge_return, share knowledge_depreciation,
    );
    let enterprise = lever("enterprise");
    check_fields!(check, enterprise, policy.enterprise;
        share subsidy_rate, share value_preference_mean, non_negative value_preference_sd,
        non_negative home_return, non_negative paired_return, non_negative social_return,
        share investment_rate, share low_income_wage_share, share wage_additionality,
        non_negative capital_to_revenue,
    );
    let labour = lever("labour");
    check_fields!(check, labour, policy.labour;
        share placement_rate, share cost_reduction, share remittance_share,
        share placement_additionality, non_negative cost_per_placement, share formerly_poor_share,
    );
    let consumption = lever("consumption");
    check_fields!(check, consumption, policy.consumption;
        share purchase_share, share price_premium, share sales_additionality, share income_margin,
    );
    let charity = lever("charity");
    check_fields!(check, charity, policy.charity;
        share donation_rate, non_negative donor_threshold, share participation, share overhead,
        share targeting_accuracy, non_negative digital_participation_multiplier,
        share digital_overhead, share digital_targeting_accuracy, share venture_philanthropy_share,
        share enterprise_donation_rate,
    );
    validate_assessment(check, &policy.assessment, &lever("assessment"));
    let redistribution = lever("redistribution");
    check_fields!(check, redistribution, policy.redistribution;
        share income_tax_rate, non_negative tax_threshold, share dibao_line_share,
        share dibao_coverage, share dibao_budget_share, non_negative means_test_window,
        non_negative rural_transfers, share rural_transfers_central_share_east,
        share rural_transfers_central_share_other, growth rural_transfers_growth,
        non_negative relocation_persons, share relocation_town_share,
        non_negative relocation_cost, share relocation_central_share,
    );
}

fn validate_transfers(check: &mut Checker, t: &TransfersPolicy, at: &dyn Fn(&str) -> Path) {
    check.share(at("paired_aid_share"), t.paired_aid_share);
    check.growth(at("paired_aid_growth_floor"), t.paired_aid_growth_floor);
    check_fields!(check, at, t;
        share central_transfer_share, share poverty_fund_share, share poverty_fund_direct_share,
        share leakage_rate, non_negative public_capital_return,
    );
}

fn validate_assessment(check: &mut Checker, a: &AssessmentPolicy, at: &dyn Fn(&str) -> Path) {
    check.non_negative(at("strength"), a.strength);
    let weights = [
        ("weight_absolute_poverty", a.weight_absolute_poverty),
        ("weight_regional_gap", a.weight_regional_gap),
        ("weight_urban_rural_gap", a.weight_urban_rural_gap),
        ("weight_public_services", a.weight_public_services),
        ("weight_ecology", a.weight_ecology),
        ("weight_factor_flows", a.weight_factor_flows),
    ];
    for (name, value) in weights {
        check.non_negative(at(name), value);
    }
    if weights.iter().map(|(_, w)| w).sum::<f64>() <= 0.0 {
        check.fail(
            at("weight_absolute_poverty"),
            "the assessment weights cannot all be 0".into(),
        );
    }
}

/// The most uncertain keys a Sobol design can take (`sobol_burley` has 256 dimensions and the
/// Saltelli design uses two per key).
pub const MAX_SOBOL_KEYS: usize = 128;

/// The largest Sobol base sample or number of Morris trajectories (`sobol_burley`'s sequence
/// length).
pub const MAX_SAMPLES: u32 = 1 << 16;

/// Checks `[sensitivity]`, `[[uncertainty]]` and `[optimize]` (the metric names they use are
/// and years are checked by [`study_issues`] when a study runs).
fn validate_studies(check: &mut Checker, scenario: &Scenario) {
    if let Some(spec) = &scenario.calibrate {
        let schema = toml::Value::try_from(super::overrides::schema_example()).ok();
        validate_calibrate(check, spec, schema.as_ref());
    }
    if scenario.uncertainty.is_empty() && scenario.optimize.is_none() {
        if let Some(spec) = &scenario.sensitivity {
            validate_sensitivity(check, spec, scenario);
        }
        return;
    }
    let schema = toml::Value::try_from(super::overrides::schema_example()).ok();
    if let Some(spec) = &scenario.sensitivity {
        validate_sensitivity(check, spec, scenario);
    }
    let mut seen = HashSet::new();
    for (index, entry) in scenario.uncertainty.iter().enumerate() {
        let at = |name: &str| indexed("uncertainty", index, name);
        check_study_key(check, schema.as_ref(), &entry.key, at("key"), &mut seen);
        validate_distribution(check, entry, &at);
    }
    if let Some(spec) = &scenario.optimize {
        validate_optimize(check, spec, schema.as_ref());
    }
}

/// Checks the design size: samples for the method, and the number of keys.
fn validate_design_size(check: &mut Checker, spec: &SensitivitySpec, scenario: &Scenario) {
    let at = |name: &str| key(&["sensitivity", name]);
    let samples = spec.samples;
    match spec.method {
        SensitivityMethod::Sobol if !(2..=MAX_SAMPLES).contains(&samples) || !samples.is_power_of_two() => {
            check.fail(
                at("samples"),
                format!(
                    "expected a power of two from 2 to {MAX_SAMPLES} (the Sobol sequence is balanced only at powers of two), found {samples}; try {}",
                    samples.clamp(2, MAX_SAMPLES).next_power_of_two().min(MAX_SAMPLES)
                ),
            )
        }
        SensitivityMethod::Morris if !(2..=MAX_SAMPLES).contains(&samples) => check.fail(
            at("samples"),
            format!("expected 2 to {MAX_SAMPLES} trajectories, found {samples}"),
        ),
        _ => {}
    }
    if spec.method == SensitivityMethod::Sobol && scenario.uncertainty.len() > MAX_SOBOL_KEYS {
        check.fail(
            key(&["uncertainty"]),
            format!(
                "a Sobol design takes at most {MAX_SOBOL_KEYS} uncertain keys, found {}",
                scenario.uncertainty.len()
            ),
        );
    }
    if spec.method == SensitivityMethod::Morris {
        for (index, entry) in scenario.uncertainty.iter().enumerate() {
            if entry.distribution == DistributionKind::Normal
                && (entry.min.is_none() || entry.max.is_none())
            {
                check.fail(
                    indexed("uncertainty", index, "distribution"),
                    "Morris moves every key across its whole range: give this normal distribution `min` and `max`".into(),
                );
            }
        }
    }
}

fn validate_sensitivity(check: &mut Checker, spec: &SensitivitySpec, scenario: &Scenario) {
    let at = |name: &str| key(&["sensitivity", name]);
    validate_design_size(check, spec, scenario);
    if spec.levels < 2 || spec.levels % 2 == 1 {
        check.fail(
            at("levels"),
            format!(
                "expected an even number of levels, at least 2, found {}",
                spec.levels
            ),
        );
    }
    if spec.resamples < 10 {
        check.fail(
            at("resamples"),
            format!(
                "expected at least 10 bootstrap resamples, found {}",
                spec.resamples
            ),
        );
    }
    if !(spec.confidence > 0.0 && spec.confidence < 1.0) {
        check.fail(
            at("confidence"),
            format!(
                "expected a level between 0 and 1 (0.95), found {}",
                spec.confidence
            ),
        );
    }
    if spec.outputs.is_empty() {
        check.fail(
            at("outputs"),
            "name at least one metric, e.g. outputs = [\"east_west_ratio\", \"gini\"]".into(),
        );
    }
    if scenario.uncertainty.is_empty() {
        check.fail(
            key(&["sensitivity"]),
            "a sensitivity analysis needs at least one [[uncertainty]] entry (key, min, max)"
                .into(),
        );
    }
}

/// Checks that `name` is a numeric key a study may set (under `economy.` or `policy.`) and
/// that it is not listed twice.
fn check_study_key<'a>(
    check: &mut Checker,
    schema: Option<&toml::Value>,
    name: &'a str,
    path: Path,
    seen: &mut HashSet<&'a str>,
) {
    let Some(schema) = schema else { return };
    let numeric = numeric_study_keys(schema);
    if !numeric.iter().any(|k| k == name) {
        let found = name
            .split('.')
            .try_fold(schema, |node, part| node.get(part));
        let message = match found {
            Some(toml::Value::Float(_)) | Some(toml::Value::Integer(_)) => format!(
                "`{name}` cannot vary in a study: only keys under `economy.` and `policy.` can"
            ),
            Some(other) => format!(
                "`{name}` holds a {}, not a number; a study varies numeric keys",
                other.type_str()
            ),
            None => format!(
                "no numeric scenario key is named `{name}`; a study varies keys under `economy.` and `policy.`, such as `economy.productivity_growth`"
            ),
        };
        check.issues.push(Issue {
            path,
            message,
            suggestion: nearest(name, numeric.iter().map(String::as_str)),
        });
    } else if !seen.insert(name) {
        check.fail(path, format!("`{name}` is listed twice"));
    }
}

/// Every numeric key under `economy.` and `policy.` of the serialised schema example.
fn numeric_study_keys(schema: &toml::Value) -> Vec<String> {
    let mut keys = Vec::new();
    for table in ["economy", "policy"] {
        let mut stack = vec![(table.to_string(), schema.get(table))];
        while let Some((prefix, node)) = stack.pop() {
            match node {
                Some(toml::Value::Table(inner)) => {
                    for (name, value) in inner {
                        stack.push((format!("{prefix}.{name}"), Some(value)));
                    }
                }
                Some(toml::Value::Float(_)) => keys.push(prefix),
                _ => {}
            }
        }
    }
    keys.sort();
    keys
}

fn validate_distribution(check: &mut Checker, entry: &UncertaintySpec, at: &dyn Fn(&str) -> Path) {
    for (name, value) in [
        ("min", entry.min),
        ("max", entry.max),
        ("mean", entry.mean),
        ("sd", entry.sd),
    ] {
        if let Some(value) = value.filter(|v| !v.is_finite()) {
            check.fail(at(name), format!("expected a finite number, found {value}"));
        }
    }
    match entry.distribution {
        DistributionKind::Uniform | DistributionKind::Loguniform => {
            check_bounds(check, entry, at);
            for (name, value) in [("mean", entry.mean), ("sd", entry.sd)] {
                if value.is_some() {
                    check.fail(at(name), format!("`{name}` is a parameter of the normal distribution; set distribution = \"normal\" or remove it"));
                }
            }
            if let Some(min) = entry.min.filter(|m| *m <= 0.0)
                && entry.distribution == DistributionKind::Loguniform
            {
                check.fail(
                    at("min"),
                    format!("a loguniform distribution needs min > 0, found {min}"),
                );
            }
        }
        DistributionKind::Normal => {
            if entry.mean.is_none() {
                check.fail(
                    at("mean"),
                    "a normal distribution needs `mean` and `sd`".into(),
                );
            }
            match entry.sd {
                Some(sd) if sd > 0.0 => {}
                Some(sd) => check.fail(at("sd"), format!("expected sd > 0, found {sd}")),
                None => check.fail(
                    at("sd"),
                    "a normal distribution needs `mean` and `sd`".into(),
                ),
            }
            if let (Some(min), Some(max)) = (entry.min, entry.max)
                && min >= max
            {
                check.fail(at("max"), format!("max {max} must be above min {min}"));
            }
        }
    }
}

/// Checks that a bounded distribution has `min < max`.
fn check_bounds(check: &mut Checker, entry: &UncertaintySpec, at: &dyn Fn(&str) -> Path) {
    let needs = || {
        format!(
            "a {} distribution needs `min` and `max`",
            name_of(entry.distribution)
        )
    };
    match (entry.min, entry.max) {
        (Some(min), Some(max)) if min < max => {}
        (Some(min), Some(max)) => {
            check.fail(at("max"), format!("max {max} must be above min {min}"))
        }
        (None, _) => check.fail(at("min"), needs()),
        (_, None) => check.fail(at("max"), needs()),
    }
}

fn name_of(kind: DistributionKind) -> &'static str {
    match kind {
        DistributionKind::Uniform => "uniform",
        DistributionKind::Loguniform => "loguniform",
        DistributionKind::Normal => "normal",
    }
}

fn validate_optimize(check: &mut Checker, spec: &OptimizeSpec, schema: Option<&toml::Value>) {
    let at = |name: &str| key(&["optimize", name]);
    if spec.objective.is_empty() {
        check.fail(
            at("objective"),
            "name the metric to minimise, e.g. objective = \"east_west_ratio\"".into(),
        );
    }
    if spec.budget.is_nan() || spec.budget <= 0.0 {
        check.fail(
            at("budget"),
            format!(
                "expected a budget > 0 yuan (inf for none), found {}",
                spec.budget
            ),
        );
    }
    if spec.population < 4 || spec.population % 2 == 1 {
        check.fail(
            at("population"),
            format!(
                "expected an even population of at least 4, found {}",
                spec.population
            ),
        );
    }
    if spec.evaluations < spec.population {
        check.fail(
            at("evaluations"),
            format!(
                "expected at least one generation of {} candidates, found {}",
                spec.population, spec.evaluations
            ),
        );
    }
    if spec.lever.is_empty() {
        check.fail(
            at("lever"),
            "add at least one [[optimize.lever]] with key, min and max".into(),
        );
    }
    validate_levers(check, spec, schema);
}

/// The most points a calibration grid may have.
pub const MAX_GRID_POINTS: usize = 10_000;

/// Checks `[calibrate]`: at least one `[[calibrate.parameter]]`, each a numeric key listed once
/// with at least one finite value, and a grid of at most [`MAX_GRID_POINTS`] points.
fn validate_calibrate(check: &mut Checker, spec: &CalibrateSpec, schema: Option<&toml::Value>) {
    if spec.parameter.is_empty() {
        check.fail(
            key(&["calibrate", "parameter"]),
            "add at least one [[calibrate.parameter]] with key and values".into(),
        );
    }
    let mut seen = HashSet::new();
    let mut points = 1usize;
    for (index, parameter) in spec.parameter.iter().enumerate() {
        let at = |name: &str| indexed_in("calibrate", "parameter", index, name);
        check_study_key(check, schema, &parameter.key, at("key"), &mut seen);
        if parameter.values.is_empty() {
            check.fail(at("values"), "expected at least one value".into());
        }
        if let Some(bad) = parameter.values.iter().find(|v| !v.is_finite()) {
            check.fail(at("values"), format!("expected finite values, found {bad}"));
        }
        points = points.saturating_mul(parameter.values.len().max(1));
    }
    if points > MAX_GRID_POINTS {
        check.fail(
            key(&["calibrate", "parameter"]),
            format!(
                "the grid has {points} points (the product of the value counts), more than \
                 {MAX_GRID_POINTS}; use fewer values"
            ),
        );
    }
}

/// The path `table.array[index].name`.
fn indexed_in(table: &str, array: &str, index: usize, name: &str) -> Path {
    vec![
        Step::Key(table.into()),
        Step::Key(array.into()),
        Step::Index(index),
        Step::Key(name.into()),
    ]
}

/// Checks each `[[optimize.lever]]`: a numeric key listed once, finite bounds, min < max.
fn validate_levers(check: &mut Checker, spec: &OptimizeSpec, schema: Option<&toml::Value>) {
    let mut seen = HashSet::new();
    for (index, lever) in spec.lever.iter().enumerate() {
        let at = |name: &str| {
            vec![
                Step::Key("optimize".into()),
                Step::Key("lever".into()),
                Step::Index(index),
                Step::Key(name.into()),
            ]
        };
        check_study_key(check, schema, &lever.key, at("key"), &mut seen);
        if !(lever.min.is_finite() && lever.max.is_finite() && lever.min < lever.max) {
            check.fail(
                at("max"),
                format!(
                    "expected finite bounds with min < max, found {}..{}",
                    lever.min, lever.max
                ),
            );
        }
    }
}

/// What a study checks before it runs: the metric names of the study tables that are not in
/// `metrics` (the metric table's names, passed in by the caller because the scenario does not
/// depend on the metrics), each with the nearest metric name, and study years outside the
/// simulated years.
pub fn study_issues(scenario: &Scenario, metrics: &[&str]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut check_name = |path: Path, name: &str| {
        if !metrics.contains(&name) {
            issues.push(Issue {
                path,
                message: format!(
                    "no metric is named `{name}` (docs/MODEL.md section 9 lists them)"
                ),
                suggestion: nearest(name, metrics.iter().copied()),
            });
        }
    };
    if let Some(spec) = &scenario.sensitivity {
        for (index, name) in spec.outputs.iter().enumerate() {
            check_name(
                vec![
                    Step::Key("sensitivity".into()),
                    Step::Key("outputs".into()),
                    Step::Index(index),
                ],
                name,
            );
        }
    }
    if let Some(spec) = &scenario.optimize {
        if !spec.objective.is_empty() {
            check_name(key(&["optimize", "objective"]), &spec.objective);
        }
        for (index, name) in spec.cost.iter().enumerate() {
            check_name(
                vec![
                    Step::Key("optimize".into()),
                    Step::Key("cost".into()),
                    Step::Index(index),
                ],
                name,
            );
        }
    }
    if let Some(spec) = &scenario.calibrate {
        for (index, name) in spec.targets.iter().enumerate() {
            check_name(
                vec![
                    Step::Key("calibrate".into()),
                    Step::Key("targets".into()),
                    Step::Index(index),
                ],
                name,
            );
        }
    }
    let mut check = Checker { issues };
    study_years(&mut check, scenario);
    check.issues
}

/// Checks the study years against the simulated years. These are checked when a study runs,
/// not when the scenario loads, so that `ewsim run --set time.end_year=2020` of a scenario
/// whose study reads 2035 still runs.
fn study_years(check: &mut Checker, scenario: &Scenario) {
    let time = &scenario.time;
    if let Some(spec) = &scenario.sensitivity {
        for (index, year) in spec.years.iter().enumerate() {
            if *year < time.start_year || *year > time.end_year {
                check.fail(
                    vec![
                        Step::Key("sensitivity".into()),
                        Step::Key("years".into()),
                        Step::Index(index),
                    ],
                    format!(
                        "year {year} is outside {}..={}",
                        time.start_year, time.end_year
                    ),
                );
            }
        }
    }
    if let Some(spec) = &scenario.calibrate
        && (spec.fit_until < time.start_year || spec.fit_until > time.end_year)
    {
        check.fail(
            key(&["calibrate", "fit_until"]),
            format!(
                "expected a year in {}..={}, found {}",
                time.start_year, time.end_year, spec.fit_until
            ),
        );
    }
    if let Some(year) = scenario.optimize.as_ref().and_then(|spec| spec.year)
        && (year <= time.start_year || year > time.end_year)
    {
        check.fail(
            key(&["optimize", "year"]),
            format!(
                "expected a year after the start year, {}..={}, found {year}",
                time.start_year + 1,
                time.end_year
            ),
        );
    }
}
