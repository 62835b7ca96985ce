//! The household step of one tick — the hot loop. Households are processed in parallel over
//! fixed-size blocks; each block draws from its own stream keyed by (seed, replicate, tick,
//! block) and writes per-region partial sums into its own slice of a preallocated buffer, which
//! is then reduced in block order. Results are therefore identical on any number of threads.
//!
//! Every household draws exactly three `u64` per tick, whatever happens to it, so variants
//! share random numbers.

use rayon::prelude::*;

use crate::policy::{YearPlan, pick};
use crate::scenario::EconomySpec;
use crate::world::households::{AWAY, BLOCK, EMPLOYED, ORGANISED, TARGETED};
use crate::world::process::{IncomeProcess, per_tick};
use crate::world::rng::{Purpose, normal, stream, two_units};
use crate::world::{Households, RURAL, Region, URBAN, World};

/// Money a block's households moved in one tick, per region (yuan).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Income tax paid by residents.
    pub income_tax: f64,
    /// Dibao received by residents.
    pub dibao: f64,
    /// Remittances received by households of this home region.
    pub remittances_in: f64,
    /// Remittances sent from work in this region.
    pub remittances_out: f64,
    /// Donations by residents.
    pub donations: f64,
    /// Planned support (aid, consumption, charity, enterprise wages) received by residents
    /// (charity's within-year payments included).
    pub support: f64,
    /// Charity's within-year payments received by rural residents (part of `support`).
    pub charity: f64,
    /// Rural residents eligible for charity's targeted payment: projected income of the year
    /// below the poverty line (persons).
    pub eligible: f64,
}

impl Tally {
    /// Adds another tally field by field.
    pub fn add(&mut self, other: &Tally) {
        self.income_tax += other.income_tax;
        self.dibao += other.dibao;
        self.remittances_in += other.remittances_in;
        self.remittances_out += other.remittances_out;
        self.donations += other.donations;
        self.support += other.support;
        self.charity += other.charity;
        self.eligible += other.eligible;
    }
}

/// Per-tick rates and per-region wage levels, computed once per tick outside the hot loop.
#[derive(Debug, Clone, Default)]
pub struct TickRates {
    /// Earnings per tick at own human capital 1 and shock 0, by region and sector
    /// (`A_eff · H^θ / ticks`).
    pub wage: Vec<[f64; 2]>,
    /// `H^θ` of each region (migrants carry their home region's human capital).
    pub human_capital_factor: Vec<f64>,
    /// `A_eff / ticks` of each region's urban sector (the wage level migrants earn there).
    pub urban_productivity: Vec<f64>,
    /// The employment chain and the shock's AR(1) per tick, as synthesis draws the start year.
    pub process: IncomeProcess,
    /// Per-tick probability of spontaneous migration, per home region (`migration_rate` ×
    /// the region's `migration_propensity`).
    pub migration: Vec<f64>,
    /// Per-tick probability of returning home.
    pub return_home: f64,
    /// Migration cost share (spontaneous).
    pub migration_cost: f64,
    /// Per-tick organised placement probability, per region.
    pub placement: Vec<f64>,
    /// Ticks per year.
    pub ticks: f64,
    /// Income-tax threshold per tick (`plan.tax_threshold / ticks`), computed once a year.
    pub tax_threshold: f64,
    /// Weight of the current tick's own income (at a yearly rate) in the recent own income the
    /// dibao means test looks at: `1 − exp(−dt / window)`.
    pub means_test_weight: f64,
}

impl TickRates {
    /// Sets the rates that hold for a whole year: job transitions, the shock process, the
    /// means-test smoothing (`means_test_window` in years), migration (by home region, from
    /// each region's `migration_propensity`) and placements.
    pub fn set_year(
        &mut self,
        economy: &EconomySpec,
        regions: &[Region],
        means_test_window: f64,
        plan: &YearPlan,
        ticks_per_year: u32,
    ) {
        let ticks = f64::from(ticks_per_year);
        let dt = 1.0 / ticks;
        self.ticks = ticks;
        self.tax_threshold = plan.tax_threshold / ticks;
        self.process = IncomeProcess::new(economy, ticks_per_year);
        self.means_test_weight = if means_test_window > 0.0 {
            1.0 - (-dt / means_test_window).exp()
        } else {
            1.0
        };
        self.migration.clear();
        self.migration.extend(
            regions
                .iter()
                .map(|r| per_tick(economy.migration_rate * r.migration_propensity, ticks)),
        );
        self.return_home = per_tick(economy.migration_return_rate, ticks);
        self.migration_cost = economy.migration_cost;
        self.placement.clear();
        self.placement.extend(
            plan.regions
                .iter()
                .map(|r| per_tick(r.placement_rate, ticks)),
        );
    }

