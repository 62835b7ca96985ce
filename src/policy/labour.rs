//! Labour cooperation: organised placement of western rural workers in donor regions at a
//! lower migration cost, next to spontaneous migration towards eastern cities.

use super::{Pair, YearPlan};
use crate::scenario::{EconomySpec, LabourPolicy};
use crate::world::{World, east_destinations};

/// Builds the destination tables and placement rates for the year.
pub fn plan(
    world: &World,
    policy: &LabourPolicy,
    economy: &EconomySpec,
    pairs: &[Pair],
    plan: &mut YearPlan,
) {
    // Spontaneous migration goes to eastern regions in proportion to their urban population.
    east_destinations(&world.regions, &mut plan.spontaneous_destinations);
    plan.remittance_share = policy.remittance_share;
    plan.placement_cost = economy.migration_cost * (1.0 - policy.cost_reduction);
    plan.placement_destinations.clear();
    if !policy.enabled {
        return;
    }
    for (index, entry) in plan.regions.iter_mut().enumerate() {
        let start = plan.placement_destinations.len() as u32;
        let mut cumulative = 0.0;
        for pair in pairs.iter().filter(|p| p.recipient == index) {
            cumulative += pair.weight;
            plan.placement_destinations
                .push((cumulative, pair.donor as u16));
        }
        let end = plan.placement_destinations.len() as u32;
        entry.placement_range = (start, end);
        if end > start {
            entry.placement_rate = policy.placement_rate;
        }
    }
}
