//! Social mobilisation and third distribution: high-income households and profitable
//! enterprises donate; the pool is distributed the next year, less overhead, to
//! venture-philanthropy human-capital projects and, within the year, to the rural residents of
//! the regions in scope (the recipients of the active pairs, or every region). The targeted
//! part (`accuracy`) is one budget for the scope, paid at each tick to the rural residents at
//! risk — whose income of the year so far, with the tick's income (public transfers included)
//! carried over the rest of the year, ends below the poverty line — wherever they live in the
//! scope, so it follows need across regions and reaches households that fall into poverty during
//! the year; the rest goes to every rural resident in scope. Digital public-welfare platforms
//! raise participation and accuracy and cut overhead (docs/MODEL.md 7.9).
//!
//! Yearly: [`plan`] distributes last year's pool and sets the donation rate; [`close`] returns
//! what the targeted budget did not pay. Every tick: [`tick`] paces the targeted budget,
//! households give through [`donation`] and receive through [`payment`], and [`book`] books the
//! tick's donations and payments into the pool and the budget.

use super::plan::{Pair, RegionPlan, TickTotals, YearPlan};
use super::support::TARGETED_CAP;
use crate::scenario::{CharityPolicy, CharityScope};
use crate::world::accounts::{Flow, Unit};
use crate::world::{RURAL, URBAN, World};

/// Distributes last year's donations and sets this year's donation rate. `service_unit_cost`
/// is this year's (indexed) cost of one point of human capital per resident.
pub fn plan(
    world: &mut World,
    policy: &CharityPolicy,
    pairs: &[Pair],
    service_unit_cost: f64,
    plan: &mut YearPlan,
) {
    let channel = Channel::of(policy);
    // The scope: the recipients of active pairs, or every region.
    for entry in plan.regions.iter_mut() {
        entry.charity_in_scope = policy.scope == CharityScope::National || pairs.is_empty();
    }
    for pair in pairs {
        plan.regions[pair.recipient].charity_in_scope = true;
    }
    distribute(world, policy, &channel, service_unit_cost, plan);
    if policy.enabled {
        let population: f64 = world.regions.iter().map(|r| r.population_total()).sum();
        let income: f64 = world
            .regions
            .iter()
            .map(|r| r.income_total[0] + r.income_total[1])
            .sum();
        plan.donation_rate = policy.donation_rate * channel.participation;
        plan.donor_threshold = policy.donor_threshold * income / population;
        // Profitable enterprises give a share of this year's profits (set by the enterprise
        // lever) to the pool, distributed next year like households' donations.
        for (index, region) in world.regions.iter_mut().enumerate() {
            let given = policy.enterprise_donation_rate * region.flows.enterprise_profits.max(0.0);
            region.flows.enterprise_donations += given;
            region.flows.donations_out += given;
            world.charity_pool += given;
            let firms = Unit::Enterprises(index as u16);
            world
                .accounts
                .book(Flow::Donations, firms, Unit::Charity, given);
        }
    }
}

/// How giving is organised this year: through digital public-welfare platforms or not.
struct Channel {
    /// Share of households above the threshold who give.
    participation: f64,
    /// Share of the pool lost to overhead.
    overhead: f64,
    /// Share of the households' part that is targeted.
    accuracy: f64,
}

impl Channel {
    fn of(policy: &CharityPolicy) -> Self {
        if policy.digital_platform {
            Self {
                participation: (policy.participation * policy.digital_participation_multiplier)
                    .min(1.0),
                overhead: policy.digital_overhead,
                accuracy: policy.digital_targeting_accuracy,
            }
        } else {
            Self {
                participation: policy.participation,
                overhead: policy.overhead,
                accuracy: policy.targeting_accuracy,
            }
        }
    }
}