    /// Sets the tick's wage levels from the regions' current productivity, capital and human
    /// capital (`A_eff · H^θ / ticks`).
    pub fn set_wages(
        &mut self,
        world: &World,
        economy: &EconomySpec,
        enterprise_elasticity: f64,
        public_elasticity: f64,
    ) {
        self.wage.clear();
        self.human_capital_factor.clear();
        self.urban_productivity.clear();
        for region in &world.regions {
            let h = region
                .human_capital
                .max(0.0)
                .powf(economy.human_capital_elasticity);
            let urban =
                region.effective_productivity(URBAN, enterprise_elasticity, public_elasticity)
                    / self.ticks;
            let rural =
                region.effective_productivity(RURAL, enterprise_elasticity, public_elasticity)
                    / self.ticks;
            self.wage.push([urban * h, rural * h]);
            self.human_capital_factor.push(h);
            self.urban_productivity.push(urban);
        }
    }
}

/// Runs one tick for every household and returns nothing; per-region tallies of the tick are
/// written into `totals` (length = regions), reduced in block order from `partials`
/// (length = blocks × regions).
#[allow(clippy::too_many_arguments)]
pub fn step(
    households: &mut Households,
    plan: &YearPlan,
    rates: &TickRates,
    seed: u64,
    replicate: u32,
    tick: u32,
    partials: &mut [Tally],
    totals: &mut [Tally],
) {
    let regions = totals.len();
    partials.iter_mut().for_each(|t| *t = Tally::default());
    let Households {
        region,
        sector,
        weight,
        earning_power,
        shock,
        status,
        destination,
        income_accrued,
        income,
        own_accrued,
        own_recent,
        ..
    } = households;
    region
        .par_chunks(BLOCK)
        .zip(sector.par_chunks(BLOCK))
        .zip(weight.par_chunks(BLOCK))
        .zip(earning_power.par_chunks(BLOCK))
        .zip(shock.par_chunks_mut(BLOCK))
        .zip(status.par_chunks_mut(BLOCK))
        .zip(destination.par_chunks_mut(BLOCK))
        .zip(income_accrued.par_chunks_mut(BLOCK))
        .zip(income.par_chunks(BLOCK))
        .zip(
            own_accrued
                .par_chunks_mut(BLOCK)
                .zip(own_recent.par_chunks_mut(BLOCK)),
        )
        .zip(partials.par_chunks_mut(regions))
        .enumerate()
        .for_each(
            |(
                block,
                (
                    (
                        (
                            (
                                (
                                    (((((region, sector), weight), earning_power), shock), status),
                                    destination,
                                ),
                                accrued,
                            ),
                            last,
                        ),
                        (own, recent),
                    ),
                    tally,
                ),
            )| {
                let mut rng = stream(seed, replicate, Purpose::HouseholdTick, tick, block as u32);
                for i in 0..region.len() {
                    let (u_job, u_move) = two_units(&mut rng);
                    let (a, b) = two_units(&mut rng);
                    let (u_where, _) = two_units(&mut rng);
                    let home = region[i] as usize;
                    let s = sector[i] as usize;
                    let w = weight[i];
                    let mut bits = status[i];

                    // Employment.
                    let employed = rates.process.employment(bits & EMPLOYED != 0, u_job);
                    bits = if employed {
                        bits | EMPLOYED
                    } else {
                        bits & !EMPLOYED
                    };

                    // Persistent income shock.
                    let z = rates.process.shock(shock[i], s, normal(a, b));
                    shock[i] = z as f32;

                    // Migration: return, or leave (organised placement first, then spontaneous).
                    if bits & AWAY != 0 {
                        if u_move < rates.return_home {
                            bits &= !(AWAY | ORGANISED);
                        }
                    } else if s == RURAL && employed {
                        let entry = &plan.regions[home];
                        let placement = rates.placement[home];
                        let choice = if u_move < placement {
                            let (start, end) = entry.placement_range;
                            pick(
                                &plan.placement_destinations[start as usize..end as usize],
                                u_where,
                            )
                            .map(|d| (d, plan.placement_cost, ORGANISED))
                        } else if u_move < placement + rates.migration[home] {
                            pick(&plan.spontaneous_destinations, u_where)
                                .map(|d| (d, rates.migration_cost, 0))
                        } else {
                            None
                        };
                        if let Some((to, cost, organised)) = choice {
                            let away_wage = rates.urban_productivity[to as usize]
                                * rates.human_capital_factor[home]
                                * (1.0 - cost);
                            if to as usize != home && away_wage > rates.wage[home][RURAL] {
                                bits |= AWAY | organised;
                                destination[i] = to;
                            }
                        }
                    }

                    // Market income of the tick.
                    let factor = rates.process.earnings_factor(earning_power[i], z, employed);
                    let market = if bits & AWAY != 0 {
                        let to = destination[i] as usize;
                        let cost = if bits & ORGANISED != 0 {
                            plan.placement_cost
                        } else {
                            rates.migration_cost
                        };
                        let earned = rates.urban_productivity[to]
                            * rates.human_capital_factor[home]
                            * factor
                            * (1.0 - cost);
                        let sent = plan.remittance_share * earned * w;
                        tally[home].remittances_in += sent;
                        tally[to].remittances_out += sent;
                        earned
                    } else {
                        rates.wage[home][s] * factor
                    };

                    // Redistribution and support, per tick.
                    let tax = plan.income_tax_rate * (market - rates.tax_threshold).max(0.0);
                    let entry = &plan.regions[home];
                    // The dibao means test looks at recent own income (before transfers, an
                    // exponential average of the ticks so far, yearly rate), so the guarantee
                    // responds within months and support and charity do not crowd it out.
                    let own_income = market - tax;
                    let means = recent[i]
                        + rates.means_test_weight * (own_income * rates.ticks - recent[i]);
                    recent[i] = means;
                    let dibao = if means < entry.dibao_line {
                        plan.dibao_coverage * (entry.dibao_line - means) / rates.ticks
                    } else {
                        0.0
                    };
                    let previous = last[i];
                    let donation = if plan.donation_rate > 0.0 && previous > plan.donor_threshold {
                        plan.donation_rate * (previous - plan.donor_threshold) / rates.ticks
                    } else {
                        0.0
                    };
                    let mut support = 0.0;
                    let mut charity = 0.0;
                    let mut eligible = 0.0;
                    if s == RURAL {
                        support = entry.support_rural;
                        if bits & TARGETED != 0 {
                            support += entry.support_poor;
                        }
                        support /= rates.ticks;
                        // Charity's monitoring: a rural resident whose income of the year so
                        // far, with this tick's income (public transfers included) carried over
                        // the rest of the year, ends below the poverty line is at risk and
                        // eligible for the targeted payment.
                        let this_tick = own_income + support + dibao - donation;
                        charity = entry.charity_rural;
                        if accrued[i] + this_tick * plan.ticks_left < plan.poverty_line {
                            charity += entry.charity_poor;
                            eligible = w;
                        }
                        support += charity;
                    }
                    own[i] += own_income;
                    accrued[i] += market - tax + support + dibao - donation;
                    status[i] = bits;

                    let t = &mut tally[home];
                    t.income_tax += tax * w;
                    t.dibao += dibao * w;
                    t.donations += donation * w;
                    t.support += support * w;
                    t.charity += charity * w;
                    t.eligible += eligible;
                }
            },
        );
    totals.iter_mut().for_each(|t| *t = Tally::default());
    for block in partials.chunks(regions) {
        for (total, part) in totals.iter_mut().zip(block) {
            total.add(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixture;

    #[test]
    fn spontaneous_migration_is_scaled_by_each_region_s_propensity() {
        let mut world = fixture::east_west_central();
        world.regions[1].migration_propensity = 1.7;
        world.regions[2].migration_propensity = 0.0;
        let economy = EconomySpec::default();
        let mut rates = TickRates::default();
        rates.set_year(&economy, &world.regions, 0.5, &YearPlan::idle(3), 12);
        let expected = [
            per_tick(economy.migration_rate, 12.0),
            per_tick(economy.migration_rate * 1.7, 12.0),
            0.0,
        ];
        assert_eq!(rates.migration, expected);
    }
}
