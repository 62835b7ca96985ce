//! The household step of one tick — the hot loop. Households are processed in parallel over
//! fixed-size blocks ([`Households::par_blocks_mut`]); each block draws from its own stream keyed
//! by (seed, replicate, tick, block) and writes per-region partial sums into its own slice of a
//! preallocated buffer, which is then reduced in block order. Results are therefore identical on
//! any number of threads.
//!
//! What happens to one household is [`household_tick`]: it calls the rules of the income process
//! (`world::process`) and of the levers (`policy::*`) in schedule order. Every household draws
//! exactly two `u64` per tick, whatever happens to it, so variants share random numbers.

use rayon::prelude::*;

use crate::policy::labour::{self, Mobility};
use crate::policy::redistribution::{self, TaxRules};
use crate::policy::{TickIncome, TickTotals, YearPlan, charity, support};
use crate::scenario::EconomySpec;
use crate::world::households::{
    AWAY, BLOCK, EMPLOYED, EVER_POOR, HouseholdBlock, ORGANISED, Resident, residence,
};
use crate::world::process::{IncomeProcess, Wages};
use crate::world::rng::{Purpose, stream, two_units, unit_and_normal};
use crate::world::{Households, RURAL, Region, World};

/// Everything the household step reads that is computed once per tick or per year outside the
/// hot loop: the income process, the tick's wage levels, the year's mobility and tax rules.
#[derive(Debug, Clone, Default)]
pub struct TickRates {
    /// The employment chain and the shock's AR(1) per tick, as synthesis draws the start year.
    pub process: IncomeProcess,
    /// Wage levels of the tick, by region.
    pub wages: Wages,
    /// Migration, return and placement probabilities per tick.
    pub mobility: Mobility,
    /// Income tax and dibao per tick.
    pub tax: TaxRules,
    /// Ticks per year.
    pub ticks: f64,
}

impl TickRates {
    /// Sets the rates that hold for a whole year: job transitions, the shock process, mobility
    /// (`labour::Mobility`) and the tax and dibao rules with the means-test smoothing
    /// (`means_test_window` in years) and the placements' additionality.
    pub fn set_year(
        &mut self,
        economy: &EconomySpec,
        regions: &[Region],
        means_test_window: f64,
        placement_additionality: f64,
        plan: &YearPlan,
        ticks_per_year: u32,
    ) {
        let ticks = f64::from(ticks_per_year);
        self.ticks = ticks;
        self.process = IncomeProcess::new(economy, ticks_per_year);
        self.tax = TaxRules::for_ticks(plan, means_test_window, ticks);
        self.mobility
            .set_year(economy, regions, plan, placement_additionality, ticks);
    }

    /// Sets the tick's wage levels from the regions' current productivity and human capital
    /// and the year's earnings gain of their capital (`A · (1 + gain) · H^θ / ticks`).
    pub fn set_wages(&mut self, world: &World, economy: &EconomySpec, plan: &YearPlan) {
        let gain = |region: usize| plan.regions[region].earnings_gain;
        self.wages.set(world, economy, gain, self.ticks);
    }
}

/// A household's random numbers of one tick: two `u64`, always both drawn. The first gives
/// (u_job, u_move), the second u_where and the shock's standard normal innovation.
struct Draws {
    job: f64,
    mobility: (f64, f64),
    innovation: f64,
}

impl Draws {
    #[inline]
    fn next(rng: &mut impl rand::Rng) -> Self {
        let (job, u_move) = two_units(rng);
        let (u_where, innovation) = unit_and_normal(rng);
        Self {
            job,
            mobility: (u_move, u_where),
            innovation,
        }
    }
}

