//! Calibration of the start year: each region × sector's productivity is solved so that its
//! households' weighted mean *disposable* income — market income less the income tax plus the
//! dibao, by the engine's own rules (`policy::redistribution`) — equals the data, which are
//! disposable incomes; then the region agents and the households' start-year incomes.

use rayon::prelude::*;

use crate::policy::redistribution::{TaxRules, dibao_line, tax_and_dibao};
use crate::policy::rural_transfers;
use crate::scenario::{RegionSpec, Scenario};
use crate::world::households::{AWAY, EMPLOYED, EVER_POOR, POOR, TARGETED};
use crate::world::{Households, RURAL, Region, TalentStock, URBAN, poverty_line};

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
        let floor = if policy.enabled && policy.dibao_floor_at_poverty_line {
            poverty_line(&scenario.economy, scenario.time.start_year)
        } else {
            0.0
        };
        let dibao_lines = scenario
            .region
            .iter()
            .map(|spec| {
                let line = dibao_line(
                    share,
                    spec.population_rural,
                    spec.income_rural,
                    spec.income_urban,
                );
                line.max(floor)
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
    /// market incomes `A · factors[i] + fixed[i]` and untaxed unearned income `unearned[i]`
    /// equals `target` (`fixed` is the start-year migrants' earnings away, which do not depend
    /// on the home sector's `A`; 0 for everybody else). Disposable income does not fall with
    /// `A`, so `find_root` finds it; without tax, dibao or migrants it is `(target − mean
    /// unearned income) / mean factor`, exactly. `None` when no `A ≥ 0` reaches the target:
    /// nobody earns at home, or the other incomes alone already reach it.
    pub fn solve_productivity(
        &self,
        cell: &Cell,
        fixed: &[f64],
        target: f64,
        dibao_line: f64,
    ) -> Option<f64> {
        let Cell {
            factors,
            unearned,
            weights,
        } = *cell;
        let weight: f64 = weights.iter().sum();
        let factor: f64 = factors.iter().zip(weights).map(|(e, w)| e * w).sum();
        if weight <= 0.0 || factor <= 0.0 {
            return None;
        }
        let mean = |a: f64| {
            ordered_sum(factors.len(), |i| {
                let disposable = self.incomes(a * factors[i] + fixed[i], dibao_line).1;
                weights[i] * (disposable + unearned[i])
            }) / weight
        };
        if mean(0.0) >= target {
            return None;
        }
        let fixed_total: f64 = fixed
            .iter()
            .zip(unearned)
            .zip(weights)
            .map(|((m, p), w)| (m + p) * w)
            .sum();
        let plain = (target * weight - fixed_total) / factor;
        if plain > 0.0 && mean(plain) == target {
            return Some(plain);
        }
        find_root(mean, target, plain.max(target * weight / factor))
    }
}

/// Terms summed in one serial pass by [`ordered_sum`]; larger sums are split into blocks of this
/// many. A constant, never derived from the thread count.
pub const SUM_BLOCK: usize = 65_536;

/// `Σ term(i)` over `0..n`, in parallel but with the same bits on any thread count: each block of
/// [`SUM_BLOCK`] consecutive terms is summed serially, and the blocks' sums are added in block
/// order. A sum of at most one block is the serial sum, bit for bit.
pub fn ordered_sum(n: usize, term: impl Fn(usize) -> f64 + Sync) -> f64 {
    if n <= SUM_BLOCK {
        return (0..n).map(term).sum();
    }
    let blocks: Vec<f64> = (0..n.div_ceil(SUM_BLOCK))
        .into_par_iter()
        .map(|b| {
            (b * SUM_BLOCK..((b + 1) * SUM_BLOCK).min(n))
                .map(&term)
                .sum()
        })
        .collect();
    blocks.iter().sum()
}

/// The productivity `a ≥ 0` at which a cell's (total or mean) disposable income `total(a)`, which
/// does not fall with `a`, reaches `goal`: the smallest `a` with `total(a) ≥ goal`, to machine
/// precision. The bracket [0, guess] doubles until it holds `goal`; it then shrinks by the
/// Illinois variant of false position (the end kept twice in a row has its value halved), with a
/// bisection step every third step, until its ends are adjacent numbers. On a smooth `total`
/// that takes far fewer evaluations than bisection's sixty or so (at most 25 in the unit test),
/// and every third step halving the bracket bounds the worst case at three times bisection's.
/// `None` when `total(0)` is already at or above `goal` (or not a number) or no `a` reaches it.
pub fn find_root(total: impl Fn(f64) -> f64, goal: f64, guess: f64) -> Option<f64> {
    let mut low_gap = total(0.0) - goal;
    if low_gap.is_nan() || low_gap >= 0.0 {
        return None;
    }
    let (mut low, mut high) = (0.0, if guess > 0.0 { guess } else { 1.0 });
    let mut high_gap = total(high) - goal;
    for _ in 0..64 {
        if high_gap >= 0.0 {
            break;
        }
        (low, low_gap) = (high, high_gap);
        high *= 2.0;
        high_gap = total(high) - goal;
    }
    if high_gap.is_nan() || high_gap < 0.0 {
        return None;
    }
    // Which end the last step moved: -1 the low end, +1 the high end, 0 none yet.
    let mut moved = 0;
    for step in 0..600 {
        let middle = 0.5 * (low + high);
        if middle <= low || middle >= high {
            break;
        }
        let secant = high - high_gap * (high - low) / (high_gap - low_gap);
        let inside = secant > low && secant < high;
        let x = if step % 3 == 2 || !inside {
            middle
        } else {
            secant
        };
        let gap = total(x) - goal;
        if gap < 0.0 {
            (low, low_gap) = (x, gap);
            if moved == -1 {
                high_gap *= 0.5;
            }
            moved = -1;
        } else {
            (high, high_gap) = (x, gap);
            if moved == 1 {
                low_gap *= 0.5;
            }
            moved = 1;
        }
    }
    Some(high)
}

/// The households of one region × sector as the calibration sees them: their start-year
/// earnings factors, their unearned income (property income and rural pensions and subsidies,
/// yuan per person) and their weights.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    /// Start-year earnings factors (0 for a household away).
    pub factors: &'a [f64],
    /// Start-year unearned income per person ([`unearned`]).
    pub unearned: &'a [f64],
    /// Persons represented.
    pub weights: &'a [f64],
}

