//! Synthesis of the initial world from a scenario: households drawn so that each region ×
//! sector reproduces its population and mean income exactly; enterprises in donor regions.

use rayon::prelude::*;

use super::households::{AWAY, BLOCK, EMPLOYED, POOR, TARGETED};
use super::process::IncomeProcess;
use super::rng::{Purpose, normal, stream, two_units};
use super::{
    Enterprises, Households, RURAL, Region, TalentStock, URBAN, World, east_destinations, pick,
};
use crate::scenario::{EconomySpec, RedistributionPolicy, Scenario};

/// Splits `total` households over cells in proportion to `populations` (largest remainder),
/// with at least one household in every cell that has people.
pub fn allocate(total: usize, populations: &[f64]) -> Vec<usize> {
    let occupied = populations.iter().filter(|p| **p > 0.0).count();
    let sum: f64 = populations.iter().sum();
    let spare = total.saturating_sub(occupied) as f64;
    let mut counts: Vec<usize> = Vec::with_capacity(populations.len());
    let mut remainders: Vec<(f64, usize)> = Vec::new();
    for (index, population) in populations.iter().enumerate() {
        if *population <= 0.0 {
            counts.push(0);
            continue;
        }
        let exact = spare * population / sum;
        counts.push(1 + exact.floor() as usize);
        remainders.push((exact - exact.floor(), index));
    }
    let mut left = total.saturating_sub(counts.iter().sum());
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders {
        if left == 0 {
            break;
        }
        counts[index] += 1;
        left -= 1;
    }
    counts
}

/// Earnings factor of a household relative to `A · H^θ`: `h^θ · exp(z) · (1 or home share)`,
/// given its earning power `h^θ`.
#[inline]
pub fn earnings_factor(earning_power: f64, shock: f32, employed: bool, home_share: f64) -> f64 {
    let base = earning_power * f64::from(shock).exp();
    if employed { base } else { base * home_share }
}

/// The start year's income tax and dibao, by the rules the engine applies from the first
/// simulated year (`policy::redistribution`, `engine::households`), so that start-year incomes
/// are disposable incomes like the data and the first simulated year brings no jump.
#[derive(Debug, Clone, Copy)]
struct StartTransfers {
    tax_rate: f64,
    tax_threshold: f64,
    coverage: f64,
    line_share: f64,
}

impl StartTransfers {
    /// The start-year policy's rules; all zero when redistribution is off.
    fn new(policy: &RedistributionPolicy) -> Self {
        if policy.enabled {
            Self {
                tax_rate: policy.income_tax_rate,
                tax_threshold: policy.tax_threshold,
                coverage: policy.dibao_coverage,
                line_share: policy.dibao_line_share,
            }
        } else {
            Self {
                tax_rate: 0.0,
                tax_threshold: 0.0,
                coverage: 0.0,
                line_share: 0.0,
            }
        }
    }

    /// Own income (market income net of tax) and disposable income (own income plus the dibao
    /// at `dibao_line`, means-tested on the same year's own income) for a yearly market income.
    fn incomes(&self, market: f64, dibao_line: f64) -> (f64, f64) {
        let own = market - self.tax_rate * (market - self.tax_threshold).max(0.0);
        let dibao = if own < dibao_line {
            self.coverage * (dibao_line - own)
        } else {
            0.0
        };
        (own, own + dibao)
    }

