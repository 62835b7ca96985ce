//! Relocation of the registered poor (易地扶贫搬迁, docs/MODEL.md 7.15): the poverty campaign's
//! resettlement of households on the poverty register (建档立卡, `EVER_POOR`) out of places
//! "where the land cannot support its people", 2016–2020. Not an East–West mechanism: part of
//! the national campaign against which the levers are measured.
//!
//! Each year's programme resettles `relocation_persons` persons on the register, of whom
//! `relocation_town_share` in towns and county seats: those become urban residents of their
//! province, and are chosen among the year's urbanising households (`engine::urbanisation`), so
//! the fitted urban share is unchanged while who urbanises changes. The rest are resettled in
//! villages, which the model does not follow beyond their cost. The programme works outside the
//! east zone ([`eligible`]), like the central poverty fund: the plan's 9.81 million were 6.64
//! million in the west, 2.96 million in the centre and 0.21 million in the east. Every household
//! at home on the register of an eligible region has the same [`town_chance`] and converts by
//! [`register_chance`]; the other households at home urbanise with [`others_chance`], so that
//! each region's expected new urban residents stay its fitted rate. [`settle`] books the cost: `relocation_cost` per resettled
//! person (indexed), the centre paying `relocation_central_share` and the province the rest.
//! With `redistribution.enabled = false` there is no programme.

use crate::scenario::{RedistributionPolicy, Zone};
use crate::world::World;

/// Whether the programme resettles households of a region of `zone`: every zone but the east.
pub fn eligible(zone: Zone) -> bool {
    zone != Zone::East
}

/// The chance that a household at home on the poverty register of an eligible region is
/// resettled in a town this year, when the persons at home on the registers of the eligible
/// regions are `on_register`: the year's town resettlements over them, at most 1 (0 without a
/// programme or without anyone on the register).
pub fn town_chance(policy: &RedistributionPolicy, on_register: f64) -> f64 {
    let to_towns = town_persons(policy);
    if to_towns > 0.0 && on_register > 0.0 {
        (to_towns / on_register).min(1.0)
    } else {
        0.0
    }
}

/// The persons the year's programme resettles in towns: `relocation_persons` ×
/// `relocation_town_share`, 0 when redistribution is off.
fn town_persons(policy: &RedistributionPolicy) -> f64 {
    if policy.enabled {
        policy.relocation_persons * policy.relocation_town_share
    } else {
        0.0
    }
}

/// The chance that a household at home that is not resettled becomes urban, in a region whose
/// urbanisation chance is `chance`, with `at_home` rural persons at home of whom `on_register`
/// are on the register, when a household on the register is resettled in a town with `town`:
/// the chance that keeps the region's expected converts at `chance` × `at_home`,
/// `(chance · at_home − town · on_register) / (at_home − town · on_register)`, at least 0 (the
/// region then urbanises faster than its rate). Exactly `chance` without resettlement there.
pub fn others_chance(chance: f64, at_home: f64, on_register: f64, town: f64) -> f64 {
    if town <= 0.0 || on_register <= 0.0 {
        return chance;
    }
    let resettled = town * on_register;
    let rest = at_home - resettled;
    if rest > 0.0 {
        ((chance * at_home - resettled) / rest).max(0.0)
    } else {
        0.0
    }
}

/// The chance that a household at home on the register becomes urban, in a region whose
/// other households convert with `others` and whose persons on the register are `on_register`:
/// resettled below `town`, and converting like the others in the rest of the unit interval,
/// `town + (1 − town) · others`; exactly `others` without resettlement there.
pub fn register_chance(others: f64, on_register: f64, town: f64) -> f64 {
    if town > 0.0 && on_register > 0.0 {
        town + (1.0 - town) * others
    } else {
        others
    }
}

