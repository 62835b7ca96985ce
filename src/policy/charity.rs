//! Social mobilisation and third distribution: high-income households and profitable
//! enterprises donate; the pool is distributed the next year to venture-philanthropy
//! human-capital projects and, within the year, to rural households of recipient regions, less
//! overhead. The targeted part (`accuracy`) reaches the rural residents whose recent own income
//! is below the poverty line at each tick, so households that fall into poverty during the year
//! are reached; the rest goes to every rural resident. Digital public-welfare platforms raise
//! participation and accuracy and cut overhead.

use super::{Pair, YearPlan, transfers::TARGETED_CAP};
use crate::engine::households::Tally;
use crate::scenario::CharityPolicy;
use crate::world::{RURAL, World};

/// Distributes last year's donations and sets this year's donation rate. `service_unit_cost`
/// is this year's (indexed) cost of one point of human capital per resident.
pub fn plan(
    world: &mut World,
    policy: &CharityPolicy,
    pairs: &[Pair],
    service_unit_cost: f64,
    plan: &mut YearPlan,
) {
    let (participation, overhead, accuracy) = if policy.digital_platform {
        (
            (policy.participation * policy.digital_participation_multiplier).min(1.0),
            policy.digital_overhead,
            policy.digital_targeting_accuracy,
        )
    } else {
        (
            policy.participation,
            policy.overhead,
            policy.targeting_accuracy,
        )
    };
    // Last year's pool: overhead, venture philanthropy, then households.
    let pool = std::mem::take(&mut world.charity_pool);
    world.charity_spent = [0.0; 3];
    if pool > 0.0 {
        let regions = world.regions.len();
        let mut is_recipient = vec![false; regions];
        for pair in pairs {
            is_recipient[pair.recipient] = true;
        }
        if !is_recipient.iter().any(|r| *r) {
            is_recipient = vec![true; regions];
        }
        let rural: f64 = world
            .regions
            .iter()
            .zip(&is_recipient)
            .filter(|(_, r)| **r)
            .map(|(g, _)| g.population[RURAL])
            .sum();
        let lost = pool * overhead;
        let venture = (pool - lost) * policy.venture_philanthropy_share;
        let to_households = pool - lost - venture;
        let mut spent = [0.0, 0.0, lost];
        for (index, region) in world.regions.iter_mut().enumerate() {
            if !is_recipient[index] || rural <= 0.0 {
                continue;
            }
            let rural_population = region.population[RURAL];
            if rural_population <= 0.0 {
                continue;
            }
            let share = rural_population / rural;
            let households = to_households * share;
            let projects = venture * share;
            let entry = &mut plan.regions[index];
            // The untargeted part is paid evenly over the year to every rural resident; the
            // targeted part is the within-year budget that `tick` paces.
            let untargeted = (1.0 - accuracy) * households;
            entry.support_rural += untargeted / rural_population;
            entry.charity_budget = accuracy * households;
            spent[0] += untargeted;
            spent[1] += projects;
            region.flows.donations_in += untargeted + projects;
            entry.human_capital_projects +=
                projects / (region.population_total() * service_unit_cost);
        }
        world.charity_spent = spent;
    } else {
        // A (tiny) overpayment of last year's targeted budgets stays in the pool as a debt.
        world.charity_pool = pool;
    }
    if policy.enabled {
        let population: f64 = world.regions.iter().map(|r| r.population_total()).sum();
        let income: f64 = world
            .regions
            .iter()
            .map(|r| r.income_total[0] + r.income_total[1])
            .sum();
        plan.donation_rate = policy.donation_rate * participation;
        plan.donor_threshold = policy.donor_threshold * income / population;
        // Profitable enterprises give a share of this year's profits (set by the enterprise
        // lever) to the pool, distributed next year like households' donations.
        for region in world.regions.iter_mut() {
            let given = policy.enterprise_donation_rate * region.flows.enterprise_profits.max(0.0);
            region.flows.enterprise_donations += given;
            region.flows.donations_out += given;
            world.charity_pool += given;
        }
    }
}

/// Sets this tick's charity rates from the targeted budget still to pay, `ticks_left` ticks
/// (this one included) before the year ends. With b = max(budget, 0) / ticks_left, E the eligible
/// count of the last tick and a cap of [`TARGETED_CAP`] × the rural mean income a year:
/// every eligible resident gets min(b / E, cap / T) (the cap when E = 0), and what the eligible
/// cannot absorb, b − rate · E, is paid to every rural resident.
pub fn tick(world: &World, plan: &mut YearPlan, ticks_left: u32, ticks: f64) {
    for (region, entry) in world.regions.iter().zip(plan.regions.iter_mut()) {
        entry.charity_poor = 0.0;
        entry.charity_rural = 0.0;
        let rural_population = region.population[RURAL];
        if entry.charity_budget <= 0.0 || rural_population <= 0.0 || ticks_left == 0 {
            continue;
        }
        let budget = entry.charity_budget / f64::from(ticks_left);
        let cap = TARGETED_CAP * region.income_per_capita(RURAL).max(0.0) / ticks;
        let eligible = region.charity_eligible;
        let rate = if eligible > 0.0 {
            (budget / eligible).min(cap)
        } else {
            cap
        };
        entry.charity_poor = rate;
        entry.charity_rural = (budget - rate * eligible).max(0.0) / rural_population;
    }
}

/// Books a tick's charity payments (`totals`, per region): they leave the region's budget and
/// arrive as donations; the tick's eligible count is the next tick's planning base.
pub fn book(world: &mut World, plan: &mut YearPlan, totals: &[Tally]) {
    for ((region, entry), tally) in world
        .regions
        .iter_mut()
        .zip(plan.regions.iter_mut())
        .zip(totals)
    {
        entry.charity_budget -= tally.charity;
        region.flows.donations_in += tally.charity;
        region.charity_eligible = tally.eligible;
        world.charity_spent[0] += tally.charity;
    }
}

/// At the year end, what the targeted budgets did not pay (or overpaid: signed) goes back to
/// the pool, to be distributed next year with the new donations.
pub fn close(world: &mut World, plan: &mut YearPlan) {
    for entry in plan.regions.iter_mut() {
        world.charity_pool += std::mem::take(&mut entry.charity_budget);
    }
}
