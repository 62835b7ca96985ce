//! Secondary distribution: a flat income tax above a threshold, and the minimum-living
//! guarantee (dibao) that fills `dibao_coverage` of the gap between last year's income and a
//! regional line of `dibao_line_share × rural mean income`.

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
