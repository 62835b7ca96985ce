//! Talent exchange: cadres, teachers and doctors dispatched east → west with a tenure, and
//! western trainees sent east (docs/MODEL.md 7.4). Stocks follow `S' = S · stay + inflow` per
//! donor–recipient pair. What the talents cost their donor — their pay while they work in the
//! recipient, and allowances — comes out of the donor's services; the teachers' and doctors'
//! work is public services delivered in the recipient, worth `services_multiplier` × their pay
//! there. Cadres raise governance capacity (`engine::regions`).

use super::plan::{Pair, YearPlan};
use crate::scenario::TalentPolicy;
use crate::world::accounts::{Flow, Unit};
use crate::world::{TalentStock, World};

/// Updates the talent stocks of every pair for the year, books what they cost and deliver, and
/// sums each recipient's stock. `cost_index` indexes pay and allowances.
pub fn dispatch(world: &mut World, policy: &TalentPolicy, pairs: &[Pair], plan: &mut YearPlan) {
    let regions = world.regions.len();
    let mut weights = vec![0.0; regions * regions];
    if policy.enabled {
        for pair in pairs {
            weights[pair.donor * regions + pair.recipient] += pair.weight;
        }
    }
    let stay = 1.0 - (1.0 / policy.tenure_years).min(1.0);
    let pay = policy.pay_per_talent * plan.cost_index;
    let allowance = policy.allowance_per_talent * plan.cost_index;
    for region in world.regions.iter_mut() {
        let technicians = region.talents.technicians;
        region.talents = TalentStock {
            technicians,
            ..TalentStock::default()
        };
    }
    for (index, (stock, weight)) in world.talents_by_pair.iter_mut().zip(&weights).enumerate() {
        let (donor, recipient) = (index / regions, index % regions);
        stock.cadres = stock.cadres * stay + weight * policy.cadres_per_pairing;
        stock.teachers = stock.teachers * stay + weight * policy.teachers_per_pairing;
        stock.doctors = stock.doctors * stay + weight * policy.doctors_per_pairing;
        stock.trainees = stock.trainees * stay + weight * policy.trainees_per_pairing;
        let region = &mut world.regions[recipient];
        region.talents.cadres += stock.cadres;
        region.talents.teachers += stock.teachers;
        region.talents.doctors += stock.doctors;
        region.talents.trainees += stock.trainees;
        let working = stock.cadres + stock.teachers + stock.doctors;
        if working + stock.trainees <= 0.0 {
            continue;
        }
        let (from, to) = (donor as u16, recipient as u16);
        let accounts = &mut world.accounts;
        // Allowances and working funds: spent where the talents work and where the trainees
        // are trained.
        let to_talents = allowance * working;
        let to_trainees = allowance * stock.trainees;
        let donor_government = Unit::Government(from);
        accounts.book(
            Flow::TalentAllowances,
            donor_government,
            Unit::FinalUse(to),
            to_talents,
        );
        accounts.book(
            Flow::TalentAllowances,
            donor_government,
            Unit::FinalUse(from),
            to_trainees,
        );
        // The talents' work, at their pay, is delivered in the recipient.
        let services = pay * working;
        accounts.book(
            Flow::TalentServices,
            Unit::Government(from),
            Unit::Government(to),
            services,
        );
        accounts.book(
            Flow::PublicServices,
            Unit::Government(to),
            Unit::FinalUse(to),
            services,
        );
        plan.regions[donor].services_spending -= services + to_talents + to_trainees;
        let professionals = stock.teachers + stock.doctors;
        plan.regions[recipient].services_spending +=
            policy.services_multiplier * pay * professionals;
    }
}
