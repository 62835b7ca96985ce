//! The start-year households: how many stand for each region × sector ([`allocate`]), and each
//! household's human capital, employment, shock and start-year earnings, drawn by the engine's
//! own monthly income process ([`start_year`]), in parallel over fixed blocks.

use rand::Rng;
use rayon::prelude::*;

use crate::scenario::{EconomySpec, Scenario};
use crate::world::households::{BLOCK, EMPLOYED};
use crate::world::process::IncomeProcess;
use crate::world::rng::{Purpose, stream, two_units, unit_and_normal};
use crate::world::{Households, RURAL};

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

/// The households of `scenario` with their region, sector and weight, in cell order (region
/// major, urban before rural), every other attribute zeroed; and the index of each cell's first
/// household (one more entry than cells: households of cell `c` are `starts[c]..starts[c + 1]`).
pub fn lay_out(scenario: &Scenario) -> (Households, Vec<usize>) {
    let populations: Vec<f64> = scenario
        .region
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
    households.earning_power = vec![0.0; n];
    households.wealth_weight = vec![1.0; n];
    households.shock = vec![0.0; n];
    households.status = vec![0; n];
    households.destination = vec![0; n];
    households.income_accrued = vec![0.0; n];
    households.income = vec![0.0; n];
    households.own_accrued = vec![0.0; n];
    households.own_income = vec![0.0; n];
    households.own_recent = vec![0.0; n];
    let mut starts = Vec::with_capacity(counts.len() + 1);
    starts.push(0usize);
    for count in &counts {
        starts.push(starts.last().copied().unwrap_or(0) + count);
    }
    (households, starts)
}

/// Draws every household's human capital, then its start year by the engine's monthly process:
/// tick 1 from the stationary shock and employment, ticks 2..T by the engine's transitions.
/// Exactly 3 + 2 (T − 1) u64 per household, from the synthesis stream of its block, and one
/// more from the low-capacity stream of its block: a rural household with that draw below
/// `rural_low_capacity_share` has its human capital scaled by [`low_capacity_scale`], so its
/// earning capacity is `rural_low_capacity_earnings` times the rest's. Sets human capital,
/// earning power, the last tick's shock and employment; returns each household's start-year
/// earnings factor (relative to its cell's productivity).
pub fn draw_start_year(
    scenario: &Scenario,
    replicate: u32,
    households: &mut Households,
) -> Vec<f64> {
    let economy = &scenario.economy;
    let seed = scenario.run.seed;
    let theta = economy.human_capital_elasticity;
    let ticks = scenario.time.ticks_per_year;
    let process = IncomeProcess::new(economy, ticks);
    let dispersion = [
        economy.income_dispersion_urban,
        economy.income_dispersion_rural,
    ];
    let share = economy.permanent_variance_share;
    let permanent_sd = dispersion.map(|sigma| (share * sigma * sigma).sqrt());
    let mut factors = vec![0.0; households.len()];
    let low_share = economy.rural_low_capacity_share;
    let low_scale = low_capacity_scale(economy);
    (
        households.human_capital.par_chunks_mut(BLOCK),
        households.earning_power.par_chunks_mut(BLOCK),
        households.shock.par_chunks_mut(BLOCK),
        households.status.par_chunks_mut(BLOCK),
        households.sector.par_chunks(BLOCK),
        factors.par_chunks_mut(BLOCK),
    )
        .into_par_iter()
        .enumerate()
        .for_each(
            |(block, (human_capital, earning_power, shock, status, sector, factor))| {
                let mut rng = stream(seed, replicate, Purpose::Synthesis, 0, block as u32);
                let mut low = stream(seed, replicate, Purpose::LowCapacity, 0, block as u32);
                for i in 0..human_capital.len() {
                    let s = sector[i] as usize;
                    let (u_job, permanent) = unit_and_normal(&mut rng);
                    let (_, transitory) = unit_and_normal(&mut rng);
                    let (v, _) = two_units(&mut low);
                    human_capital[i] = if theta > 0.0 {
                        (permanent_sd[s] * permanent / theta).exp() as f32
                    } else {
                        1.0
                    };
                    if s == RURAL && v < low_share {
                        human_capital[i] *= low_scale;
                    }
                    // The cached h^θ the engine reads (`Households::earning_power`).
                    earning_power[i] = f64::from(human_capital[i]).powf(theta);
                    let (mean, last_shock, employed) = start_year(
                        &process,
                        ticks,
                        earning_power[i],
                        s,
                        (process.shock_sd[s] * transitory) as f32,
                        u_job < process.employment_rate,
                        &mut rng,
                    );
                    factor[i] = mean;
                    shock[i] = last_shock;
                    status[i] = if employed { EMPLOYED } else { 0 };
                }
            },
        );
    factors
}

/// The factor on the human capital h of a household of the rural low-capacity group that
/// makes its earning capacity h^θ `rural_low_capacity_earnings` times what it would be:
/// `rural_low_capacity_earnings^(1/θ)` (1 with θ = 0, when earnings do not depend on h).
pub fn low_capacity_scale(economy: &EconomySpec) -> f32 {
    let theta = economy.human_capital_elasticity;
    if theta > 0.0 {
        economy.rural_low_capacity_earnings.powf(1.0 / theta) as f32
    } else {
        1.0
    }
}

