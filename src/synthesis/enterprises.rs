//! The start-year enterprises: eastern firms in the donor regions, with their capital shares
//! and value-investment preferences (docs/MODEL.md sections 2.3 and 5).

use super::households::allocate;
use crate::scenario::Scenario;
use crate::world::rng::{Purpose, stream, unit_and_normal};
use crate::world::{Enterprises, Region};

/// Enterprises live in regions that are donors in some pairing, in proportion to their fiscal
/// revenue; each firm's share of its region's firm capital is lognormal (σ = 1), normalised;
/// capital and preference of the start year follow from the base policy (`Enterprises::refresh`).
pub fn synthesize(scenario: &Scenario, replicate: u32, regions: &[Region]) -> Enterprises {
    let mut enterprises = Enterprises::default();
    let donors: Vec<usize> = regions
        .iter()
        .enumerate()
        .filter(|(_, r)| scenario.pairing.iter().any(|p| p.donor == r.name))
        .map(|(i, _)| i)
        .collect();
    let count = scenario.run.enterprises as usize;
    if donors.is_empty() || count == 0 {
        return enterprises;
    }
    let revenues: Vec<f64> = donors.iter().map(|&d| regions[d].fiscal_revenue).collect();
    let per_donor = allocate(count, &revenues);
    let policy = &scenario.policy.enterprise;
    let mut rng = stream(scenario.run.seed, replicate, Purpose::Enterprises, 0, 0);
    for (slot, &donor) in donors.iter().enumerate() {
        let mut raw = Vec::with_capacity(per_donor[slot]);
        for _ in 0..per_donor[slot] {
            let (_, capital) = unit_and_normal(&mut rng);
            let (_, preference) = unit_and_normal(&mut rng);
            raw.push(capital.exp());
            enterprises.home.push(donor as u16);
            enterprises.preference_draw.push(preference);
        }
        let total: f64 = raw.iter().sum();
        enterprises
            .capital_share
            .extend(raw.iter().map(|x| x / total));
    }
    let firms = enterprises.len();
    enterprises.capital = vec![0.0; firms];
    enterprises.preference = vec![0.0; firms];
    let revenue: Vec<f64> = regions.iter().map(|r| r.fiscal_revenue).collect();
    enterprises.refresh(
        policy.capital_to_revenue,
        &revenue,
        policy.value_preference_mean,
        policy.value_preference_sd,
    );
    enterprises
}
