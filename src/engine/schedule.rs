//! The schedule of one simulated year (docs/MODEL.md section 3), in one readable function:
//!
//! 1. year start: urbanisation, phase policy, pairings; levers decide (assessment → transfers → talent →
//!    technology → enterprise → labour → consumption → charity → redistribution);
//! 2. every tick: regions advance by `dt`, then households step in parallel and their
//!    per-region tallies are reduced in block order;
//! 3. year end: incomes close (property income paid, the poverty guarantee), poverty flags,
//!    regional aggregates, who paid the dibao, the year's accounts closed, fiscal revenue.

use super::households::{TickRates, chunks, step};
use super::{accounts, regions, urbanisation};
use crate::policy::{self, Pair, TickTotals, YearPlan};
use crate::scenario::{PolicySpec, RedistributionPolicy, Variant};
use crate::synthesis::synthesize;
use crate::world::households::residence;
use crate::world::households::{AWAY, EMPLOYED, EVER_POOR, ORGANISED, POOR, TARGETED};
use crate::world::{Flows, RURAL, Region, URBAN, World, poverty_line};

/// A pairing resolved to region indices.
#[derive(Debug, Clone, Copy)]
struct Pairing {
    pair: Pair,
    from: i32,
    until: i32,
}

/// One run: a variant's world for one replicate, advanced a year at a time.
pub struct Simulation<'a> {
    variant: &'a Variant,
    replicate: u32,
    world: World,
    pairings: Vec<Pairing>,
    plan: YearPlan,
    rates: TickRates,
    partials: Vec<TickTotals>,
    totals: TickTotals,
    year_totals: TickTotals,
    pairs: Vec<Pair>,
}

impl<'a> Simulation<'a> {
    /// Synthesises the initial world (year `start_year`) of `variant` for `replicate`.
    pub fn new(variant: &'a Variant, replicate: u32) -> Self {
        let scenario = &variant.scenario;
        let world = synthesize(scenario, replicate);
        // Pairing names are checked against the regions when the scenario loads
        // (`scenario::validate`), so a missing name here is a bug, not bad input.
        let index = |name: &str| {
            world
                .regions
                .iter()
                .position(|r| r.name == name)
                .expect("validated region name")
        };
        let pairings = scenario
            .pairing
            .iter()
            .map(|p| Pairing {
                pair: Pair {
                    donor: index(&p.donor),
                    recipient: index(&p.recipient),
                    weight: p.weight,
                },
                from: p.from_year.unwrap_or(i32::MIN),
                until: p.until_year.unwrap_or(i32::MAX),
            })
            .collect();
        let regions = world.regions.len();
        let chunks = chunks(world.households.len());
        Simulation {
            variant,
            replicate,
            world,
            pairings,
            plan: YearPlan::idle(regions),
            rates: TickRates::default(),
            partials: vec![TickTotals::new(regions); chunks],
            totals: TickTotals::new(regions),
            year_totals: TickTotals::new(regions),
            pairs: Vec::new(),
        }
    }

    /// The world as it stands (after the last completed year).
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The year most recently completed (the start year before any step).
    pub fn year(&self) -> i32 {
        self.world.year
    }

    /// Whether the end year has been reached.
    pub fn finished(&self) -> bool {
        self.world.year >= self.variant.scenario.time.end_year
    }

