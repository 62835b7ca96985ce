//! Fiscal transfers: central equalising transfers, and east → west paired aid with leakage
//! and the recipient's allocation.

use super::assessment::Allocation;
use super::{Pair, YearPlan};
use crate::scenario::TransfersPolicy;
use crate::world::{RURAL, World};

/// Central equalising transfers. Every region pays `central_transfer_share` of its fiscal
/// revenue into a pool; the pool goes to regions whose revenue per capita is below the national
/// mean, in proportion to `population × (mean − own)`. A net recipient spends its net gain on
/// public services. Money is conserved: pool in = pool out.
pub fn central(world: &mut World, policy: &TransfersPolicy, plan: &mut YearPlan) {
    if !policy.enabled || policy.central_transfer_share <= 0.0 {
        return;
    }
    let revenue: f64 = world.regions.iter().map(|r| r.fiscal_revenue).sum();
    let population: f64 = world.regions.iter().map(|r| r.population_total()).sum();
    let mean_capacity = revenue / population;
    let needs: Vec<f64> = world
        .regions
        .iter()
        .map(|r| {
            r.population_total()
                * (mean_capacity - r.fiscal_revenue / r.population_total()).max(0.0)
        })
        .collect();
    let total_need: f64 = needs.iter().sum();
    let pool = policy.central_transfer_share * revenue;
    for (index, region) in world.regions.iter_mut().enumerate() {
        let paid = policy.central_transfer_share * region.fiscal_revenue;
        let received = if total_need > 0.0 {
            pool * needs[index] / total_need
        } else {
            paid
        };
        region.flows.central_transfer_out += paid;
        region.flows.central_transfer_in += received;
        plan.regions[index].services_spending += (received - paid).max(0.0);
    }
}

/// Paired aid. Each donor sends `paired_aid_share × effort × revenue` (with `paired_aid_floor`
/// on, at least its last year's aid × (1 + `paired_aid_growth_floor`)) split over its active
/// recipients by pair weight. A recipient
/// loses `leakage_rate × (1 − governance)` of what arrives and allocates the rest by `allocation`:
/// direct support to last year's poor rural residents (the non-poor get the mis-targeted part
/// `1 − governance`), public services, industry (public capital) and ecology.
pub fn paired_aid(
    world: &mut World,
    policy: &TransfersPolicy,
    pairs: &[Pair],
    effort: f64,
    allocation: &Allocation,
    plan: &mut YearPlan,
) {
    if !policy.enabled || pairs.is_empty() {
        return;
    }
    let regions = world.regions.len();
    let mut weight_of_donor = vec![0.0; regions];
    for pair in pairs {
        weight_of_donor[pair.donor] += pair.weight;
    }
    let mut budget = vec![0.0; regions];
    for (donor, total_weight) in weight_of_donor.iter().enumerate() {
        if *total_weight > 0.0 {
            let region = &world.regions[donor];
            let planned = policy.paired_aid_share * effort * region.fiscal_revenue;
            budget[donor] = if policy.paired_aid_floor {
                planned.max(region.previous_aid * (1.0 + policy.paired_aid_growth_floor))
            } else {
                planned
            };
        }
    }
    let mut received = vec![0.0; regions];
    for pair in pairs {
        let amount = budget[pair.donor] * pair.weight / weight_of_donor[pair.donor];
        received[pair.recipient] += amount;
        world.regions[pair.donor].flows.paired_aid_out += amount;
    }
    for (index, amount) in received.iter().enumerate() {
        if *amount <= 0.0 {
            continue;
        }
        let region = &mut world.regions[index];
        let leakage = amount * policy.leakage_rate * (1.0 - region.governance);
        let usable = amount - leakage;
        region.flows.paired_aid_in += amount;
        region.flows.aid_leakage += leakage;
        let direct = usable * allocation.direct_support;
        let plan = &mut plan.regions[index];
        if target_rural(region, direct, region.governance, plan) {
            region.flows.direct_support += direct;
        } else {
            // No rural residents to support: the direct-support share goes to public services.
            plan.services_spending += direct;
        }
        plan.services_spending += usable * allocation.public_services;
        plan.ecology_spending += usable * allocation.ecology;
        region.public_capital += usable * allocation.industry;
    }
}

/// Splits `amount` over rural residents: `accuracy` of it to the rural residents registered for
/// targeted support (own income below the poverty line last year), at most [`TARGETED_CAP`] × the
/// region's rural mean income per registered person a year, and the rest to everyone rural. Adds per-person yearly rates; returns false (and pays nothing) when the region
/// has no rural residents.
pub fn target_rural(
    region: &crate::world::Region,
    amount: f64,
    accuracy: f64,
    plan: &mut super::RegionPlan,
) -> bool {
    let rural_population = region.population[RURAL];
    let poor = region.targeted[RURAL];
    if rural_population <= 0.0 {
        return false;
    }
    if amount <= 0.0 {
        return true;
    }
    let cap = TARGETED_CAP * region.income_per_capita(RURAL).max(0.0) * poor;
    let to_poor = (accuracy * amount).min(cap);
    if poor > 0.0 {
        plan.support_poor += to_poor / poor;
    }
    plan.support_rural += (amount - to_poor) / rural_population;
    true
}

/// Targeted payments to a poor person are capped at this multiple of the region's rural mean
/// income a year, so that a few remaining poor households never absorb a whole budget.
pub const TARGETED_CAP: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::assessment::allocation;
    use crate::scenario::{AssessmentPolicy, Zone};
    use crate::world::fixture;

    /// Aid sent by the donor of a two-region world whose donor sent `previous` last year.
    fn aid(policy: &TransfersPolicy, previous: f64) -> f64 {
        let mut world = fixture::world(
            vec![
                fixture::region("East", Zone::East),
                fixture::region("West", Zone::West),
            ],
            1e4,
        );
        world.regions[0].previous_aid = previous;
        let pairs = [Pair {
            donor: 0,
            recipient: 1,
            weight: 1.0,
        }];
        let mut plan = YearPlan::idle(2);
        let split = allocation(&AssessmentPolicy::default());
        paired_aid(&mut world, policy, &pairs, 1.0, &split, &mut plan);
        world.regions[0].flows.paired_aid_out
    }

    #[test]
    fn aid_follows_revenue_unless_the_floor_is_on() {
        let policy = TransfersPolicy::default();
        assert!(
            !policy.paired_aid_floor,
            "the default lets budgets follow revenue"
        );
        let planned = policy.paired_aid_share * 4e9;
        // Last year's aid was twice this year's plan: without the floor the cut goes through.
        assert!((aid(&policy, 2.0 * planned) - planned).abs() < 1e-6);
        let cut = TransfersPolicy {
            paired_aid_share: policy.paired_aid_share / 2.0,
            ..policy.clone()
        };
        assert!(
            (aid(&cut, planned) - planned / 2.0).abs() < 1e-6,
            "a cut in share bites"
        );
        // With the floor on, aid cannot fall below last year's × (1 + floor).
        let floor = TransfersPolicy {
            paired_aid_floor: true,
            paired_aid_growth_floor: 0.05,
            ..cut
        };
        assert!((aid(&floor, planned) - planned * 1.05).abs() < 1e-6);
        // ... and above the floor the plan still rules.
        assert!((aid(&floor, 0.0) - planned / 2.0).abs() < 1e-6);
    }
}
