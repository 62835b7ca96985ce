//! Calibration of the start year: each region × sector's productivity is solved so that its
//! households' weighted mean *disposable* income — market income less the income tax plus the
//! dibao, by the engine's own rules (`policy::redistribution`) — equals the data, which are
//! disposable incomes; then the region agents and the households' start-year incomes.

use crate::policy::redistribution::{TaxRules, dibao_line, tax_and_dibao};
use crate::scenario::{RegionSpec, Scenario};
use crate::world::households::{AWAY, POOR, TARGETED};
use crate::world::{Households, RURAL, Region, TalentStock, URBAN};

/// The start year's tax and dibao rules and each region's dibao line, as the engine applies
/// them from the first simulated year.
#[derive(Debug, Clone)]
pub struct StartTransfers {
    /// Tax and dibao over the whole start year.
    pub rules: TaxRules,
    /// Dibao line of each region (yuan per person per year), from the data's incomes.
    pub dibao_lines: Vec<f64>,
}

impl StartTransfers {
    /// The rules of the scenario's start-year policy; no tax and no dibao when redistribution
    /// is off.
    pub fn new(scenario: &Scenario) -> Self {
        let policy = &scenario.policy.redistribution;
        let share = if policy.enabled {
            policy.dibao_line_share
        } else {
            0.0
        };
        let dibao_lines = scenario
            .region
            .iter()
            .map(|spec| {
                dibao_line(
                    share,
                    spec.population_rural,
                    spec.income_rural,
                    spec.income_urban,
                )
            })
            .collect();
        Self {
            rules: TaxRules::start_year(policy),
            dibao_lines,
        }
    }

    /// Own income (market income net of tax) and disposable income (own income plus the dibao
    /// at `dibao_line`, means-tested on the same year's own income) for a yearly market income.
    pub fn incomes(&self, market: f64, dibao_line: f64) -> (f64, f64) {
        let mut recent = 0.0;
        let (tax, dibao) = tax_and_dibao(&self.rules, market, &mut recent, dibao_line);
        let own = market - tax;
        (own, own + dibao)
    }

    /// The productivity `A` at which the weighted mean disposable income of households with
    /// market incomes `A · factors[i] + fixed[i]` equals `target` (`fixed` is the start-year
    /// migrants' earnings away, which do not depend on the home sector's `A`; 0 for everybody
    /// else). Disposable income does not fall with `A`, so bisection finds it; without tax, dibao
    /// or migrants it is `target / mean factor`, exactly. `None` when no `A ≥ 0` reaches the
    /// target: nobody earns at home, or the fixed incomes alone already reach it.
    pub fn solve_productivity(
        &self,
        factors: &[f64],
        fixed: &[f64],
        weights: &[f64],
        target: f64,
        dibao_line: f64,
    ) -> Option<f64> {
        let weight: f64 = weights.iter().sum();
        let factor: f64 = factors.iter().zip(weights).map(|(e, w)| e * w).sum();
        if weight <= 0.0 || factor <= 0.0 {
            return None;
        }
        let mean = |a: f64| {
            factors
                .iter()
                .zip(fixed)
                .zip(weights)
                .map(|((e, m), w)| w * self.incomes(a * e + m, dibao_line).1)
                .sum::<f64>()
                / weight
        };
        if mean(0.0) >= target {
            return None;
        }
        let fixed_total: f64 = fixed.iter().zip(weights).map(|(m, w)| m * w).sum();
        let plain = (target * weight - fixed_total) / factor;
        if plain > 0.0 && mean(plain) == target {
            return Some(plain);
        }
        let (mut low, mut high) = (0.0, plain.max(target * weight / factor));
        for _ in 0..64 {
            if mean(high) >= target {
                break;
            }
            high *= 2.0;
        }
        for _ in 0..200 {
            let middle = 0.5 * (low + high);
            if middle <= low || middle >= high {
                break;
            }
            if mean(middle) < target {
                low = middle;
            } else {
                high = middle;
            }
        }
        Some(high)
    }
}