    /// The pairs active in the year most recently simulated.
    pub fn active_pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// Simulates the next year.
    pub fn step_year(&mut self) {
        let scenario = &self.variant.scenario;
        let economy = &scenario.economy;
        let year = self.world.year + 1;
        let year_index = (year - scenario.time.start_year - 1) as u32;
        let policy: &PolicySpec = self.variant.policy_in(year);
        let ticks = scenario.time.ticks_per_year;

        // 1. Year start: (the first year: productivity from its start-year average to the path's
        // start), new urban residents (some resettled by the relocation programme), pairings, a
        // fresh plan and record, the resettlement's cost, the levers.
        if year_index == 0 {
            regions::begin_path(&mut self.world, economy, ticks);
        }
        let resettlement = urbanisation::urbanise(
            &mut self.world,
            economy.urbanisation_earnings_share,
            &policy.redistribution,
            (scenario.run.seed, self.replicate, year_index),
        );
        self.start_year(year);
        policy::relocation::settle(
            &mut self.world,
            &policy.redistribution,
            &resettlement.on_register_at_home,
            resettlement.town_chance,
            self.plan.cost_index,
        );

        let effort = policy::assessment::donor_effort(&policy.assessment);
        let allocation = policy::assessment::allocation(&policy.assessment);
        policy::transfers::central(&mut self.world, &policy.transfers, &mut self.plan);
        policy::transfers::poverty_fund(&mut self.world, &policy.transfers, &mut self.plan);
        policy::transfers::paired_aid(
            &mut self.world,
            &policy.transfers,
            &self.pairs,
            effort,
            &allocation,
            &mut self.plan,
        );
        policy::transfers::public_capital_gain(
            &self.world,
            &policy.transfers,
            economy,
            &mut self.plan,
        );
        policy::talent::dispatch(&mut self.world, &policy.talent, &self.pairs, &mut self.plan);
        policy::technology::plan(
            &mut self.world,
            &policy.technology,
            &policy.talent,
            economy,
            &self.pairs,
            &mut self.plan,
        );
        policy::enterprise::invest(
            &mut self.world,
            &policy.enterprise,
            economy,
            &self.pairs,
            (scenario.run.seed, self.replicate, year_index),
            &mut self.plan,
        );
        policy::labour::plan(
            &self.world,
            &policy.labour,
            economy,
            &self.pairs,
            &mut self.plan,
        );
        policy::consumption::purchase(
            &mut self.world,
            &policy.consumption,
            &self.pairs,
            &mut self.plan,
        );
        policy::charity::plan(
            &mut self.world,
            &policy.charity,
            &self.pairs,
            economy.service_unit_cost * self.plan.cost_index,
            &mut self.plan,
        );
        policy::enterprise::distribute(&mut self.world, economy);
        policy::redistribution::plan(&self.world, &policy.redistribution, &mut self.plan);
        self.plan.rural_transfer = policy::rural_transfers::per_person(
            &policy.redistribution,
            year - scenario.time.start_year,
            self.plan.cost_index,
        );

        // 2. Ticks.
        let ticks_f = f64::from(ticks);
        let dt = 1.0 / ticks_f;
        self.rates.set_year(
            economy,
            &self.world.regions,
            policy.redistribution.means_test_window,
            policy.labour.placement_additionality,
            &self.plan,
            ticks,
        );
        for tick in 0..ticks {
            regions::advance(&mut self.world, &self.plan, economy, &policy.talent, dt);
            self.rates.set_wages(&self.world, economy, &self.plan);
            self.plan.ticks_left = f64::from(ticks - tick);
            policy::charity::tick(&self.world, &mut self.plan, ticks_f);
            let global_tick = year_index * ticks + tick;
            step(
                &mut self.world.households,
                &self.plan,
                &self.rates,
                scenario.run.seed,
                self.replicate,
                global_tick,
                &mut self.partials,
                &mut self.totals,
            );
            for (index, region) in self.world.regions.iter_mut().enumerate() {
                for sector in [URBAN, RURAL] {
                    self.totals
                        .cell(index, sector)
                        .book(sector, &mut region.flows);
                }
            }
            policy::charity::book(&mut self.world, &mut self.plan, &self.totals);
            self.year_totals.add(&self.totals);
        }

        // 3. Year end: charity's unpaid budget back to the pool, then incomes (with the
        // guarantee), flags, who paid the dibao, the accounts and revenue.
        policy::charity::close(&mut self.world, &mut self.plan);
        self.close_year(year, &policy.redistribution);
    }

    /// The year's active pairs, and the flows, accounts and plan reset for `year`.
    fn start_year(&mut self, year: i32) {
        self.pairs.clear();
        self.pairs.extend(
            self.pairings
                .iter()
                .filter(|p| year >= p.from && year <= p.until)
                .map(|p| p.pair),
        );
        for region in &mut self.world.regions {
            region.flows = Flows::default();
        }
        self.world.accounts.clear();
        self.year_totals.clear();
        let regions = self.world.regions.len();
        let plan = &mut self.plan;
        plan.regions.clear();
        plan.regions.resize(regions, Default::default());
        plan.income_tax_rate = 0.0;
        plan.tax_threshold = 0.0;
        plan.dibao_coverage = 0.0;
        plan.donation_rate = 0.0;
        plan.donor_threshold = f64::INFINITY;
        plan.cost_index = self.world.cost_index();
        plan.poverty_line = poverty_line(&self.variant.scenario.economy, year);
    }