/// One household's tick (docs/MODEL.md 7.1), in schedule order: employment and the income
/// shock, labour mobility, market income, income tax and dibao, donations and remittances,
/// planned support and charity, then the year's accruals. Money moved is added to the block's
/// per-cell tallies: at home, or for a household away, what it pays in its destination's
/// cities and what it receives at home.
#[inline]
fn household_tick(
    households: &mut HouseholdBlock,
    i: usize,
    draws: Draws,
    plan: &YearPlan,
    rates: &TickRates,
    totals: &mut TickTotals,
) {
    let resident = households.resident(i);
    let mut status = households.status[i];

    // Employment and the persistent income shock.
    let employed = rates.process.employment(status & EMPLOYED != 0, draws.job);
    status = (status & !EMPLOYED) | if employed { EMPLOYED } else { 0 };
    let shock = rates
        .process
        .shock(households.shock[i], resident.sector, draws.innovation);
    households.shock[i] = shock as f32;

    // Labour mobility, then market income at home or away.
    let destination = &mut households.destination[i];
    let (mobility, wages) = (&rates.mobility, &rates.wages);
    let was_away = status & AWAY != 0;
    labour::migrate(
        &resident,
        &mut status,
        destination,
        draws.mobility,
        plan,
        mobility,
        wages,
    );
    let factor = rates
        .process
        .earnings_factor(households.earning_power[i], shock, employed);
    let market = market_income(&resident, status, *destination, factor, plan, rates, totals);

    // Secondary distribution, and donations out of last year's income.
    let region = &plan.regions[resident.home];
    let recent = &mut households.own_recent[i];
    let (tax, dibao) = redistribution::tax_and_dibao(&rates.tax, market, recent, region.dibao_line);
    let donation = charity::donation(plan, households.income[i], rates.ticks);
    let mut income = TickIncome::new(market, tax, dibao, donation);
    let away = status & AWAY != 0;
    if away {
        income.remitted = plan.remittance_share * market;
    }

    // Planned support and charity's payments reach rural residents.
    let mut eligible = 0.0;
    if resident.sector == RURAL {
        income.support = support::per_tick(region, status, rates.ticks);
        let this_tick = income.own() + income.support + dibao - donation;
        let accrued = households.income_accrued[i];
        (income.charity, eligible) =
            charity::payment(region, plan, accrued, this_tick, resident.weight);
    }

    households.own_accrued[i] += income.own();
    households.income_accrued[i] += income.disposable();
    households.status[i] = status;
    // Residents by the NBS rule: a household away lives in its destination's cities and pays
    // there; what it receives goes to its family at home (docs/MODEL.md 7.16).
    let weight = resident.weight;
    if away {
        let (region, sector) = residence(resident.home, resident.sector, status, *destination);
        let lives = totals.cell_mut(region, sector);
        lives.persons += weight;
        lives.record_paid(&income, weight);
        let home = totals.cell_mut(resident.home, resident.sector);
        home.record_received(&income, weight, eligible);
        if !was_away && status & ORGANISED != 0 {
            home.placed += weight;
            if status & EVER_POOR != 0 {
                home.placed_ever_poor += weight;
            }
        }
    } else {
        totals
            .cell_mut(resident.home, resident.sector)
            .record(&income, weight, eligible);
    }
}

/// A household's market income in the tick at earnings factor `factor`: its wage at home, or
/// its earnings away (both booked in `totals`, by home region or by home and destination).
#[inline]
fn market_income(
    resident: &Resident,
    status: u8,
    destination: u16,
    factor: f64,
    plan: &YearPlan,
    rates: &TickRates,
    totals: &mut TickTotals,
) -> f64 {
    let (home, weight) = (resident.home, resident.weight);
    if status & AWAY == 0 {
        let market = rates.wages.at_home[home][resident.sector] * factor;
        totals.cell_mut(home, resident.sector).earnings += market * weight;
        return market;
    }
    let earned = labour::earnings_away(
        resident,
        status,
        destination,
        factor,
        plan,
        &rates.mobility,
        &rates.wages,
    );
    let regions = totals.regions();
    totals.away[home * regions + destination as usize] += earned * weight;
    earned
}

/// Blocks in a chunk: the unit of parallel work, each with its own partial totals. A constant,
/// never derived from the thread count.
pub const CHUNK_BLOCKS: usize = 4;

/// Runs one tick for every household; the tick's totals are written into `totals`, reduced in
/// chunk order from `partials` (one per chunk of [`CHUNK_BLOCKS`] blocks). Every block draws
/// from its own stream, so the random numbers do not depend on the chunking either.
#[allow(clippy::too_many_arguments)]
pub fn step(
    households: &mut Households,
    plan: &YearPlan,
    rates: &TickRates,
    seed: u64,
    replicate: u32,
    tick: u32,
    partials: &mut [TickTotals],
    totals: &mut TickTotals,
) {
    households
        .par_spans_mut(CHUNK_BLOCKS * BLOCK)
        .zip(partials.par_iter_mut())
        .enumerate()
        .for_each(|(chunk, (mut households, partial))| {
            partial.clear();
            for (k, start) in (0..households.len()).step_by(BLOCK).enumerate() {
                let block = (chunk * CHUNK_BLOCKS + k) as u32;
                let mut rng = stream(seed, replicate, Purpose::HouseholdTick, tick, block);
                for i in start..(start + BLOCK).min(households.len()) {
                    let draws = Draws::next(&mut rng);
                    household_tick(&mut households, i, draws, plan, rates, partial);
                }
            }
        });
    totals.clear();
    for partial in partials.iter() {
        totals.add(partial);
    }
}

/// Number of chunks of [`CHUNK_BLOCKS`] blocks for `households` households.
pub fn chunks(households: usize) -> usize {
    households.div_ceil(CHUNK_BLOCKS * BLOCK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixture;
    use crate::world::process::per_tick;

    #[test]
    fn spontaneous_migration_is_scaled_by_each_region_s_propensity() {
        let mut world = fixture::east_west_central();
        world.regions[1].migration_propensity = 1.7;
        world.regions[2].migration_propensity = 0.0;
        let economy = EconomySpec::default();
        let mut rates = TickRates::default();
        rates.set_year(&economy, &world.regions, 0.5, 1.0, &YearPlan::idle(3), 12);
        let expected = [
            per_tick(economy.migration_rate, 12.0),
            per_tick(economy.migration_rate * 1.7, 12.0),
            0.0,
        ];
        assert_eq!(rates.mobility.migration, expected);
    }
}