/// Last year's pool: overhead, venture-philanthropy projects (by rural population in scope),
/// then households: the untargeted part to every rural resident in scope over the year, the
/// targeted part as one within-year budget for the scope that [`tick`] paces.
fn distribute(
    world: &mut World,
    policy: &CharityPolicy,
    channel: &Channel,
    service_unit_cost: f64,
    plan: &mut YearPlan,
) {
    let pool = std::mem::take(&mut world.charity_pool);
    world.charity_spent = [0.0; 3];
    plan.charity_budget = 0.0;
    let rural: f64 = world
        .regions
        .iter()
        .zip(&plan.regions)
        .filter(|(_, entry)| entry.charity_in_scope)
        .map(|(region, _)| region.registered[RURAL])
        .sum();
    if pool <= 0.0 || rural <= 0.0 {
        // A (tiny) overpayment of last year's targeted budget stays in the pool as a debt, and
        // a pool with nobody in scope waits for a year that has someone.
        world.charity_pool = pool;
        return;
    }
    let lost = pool * channel.overhead;
    let venture = (pool - lost) * policy.venture_philanthropy_share;
    let to_households = pool - lost - venture;
    let untargeted = (1.0 - channel.accuracy) * to_households;
    plan.charity_budget = channel.accuracy * to_households;
    let World {
        regions, accounts, ..
    } = world;
    for (index, (region, entry)) in regions.iter_mut().zip(plan.regions.iter_mut()).enumerate() {
        let rural_population = region.registered[RURAL];
        if !entry.charity_in_scope || rural_population <= 0.0 {
            continue;
        }
        let share = rural_population / rural;
        let projects = venture * share;
        entry.support_rural += untargeted / rural;
        region.flows.donations_in += untargeted * share + projects;
        entry.human_capital_projects += projects / (region.population_total() * service_unit_cost);
        let (households, used) = (
            Unit::HouseholdsRural(index as u16),
            Unit::FinalUse(index as u16),
        );
        accounts.book(
            Flow::CharityPayments,
            Unit::Charity,
            households,
            untargeted * share,
        );
        accounts.book(Flow::VenturePhilanthropy, Unit::Charity, used, projects);
        accounts.book(Flow::CharityOverhead, Unit::Charity, used, lost * share);
    }
    world.charity_spent = [untargeted, venture, lost];
}

/// Sets this tick's charity rates from the targeted budget still to pay over the
/// `plan.ticks_left` ticks (this one included) before the year ends, of `ticks` a year. With
/// b = max(budget, 0) / ticks_left, E the eligible
/// count of the last tick summed over the scope, R the scope's rural population and a cap of
/// [`TARGETED_CAP`] × the region's rural mean income a year: every eligible resident of region r
/// gets min(b / E, cap_r / T) (the cap when E = 0), and what the eligible cannot absorb is paid
/// to every rural resident in scope.
pub fn tick(world: &World, plan: &mut YearPlan, ticks: f64) {
    let budget = if plan.ticks_left < 1.0 {
        0.0
    } else {
        plan.charity_budget.max(0.0) / plan.ticks_left
    };
    let mut eligible = 0.0;
    let mut rural = 0.0;
    for (region, entry) in world.regions.iter().zip(&plan.regions) {
        if entry.charity_in_scope {
            eligible += region.charity_eligible;
            rural += region.registered[RURAL];
        }
    }
    let mut absorbed = 0.0;
    for (region, entry) in world.regions.iter().zip(plan.regions.iter_mut()) {
        entry.charity_poor = 0.0;
        entry.charity_rural = 0.0;
        if !entry.charity_in_scope || budget <= 0.0 || rural <= 0.0 {
            continue;
        }
        let cap = TARGETED_CAP * region.income_per_capita(RURAL).max(0.0) / ticks;
        entry.charity_poor = if eligible > 0.0 {
            (budget / eligible).min(cap)
        } else {
            cap
        };
        absorbed += entry.charity_poor * region.charity_eligible;
    }
    let rest = (budget - absorbed).max(0.0);
    if rural > 0.0 {
        for entry in plan
            .regions
            .iter_mut()
            .filter(|entry| entry.charity_in_scope)
        {
            entry.charity_rural = rest / rural;
        }
    }
}

/// A household's donation in one of `ticks` ticks a year, per person: the year's effective
/// donation rate on last year's income `last_income` above the donor threshold.
#[inline]
pub fn donation(plan: &YearPlan, last_income: f64, ticks: f64) -> f64 {
    if plan.donation_rate > 0.0 && last_income > plan.donor_threshold {
        plan.donation_rate * (last_income - plan.donor_threshold) / ticks
    } else {
        0.0
    }
}