    /// The productivity `A` at which the weighted mean disposable income of households with
    /// market incomes `A · factors[i] + fixed[i]` equals `target` (`fixed` is the start-year
    /// migrants' earnings away, which do not depend on the home sector's `A`; 0 for everybody
    /// else). Disposable income does not fall with `A`, so bisection finds it; without tax, dibao
    /// or migrants it is `target / mean factor`, exactly. `None` when no `A ≥ 0` reaches the
    /// target: nobody earns at home, or the fixed incomes alone already reach it.
    fn solve_productivity(
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

/// The absolute poverty line in `year` (yuan per person per year).
pub fn poverty_line(economy: &EconomySpec, year: i32) -> f64 {
    economy.poverty_line_2010 * (1.0 + economy.poverty_line_growth).powi(year - 2010)
}

impl World {
    /// Builds the initial world of `replicate` for `scenario` (whose regions are merged in).
    pub fn synthesize(scenario: &Scenario, replicate: u32) -> World {
        let economy = &scenario.economy;
        let seed = scenario.run.seed;
        let theta = economy.human_capital_elasticity;
        let specs = &scenario.region;

        // Household counts per region × sector, region-major.
        let populations: Vec<f64> = specs
            .iter()
            .flat_map(|r| [r.population_urban, r.population_rural])
            .collect();
        let counts = allocate(scenario.run.households as usize, &populations);
        let mut households = Households::default();
        for (cell, count) in counts.iter().enumerate() {
            let weight = if *count > 0 {
                populations[cell] / *count as f64
            } else {
                0.0
            };
            for _ in 0..*count {
                households.region.push((cell / 2) as u16);
                households.sector.push((cell % 2) as u8);
                households.weight.push(weight);
            }
        }
        let n = households.len();
        households.human_capital = vec![1.0; n];
        households.shock = vec![0.0; n];
        households.status = vec![0; n];
        households.destination = vec![0; n];
        households.income_accrued = vec![0.0; n];
        households.income = vec![0.0; n];
        households.own_accrued = vec![0.0; n];
        households.own_income = vec![0.0; n];
        households.own_recent = vec![0.0; n];

        // Draw human capital, shock and employment; a fixed number of draws per household.
        let employed_probability =
            IncomeProcess::new(economy, scenario.time.ticks_per_year).employment_rate;
        let dispersion = [
            economy.income_dispersion_urban,
            economy.income_dispersion_rural,
        ];
        let share = economy.permanent_variance_share;
        households
            .human_capital
            .par_chunks_mut(BLOCK)
            .zip(households.shock.par_chunks_mut(BLOCK))
            .zip(households.status.par_chunks_mut(BLOCK))
            .zip(households.sector.par_chunks(BLOCK))
            .enumerate()
            .for_each(|(block, (((human_capital, shock), status), sector))| {
                let mut rng = stream(seed, replicate, Purpose::Synthesis, 0, block as u32);
                for i in 0..human_capital.len() {
                    let sigma = dispersion[sector[i] as usize];
                    let (u_job, _) = two_units(&mut rng);
                    let (a, b) = two_units(&mut rng);
                    let (c, d) = two_units(&mut rng);
                    let permanent_sd = (share * sigma * sigma).sqrt();
                    let shock_sd = ((1.0 - share) * sigma * sigma).sqrt();
                    human_capital[i] = if theta > 0.0 {
                        (permanent_sd * normal(a, b) / theta).exp() as f32
                    } else {
                        1.0
                    };
                    shock[i] = (shock_sd * normal(c, d)) as f32;
                    status[i] = if u_job < employed_probability {
                        EMPLOYED
                    } else {
                        0
                    };
                }
            });

        households.earning_power = households
            .human_capital
            .iter()
            .map(|h| f64::from(*h).powf(theta))
            .collect();

        // Earnings factors; households of a cell are contiguous (cells in order).
        let factors: Vec<f64> = (0..n)
            .map(|i| {
                earnings_factor(
                    households.earning_power[i],
                    households.shock[i],
                    households.status[i] & EMPLOYED != 0,
                    economy.home_production_share,
                )
            })
            .collect();
        let mut cell_start = Vec::with_capacity(counts.len() + 1);
        cell_start.push(0usize);
        for count in &counts {
            cell_start.push(cell_start.last().copied().unwrap_or(0) + count);
        }
        let transfers = StartTransfers::new(&scenario.policy.redistribution);
        let national_income: f64 = specs
            .iter()
            .map(|r| r.population_urban * r.income_urban + r.population_rural * r.income_rural)
            .sum();
        let national_population: f64 = specs
            .iter()
            .map(|r| r.population_urban + r.population_rural)
            .sum();
        let national_mean = national_income / national_population;
        let line = poverty_line(economy, scenario.time.start_year);

        // Calibrate each cell's productivity so that its weighted mean *disposable* income —
        // market income less the income tax plus the dibao, by the engine's rules — equals the
        // data, which are disposable incomes.
        let no_fixed = vec![0.0; n];
        let mut dibao_lines = Vec::with_capacity(specs.len());
        let mut regions: Vec<Region> = specs
            .iter()
            .enumerate()
            .map(|(index, spec)| {
                let targets = [spec.income_urban, spec.income_rural];
                let dibao_line = transfers.line_share
                    * if spec.population_rural > 0.0 {
                        spec.income_rural
                    } else {
                        spec.income_urban
                    };
                dibao_lines.push(dibao_line);
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
                // Where a sector is empty, give it the other sector's productivity (for migrants).
                if productivity[URBAN] == 0.0 {
                    productivity[URBAN] = productivity[RURAL];
                }
                if productivity[RURAL] == 0.0 {
                    productivity[RURAL] = productivity[URBAN];
                }
                let total_income = spec.population_urban * spec.income_urban
                    + spec.population_rural * spec.income_rural;
                let fiscal_revenue = spec
                    .fiscal_revenue
                    .unwrap_or(economy.fiscal_revenue_ratio * total_income);
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
            })
            .collect();

        // The start-year migrant stock; the rural productivity of a region with migrants is
        // solved again so that its rural cell's mean disposable income, the migrants' earnings
        // away included, is still the data.
        let fixed = migrant_stock(
            scenario,
            replicate,
            &cell_start,
            &factors,
            &transfers,
            &dibao_lines,
            &mut households,
            &mut regions,
        );

        // Initial incomes: the calibrated earnings (at home, or away for the migrant stock) with
        // the start year's tax and dibao, so each cell's mean disposable income is the data.
        for (i, factor) in factors.iter().enumerate() {
            let home = households.region[i] as usize;
            let region = &mut regions[home];
            let sector = households.sector[i] as usize;
            let market = if households.status[i] & AWAY != 0 {
                fixed[i]
            } else {
                region.productivity[sector] * factor
            };
            let (own, income) = transfers.incomes(market, dibao_lines[home]);
            households.income[i] = income;
            households.own_income[i] = own;
            households.own_recent[i] = own;
            let weight = households.weight[i];
            region.income_total[sector] += weight * income;
            if income < line {
                households.status[i] |= POOR;
                region.poor[sector] += weight;
            }
            if own < line {
                households.status[i] |= TARGETED;
                region.targeted[sector] += weight;
            }
        }

        let enterprises = synthesize_enterprises(scenario, replicate, &regions);
        let mut world = World {
            regions,
            households,
            enterprises,
            charity_pool: 0.0,
            charity_spent: [0.0; 3],
            year: scenario.time.start_year,
            income_mean_start: 0.0,
        };
        world.income_mean_start = world.income_mean();
        world
    }
}

/// Draws the start-year migrant stock and re-solves the rural productivity of the regions it
/// leaves, returning each household's yearly market income away (0 for households at home).
///
/// In each rural cell of `n` households, the `round(share · n)` households with the smallest
/// draws `u_rank` (stream `MigrantStock`, one `u64` per household of a block: `u_rank`,
/// `u_where`) are candidates; a candidate's destination is `pick(east table, u_where)`, the
/// table of spontaneous migration. It is away iff the destination is another region whose urban
/// productivity net of the migration cost exceeds the home rural productivity — the engine's
/// rule for leaving (`A_d,urban · (1 − c) > A_r,rural`, human capital 1 at the start). Away
/// earnings are `A_d,urban · (1 − c) · e_i`; the home rural productivity is solved with them
/// included, which lowers it and may make more destinations worth it, so the two steps repeat
/// until the set of destinations worth it no longer grows (it only grows, so this ends).
#[allow(clippy::too_many_arguments)]
fn migrant_stock(
    scenario: &Scenario,
    replicate: u32,
    cell_start: &[usize],
    factors: &[f64],
    transfers: &StartTransfers,
    dibao_lines: &[f64],
    households: &mut Households,
    regions: &mut [Region],
) -> Vec<f64> {
    let n = households.len();
    let mut fixed = vec![0.0; n];
    let share = scenario.economy.migrant_share_start;
    if share <= 0.0 {
        return fixed;
    }
    let cost = scenario.economy.migration_cost;
    let mut east = Vec::new();
    east_destinations(regions, &mut east);

    // Draws: exactly one u64 per household, whatever its sector.
    let mut u_rank = vec![0.0; n];
    let mut u_where = vec![0.0; n];
    for (block, (rank, place)) in u_rank
        .chunks_mut(BLOCK)
        .zip(u_where.chunks_mut(BLOCK))
        .enumerate()
    {
        let mut rng = stream(
            scenario.run.seed,
            replicate,
            Purpose::MigrantStock,
            0,
            block as u32,
        );
        for (r, p) in rank.iter_mut().zip(place.iter_mut()) {
            (*r, *p) = two_units(&mut rng);
        }
    }

    let mut scaled = factors.to_vec();
    for home in 0..regions.len() {
        let cell = home * 2 + RURAL;
        let range = cell_start[cell]..cell_start[cell + 1];
        let quota = (share * range.len() as f64).round() as usize;
        if quota == 0 {
            continue;
        }
        let mut order: Vec<usize> = range.clone().collect();
        order.sort_by(|&a, &b| u_rank[a].total_cmp(&u_rank[b]).then(a.cmp(&b)));
        let candidates: Vec<(usize, usize)> = order[..quota]
            .iter()
            .filter_map(|&i| {
                pick(&east, u_where[i])
                    .map(|d| (i, d as usize))
                    .filter(|&(_, d)| d != home)
            })
            .collect();
        let target = scenario.region[home].income_rural;
        let start_productivity = regions[home].productivity[RURAL];
        let mut productivity = start_productivity;
        let mut away = usize::MAX;
        loop {
            let worth = |d: usize| regions[d].productivity[URBAN] * (1.0 - cost) > productivity;
            let count = candidates.iter().filter(|(_, d)| worth(*d)).count();
            if count == away {
                break;
            }
            away = count;
            scaled[range.clone()].copy_from_slice(&factors[range.clone()]);
            fixed[range.clone()].iter_mut().for_each(|m| *m = 0.0);
            for &(i, d) in candidates.iter().filter(|(_, d)| worth(*d)) {
                scaled[i] = 0.0;
                fixed[i] = regions[d].productivity[URBAN] * (1.0 - cost) * factors[i];
            }
            productivity = transfers
                .solve_productivity(
                    &scaled[range.clone()],
                    &fixed[range.clone()],
                    &households.weight[range.clone()],
                    target,
                    dibao_lines[home],
                )
                .unwrap_or(start_productivity);
        }
        // The set solved with is the set worth it at the solved productivity (the loop ended
        // because it did not grow), so the migrants are the candidates with earnings away.
        regions[home].productivity[RURAL] = productivity;
        for &(i, d) in &candidates {
            if scaled[i] == 0.0 {
                households.status[i] |= AWAY;
                households.destination[i] = d as u16;
                let weight = households.weight[i];
                regions[home].flows.migrants_out += weight;
                regions[d].flows.migrants_in += weight;
            }
        }
    }
    fixed
}

/// Enterprises live in regions that are donors in some pairing, in proportion to their fiscal
/// revenue; each firm's share of its region's firm capital is lognormal (σ = 1), normalised;
/// capital and preference of the start year follow from the base policy (`Enterprises::refresh`).
fn synthesize_enterprises(scenario: &Scenario, replicate: u32, regions: &[Region]) -> Enterprises {
    let mut enterprises = Enterprises::default();
    let donors: Vec<usize> = regions
        .iter()
        .enumerate()
        .filter(|(_, r)| scenario.pairing.iter().any(|p| p.donor == r.name))
        .map(|(i, _)| i)
        .collect();
    let count = scenario.run.enterprises as usize;
    if donors.is_empty() || count == 0 {
        return enterprises;
    }
    let revenues: Vec<f64> = donors.iter().map(|&d| regions[d].fiscal_revenue).collect();
    let per_donor = allocate(count, &revenues);
    let policy = &scenario.policy.enterprise;
    let mut rng = stream(scenario.run.seed, replicate, Purpose::Enterprises, 0, 0);
    for (slot, &donor) in donors.iter().enumerate() {
        let mut raw = Vec::with_capacity(per_donor[slot]);
        for _ in 0..per_donor[slot] {
            let (a, b) = two_units(&mut rng);
            let (c, d) = two_units(&mut rng);
            raw.push(normal(a, b).exp());
            enterprises.home.push(donor as u16);
            enterprises.preference_draw.push(normal(c, d));
        }
        let total: f64 = raw.iter().sum();
        enterprises
            .capital_share
            .extend(raw.iter().map(|x| x / total));
    }
    let firms = enterprises.len();
    enterprises.capital = vec![0.0; firms];
    enterprises.preference = vec![0.0; firms];
    enterprises.stake = vec![0.0; firms];
    let revenue: Vec<f64> = regions.iter().map(|r| r.fiscal_revenue).collect();
    enterprises.refresh(
        policy.capital_to_revenue,
        &revenue,
        policy.value_preference_mean,
        policy.value_preference_sd,
    );
    enterprises
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_proportional_and_complete() {
        let counts = allocate(10, &[1.0, 0.0, 3.0, 6.0]);
        assert_eq!(counts.iter().sum::<usize>(), 10);
        assert_eq!(counts[1], 0);
        assert!(counts[0] >= 1);
        // One household per occupied cell, then the 7 spare ones by largest remainder:
        // 7 × (0.1, 0.3, 0.6) = (0.7, 2.1, 4.2) → (0, 2, 4) + the largest remainder 0.7.
        assert_eq!(counts, vec![2, 0, 3, 5]);
    }

    /// Two regions of one million urban and one million rural residents each, 2,000 households
    /// (500 per cell, weight 2,000): the only eastern region is also the only destination.
    fn two_regions(share: f64) -> Scenario {
        let text = format!(
            r#"
            [run]
            households = 2000
            [economy]
            migrant_share_start = {share}
            [[region]]
            name = "East"
            zone = "east"
            population_urban = 1000000
            population_rural = 1000000
            income_urban = 30000
            income_rural = 10000
            [[region]]
            name = "West"
            zone = "west"
            population_urban = 1000000
            population_rural = 1000000
            income_urban = 20000
            income_rural = 6000
            "#
        );
        toml::from_str(&text).expect("test scenario")
    }

    fn away(world: &World, region: usize) -> f64 {
        let hh = &world.households;
        (0..hh.len())
            .filter(|&i| hh.region[i] as usize == region && hh.status[i] & AWAY != 0)
            .map(|i| hh.weight[i])
            .sum()
    }

    #[test]
    fn start_stock_is_the_configured_share_of_rural_households() {
        let world = World::synthesize(&two_regions(0.2), 0);
        let hh = &world.households;
        // West: round(0.2 × 500) = 100 households of weight 2,000 are away, all in East (the only
        // eastern region), whose urban sector pays more than West's rural one.
        assert_eq!(away(&world, 1), 100.0 * 2000.0);
        assert!(
            (0..hh.len())
                .filter(|&i| hh.status[i] & AWAY != 0)
                .all(|i| hh.region[i] == 1
                    && hh.sector[i] as usize == RURAL
                    && hh.destination[i] == 0)
        );
        // East's rural households could only go to East itself: nobody is away.
        assert_eq!(away(&world, 0), 0.0);
        // The stock is reported as a stock of the start year, out = in.
        assert_eq!(world.regions[1].flows.migrants_out, 200_000.0);
        assert_eq!(world.regions[0].flows.migrants_in, 200_000.0);
        // People are not moved: populations are unchanged.
        assert_eq!(world.regions[1].population, [1e6, 1e6]);
    }

    #[test]
    fn rural_means_stay_the_data_with_migrants_earnings_included() {
        let without = World::synthesize(&two_regions(0.0), 0);
        let with = World::synthesize(&two_regions(0.2), 0);
        for world in [&without, &with] {
            for (region, target) in [(0, [30000.0, 10000.0]), (1, [20000.0, 6000.0])] {
                for sector in [URBAN, RURAL] {
                    let mean = world.regions[region].income_total[sector] / 1e6;
                    let target: f64 = target[sector];
                    assert!((mean - target).abs() < 1e-6 * target, "{mean} vs {target}");
                }
            }
        }
        // Migrants earn more away than at home, so West's rural productivity is solved lower;
        // urban productivity and East (nobody away) are unchanged.
        assert!(with.regions[1].productivity[RURAL] < without.regions[1].productivity[RURAL]);
        assert_eq!(
            with.regions[1].productivity[URBAN],
            without.regions[1].productivity[URBAN]
        );
        assert_eq!(
            with.regions[0].productivity,
            without.regions[0].productivity
        );
        // A migrant's income is its earnings away: East's urban productivity net of the cost.
        let hh = &with.households;
        let cost = EconomySpec::default().migration_cost;
        let i = (0..hh.len())
            .find(|&i| hh.status[i] & AWAY != 0)
            .expect("a migrant");
        let factor = earnings_factor(
            hh.earning_power[i],
            hh.shock[i],
            hh.status[i] & EMPLOYED != 0,
            EconomySpec::default().home_production_share,
        );
        let market = with.regions[0].productivity[URBAN] * (1.0 - cost) * factor;
        assert!(hh.own_income[i] <= market && hh.own_income[i] > 0.5 * market);
    }

    #[test]
    fn no_share_means_nobody_away() {
        let world = World::synthesize(&two_regions(0.0), 0);
        assert!(world.households.status.iter().all(|s| s & AWAY == 0));
        assert_eq!(world.regions[1].flows.migrants_out, 0.0);
    }

    #[test]
    fn poverty_line_matches_official_values() {
        let economy = EconomySpec::default();
        assert!((poverty_line(&economy, 2010) - 2300.0).abs() < 1e-9);
        assert!((poverty_line(&economy, 2015) - 2855.0).abs() < 5.0);
    }
}
