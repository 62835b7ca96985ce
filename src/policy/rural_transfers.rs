//! Rural pensions and subsidies (docs/MODEL.md 7.11): the basic pension of urban and rural
//! residents, the farm subsidies and the other public transfers that reach every rural
//! household, not the poor alone. Not an East–West mechanism: part of the secondary
//! distribution against which the levers are measured, and the transfer income that grew
//! fastest in rural China after 2015.
//!
//! Every registered rural person receives [`per_person`] a year at the year end, like property
//! income (`engine::schedule`), and synthesis pays the start year's amount the same way
//! (`synthesis::calibrate::unearned`). [`settle`] books who paid: the central government pays
//! [`central_share`] of each province's amount, its local government the rest.

use crate::scenario::{RedistributionPolicy, Zone};
use crate::world::{RURAL, World};

/// What one registered rural person receives in a year `years` after the start year (0 for the
/// start year itself), at national income per capita `cost_index` times its start-year value:
/// `rural_transfers × cost_index × (1 + rural_transfers_growth)^years`, yuan a year; 0 when
/// redistribution is off.
pub fn per_person(policy: &RedistributionPolicy, years: i32, cost_index: f64) -> f64 {
    if !policy.enabled {
        return 0.0;
    }
    policy.rural_transfers * cost_index * (1.0 + policy.rural_transfers_growth).powi(years)
}

/// The share of a province's rural pensions and subsidies the central government pays: the
/// basic pension is paid in full by the centre in the central and western provinces and half in
/// the eastern ones (国发〔2014〕8号).
pub fn central_share(policy: &RedistributionPolicy, zone: Zone) -> f64 {
    match zone {
        Zone::East => policy.rural_transfers_central_share_east,
        _ => policy.rural_transfers_central_share_other,
    }
}

/// Records the year's rural pensions and subsidies of each region, `per_person` × its
/// registered rural persons (summed at the year end), and who paid them: `central_share` of it
/// the central government, out of its net financial wealth (it borrows, as for the dibao), the
/// rest the region's government, out of its general revenue. Sets `rural_transfers` and
/// `rural_transfers_central` of the regions' flows.
pub fn settle(world: &mut World, policy: &RedistributionPolicy, per_person: f64) {
    let World {
        regions, stocks, ..
    } = world;
    for region in regions.iter_mut() {
        let amount = per_person * region.registered[RURAL];
        let central = central_share(policy, region.zone) * amount;
        region.flows.rural_transfers = amount;
        region.flows.rural_transfers_central = central;
        stocks.central -= central;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixture;

    #[test]
    fn the_amount_follows_the_cost_index_and_grows_on_top_of_it() {
        let policy = RedistributionPolicy {
            rural_transfers: 800.0,
            rural_transfers_growth: 0.05,
            ..RedistributionPolicy::default()
        };
        assert_eq!(per_person(&policy, 0, 1.0), 800.0);
        // Two years on at a cost index of 1.2: 800 · 1.2 · 1.05² = 1,058.4.
        assert!((per_person(&policy, 2, 1.2) - 1058.4).abs() < 1e-9);
        let off = RedistributionPolicy {
            enabled: false,
            ..policy
        };
        assert_eq!(per_person(&off, 2, 1.2), 0.0);
        let none = RedistributionPolicy {
            rural_transfers: 0.0,
            ..policy
        };
        assert_eq!(per_person(&none, 3, 1.5), 0.0);
    }

    #[test]
    fn the_centre_pays_half_in_the_east_and_all_elsewhere() {
        let mut world = fixture::world(
            vec![
                fixture::region("E", Zone::East),
                fixture::region("W", Zone::West),
                fixture::region("N", Zone::Northeast),
            ],
            1e4,
        );
        for (region, registered) in world.regions.iter_mut().zip([1e6, 3e6, 2e6]) {
            region.registered[RURAL] = registered;
        }
        let central_before = world.stocks.central;
        let policy = RedistributionPolicy::default();
        // 100 yuan per registered rural person: 1e8, 3e8 and 2e8 yuan.
        settle(&mut world, &policy, 100.0);
        let flows = |r: usize| {
            let f = &world.regions[r].flows;
            (f.rural_transfers, f.rural_transfers_central)
        };
        assert_eq!(flows(0), (1e8, 5e7));
        assert_eq!(flows(1), (3e8, 3e8));
        assert_eq!(flows(2), (2e8, 2e8));
        assert_eq!(central_before - world.stocks.central, 5.5e8);
    }
}