/// Books the year's resettlement of each region (after the year's flows were reset): the
/// persons the programme resettled there, towns and villages, `relocation_persons` shared by
/// the regions' persons at home on the register `on_register` — scaled down when the towns'
/// share could not be found among them (`town` = 1) and never more than are on the registers —
/// their cost at `relocation_cost` × `cost_index` a person, and the centre's part of it (out
/// of its net financial wealth, like its other payments). Sets `relocated`, `relocation` and
/// `relocation_central` of the regions' flows.
pub fn settle(
    world: &mut World,
    policy: &RedistributionPolicy,
    on_register: &[f64],
    town: f64,
    cost_index: f64,
) {
    let total: f64 = on_register.iter().sum();
    if !policy.enabled || policy.relocation_persons <= 0.0 || total <= 0.0 {
        return;
    }
    let to_towns = town_persons(policy);
    let towns_met = if to_towns > 0.0 {
        town * total / to_towns
    } else {
        1.0
    };
    let met = towns_met.min(total / policy.relocation_persons);
    let World {
        regions, stocks, ..
    } = world;
    for (region, &on_register) in regions.iter_mut().zip(on_register) {
        let persons = policy.relocation_persons * met * on_register / total;
        let amount = persons * policy.relocation_cost * cost_index;
        let central = policy.relocation_central_share * amount;
        region.flows.relocated = persons;
        region.flows.relocation = amount;
        region.flows.relocation_central = central;
        stocks.central -= central;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
    use crate::world::fixture;

    fn programme(persons: f64) -> RedistributionPolicy {
        RedistributionPolicy {
            relocation_persons: persons,
            relocation_town_share: 0.5,
            relocation_cost: 60_000.0,
            relocation_central_share: 0.25,
            ..RedistributionPolicy::default()
        }
    }

    #[test]
    fn the_town_chance_is_the_towns_share_over_the_register_at_home() {
        // 2 million resettled, half in towns, among 10 million registered at home: 0.1.
        assert_eq!(town_chance(&programme(2e6), 1e7), 0.1);
        assert_eq!(town_chance(&programme(4e7), 1e7), 1.0, "at most 1");
        assert_eq!(town_chance(&programme(0.0), 1e7), 0.0, "no programme");
        assert_eq!(town_chance(&programme(2e6), 0.0), 0.0, "nobody registered");
        let off = RedistributionPolicy {
            enabled: false,
            ..programme(2e6)
        };
        assert_eq!(town_chance(&off, 1e7), 0.0, "redistribution off");
    }

    #[test]
    fn the_others_make_up_the_regions_rate() {
        // 1,000 at home, 200 registered, chance 0.05 (50 converts); 0.1 of the registered
        // resettle (20), so 30 of the other 980 expected persons convert.
        let others = others_chance(0.05, 1000.0, 200.0, 0.1);
        assert!((others - 30.0 / 980.0).abs() < 1e-15);
        let expected = 0.1 * 200.0 + others * (1000.0 - 0.1 * 200.0);
        assert!((expected - 50.0).abs() < 1e-12);
        for ((chance, at_home, registered, town), expected, case) in [
            ((0.05, 1000.0, 200.0, 0.0), 0.05, "exact without it"),
            ((0.05, 1000.0, 0.0, 0.1), 0.05, "nobody registered"),
            ((0.01, 1000.0, 500.0, 0.1), 0.0, "faster than the rate"),
            ((0.05, 100.0, 100.0, 1.0), 0.0, "everyone resettled"),
        ] {
            assert_eq!(
                others_chance(chance, at_home, registered, town),
                expected,
                "{case}"
            );
        }
    }

    #[test]
    fn the_register_converts_by_the_town_chance_then_like_the_others() {
        // 0.1 resettled, then 0.03 of the other 0.9: 0.127.
        assert!((register_chance(0.03, 200.0, 0.1) - 0.127).abs() < 1e-15);
        assert_eq!(register_chance(0.03, 200.0, 0.0), 0.03, "no resettlement");
        assert_eq!(
            register_chance(0.03, 0.0, 0.1),
            0.03,
            "nobody on the register"
        );
    }

    #[test]
    fn the_cost_follows_the_register_and_the_centre_pays_its_share() {
        let mut world = fixture::world(
            vec![
                fixture::region("A", Zone::West),
                fixture::region("B", Zone::Central),
            ],
            1e4,
        );
        let central_before = world.stocks.central;
        // 1 million resettled (0.5 million in towns) among 2.5 million registered at home,
        // 2 million of them in A: the town chance is 0.2, the whole plan is met.
        let policy = programme(1e6);
        let town = town_chance(&policy, 2.5e6);
        assert_eq!(town, 0.2);
        settle(&mut world, &policy, &[2e6, 5e5], town, 1.5);
        let flows = |r: usize| {
            let f = &world.regions[r].flows;
            (f.relocated, f.relocation, f.relocation_central)
        };
        // A: 0.8 million persons × 60,000 × 1.5 = 7.2e10 yuan, a quarter of it central.
        assert_eq!(flows(0), (8e5, 7.2e10, 1.8e10));
        assert_eq!(flows(1), (2e5, 1.8e10, 4.5e9));
        assert_eq!(central_before - world.stocks.central, 2.25e10);
        // A register too small for the towns' share: 0.5 million to towns among 0.25
        // million on the register, so a quarter of the plan is met.
        let mut small = fixture::world(vec![fixture::region("A", Zone::West)], 1e4);
        let town = town_chance(&policy, 2.5e5);
        assert_eq!(town, 1.0);
        settle(&mut small, &policy, &[2.5e5], town, 1.0);
        assert_eq!(
            small.regions[0].flows.relocated, 2.5e5,
            "no more than are on the register"
        );
        // 0.6 million on the register: the towns' 0.5 million are found (chance 5/6), and the
        // whole plan of 1 million would exceed the register, so 0.6 million are resettled.
        let mut mid = fixture::world(vec![fixture::region("A", Zone::West)], 1e4);
        let town = town_chance(&policy, 6e5);
        settle(&mut mid, &policy, &[6e5], town, 1.0);
        assert!((mid.regions[0].flows.relocated - 6e5).abs() < 1e-6);
    }
}
