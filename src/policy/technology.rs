//! Technology transfer (docs/MODEL.md 7.5): donors dispatch technicians to their recipients and
//! pay for their work and projects; the programme builds technology (knowledge) capital in the
//! recipient as far as the recipient can absorb it (`min(1, H_recipient / H_donors)`), and the
//! capital's return reaches the recipient's households as earnings, up to the productivity gap
//! to its donors (to the most productive region once it has none). Everything the programme costs comes out of the donor's services.

use super::plan::{Pair, YearPlan};
use crate::scenario::{EconomySpec, TalentPolicy, TechnologyPolicy};
use crate::world::accounts::{Flow, Unit};
use crate::world::{URBAN, World};

/// The year's programme: technicians and spending per pair, the recipients' technology capital
/// (depreciated, then built by this year's spending × absorptive capacity), and its earnings
/// gain. Pay and allowances per technician are the talents' (`policy.talent`), indexed by the
/// year's cost index like the project spending.
pub fn plan(
    world: &mut World,
    policy: &TechnologyPolicy,
    talent: &TalentPolicy,
    economy: &EconomySpec,
    pairs: &[Pair],
    plan: &mut YearPlan,
) {
    let regions = world.regions.len();
    for region in world.regions.iter_mut() {
        region.knowledge_capital *= 1.0 - policy.knowledge_depreciation;
        region.talents.technicians = 0.0;
    }
    let per_technician = (talent.pay_per_talent
        + talent.allowance_per_talent
        + policy.project_spending_per_technician)
        * plan.cost_index;
    let mut frontier = vec![0.0f64; regions];
    let mut donor_human_capital = vec![0.0f64; regions];
    let mut weight = vec![0.0f64; regions];
    for pair in pairs {
        let donor = &world.regions[pair.donor];
        frontier[pair.recipient] += pair.weight * donor.productivity[URBAN];
        donor_human_capital[pair.recipient] += pair.weight * donor.human_capital;
        weight[pair.recipient] += pair.weight;
    }
    if policy.enabled {
        for pair in pairs {
            let technicians = pair.weight * policy.technicians_per_pairing;
            let spending = technicians * per_technician;
            let recipient = &mut world.regions[pair.recipient];
            recipient.talents.technicians += technicians;
            let relative = recipient.human_capital * weight[pair.recipient]
                / donor_human_capital[pair.recipient];
            recipient.knowledge_capital += relative.min(1.0) * spending;
            plan.regions[pair.donor].services_spending -= spending;
            let (from, to) = (pair.donor as u16, pair.recipient as u16);
            let accounts = &mut world.accounts;
            accounts.book(
                Flow::TechnologyProgramme,
                Unit::Government(from),
                Unit::FinalUse(to),
                spending,
            );
        }
    }
    let highest = world
        .regions
        .iter()
        .map(|r| r.productivity[URBAN])
        .fold(0.0, f64::max);
    for (index, region) in world.regions.iter().enumerate() {
        if region.knowledge_capital <= 0.0 {
            continue;
        }
        let earnings = economy.labour_share * policy.knowledge_return * region.knowledge_capital;
        // The frontier: this year's donors, or the most productive region once unpaired.
        let target = if weight[index] > 0.0 {
            frontier[index] / weight[index]
        } else {
            highest
        };
        let gap = (target / region.productivity[URBAN] - 1.0).max(0.0);
        plan.regions[index].earnings_gain += region.earnings_share(earnings).min(gap);
    }
}
