//! Secondary distribution: a flat income tax above a threshold, and the minimum-living
//! guarantee (dibao) that fills `dibao_coverage` of the gap between last year's own income and a
//! regional line of `dibao_line_share × rural mean income`. The dibao is paid by the local
//! government out of a budget of `dibao_budget_share` of its revenue (fiscal revenue plus the
//! income tax it collects); the centre covers any shortfall.

use super::YearPlan;
use crate::scenario::RedistributionPolicy;
use crate::world::{RURAL, URBAN, World};

/// Tax parameters and dibao lines for the year.
pub fn plan(world: &World, policy: &RedistributionPolicy, plan: &mut YearPlan) {
    if !policy.enabled {
        return;
    }
    plan.income_tax_rate = policy.income_tax_rate;
    plan.tax_threshold = policy.tax_threshold;
    plan.dibao_coverage = policy.dibao_coverage;
    for (region, entry) in world.regions.iter().zip(plan.regions.iter_mut()) {
        let reference = if region.population[RURAL] > 0.0 {
            region.income_per_capita(RURAL)
        } else {
            region.income_per_capita(URBAN)
        };
        entry.dibao_line = policy.dibao_line_share * reference;
    }
}

/// Settles who paid the year's dibao, once the year's ticks are done: each region's government
/// pays up to `dibao_budget_share × (fiscal revenue + income tax collected)`, the centre the
/// rest. Records `dibao_local` and `dibao_central` (they add up to `dibao`).
pub fn settle(world: &mut World, policy: &RedistributionPolicy) {
    for region in world.regions.iter_mut() {
        let flows = &mut region.flows;
        let budget =
            policy.dibao_budget_share * (region.fiscal_revenue + flows.income_tax).max(0.0);
        flows.dibao_local = flows.dibao.min(budget);
        flows.dibao_central = flows.dibao - flows.dibao_local;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
    use crate::world::fixture;

    #[test]
    fn the_centre_covers_what_the_local_budget_cannot() {
        let mut world = fixture::world(
            vec![
                fixture::region("Rich", Zone::East),
                fixture::region("Poor", Zone::West),
            ],
            1e4,
        );
        // Revenue 4e9 each; income tax 1e9 in the rich region only.
        world.regions[0].flows.income_tax = 1e9;
        world.regions[0].flows.dibao = 1e7;
        world.regions[1].flows.dibao = 3e7;
        let policy = RedistributionPolicy {
            dibao_budget_share: 0.005,
            ..Default::default()
        };
        settle(&mut world, &policy);
        let (rich, poor) = (&world.regions[0].flows, &world.regions[1].flows);
        // Budgets: 0.005 × 5e9 = 2.5e7 and 0.005 × 4e9 = 2e7.
        assert_eq!((rich.dibao_local, rich.dibao_central), (1e7, 0.0));
        assert_eq!((poor.dibao_local, poor.dibao_central), (2e7, 1e7));
    }
}