/// Charity's payment to a rural resident in this tick, per person, and the persons it counts
/// as eligible: the region's untargeted rate, plus the targeted rate when its income of the
/// year so far (`accrued`) with this tick's income (`this_tick`, public transfers included)
/// carried over the `ticks_left` ticks of the year ends below the poverty line (the dynamic
/// monitoring of households at risk). Returns `(payment, eligible persons)`.
#[inline]
pub fn payment(
    region: &RegionPlan,
    plan: &YearPlan,
    accrued: f64,
    this_tick: f64,
    weight: f64,
) -> (f64, f64) {
    if accrued + this_tick * plan.ticks_left < plan.poverty_line {
        (region.charity_rural + region.charity_poor, weight)
    } else {
        (region.charity_rural, 0.0)
    }
}

/// Books a tick's donations and charity payments (`totals`, per cell): donations go into the
/// pool, payments leave the targeted budget and arrive as donations received; the tick's
/// eligible counts are the next tick's planning base.
pub fn book(world: &mut World, plan: &mut YearPlan, totals: &TickTotals) {
    let World {
        regions,
        accounts,
        charity_pool,
        charity_spent,
        ..
    } = world;
    for (index, region) in regions.iter_mut().enumerate() {
        let (urban, rural) = (totals.cell(index, URBAN), totals.cell(index, RURAL));
        for (sector, tally) in [(URBAN, urban), (RURAL, rural)] {
            let households = Unit::households(index, sector);
            accounts.book(Flow::Donations, households, Unit::Charity, tally.donations);
            region.flows.donations_out += tally.donations;
            *charity_pool += tally.donations;
        }
        // Only rural residents receive charity's within-year payments.
        plan.charity_budget -= rural.charity;
        region.flows.donations_in += rural.charity;
        region.charity_eligible = rural.eligible;
        charity_spent[0] += rural.charity;
        let households = Unit::HouseholdsRural(index as u16);
        accounts.book(
            Flow::CharityPayments,
            Unit::Charity,
            households,
            rural.charity,
        );
    }
}