/// One household's start year, generated by the engine's process (`IncomeProcess`): tick 1
/// starts from the stationary distributions (`employed` ⇔ `u_job < employment_rate`, `shock` =
/// `shock_sd · N`, as the caller drew them), and each of the year's remaining `ticks − 1` ticks
/// moves employment and the shock as the engine does, from one `u64` of `rng` (`u_job` and the
/// innovation, [`unit_and_normal`]). Returns the mean of the `ticks` earnings factors (the start
/// year's factor, which the calibration uses) and the last tick's shock and employment (the
/// state the first simulated year starts from). With one tick a year this is the factor at the
/// drawn state.
pub fn start_year(
    process: &IncomeProcess,
    ticks: u32,
    earning_power: f64,
    sector: usize,
    mut shock: f32,
    mut employed: bool,
    rng: &mut impl Rng,
) -> (f64, f32, bool) {
    let mut sum = process.earnings_factor(earning_power, f64::from(shock), employed);
    for _ in 1..ticks {
        let (u_job, innovation) = unit_and_normal(rng);
        employed = process.employment(employed, u_job);
        let z = process.shock(shock, sector, innovation);
        shock = z as f32;
        sum += process.earnings_factor(earning_power, z, employed);
    }
    (sum / f64::from(ticks.max(1)), shock, employed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::EconomySpec;
    use crate::world::{RURAL, URBAN};

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

    #[test]
    fn start_year_factor_is_the_mean_of_the_monthly_factors() {
        let economy = EconomySpec::default();
        let process = IncomeProcess::new(&economy, 12);
        let mut rng = stream(7, 0, Purpose::Synthesis, 0, 3);
        let mut replay = rng.clone();
        let (factor, shock, employed) = start_year(&process, 12, 0.8, URBAN, 0.3, true, &mut rng);
        // By hand: tick 1 at the drawn state, then 11 ticks of the engine's rules (7.1 steps 2,
        // 3 and 5), with the per-tick coefficients of the yearly rates.
        let loss = 1.0 - (1.0 - economy.job_loss_rate).powf(1.0 / 12.0);
        let find = 1.0 - (1.0 - economy.job_finding_rate).powf(1.0 / 12.0);
        let rho = economy.shock_persistence.powf(1.0 / 12.0);
        let sd = (0.5f64).sqrt() * economy.income_dispersion_urban * (1.0 - rho * rho).sqrt();
        let (mut z, mut work) = (0.3f32, true);
        let home = economy.home_production_share;
        let mut factors = vec![0.8 * f64::from(z).exp()];
        for _ in 1..12 {
            let (u_job, innovation) = unit_and_normal(&mut replay);
            work = if work { u_job >= loss } else { u_job < find };
            let next = rho * f64::from(z) + sd * innovation;
            z = next as f32;
            factors.push(0.8 * next.exp() * if work { 1.0 } else { home });
        }
        let mean = factors.iter().sum::<f64>() / 12.0;
        assert!((factor - mean).abs() < 1e-12 * mean, "{factor} vs {mean}");
        assert_eq!((shock, employed), (z, work));
        // Exactly one u64 per extra tick.
        assert_eq!(rng.next_u64(), replay.next_u64());
    }

    /// Variance of the log of the yearly mean factor: over households, of the start year drawn
    /// by `start_year`, and of the year after it run by the engine's rules from the last state.
    fn start_and_next_year_dispersion(ticks: u32) -> (f64, f64) {
        let economy = EconomySpec::default();
        let process = IncomeProcess::new(&economy, ticks);
        let mut rng = stream(11, 0, Purpose::Synthesis, 0, 0);
        let (mut start, mut next) = (Vec::new(), Vec::new());
        for _ in 0..40_000 {
            let (u_job, transitory) = unit_and_normal(&mut rng);
            let shock = (process.shock_sd[RURAL] * transitory) as f32;
            let employed = u_job < process.employment_rate;
            let (factor, mut z, mut work) =
                start_year(&process, ticks, 1.0, RURAL, shock, employed, &mut rng);
            start.push(factor.ln());
            let mut sum = 0.0;
            for _ in 0..ticks {
                let (u_job, innovation) = unit_and_normal(&mut rng);
                work = process.employment(work, u_job);
                let zz = process.shock(z, RURAL, innovation);
                z = zz as f32;
                sum += process.earnings_factor(1.0, zz, work);
            }
            next.push((sum / f64::from(ticks)).ln());
        }
        let variance = |x: &[f64]| {
            let m = x.iter().sum::<f64>() / x.len() as f64;
            x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / x.len() as f64
        };
        (variance(&start), variance(&next))
    }

    #[test]
    fn the_start_year_is_as_dispersed_as_a_simulated_year() {
        // Monthly ticks: the start year and the first simulated year have the same dispersion
        // of yearly incomes (within sampling error of 40,000 households).
        let (start, next) = start_and_next_year_dispersion(12);
        assert!((start / next - 1.0).abs() < 0.03, "{start} vs {next}");
        // A single stationary draw (one tick a year) is wider than the mean of twelve months.
        let (single, _) = start_and_next_year_dispersion(1);
        assert!(single > 1.1 * start, "{single} vs {start}");
    }
}
