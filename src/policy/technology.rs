//! Technology transfer: a recipient's sector productivity catches up towards its donors'
//! (pair-weighted mean) at `catch_up_rate × absorptive capacity`, where capacity is
//! `min(1, H_recipient / H_donors) × (1 + technician bonus)`.

use super::plan::{Pair, YearPlan};
use crate::scenario::TechnologyPolicy;
use crate::world::World;

/// Sets each recipient's technology frontier and catch-up rate for the year.
pub fn plan(world: &World, policy: &TechnologyPolicy, pairs: &[Pair], plan: &mut YearPlan) {
    if !policy.enabled {
        return;
    }
    let regions = world.regions.len();
    let mut frontier = vec![[0.0f64; 2]; regions];
    let mut donor_human_capital = vec![0.0f64; regions];
    let mut weight = vec![0.0f64; regions];
    for pair in pairs {
        let donor = &world.regions[pair.donor];
        for (target, productivity) in frontier[pair.recipient].iter_mut().zip(donor.productivity) {
            *target += pair.weight * productivity;
        }
        donor_human_capital[pair.recipient] += pair.weight * donor.human_capital;
        weight[pair.recipient] += pair.weight;
    }
    for (index, region) in world.regions.iter().enumerate() {
        if weight[index] <= 0.0 {
            continue;
        }
        let relative = (region.human_capital * weight[index] / donor_human_capital[index]).min(1.0);
        let capacity = relative * (1.0 + region.absorption_bonus);
        let entry = &mut plan.regions[index];
        entry.technology_frontier = [
            frontier[index][0] / weight[index],
            frontier[index][1] / weight[index],
        ];
        entry.technology_rate = policy.catch_up_rate * capacity;
    }
}
