//! Enterprise investment (government–enterprise cooperation, "enterprise common-prosperity
//! value investment"; docs/MODEL.md 7.6), and the profits and dividends of every region's firms.
//!
//! Each year every eastern enterprise with paired recipients invests `investment_rate ×
//! capital` in one of them (chosen by pair weight) when
//! `(1 − v)·paired_return/(1 − subsidy) + v·social_return > (1 − v)·home_return`, where `v` is
//! its value-investment preference. The investment is financed by the owners' saving and the
//! home government's subsidy (`subsidy_rate`, out of its services). The capital it builds in the
//! recipient adds `wage_additionality × labour_share × output_capital_ratio` yuan of net earnings
//! a year per yuan — `low_income_wage_share` of them as wages to low-income rural residents, the
//! rest as higher earnings in the region — and pays `paired_return` a year per yuan as profit to
//! its owners. [`distribute`] pays every region's firms' profits (their business at home and
//! their paired capital) to their owners as dividends, whether or not the lever is on.

use super::plan::{Pair, YearPlan};
use super::support::target_rural;
use crate::scenario::{EconomySpec, EnterprisePolicy};
use crate::world::accounts::{Flow, Unit};
use crate::world::rng::{Purpose, stream, two_units};
use crate::world::{RURAL, Region, URBAN, World, pick};

/// Whether an enterprise with preference `v` invests in a paired region.
pub fn prefers_paired(policy: &EnterprisePolicy, v: f64) -> bool {
    let private_paired = policy.paired_return / (1.0 - policy.subsidy_rate).max(1e-9);
    (1.0 - v) * private_paired + v * policy.social_return > (1.0 - v) * policy.home_return
}

/// The stream key of the year's investment draws: (seed, replicate, year index).
pub type DrawKey = (u64, u32, u32);

/// Yearly firm capital and preferences, capital depreciation, investment decisions with their
/// subsidies, the paired capital's earnings (targeted wages and the earnings gain), and the
/// profits of the year (at home and in paired regions) booked to their owners.
pub fn invest(
    world: &mut World,
    policy: &EnterprisePolicy,
    economy: &EconomySpec,
    pairs: &[Pair],
    (seed, replicate, year_index): DrawKey,
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
    let keep = 1.0 - economy.capital_depreciation;
    world.paired_capital.iter_mut().for_each(|k| *k *= keep);
    for region in world.regions.iter_mut() {
        region.enterprise_capital *= keep;
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
        if prefers_paired(policy, world.enterprises.preference[e]) {
            let amount = policy.investment_rate * world.enterprises.capital[e];
            book_investment(world, policy, home, recipient as usize, amount, plan);
        }
    }
    paired_earnings(world, policy, economy, plan);
    book_profits(world, policy, economy);
}

/// One firm's investment of `amount` from `home` in `recipient`, with its subsidy.
fn book_investment(
    world: &mut World,
    policy: &EnterprisePolicy,
    home: usize,
    recipient: usize,
    amount: f64,
    plan: &mut YearPlan,
) {
    let regions = world.regions.len();
    let subsidy = policy.subsidy_rate * amount;
    world.paired_capital[home * regions + recipient] += amount;
    let donor = &mut world.regions[home].flows;
    donor.enterprise_investment_out += amount;
    donor.enterprise_subsidy += subsidy;
    let target = &mut world.regions[recipient];
    target.flows.enterprise_investment_in += amount;
    target.enterprise_capital += amount;
    plan.regions[home].services_spending -= subsidy;
    let (firms, government) = (
        Unit::Enterprises(home as u16),
        Unit::Government(home as u16),
    );
    let accounts = &mut world.accounts;
    accounts.book(
        Flow::EnterpriseInvestment,
        firms,
        Unit::FinalUse(recipient as u16),
        amount,
    );
    accounts.book(Flow::EnterpriseSubsidy, government, firms, subsidy);
    world.stocks.enterprises[home] += subsidy - amount;
}

/// The net earnings the paired capital in each region adds this year: a share as wages to
/// low-income rural residents (through `target_rural`, all of it when the region has none to
/// target), the rest as a gain in the region's wage factor.
fn paired_earnings(
    world: &mut World,
    policy: &EnterprisePolicy,
    economy: &EconomySpec,
    plan: &mut YearPlan,
) {
    let per_yuan = policy.wage_additionality * economy.labour_share * economy.output_capital_ratio;
    let World {
        regions, accounts, ..
    } = world;
    for (index, region) in regions.iter_mut().enumerate() {
        let earnings = per_yuan * region.enterprise_capital;
        if earnings <= 0.0 {
            continue;
        }
        let wages = policy.low_income_wage_share * earnings;
        let entry = &mut plan.regions[index];
        let targeted = wages > 0.0 && target_rural(region, wages, 1.0, entry);
        let spread = if targeted {
            region.flows.enterprise_wages += wages;
            let (production, households) = (
                Unit::Production(index as u16),
                Unit::HouseholdsRural(index as u16),
            );
            accounts.book(Flow::EnterpriseWages, production, households, wages);
            earnings - wages
        } else {
            earnings
        };
        entry.earnings_gain += region.earnings_share(spread);
    }
}