/// At the year end, what the targeted budget did not pay (or overpaid: signed) goes back to
/// the pool, to be distributed next year with the new donations.
pub fn close(world: &mut World, plan: &mut YearPlan) {
    world.charity_pool += std::mem::take(&mut plan.charity_budget);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixture;

    /// East (0) pairs with West (1); Central (2) is unpaired. Last year's pool is 1,000,000
    /// yuan; no overhead, no projects, fully targeted; charity itself off this year.
    fn planned(scope: CharityScope) -> (World, YearPlan) {
        let mut world = fixture::east_west_central();
        world.charity_pool = 1e6;
        let policy = CharityPolicy {
            enabled: false,
            overhead: 0.0,
            venture_philanthropy_share: 0.0,
            targeting_accuracy: 1.0,
            scope,
            ..CharityPolicy::default()
        };
        let pairs = [Pair {
            donor: 0,
            recipient: 1,
            weight: 1.0,
        }];
        let mut plan = YearPlan::idle(3);
        super::plan(&mut world, &policy, &pairs, 1.0, &mut plan);
        (world, plan)
    }

    #[test]
    fn the_paired_scope_is_the_recipients_and_the_national_scope_every_region() {
        let (_, paired) = planned(CharityScope::Paired);
        let in_scope: Vec<bool> = paired.regions.iter().map(|r| r.charity_in_scope).collect();
        assert_eq!(in_scope, [false, true, false]);
        assert_eq!(paired.charity_budget, 1e6);
        let (_, national) = planned(CharityScope::National);
        assert!(national.regions.iter().all(|r| r.charity_in_scope));
    }

    #[test]
    fn the_targeted_budget_follows_the_eligible_across_regions() {
        let (mut world, mut plan) = planned(CharityScope::National);
        plan.ticks_left = 12.0;
        // 300 eligible in West, 100 in Central, none in East; 12 ticks, all still to run.
        world.regions[1].charity_eligible = 300.0;
        world.regions[2].charity_eligible = 100.0;
        tick(&world, &mut plan, 12.0);
        // b = 1e6 / 12 a tick; b / E = 1e6 / (12 · 400) = 208.33 yuan per eligible, under
        // the cap 0.5 · 10,000 / 12 = 416.67; the eligible absorb all of it.
        let per_eligible = 1e6 / (12.0 * 400.0);
        for entry in &plan.regions {
            assert!((entry.charity_poor - per_eligible).abs() < 1e-9);
            assert_eq!(entry.charity_rural, 0.0);
        }
        // With 10 eligible in all, the cap binds: each gets 416.67 and the rest,
        // 1e6 / 12 − 10 · 416.67, goes to the 3 million rural residents in scope.
        world.regions[1].charity_eligible = 10.0;
        world.regions[2].charity_eligible = 0.0;
        tick(&world, &mut plan, 12.0);
        let cap = 0.5 * 1e4 / 12.0;
        assert!((plan.regions[1].charity_poor - cap).abs() < 1e-9);
        let rest = 1e6 / 12.0 - 10.0 * cap;
        for entry in &plan.regions {
            assert!((entry.charity_rural - rest / 3e6).abs() < 1e-12);
        }
    }

    #[test]
    fn out_of_scope_regions_get_nothing() {
        let (mut world, mut plan) = planned(CharityScope::Paired);
        plan.ticks_left = 12.0;
        world.regions[2].charity_eligible = 1000.0;
        tick(&world, &mut plan, 12.0);
        // Only West is in scope and it has no eligible: the cap rate (nobody absorbs it) and
        // the whole tick's money to its million rural residents.
        assert_eq!(plan.regions[2].charity_poor, 0.0);
        assert_eq!(plan.regions[2].charity_rural, 0.0);
        assert_eq!(plan.regions[0].charity_rural, 0.0);
        assert!((plan.regions[1].charity_rural - 1e6 / 12.0 / 1e6).abs() < 1e-12);
    }

    #[test]
    fn booked_payments_leave_the_budget_and_the_rest_returns_to_the_pool() {
        let (mut world, mut plan) = planned(CharityScope::National);
        let paid = [0.0, 3e5, 1e5];
        let mut totals = TickTotals::new(3);
        for (region, &charity) in paid.iter().enumerate() {
            *totals.cell_mut(region, RURAL) = crate::policy::Tally {
                charity,
                eligible: 7.0,
                ..Default::default()
            };
        }
        book(&mut world, &mut plan, &totals);
        assert_eq!(world.accounts.total(Flow::CharityPayments), 4e5);
        assert_eq!(plan.charity_budget, 6e5);
        assert_eq!(world.regions[1].flows.donations_in, 3e5);
        assert_eq!(world.regions[2].charity_eligible, 7.0);
        assert_eq!(world.charity_spent[0], 4e5);
        close(&mut world, &mut plan);
        assert_eq!(world.charity_pool, 6e5);
        assert_eq!(plan.charity_budget, 0.0);
    }

    #[test]
    fn donations_are_a_rate_on_last_year_s_income_above_the_threshold() {
        let mut plan = YearPlan::idle(1);
        plan.donation_rate = 0.02;
        plan.donor_threshold = 50_000.0;
        // 0.02 · (80,000 − 50,000) / 12 = 50 a tick.
        assert!((donation(&plan, 80_000.0, 12.0) - 50.0).abs() < 1e-12);
        assert_eq!(donation(&plan, 40_000.0, 12.0), 0.0);
        plan.donation_rate = 0.0;
        assert_eq!(donation(&plan, 80_000.0, 12.0), 0.0);
    }

    #[test]
    fn the_targeted_payment_goes_to_households_projected_below_the_line() {
        let mut plan = YearPlan::idle(1);
        plan.poverty_line = 3000.0;
        plan.ticks_left = 4.0;
        let region = RegionPlan {
            charity_rural: 1.0,
            charity_poor: 30.0,
            ..RegionPlan::default()
        };
        // 2,000 so far and 200 a tick for 4 more ticks: 2,800 < 3,000, eligible.
        assert_eq!(payment(&region, &plan, 2000.0, 200.0, 7.0), (31.0, 7.0));
        // 300 a tick: 3,200, safe; only the untargeted rate.
        assert_eq!(payment(&region, &plan, 2000.0, 300.0, 7.0), (1.0, 0.0));
    }
}
