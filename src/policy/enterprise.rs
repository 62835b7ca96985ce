//! Enterprise investment (government–enterprise cooperation, "enterprise common-prosperity
//! value investment"). Each year every eastern enterprise with paired recipients invests
//! `investment_rate × capital` in one of them (chosen by pair weight) when
//! `(1 − v)·paired_return/(1 − subsidy) + v·social_return > (1 − v)·home_return`,
//! where `v` is its value-investment preference. Invested capital raises the recipient's
//! productivity and pays `low_income_wage_share × paired_return × capital` a year in wages to
//! low-income rural households.

use super::{Pair, YearPlan, pick, transfers::target_rural};
use crate::engine::rng::{Purpose, stream, two_units};
use crate::scenario::EnterprisePolicy;
use crate::world::World;

/// Whether an enterprise with preference `v` invests in a paired region.
pub fn prefers_paired(policy: &EnterprisePolicy, v: f64) -> bool {
    let private_paired = policy.paired_return / (1.0 - policy.subsidy_rate).max(1e-9);
    (1.0 - v) * private_paired + v * policy.social_return > (1.0 - v) * policy.home_return
}

/// Yearly investment decisions, capital depreciation and low-income wages.
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
    for region in world.regions.iter_mut() {
        region.enterprise_capital *= 1.0 - depreciation;
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
        world.regions[home].flows.enterprise_investment_out += amount;
        let target = &mut world.regions[recipient as usize];
        target.flows.enterprise_investment_in += amount;
        target.enterprise_capital += amount;
    }
    for (index, region) in world.regions.iter_mut().enumerate() {
        let wages = policy.low_income_wage_share * policy.paired_return * region.enterprise_capital;
        if wages > 0.0 && target_rural(region, wages, 1.0, &mut plan.regions[index]) {
            region.flows.enterprise_wages += wages;
        }
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
