//! Planned support to registered rural persons, shared by the levers that pay it (fiscal aid and
//! the poverty fund, enterprise wages, charity): how a yearly amount is split over a region's
//! registered rural persons ([`target_rural`]), and what one of them receives per tick
//! ([`per_tick`]).
//! Consumption assistance and charity's untargeted share add to the per-person rate directly.

use super::plan::RegionPlan;
use crate::world::households::TARGETED;
use crate::world::{RURAL, Region};

/// Targeted payments to a poor person are capped at this multiple of the region's rural mean
/// income a year, so that a few remaining poor households never absorb a whole budget.
pub const TARGETED_CAP: f64 = 0.5;

/// Splits `amount` over the region's registered rural persons (its rural households at home or
/// away, docs/MODEL.md 7.16): `accuracy` of it to those registered for
/// targeted support (own income below the poverty line last year), at most [`TARGETED_CAP`] ×
/// the region's rural mean income per registered person a year, and the rest to everyone rural.
/// Adds per-person yearly rates; returns false (and pays nothing) when the region has no
/// registered rural persons.
pub fn target_rural(region: &Region, amount: f64, accuracy: f64, plan: &mut RegionPlan) -> bool {
    let registered = region.registered[RURAL];
    let poor = region.targeted[RURAL];
    if registered <= 0.0 {
        return false;
    }
    if amount <= 0.0 {
        return true;
    }
    let cap = TARGETED_CAP * region.income_per_capita(RURAL).max(0.0) * poor;
    let to_poor = (accuracy * amount).min(cap);
    if poor > 0.0 {
        plan.support_poor += to_poor / poor;
    }
    plan.support_rural += (amount - to_poor) / registered;
    true
}

/// The planned support a rural resident with status bits `status` receives in one of `ticks`
/// ticks a year: the region's per-person rate, plus the targeted rate when registered
/// ([`TARGETED`]). Charity's within-year payments come on top (`charity::payment`).
#[inline]
pub fn per_tick(plan: &RegionPlan, status: u8, ticks: f64) -> f64 {
    let mut support = plan.support_rural;
    if status & TARGETED != 0 {
        support += plan.support_poor;
    }
    support / ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
    use crate::world::fixture;

    #[test]
    fn registered_residents_get_the_targeted_rate_on_top() {
        let plan = RegionPlan {
            support_rural: 120.0,
            support_poor: 1200.0,
            ..RegionPlan::default()
        };
        assert_eq!(per_tick(&plan, 0, 12.0), 10.0);
        assert_eq!(per_tick(&plan, TARGETED, 12.0), 110.0);
    }

    #[test]
    fn the_targeted_part_is_capped_and_the_rest_goes_to_everyone_rural() {
        // A region of a million rural residents at a mean of 10,000 yuan, 100 registered.
        let mut region = fixture::region("R", Zone::West);
        region.targeted[RURAL] = 100.0;
        let mut plan = RegionPlan::default();
        // 1e6 yuan at accuracy 0.8: 8e5 targeted, above the cap 0.5 · 10,000 · 100 = 5e5.
        assert!(target_rural(&region, 1e6, 0.8, &mut plan));
        assert_eq!(plan.support_poor, 5e5 / 100.0);
        assert_eq!(plan.support_rural, 5e5 / 1e6);
        region.registered[RURAL] = 0.0;
        assert!(!target_rural(&region, 1e6, 0.8, &mut RegionPlan::default()));
    }
}
