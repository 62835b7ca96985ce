//! Talent exchange: cadres, teachers, doctors and technicians dispatched east → west with a
//! tenure, and western trainees sent east. Stocks follow `S' = S + inflow − S / tenure` each
//! year; their effects on governance, services and absorptive capacity are applied by the
//! region dynamics (`engine::regions`).

use super::plan::Pair;
use crate::scenario::TalentPolicy;
use crate::world::World;

/// Updates the talent stocks of recipients for the year.
pub fn dispatch(world: &mut World, policy: &TalentPolicy, pairs: &[Pair]) {
    let regions = world.regions.len();
    let mut pairing_weight = vec![0.0; regions];
    if policy.enabled {
        for pair in pairs {
            pairing_weight[pair.recipient] += pair.weight;
        }
    }
    let stay = 1.0 - (1.0 / policy.tenure_years).min(1.0);
    for (region, weight) in world.regions.iter_mut().zip(pairing_weight) {
        let stock = &mut region.talents;
        stock.cadres = stock.cadres * stay + weight * policy.cadres_per_pairing;
        stock.teachers = stock.teachers * stay + weight * policy.teachers_per_pairing;
        stock.doctors = stock.doctors * stay + weight * policy.doctors_per_pairing;
        stock.technicians = stock.technicians * stay + weight * policy.technicians_per_pairing;
        stock.trainees = stock.trainees * stay + weight * policy.trainees_per_pairing;
    }
}
