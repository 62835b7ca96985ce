//! Fiscal transfers: central equalising transfers, the central poverty fund, and east → west
//! paired aid with leakage and the recipient's allocation (docs/MODEL.md 7.3). Every yuan is
//! booked from its payer to its receiver; what a government pays out comes out of its own
//! services (`RegionPlan::services_spending`), what it receives for services adds to them.

use super::plan::{Allocation, Pair, RegionPlan, YearPlan};
use super::support::target_rural;
use crate::scenario::{EconomySpec, TransfersPolicy, Zone};
use crate::world::accounts::{Accounts, Flow, Unit};
use crate::world::{RURAL, Region, World};

/// The central pool's net transfer to each region (received − paid, yuan) at `share` of all
/// regions' fiscal revenue: the pool goes to regions whose revenue per capita is below the
/// national mean, in proportion to `population × (mean − own)`; every region pays `share` of
/// its revenue. Returns `(paid, received)` per region.
pub fn central_flows(regions: &[Region], share: f64) -> Vec<(f64, f64)> {
    let revenue: f64 = regions.iter().map(|r| r.fiscal_revenue).sum();
    let population: f64 = regions.iter().map(|r| r.population_total()).sum();
    let mean_capacity = revenue / population;
    let needs: Vec<f64> = regions
        .iter()
        .map(|r| {
            r.population_total()
                * (mean_capacity - r.fiscal_revenue / r.population_total()).max(0.0)
        })
        .collect();
    let total_need: f64 = needs.iter().sum();
    let pool = share * revenue;
    regions
        .iter()
        .zip(&needs)
        .map(|(region, need)| {
            let paid = share * region.fiscal_revenue;
            let received = if total_need > 0.0 {
                pool * need / total_need
            } else {
                paid
            };
            (paid, received)
        })
        .collect()
}

/// Central equalising transfers. Every region's government pays `central_transfer_share` of its
/// fiscal revenue into the central pool; the centre pays the pool out by need
/// ([`central_flows`]). The start year's services already reflect the start year's transfers
/// (`Region::central_net_start`, their net as a share of revenue), so a government's services
/// move by the change in its net transfer relative to that share: with the lever on and its
/// share unchanged they stay where the data put them, and switching it off takes the start
/// year's net transfer away (a net payer gains, a net recipient loses). Money is conserved:
/// pool in = pool out.
pub fn central(world: &mut World, policy: &TransfersPolicy, plan: &mut YearPlan) {
    let enabled = policy.enabled && policy.central_transfer_share > 0.0;
    let flows = if enabled {
        central_flows(&world.regions, policy.central_transfer_share)
    } else {
        vec![(0.0, 0.0); world.regions.len()]
    };
    let World {
        regions, accounts, ..
    } = world;
    for (index, (region, (paid, received))) in regions.iter_mut().zip(flows).enumerate() {
        let start = region.central_net_start * region.fiscal_revenue;
        plan.regions[index].services_spending += received - paid - start;
        if !enabled {
            continue;
        }
        let government = Unit::Government(index as u16);
        accounts.book(Flow::CentralContribution, government, Unit::Central, paid);
        accounts.book(Flow::CentralTransfer, Unit::Central, government, received);
        region.flows.central_transfer_out += paid;
        region.flows.central_transfer_in += received;
        if received > paid {
            let used = Unit::FinalUse(index as u16);
            accounts.book(Flow::PublicServices, government, used, received - paid);
        }
    }
}

/// Paired aid. Each donor sends `paired_aid_share × effort × revenue` (with `paired_aid_floor`
/// on, at least its last year's aid × (1 + `paired_aid_growth_floor`)) split over its active
/// recipients by pair weight, out of its own services. A recipient loses `leakage_rate × (1 −
/// governance)` of what arrives and allocates the rest by `allocation`: direct support to last
/// year's poor rural residents (the non-poor get the mis-targeted part `1 − governance`),
/// public services, industry (public capital) and ecology.
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
        plan.regions[pair.donor].services_spending -= amount;
        let (donor, recipient) = (pair.donor as u16, pair.recipient as u16);
        world.accounts.book(
            Flow::PairedAid,
            Unit::Government(donor),
            Unit::Government(recipient),
            amount,
        );
    }
    let World {
        regions, accounts, ..
    } = world;
    for (index, amount) in received.iter().enumerate() {
        if *amount <= 0.0 {
            continue;
        }
        let region = &mut regions[index];
        region.flows.paired_aid_in += amount;
        let entry = &mut plan.regions[index];
        region.flows.aid_leakage +=
            spend(region, index, *amount, policy, allocation, entry, accounts);
    }
}

/// Central special poverty fund (中央财政专项扶贫资金 of the 2016–2020 campaign, continued as
/// the rural-revitalisation linking fund). Every region's government pays `poverty_fund_share`
/// of its fiscal revenue to the centre, out of its services; the centre pays the fund to the
/// regions outside the east zone in proportion to their rural residents registered for targeted
/// support. Each loses leakage as with paired aid and spends `poverty_fund_direct_share` of the
/// rest as targeted support to rural residents and the rest on industry and infrastructure
/// (public capital). With nobody registered outside the east, nothing is collected.
pub fn poverty_fund(world: &mut World, policy: &TransfersPolicy, plan: &mut YearPlan) {
    if !policy.enabled || policy.poverty_fund_share <= 0.0 {
        return;
    }
    let need = |region: &Region| {
        if region.zone == Zone::East {
            0.0
        } else {
            region.targeted[RURAL]
        }
    };
    let total_need: f64 = world.regions.iter().map(need).sum();
    if total_need <= 0.0 {
        return;
    }
    let revenue: f64 = world.regions.iter().map(|r| r.fiscal_revenue).sum();
    let fund = policy.poverty_fund_share * revenue;
    let use_of_fund = Allocation {
        direct_support: policy.poverty_fund_direct_share,
        public_services: 0.0,
        industry: 1.0 - policy.poverty_fund_direct_share,
        ecology: 0.0,
    };
    let World {
        regions, accounts, ..
    } = world;
    for (index, (region, entry)) in regions.iter_mut().zip(plan.regions.iter_mut()).enumerate() {
        let paid = policy.poverty_fund_share * region.fiscal_revenue;
        let government = Unit::Government(index as u16);
        accounts.book(
            Flow::PovertyFundContribution,
            government,
            Unit::Central,
            paid,
        );
        region.flows.poverty_fund_out += paid;
        entry.services_spending -= paid;
        let amount = fund * need(region) / total_need;
        if amount > 0.0 {
            accounts.book(Flow::PovertyFund, Unit::Central, government, amount);
            region.flows.poverty_fund_in += amount;
            region.flows.poverty_fund_leakage +=
                spend(region, index, amount, policy, &use_of_fund, entry, accounts);
        }
    }
}