/// Each household's wealth weight `(h^θ)^κ` (κ = `economy.wealth_concentration`), each cell's
/// wealth norm (Σ weight × wealth weight), and each household's start-year property income:
/// its cell's `property_income_share` × the data's income × population, shared in proportion
/// to the wealth weights; a rural household adds the start year's rural pensions and subsidies
/// per person (`policy::rural_transfers`), untaxed and unconditional like property income.
/// Returns these unearned incomes (yuan per person) and the norms.
pub fn unearned(
    scenario: &Scenario,
    households: &mut Households,
    cell_start: &[usize],
) -> (Vec<f64>, Vec<[f64; 2]>) {
    let economy = &scenario.economy;
    let kappa = economy.wealth_concentration;
    households.wealth_weight = households
        .earning_power
        .iter()
        .map(|e| e.powf(kappa) as f32)
        .collect();
    let share = [
        economy.property_income_share_urban,
        economy.property_income_share_rural,
    ];
    let transfer = rural_transfers::per_person(&scenario.policy.redistribution, 0, 1.0);
    let mut unearned = vec![0.0; households.len()];
    let mut norms = vec![[0.0; 2]; scenario.region.len()];
    for (index, spec) in scenario.region.iter().enumerate() {
        let income = [spec.income_urban, spec.income_rural];
        let population = [spec.population_urban, spec.population_rural];
        for sector in [URBAN, RURAL] {
            let cell = index * 2 + sector;
            let range = cell_start[cell]..cell_start[cell + 1];
            let norm: f64 = range
                .clone()
                .map(|i| households.weight[i] * f64::from(households.wealth_weight[i]))
                .sum();
            norms[index][sector] = norm;
            if norm <= 0.0 {
                continue;
            }
            let dividends = share[sector] * income[sector] * population[sector];
            for i in range {
                unearned[i] = dividends * f64::from(households.wealth_weight[i]) / norm;
            }
        }
        // The start year's rural pensions and subsidies, to every registered rural person.
        let rural = index * 2 + RURAL;
        for income in &mut unearned[cell_start[rural]..cell_start[rural + 1]] {
            *income += transfer;
        }
    }
    (unearned, norms)
}