/// The region agents of the start year, each sector's productivity solved from the households
/// at home (before any migrant stock): an empty sector takes the other sector's productivity
/// (for migrants). Fiscal revenue and public services come from the data or their defaults.
pub fn regions(
    scenario: &Scenario,
    households: &Households,
    factors: &[f64],
    cell_start: &[usize],
    transfers: &StartTransfers,
) -> Vec<Region> {
    let specs = &scenario.region;
    let national_income: f64 = specs
        .iter()
        .map(|r| r.population_urban * r.income_urban + r.population_rural * r.income_rural)
        .sum();
    let national_population: f64 = specs
        .iter()
        .map(|r| r.population_urban + r.population_rural)
        .sum();
    let national_mean = national_income / national_population;
    let no_fixed = vec![0.0; households.len()];
    specs
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let targets = [spec.income_urban, spec.income_rural];
            let dibao_line = transfers.dibao_lines[index];
            let mut productivity = [0.0; 2];
            for sector in [URBAN, RURAL] {
                let cell = index * 2 + sector;
                let range = cell_start[cell]..cell_start[cell + 1];
                if !range.is_empty() {
                    productivity[sector] = transfers
                        .solve_productivity(
                            &factors[range.clone()],
                            &no_fixed[range.clone()],
                            &households.weight[range],
                            targets[sector],
                            dibao_line,
                        )
                        .unwrap_or(0.0);
                }
            }
            if productivity[URBAN] == 0.0 {
                productivity[URBAN] = productivity[RURAL];
            }
            if productivity[RURAL] == 0.0 {
                productivity[RURAL] = productivity[URBAN];
            }
            region(scenario, spec, productivity, national_mean)
        })
        .collect()
}

/// One region agent at the start year with the solved `productivity`: fiscal revenue from the
/// data (or `fiscal_revenue_ratio` × total income), public services from the data (or the square
/// root of its mean income relative to the national mean), everything else at its start value.
fn region(
    scenario: &Scenario,
    spec: &RegionSpec,
    productivity: [f64; 2],
    national_mean: f64,
) -> Region {
    let total_income =
        spec.population_urban * spec.income_urban + spec.population_rural * spec.income_rural;
    let fiscal_revenue = spec
        .fiscal_revenue
        .unwrap_or(scenario.economy.fiscal_revenue_ratio * total_income);
    let mean = total_income / (spec.population_urban + spec.population_rural);
    let services = spec
        .public_services
        .unwrap_or((mean / national_mean).sqrt());
    Region {
        name: spec.name.clone(),
        zone: spec.zone,
        productivity,
        human_capital: 1.0,
        human_capital_start: 1.0,
        public_services: services,
        public_services_start: services,
        ecology: spec.ecology,
        governance: spec.governance,
        migration_propensity: spec.migration_propensity,
        absorption_bonus: 0.0,
        enterprise_capital: 0.0,
        public_capital: 0.0,
        fiscal_revenue_ratio: if total_income > 0.0 {
            fiscal_revenue / total_income
        } else {
            0.0
        },
        fiscal_revenue,
        previous_aid: 0.0,
        talents: TalentStock::default(),
        flows: Default::default(),
        population: [spec.population_urban, spec.population_rural],
        income_total: [0.0; 2],
        poor: [0.0; 2],
        targeted: [0.0; 2],
        charity_eligible: 0.0,
    }
}

/// Initial incomes: the calibrated earnings (at home, or `away[i]` for the migrant stock) with
/// the start year's tax and dibao, so each cell's mean disposable income is the data; sets the
/// poverty and registration flags below `poverty_line` and the regions' income totals.
pub fn start_incomes(
    households: &mut Households,
    regions: &mut [Region],
    factors: &[f64],
    away: &[f64],
    transfers: &StartTransfers,
    poverty_line: f64,
) {
    for (i, factor) in factors.iter().enumerate() {
        let home = households.region[i] as usize;
        let region = &mut regions[home];
        let sector = households.sector[i] as usize;
        let market = if households.status[i] & AWAY != 0 {
            away[i]
        } else {
            region.productivity[sector] * factor
        };
        let (own, income) = transfers.incomes(market, transfers.dibao_lines[home]);
        households.income[i] = income;
        households.own_income[i] = own;
        households.own_recent[i] = own;
        let weight = households.weight[i];
        region.income_total[sector] += weight * income;
        if income < poverty_line {
            households.status[i] |= POOR;
            region.poor[sector] += weight;
        }
        if own < poverty_line {
            households.status[i] |= TARGETED;
            region.targeted[sector] += weight;
        }
    }
}