/// How a recipient government spends fiscal aid of `amount` yuan (paired aid or the poverty
/// fund): `leakage_rate × (1 − governance)` of it leaks (lost, booked as a final use), and the
/// rest is split by `allocation` into direct support to rural residents (targeted with accuracy =
/// governance), public services, industry (public capital) and ecology. Returns the leakage.
fn spend(
    region: &mut Region,
    index: usize,
    amount: f64,
    policy: &TransfersPolicy,
    allocation: &Allocation,
    plan: &mut RegionPlan,
    accounts: &mut Accounts,
) -> f64 {
    let (government, used) = (Unit::Government(index as u16), Unit::FinalUse(index as u16));
    let leakage = amount * policy.leakage_rate * (1.0 - region.governance);
    let usable = amount - leakage;
    let direct = usable * allocation.direct_support;
    let mut services = usable * allocation.public_services;
    if target_rural(region, direct, region.governance, plan) {
        region.flows.direct_support += direct;
        let households = Unit::HouseholdsRural(index as u16);
        accounts.book(Flow::DirectSupport, government, households, direct);
    } else {
        // No rural residents to support: the direct-support share goes to public services.
        services += direct;
    }
    plan.services_spending += services;
    plan.ecology_spending += usable * allocation.ecology;
    region.public_capital += usable * allocation.industry;
    accounts.book(Flow::AidLeakage, government, used, leakage);
    accounts.book(Flow::PublicServices, government, used, services);
    accounts.book(Flow::Ecology, government, used, usable * allocation.ecology);
    accounts.book(
        Flow::PublicInvestment,
        government,
        used,
        usable * allocation.industry,
    );
    leakage
}

/// The earnings of the year from each region's public capital, as a share of its earnings at
/// home last year, added to its wage factor: `labour_share × public_capital_return × Kp`.
pub fn public_capital_gain(
    world: &World,
    policy: &TransfersPolicy,
    economy: &EconomySpec,
    plan: &mut YearPlan,
) {
    for (region, entry) in world.regions.iter().zip(plan.regions.iter_mut()) {
        let earnings = economy.labour_share * policy.public_capital_return * region.public_capital;
        entry.earnings_gain += region.earnings_share(earnings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
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
        let split = Allocation {
            direct_support: 0.25,
            public_services: 0.25,
            industry: 0.25,
            ecology: 0.25,
        };
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

    #[test]
    fn the_poverty_fund_follows_the_registered_poor_outside_the_east() {
        // Three regions with fiscal revenue 4e9 each; 50 registered rural poor in East, 300 in
        // West, 100 in Central; governance 0.6.
        let mut world = fixture::east_west_central();
        for (region, poor) in world.regions.iter_mut().zip([50.0, 300.0, 100.0]) {
            region.targeted[RURAL] = poor;
        }
        let policy = TransfersPolicy {
            poverty_fund_share: 0.01,
            poverty_fund_direct_share: 0.1,
            ..TransfersPolicy::default()
        };
        let mut plan = YearPlan::idle(3);
        poverty_fund(&mut world, &policy, &mut plan);
        // Fund 0.01 · 1.2e10 = 1.2e8, each region pays 4e7; West gets 3/4, Central 1/4.
        let flows: Vec<_> = world.regions.iter().map(|r| r.flows).collect();
        assert!(
            flows
                .iter()
                .all(|f| (f.poverty_fund_out - 4e7).abs() < 1e-6)
        );
        assert_eq!(flows[0].poverty_fund_in, 0.0);
        assert!((flows[1].poverty_fund_in - 9e7).abs() < 1e-6);
        assert!((flows[2].poverty_fund_in - 3e7).abs() < 1e-6);
        // West: leakage 0.2 · (1 − 0.6) = 8 %; of the usable 8.28e7, 10 % is direct support and
        // 90 % public capital.
        assert!((flows[1].poverty_fund_leakage - 7.2e6).abs() < 1e-6);
        assert!((flows[1].direct_support - 8.28e6).abs() < 1e-6);
        assert!((world.regions[1].public_capital - 0.9 * 8.28e7).abs() < 1e-6);
        assert_eq!(flows[1].aid_leakage, 0.0, "paired aid's leakage is apart");
        // Registered poor in the east only: nothing is collected.
        for region in world.regions.iter_mut() {
            region.flows = Default::default();
            region.targeted[RURAL] = if region.zone == Zone::East { 50.0 } else { 0.0 };
        }
        poverty_fund(&mut world, &policy, &mut YearPlan::idle(3));
        assert!(
            world
                .regions
                .iter()
                .all(|r| r.flows.poverty_fund_out == 0.0)
        );
    }
}