/// The region agents of the start year, each sector's productivity solved from the households
/// at home (before any migrant stock): an empty sector takes the other sector's productivity
/// (for migrants). Fiscal revenue and public services come from the data or their defaults.
pub fn regions(
    scenario: &Scenario,
    households: &Households,
    factors: &[f64],
    unearned: &[f64],
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
    // The regions are solved in parallel: each from its own households only, so the result
    // does not depend on the order.
    specs
        .par_iter()
        .enumerate()
        .map(|(index, spec)| {
            let targets = [spec.income_urban, spec.income_rural];
            let dibao_line = transfers.dibao_lines[index];
            let mut productivity = [0.0; 2];
            for sector in [URBAN, RURAL] {
                let cell = index * 2 + sector;
                let range = cell_start[cell]..cell_start[cell + 1];
                if !range.is_empty() {
                    let cell = Cell {
                        factors: &factors[range.clone()],
                        unearned: &unearned[range.clone()],
                        weights: &households.weight[range.clone()],
                    };
                    productivity[sector] = transfers
                        .solve_productivity(&cell, &no_fixed[range], targets[sector], dibao_line)
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
        urbanisation_rate: spec.urbanisation_rate,
        survey: None,
        enterprise_capital: 0.0,
        public_capital: 0.0,
        knowledge_capital: 0.0,
        earnings: 0.0,
        employed_rural_at_home: 0.0,
        ever_poor_employed_at_home: 0.0,
        wealth_norm: [0.0; 2],
        dividends: [0.0; 2],
        central_net_start: 0.0,
        recipient: scenario.pairing.iter().any(|p| p.recipient == spec.name),
        donor: scenario.pairing.iter().any(|p| p.donor == spec.name),
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
        registered: [spec.population_urban, spec.population_rural],
        income_total: [0.0; 2],
        poor: [0.0; 2],
        targeted: [0.0; 2],
        charity_eligible: 0.0,
    }
}

/// Initial incomes, by the NBS rule for residents (7.16): the calibrated earnings (at home, or
/// `away[i]` for the migrant stock) with the start year's tax and dibao, plus unearned income
/// (property income, and rural pensions and subsidies); a migrant sends `remittance` of its
/// earnings away home, where the rural households at home share them in proportion to their
/// wealth weights, as the engine does. So each cell's mean disposable income is the data. Sets
/// the poverty flags (by residence) and the registration flags (by home) below `poverty_line`,
/// the regions' resident and registered populations, income totals, earnings at home and
/// employed rural residents at home.
pub fn start_incomes(
    households: &mut Households,
    regions: &mut [Region],
    income: (&[f64], &[f64], &[f64]),
    (transfers, remittance): (&StartTransfers, f64),
    poverty_line: f64,
) {
    let (factors, away, unearned) = income;
    let mut sent = vec![0.0; regions.len()];
    for (i, earned) in away.iter().enumerate() {
        if households.status[i] & AWAY != 0 {
            sent[households.region[i] as usize] += households.weight[i] * remittance * earned;
        }
    }
    let stayers = households.remittance_norms(regions.len());
    for region in regions.iter_mut() {
        region.population = [0.0; 2];
        region.registered = [0.0; 2];
    }
    for (i, factor) in factors.iter().enumerate() {
        let home = households.region[i] as usize;
        let sector = households.sector[i] as usize;
        let weight = households.weight[i];
        let status = households.status[i];
        let is_away = status & AWAY != 0;
        let region = &mut regions[home];
        region.registered[sector] += weight;
        let market = if is_away {
            away[i]
        } else {
            let market = region.productivity[sector] * factor;
            region.earnings += weight * market;
            if sector == RURAL && status & EMPLOYED != 0 {
                region.employed_rural_at_home += weight;
            }
            market
        };
        let (own, disposable) = transfers.incomes(market, transfers.dibao_lines[home]);
        let mut received = unearned[i];
        if !is_away && sector == RURAL && stayers[home] > 0.0 {
            received += sent[home] * f64::from(households.wealth_weight[i]) / stayers[home];
        }
        let remitted = if is_away { remittance * market } else { 0.0 };
        let (own_total, income) = (own + received, disposable + received - remitted);
        households.income[i] = income;
        households.own_income[i] = own_total;
        households.own_recent[i] = own;
        if own_total < poverty_line {
            households.status[i] |= TARGETED | EVER_POOR;
            region.targeted[sector] += weight;
            if !is_away && sector == RURAL && status & EMPLOYED != 0 {
                region.ever_poor_employed_at_home += weight;
            }
        }
        if is_away {
            // What it receives stays at home; what it keeps of its earnings is income where it
            // lives.
            region.income_total[sector] += weight * (disposable - own + unearned[i]);
            let lives = &mut regions[households.destination[i] as usize];
            lives.income_total[URBAN] += weight * (own - remitted);
            lives.population[URBAN] += weight;
            if income < poverty_line {
                households.status[i] |= POOR;
                lives.poor[URBAN] += weight;
            }
        } else {
            region.income_total[sector] += weight * income;
            region.population[sector] += weight;
            if income < poverty_line {
                households.status[i] |= POOR;
                region.poor[sector] += weight;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell as Counter;

    /// The old bisection, kept here as the reference `find_root` must agree with.
    fn bisection(total: impl Fn(f64) -> f64, goal: f64, guess: f64) -> Option<f64> {
        if total(0.0) >= goal {
            return None;
        }
        let (mut low, mut high) = (0.0, guess);
        while total(high) < goal {
            high *= 2.0;
        }
        loop {
            let middle = 0.5 * (low + high);
            if middle <= low || middle >= high {
                return Some(high);
            }
            if total(middle) < goal {
                low = middle;
            } else {
                high = middle;
            }
        }
    }

    #[test]
    fn find_root_gives_the_smallest_argument_that_reaches_the_goal() {
        // A smooth total, a kinked one (a tax above 3 and a floor below 1) and a step.
        let smooth = |a: f64| a.powf(1.3) + 2.0 * a;
        let kinked = |a: f64| a.max(1.0) - 0.2 * (a - 3.0).max(0.0);
        let step = |a: f64| if a < 2.5 { 0.0 } else { 10.0 };
        type Total<'a> = &'a dyn Fn(f64) -> f64;
        let cases: [(Total, f64, f64); 6] = [
            (&smooth, 7.0, 1.0),
            (&smooth, 7.0, 1000.0),
            (&smooth, 1e6, 0.5),
            (&kinked, 4.6, 1.0),
            (&kinked, 2.0, 8.0),
            (&step, 5.0, 1.0),
        ];
        for (total, goal, guess) in cases {
            let calls = Counter::new(0u32);
            let counted = |a: f64| {
                calls.set(calls.get() + 1);
                total(a)
            };
            let root = find_root(counted, goal, guess).expect("a root");
            assert!(total(root) >= goal, "total({root}) below {goal}");
            let below = f64::from_bits(root.to_bits() - 1);
            assert!(total(below) < goal, "{below} already reaches {goal}");
            assert_eq!(Some(root), bisection(total, goal, guess));
            assert!(calls.get() <= 3 * 64 + 70, "{} evaluations", calls.get());
        }
        // On the smooth total it needs far fewer evaluations than bisection's sixty or so.
        let calls = Counter::new(0u32);
        find_root(
            |a| {
                calls.set(calls.get() + 1);
                smooth(a)
            },
            7.0,
            1.0,
        );
        assert!(calls.get() <= 25, "{} evaluations", calls.get());
    }

    #[test]
    fn find_root_refuses_what_it_cannot_reach() {
        assert_eq!(find_root(|a| a + 5.0, 4.0, 1.0), None);
        assert_eq!(find_root(|a| a.min(3.0), 4.0, 1.0), None);
        assert_eq!(find_root(|_| f64::NAN, 4.0, 1.0), None);
    }

    #[test]
    fn ordered_sum_is_the_serial_sum_of_its_blocks() {
        let term = |i: usize| 1.0 / (1.0 + i as f64);
        // At most one block: the serial sum, bit for bit.
        let n = SUM_BLOCK;
        assert_eq!(ordered_sum(n, term), (0..n).map(term).sum::<f64>());
        // More: each block serially, then the blocks in order, on any thread count.
        let n = 3 * SUM_BLOCK + 17;
        let blocks: f64 = (0..4)
            .map(|b| {
                (b * SUM_BLOCK..((b + 1) * SUM_BLOCK).min(n))
                    .map(term)
                    .sum::<f64>()
            })
            .sum();
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            assert_eq!(
                pool.install(|| ordered_sum(n, term)).to_bits(),
                blocks.to_bits()
            );
        }
    }
}
