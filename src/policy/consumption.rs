//! Consumption assistance (docs/MODEL.md 7.8): donors buy recipients' rural products worth
//! `purchase_share` of their fiscal revenue (split by pair weight). Only two parts of a purchase
//! are a gain to the sellers: the price premium paid over the market price (`price_premium`,
//! the lever's cost, out of the buyer's services), and the income margin on the sales that are
//! additional (`sales_additionality`): the rest of the purchases displaces sales the sellers
//! would have made anyway. Both gains are paid to the recipient's rural residents, per person.

use super::plan::{Pair, YearPlan};
use crate::scenario::ConsumptionPolicy;
use crate::world::accounts::{Flow, Unit};
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
        let recipient_rural = world.regions[pair.recipient].registered[RURAL];
        if recipient_rural <= 0.0 {
            continue;
        }
        let amount = policy.purchase_share * world.regions[pair.donor].fiscal_revenue * pair.weight
            / donor_weight[pair.donor];
        world.regions[pair.donor].flows.consumption_out += amount;
        world.regions[pair.recipient].flows.consumption_in += amount;
        let premium = policy.price_premium * amount;
        let sales = policy.sales_additionality * policy.income_margin * amount;
        plan.regions[pair.recipient].support_rural += (premium + sales) / recipient_rural;
        plan.regions[pair.donor].services_spending -= premium;
        let (buyer, sellers) = (
            Unit::Government(pair.donor as u16),
            Unit::HouseholdsRural(pair.recipient as u16),
        );
        world
            .accounts
            .book(Flow::ConsumptionPremium, buyer, sellers, premium);
        world
            .accounts
            .book(Flow::ConsumptionSales, buyer, sellers, sales);
    }
}
