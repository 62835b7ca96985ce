//! Enterprise investment (government–enterprise cooperation, "enterprise common-prosperity
//! value investment"). Each year every eastern enterprise with paired recipients invests
//! `investment_rate × capital` in one of them (chosen by pair weight) when
//! `(1 − v)·paired_return/(1 − subsidy) + v·social_return > (1 − v)·home_return`,
//! where `v` is its value-investment preference. Its home government pays `subsidy_rate` of
//! the investment. Invested capital raises the recipient's productivity, pays
//! `low_income_wage_share × paired_return × capital` a year in wages to low-income rural
//! households, and the rest of its return is repatriated as profit to the firm's home region.
//! Firm capital follows the home region's revenue; preferences follow the policy in force.

use super::plan::{Pair, YearPlan};
use super::support::target_rural;
use crate::scenario::EnterprisePolicy;
use crate::world::rng::{Purpose, stream, two_units};
use crate::world::{World, pick};

/// Whether an enterprise with preference `v` invests in a paired region.
pub fn prefers_paired(policy: &EnterprisePolicy, v: f64) -> bool {
    let private_paired = policy.paired_return / (1.0 - policy.subsidy_rate).max(1e-9);
    (1.0 - v) * private_paired + v * policy.social_return > (1.0 - v) * policy.home_return
}

/// Yearly firm capital and preferences, capital depreciation, investment decisions with their
/// subsidies, low-income wages, and profits (repatriated and total).
#[allow(clippy::too_many_arguments)]
pub fn invest(
    world: &mut World,
    policy: &EnterprisePolicy,
    pairs: &[Pair],
    depreciation: f64,
    seed: u64,
    replicate: u32,
    year_index: u32,
    plan: &mut YearPlan,
) {
    // This year's capital (grown with the home region's revenue) and preferences.
    let revenue: Vec<f64> = world.regions.iter().map(|r| r.fiscal_revenue).collect();
    world.enterprises.refresh(
        policy.capital_to_revenue,
        &revenue,
        policy.value_preference_mean,
        policy.value_preference_sd,
    );
    for region in world.regions.iter_mut() {
        region.enterprise_capital *= 1.0 - depreciation;
    }
    for stake in world.enterprises.stake.iter_mut() {
        *stake *= 1.0 - depreciation;
    }
    // One uniform per enterprise per year, drawn whatever the decision (common random numbers).
    let mut rng = stream(seed, replicate, Purpose::Investment, year_index, 0);
    let regions = world.regions.len();
    let mut tables: Vec<Vec<(f64, u16)>> = vec![Vec::new(); regions];
    for pair in pairs {
        let table = &mut tables[pair.donor];
        let cumulative = table.last().map_or(0.0, |(c, _)| *c) + pair.weight;
        table.push((cumulative, pair.recipient as u16));
    }
    for e in 0..world.enterprises.len() {
        let (u, _) = two_units(&mut rng);
        if !policy.enabled {
            continue;
        }
        let home = world.enterprises.home[e] as usize;
        let Some(recipient) = pick(&tables[home], u) else {
            continue;
        };
        if !prefers_paired(policy, world.enterprises.preference[e]) {
            continue;
        }
        let amount = policy.investment_rate * world.enterprises.capital[e];
        world.enterprises.stake[e] += amount;
        let donor = &mut world.regions[home].flows;
        donor.enterprise_investment_out += amount;
        donor.enterprise_subsidy += policy.subsidy_rate * amount;
        let target = &mut world.regions[recipient as usize];
        target.flows.enterprise_investment_in += amount;
        target.enterprise_capital += amount;
    }
    // The return on capital in paired regions: a share as wages to low-income households, the
    // rest repatriated as profit to the owners' home regions.
    let profit_share = 1.0 - policy.low_income_wage_share;
    for (index, region) in world.regions.iter_mut().enumerate() {
        let wages = policy.low_income_wage_share * policy.paired_return * region.enterprise_capital;
        if wages > 0.0 && target_rural(region, wages, 1.0, &mut plan.regions[index]) {
            region.flows.enterprise_wages += wages;
        }
        region.flows.profits_out += profit_share * policy.paired_return * region.enterprise_capital;
    }
    let enterprises = &world.enterprises;
    for e in 0..enterprises.len() {
        let home = &mut world.regions[enterprises.home[e] as usize].flows;
        let repatriated = profit_share * policy.paired_return * enterprises.stake[e];
        home.profits_in += repatriated;
        home.enterprise_profits += policy.home_return * enterprises.capital[e] + repatriated;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preference_tips_the_decision() {
        let policy = EnterprisePolicy::default();
        assert!(
            !prefers_paired(&policy, 0.0),
            "a purely private firm stays home"
        );
        assert!(prefers_paired(&policy, 0.5), "a value investor goes west");
        let no_subsidy = EnterprisePolicy {
            subsidy_rate: 0.0,
            ..policy.clone()
        };
        let threshold = |p: &EnterprisePolicy| {
            (0..=1000)
                .map(|i| i as f64 / 1000.0)
                .find(|v| prefers_paired(p, *v))
                .unwrap()
        };
        assert!(
            threshold(&no_subsidy) > threshold(&policy),
            "a subsidy lowers the preference needed"
        );
    }
}
