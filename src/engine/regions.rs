//! Region dynamics, advanced by `dt` (a fraction of a year) every tick: productivity growth,
//! public services, ecology, human capital, the cadres' effect on governance, and the
//! depreciation of public capital.

use crate::policy::YearPlan;
use crate::scenario::{EconomySpec, TalentPolicy};
use crate::world::World;

/// The yearly growth factors of productivity, urban and rural.
fn yearly_growth(economy: &EconomySpec) -> [f64; 2] {
    [
        1.0 + economy.productivity_growth,
        1.0 + economy.productivity_growth + economy.rural_productivity_extra_growth,
    ]
}

/// Moves every region's productivity from the start year's level to where the first simulated
/// year's path begins (docs/MODEL.md 7.2). Synthesis calibrates A so that the start year's
/// incomes, earned at a constant A, are the data: A is the start year's average. Each tick
/// first grows A by g^(1/T), so a year's ticks see A_0 · g^((k+1)/T), k = 0 … T − 1, whose
/// mean is A_0 · g^((T+1)/(2T)) to first order. For the first simulated year's mean to be one
/// year's growth above the start year's, A_0 = A · g^((T−1)/(2T)); from then on each year's
/// mean is g above the last. Without this the first simulated year grew by about g^(1/2) only.
pub fn begin_path(world: &mut World, economy: &EconomySpec, ticks_per_year: u32) {
    let ticks = f64::from(ticks_per_year);
    let exponent = (ticks - 1.0) / (2.0 * ticks);
    let growth = yearly_growth(economy).map(|g| g.powf(exponent));
    for region in &mut world.regions {
        for (productivity, growth) in region.productivity.iter_mut().zip(growth) {
            *productivity *= growth;
        }
    }
}

/// Advances every region by `dt` years under this year's plan.
pub fn advance(
    world: &mut World,
    plan: &YearPlan,
    economy: &EconomySpec,
    talent: &TalentPolicy,
    dt: f64,
) {
    let growth = yearly_growth(economy).map(|g| g.powf(dt));
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