/// The property income a region's business at home pays its owners in a year that starts from
/// last year's disposable incomes Y_s: `property_income_share_s` × Y_s × (1 +
/// `productivity_growth`), summed over the sectors. The shares are of the same year's income
/// (NBS's ratio, as synthesis pays them in the start year), which the year's path is expected
/// to reach from last year's; without the projection property income would lag a year's
/// growth (about 7 % too little).
pub fn property_income(economy: &EconomySpec, region: &Region) -> f64 {
    let last_year = economy.property_income_share_urban * region.income_total[URBAN]
        + economy.property_income_share_rural * region.income_total[RURAL];
    (1.0 + economy.productivity_growth) * last_year
}

/// The year's profits: every region's business at home pays its owners their property income
/// ([`property_income`]), and paired capital pays `paired_return` per yuan to the region that
/// owns it. Also each region's firm agents' profits (`home_return` × their capital, plus paired
/// profits), the base of their donations.
fn book_profits(world: &mut World, policy: &EnterprisePolicy, economy: &EconomySpec) {
    let regions = world.regions.len();
    let World {
        regions: agents,
        accounts,
        paired_capital,
        enterprises,
        ..
    } = world;
    for (owner, region) in agents.iter().enumerate() {
        let home = property_income(economy, region);
        let (production, firms) = (
            Unit::Production(owner as u16),
            Unit::Enterprises(owner as u16),
        );
        accounts.book(Flow::Profits, production, firms, home);
    }
    for owner in 0..regions {
        for location in 0..regions {
            let profit = policy.paired_return * paired_capital[owner * regions + location];
            if profit <= 0.0 {
                continue;
            }
            let firms = Unit::Enterprises(owner as u16);
            accounts.book(
                Flow::Profits,
                Unit::Production(location as u16),
                firms,
                profit,
            );
            agents[location].flows.profits_out += profit;
            agents[owner].flows.profits_in += profit;
            agents[owner].flows.enterprise_profits += profit;
        }
    }
    for e in 0..enterprises.len() {
        let home = &mut agents[enterprises.home[e] as usize].flows;
        home.enterprise_profits += policy.home_return * enterprises.capital[e];
    }
}

/// Pays each region's firms' profits of the year, less their donations, to their owners as
/// dividends: to the urban and rural households in proportion to their property income at
/// home (by income, then by persons, when both property shares are 0). Sets each region's `dividends` (paid to the households at the year's end) and its
/// `property_income` flow. Runs whether or not the lever is on.
pub fn distribute(world: &mut World, economy: &EconomySpec) {
    let World {
        regions, accounts, ..
    } = world;
    for (index, region) in regions.iter_mut().enumerate() {
        let firms = Unit::Enterprises(index as u16);
        let received = accounts.net_receipts_of(firms, |f| f == Flow::Profits);
        let donated = region.flows.enterprise_donations;
        // Owners by their property income at home; with none (both shares 0), by income, then
        // by persons: paired capital's profits are paid out even then, so the firms' stock
        // stays what they invested.
        let by_property = [
            economy.property_income_share_urban * region.income_total[URBAN],
            economy.property_income_share_rural * region.income_total[RURAL],
        ];
        let owners = [by_property, region.income_total, region.population]
            .into_iter()
            .find(|weights| weights.iter().sum::<f64>() > 0.0)
            .unwrap_or([0.0; 2]);
        let total: f64 = owners.iter().sum();
        region.dividends = [0.0; 2];
        if total <= 0.0 {
            continue;
        }
        let paid = received - donated;
        for sector in [URBAN, RURAL] {
            let amount = paid * owners[sector] / total;
            region.dividends[sector] = amount;
            accounts.book(
                Flow::Dividends,
                firms,
                Unit::households(index, sector),
                amount,
            );
        }
        region.flows.property_income = paid;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
    use crate::world::fixture;

    /// Last year's incomes of 1e9 (urban) and 2e8 (rural) yuan at shares 0.1 and 0.02 and a
    /// growth of 5 %: (0.1 · 1e9 + 0.02 · 2e8) · 1.05 = 1.092e8 yuan of property income.
    #[test]
    fn property_income_is_projected_to_its_year() {
        let mut region = fixture::region("R", Zone::West);
        region.income_total = [1e9, 2e8];
        let economy = EconomySpec {
            property_income_share_urban: 0.1,
            property_income_share_rural: 0.02,
            productivity_growth: 0.05,
            ..EconomySpec::default()
        };
        assert!((property_income(&economy, &region) - 1.092e8).abs() < 1e-3);
    }

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
