//! Consumption assistance: donors buy recipients' rural products worth `purchase_share` of
//! their fiscal revenue (split by pair weight); `income_margin` of the value reaches the
//! recipient's rural households, per person.

use super::plan::{Pair, YearPlan};
use crate::scenario::ConsumptionPolicy;
use crate::world::{RURAL, World};

/// Purchases of the year and the rural income they create.
pub fn purchase(
    world: &mut World,
    policy: &ConsumptionPolicy,
    pairs: &[Pair],
    plan: &mut YearPlan,
) {
    if !policy.enabled {
        return;
    }
    let mut donor_weight = vec![0.0; world.regions.len()];
    for pair in pairs {
        donor_weight[pair.donor] += pair.weight;
    }
    for pair in pairs {
        let recipient_rural = world.regions[pair.recipient].population[RURAL];
        if recipient_rural <= 0.0 {
            continue;
        }
        let amount = policy.purchase_share * world.regions[pair.donor].fiscal_revenue * pair.weight
            / donor_weight[pair.donor];
        world.regions[pair.donor].flows.consumption_out += amount;
        world.regions[pair.recipient].flows.consumption_in += amount;
        plan.regions[pair.recipient].support_rural +=
            policy.income_margin * amount / recipient_rural;
    }
}
