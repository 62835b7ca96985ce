//! Region dynamics, advanced by `dt` (a fraction of a year) every tick: productivity growth,
//! public services, ecology, human capital, the cadres' effect on governance, and the
//! depreciation of public capital.

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
    let growth = [
        (1.0 + economy.productivity_growth).powf(dt),
        (1.0 + economy.productivity_growth + economy.rural_productivity_extra_growth).powf(dt),
    ];
    // Unit costs follow the nominal level of the economy (national income per capita relative
    // to the start year), so a given share of income buys a given improvement.
    let service_cost = economy.service_unit_cost * plan.cost_index;
    let ecology_cost = economy.ecology_unit_cost * plan.cost_index;
    for (region, entry) in world.regions.iter_mut().zip(&plan.regions) {
        let population = region.population_total();
        let millions = population / 1e6;
        for (productivity, growth) in region.productivity.iter_mut().zip(growth) {
            *productivity *= growth;
        }
        region.public_services += dt
            * (entry.services_spending / (population * service_cost)
                - economy.depreciation * (region.public_services - region.public_services_start));
        region.governance += dt
            * talent.governance_gain_per_cadre
            * (region.talents.cadres / millions)
            * (1.0 - region.governance);
        region.governance = region.governance.clamp(0.0, 1.0);
        let restoration =
            (entry.ecology_spending / (population * ecology_cost)).min(1.0 / dt.max(1e-9));
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
        region.public_capital *= (1.0 - economy.capital_depreciation).powf(dt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::YearPlan;
    use crate::scenario::Zone;
    use crate::world::fixture;

    fn world() -> World {
        fixture::world(vec![fixture::region("R", Zone::West)], 5e3)
    }
    /// Doubling the nominal level of the economy and the spending leaves the gain unchanged:
    /// a given share of income buys a given improvement of services and ecology.
    #[test]
    fn a_share_of_income_buys_the_same_improvement_at_any_nominal_level() {
        let economy = EconomySpec::default();
        let talent = TalentPolicy::default();
        let gains = |index: f64| {
            let mut world = world();
            let mut plan = YearPlan::idle(1);
            plan.cost_index = index;
            plan.regions[0].services_spending = 1e9 * index;
            plan.regions[0].ecology_spending = 1e9 * index;
            advance(&mut world, &plan, &economy, &talent, 1.0 / 12.0);
            (world.regions[0].public_services, world.regions[0].ecology)
        };
        let (base, doubled) = (gains(1.0), gains(2.0));
        assert!(
            base.0 > 1.0 && base.1 > 0.5,
            "spending raises both: {base:?}"
        );
        assert!((base.0 - doubled.0).abs() < 1e-12 && (base.1 - doubled.1).abs() < 1e-12);
        assert!(
            (world().cost_index() - 2.0).abs() < 1e-12,
            "5,000 yuan at the start, 10,000 now"
        );
    }
}
