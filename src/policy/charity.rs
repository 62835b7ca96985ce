//! Social mobilisation and third distribution: high-income households and profitable
//! enterprises donate; the pool is distributed the next year to rural households of recipient regions (targeted with some
//! accuracy) and to venture-philanthropy human-capital projects, less overhead. Digital
//! public-welfare platforms raise participation and accuracy and cut overhead.

use super::{Pair, YearPlan, transfers::target_rural};
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
            let share = region.population[RURAL] / rural;
            let households = to_households * share;
            let projects = venture * share;
            if target_rural(region, households, accuracy, &mut plan.regions[index]) {
                spent[0] += households;
                spent[1] += projects;
                region.flows.donations_in += households + projects;
                plan.regions[index].human_capital_projects +=
                    projects / (region.population_total() * service_unit_cost);
            }
        }
        world.charity_spent = spent;
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