    fn close_year(&mut self, year: i32, redistribution: &RedistributionPolicy) {
        let economy = &self.variant.scenario.economy;
        let line = poverty_line(economy, year);
        let ticks = f64::from(self.variant.scenario.time.ticks_per_year);
        let world = &mut self.world;
        let totals = &self.year_totals;
        let remitted = remittances_home(totals, self.plan.remittance_share);
        let stayers = world.households.remittance_norms(world.regions.len());
        for (index, region) in world.regions.iter_mut().enumerate() {
            let share = self.plan.remittance_share;
            region.income_total = cell_incomes(index, region, totals, share, remitted[index]);
            let persons = |sector| totals.cell(index, sector).persons / ticks;
            region.population = [persons(URBAN), persons(RURAL)];
            region.registered = [0.0; 2];
            region.poor = [0.0; 2];
            region.targeted = [0.0; 2];
            region.employed_rural_at_home = 0.0;
            region.ever_poor_employed_at_home = 0.0;
        }
        let mut guaranteed = vec![0.0; world.regions.len()];
        let rural_transfer = self.plan.rural_transfer;
        let households = &mut world.households;
        for i in 0..households.len() {
            let home = households.region[i] as usize;
            let sector = households.sector[i] as usize;
            let weight = households.weight[i];
            let status = households.status[i];
            let region = &mut world.regions[home];
            region.registered[sector] += weight;
            let norm = region.wealth_norm[sector];
            let mut received = if norm > 0.0 {
                region.dividends[sector] * f64::from(households.wealth_weight[i]) / norm
            } else {
                0.0
            };
            if sector == RURAL && status & AWAY == 0 && stayers[home] > 0.0 {
                received += remitted[home] * f64::from(households.wealth_weight[i]) / stayers[home];
            }
            // Rural pensions and subsidies reach every registered rural person, like property
            // income: a household away receives them at home (7.11).
            if sector == RURAL {
                received += rural_transfer;
            }
            // A placement's help (transport, matching, the first year's cost saving) is bought
            // once: from the next year on, a placed worker away is like any other (7.7).
            households.status[i] &= !ORGANISED;
            let mut income = std::mem::take(&mut households.income_accrued[i]) + received;
            let recent = households.own_recent[i];
            let gap = policy::redistribution::guarantee(
                redistribution,
                sector,
                status,
                income,
                recent,
                line,
            );
            if gap > 0.0 {
                guaranteed[home] += gap * weight;
                income = line;
            }
            households.income[i] = income;
            let own = std::mem::take(&mut households.own_accrued[i]) + received;
            households.own_income[i] = own;
            if own < line {
                households.status[i] |= TARGETED | EVER_POOR;
                region.targeted[sector] += weight;
            } else {
                households.status[i] &= !TARGETED;
            }
            if status & AWAY != 0 {
                region.flows.migrants_out += weight;
            } else if sector == RURAL && status & EMPLOYED != 0 {
                region.employed_rural_at_home += weight;
                if households.status[i] & EVER_POOR != 0 {
                    region.ever_poor_employed_at_home += weight;
                }
            }
            let destination = households.destination[i];
            let (lives, lives_sector) = residence(home, sector, status, destination);
            let lives = &mut world.regions[lives];
            if status & AWAY != 0 {
                lives.flows.migrants_in += weight;
            }
            if income < line {
                households.status[i] |= POOR;
                lives.poor[lives_sector] += weight;
            } else {
                households.status[i] &= !POOR;
            }
        }
        // The rural pensions and subsidies (paid over the registered rural persons just summed)
        // are income of the rural cell of their home. The guarantee is dibao of the rural
        // residents at home (7.11): it closes their incomes and the year's tallies before the
        // dibao is settled and the accounts are booked.
        policy::rural_transfers::settle(world, redistribution, rural_transfer);
        for (index, paid) in guaranteed.into_iter().enumerate() {
            let region = &mut world.regions[index];
            region.income_total[RURAL] += paid + region.flows.rural_transfers;
            region.flows.dibao += paid;
            self.year_totals.cell_mut(index, RURAL).dibao += paid;
        }
        policy::redistribution::settle(world, redistribution);
        accounts::close(world, &self.year_totals, economy, &self.plan);
        for region in &mut world.regions {
            region.earnings = region.flows.earnings_urban + region.flows.earnings_rural;
            region.fiscal_revenue = region.fiscal_revenue_ratio
                * (region.income_total[URBAN] + region.income_total[RURAL]);
            region.previous_aid = region.flows.paired_aid_out;
        }
        world.year = year;
    }
}

/// Remittances each home region's rural households receive in the year: `share` × the earnings
/// away of its migrants, wherever they work.
fn remittances_home(totals: &TickTotals, share: f64) -> Vec<f64> {
    let regions = totals.regions();
    (0..regions)
        .map(|home| {
            let earned: f64 = (0..regions).map(|to| totals.away(home, to)).sum();
            share * earned
        })
        .collect()
}

/// The year's disposable income of region `index`'s urban and rural residents (docs/MODEL.md
/// 7.16), from the ticks' tallies: earnings at home, less income tax and donations, plus dibao
/// and support, and property income; the urban cell adds what the migrants working in its
/// cities keep of their earnings (1 − `share`), the rural cell the remittances `remitted_home`
/// its own migrants send. The accounts book the same flows (`accounts::close`), so the two
/// agree.
fn cell_incomes(
    index: usize,
    region: &Region,
    totals: &TickTotals,
    share: f64,
    remitted_home: f64,
) -> [f64; 2] {
    let regions = totals.regions();
    let earned_here: f64 = (0..regions).map(|home| totals.away(home, index)).sum();
    let mut income = [0.0; 2];
    for sector in [URBAN, RURAL] {
        let t = totals.cell(index, sector);
        let property = if region.wealth_norm[sector] > 0.0 {
            region.dividends[sector]
        } else {
            0.0
        };
        income[sector] = t.earnings - t.income_tax - t.donations + t.dibao + t.support + property;
    }
    income[URBAN] += (1.0 - share) * earned_here;
    income[RURAL] += remitted_home;
    income
}
