//! Region dynamics, advanced by `dt` (a fraction of a year) every tick: productivity growth and
//! technology catch-up, public services, ecology, human capital and the effects of talents.

use crate::policy::YearPlan;
use crate::scenario::{EconomySpec, TalentPolicy};
use crate::world::World;

/// Advances every region by `dt` years under this year's plan.
pub fn advance(
    world: &mut World,
    plan: &YearPlan,
    economy: &EconomySpec,
    talent: &TalentPolicy,
    dt: f64,
) {
    let growth = (1.0 + economy.productivity_growth).powf(dt);
    for (region, entry) in world.regions.iter_mut().zip(&plan.regions) {
        let population = region.population_total();
        let millions = population / 1e6;
        for sector in 0..2 {
            region.productivity[sector] *= growth;
            let gap = entry.technology_frontier[sector] - region.productivity[sector];
            if gap > 0.0 {
                region.productivity[sector] += dt * entry.technology_rate * gap;
            }
        }
        let professionals = (region.talents.teachers + region.talents.doctors) / millions;
        region.public_services += dt
            * (entry.services_spending / (population * economy.service_unit_cost)
                + talent.services_gain_per_professional * professionals
                - economy.depreciation * (region.public_services - region.public_services_start));
        region.governance += dt
            * talent.governance_gain_per_cadre
            * (region.talents.cadres / millions)
            * (1.0 - region.governance);
        region.governance = region.governance.clamp(0.0, 1.0);
        region.absorption_bonus = talent.absorption_gain_per_technician
            * (region.talents.technicians + region.talents.trainees)
            / millions;
        let restoration = (entry.ecology_spending / (population * economy.ecology_unit_cost))
            .min(1.0 / dt.max(1e-9));
        region.ecology += dt
            * (restoration * (1.0 - region.ecology) - economy.ecology_degradation * region.ecology);
        region.ecology = region.ecology.clamp(0.0, 1.0);
        let supported = region.human_capital_start
            * (region.public_services / region.public_services_start)
                .max(0.0)
                .powf(economy.human_capital_service_elasticity);
        region.human_capital += dt
            * (economy.human_capital_adjustment * (supported - region.human_capital)
                + entry.human_capital_projects);
        region.public_capital *= (1.0 - economy.depreciation).powf(dt);
    }
}
