//! Labour cooperation: organised placement of western rural workers in donor regions at a
//! lower migration cost, next to spontaneous migration towards eastern cities (docs/MODEL.md
//! 7.1 step 4 and 7.7).
//!
//! Yearly, [`plan`] builds the destination tables and placement rates (higher for workers on
//! the poverty register, who get `formerly_poor_share` of the placements, [`targeted_rates`])
//! and sets aside the placement programme's expected cost from the recipient's services; [`Mobility`] turns the
//! yearly rates into per-tick probabilities. Every tick, [`migrate`] decides whether a household
//! returns home or leaves, and [`earnings_away`] pays a worker away. Only the additional share
//! of placements adds to migration: the rest would have left on their own anyway.

use super::plan::{Pair, YearPlan};
use crate::scenario::{EconomySpec, LabourPolicy};
use crate::world::households::{AWAY, EMPLOYED, EVER_POOR, ORGANISED, Resident};
use crate::world::process::{Wages, per_tick};
use crate::world::{RURAL, Region, World, east_destinations, pick};

/// Builds the destination tables and placement rates for the year, and sets the programme's
/// expected cost (placement rate × employed rural residents at home × cost per placement)
/// aside from each recipient's services spending.
pub fn plan(
    world: &World,
    policy: &LabourPolicy,
    economy: &EconomySpec,
    pairs: &[Pair],
    plan: &mut YearPlan,
) {
    // Spontaneous migration goes to eastern regions in proportion to their urban population.
    east_destinations(&world.regions, &mut plan.spontaneous_destinations);
    plan.remittance_share = policy.remittance_share;
    plan.placement_cost = economy.migration_cost * (1.0 - policy.cost_reduction);
    plan.cost_per_placement = policy.cost_per_placement * plan.cost_index;
    plan.placement_destinations.clear();
    if !policy.enabled {
        return;
    }
    for (index, entry) in plan.regions.iter_mut().enumerate() {
        let start = plan.placement_destinations.len() as u32;
        let mut cumulative = 0.0;
        for pair in pairs.iter().filter(|p| p.recipient == index) {
            cumulative += pair.weight;
            plan.placement_destinations
                .push((cumulative, pair.donor as u16));
        }
        let end = plan.placement_destinations.len() as u32;
        entry.placement_range = (start, end);
        if end > start {
            let region = &world.regions[index];
            // A placement adds only a of itself to moving (`migrate`), so a group's placements
            // cannot exceed its moving chance m + a · q: q ≤ m / (1 − a).
            let moving = economy.migration_rate * region.migration_propensity;
            let ceiling = if policy.placement_additionality < 1.0 {
                moving / (1.0 - policy.placement_additionality)
            } else {
                f64::INFINITY
            };
            let (others, ever_poor) = targeted_rates(
                policy.placement_rate,
                policy.formerly_poor_share,
                (
                    region.ever_poor_employed_at_home,
                    region.employed_rural_at_home,
                ),
                ceiling,
            );
            entry.placement_rate = others;
            entry.placement_rate_ever_poor = ever_poor;
            let expected = policy.placement_rate * region.employed_rural_at_home;
            entry.services_spending -= expected * plan.cost_per_placement;
        }
    }
}

/// The yearly placement rates (not on the register, on it) that place `rate` of the employed
/// rural residents at home in all, `share` of them from the `ever_poor` of the `employed`
/// (on the poverty register, docs/MODEL.md 7.7). The register's rate is at most `ceiling`, the
/// most a group can be placed at given its moving chance (but never below `rate`); what it
/// cannot take goes to the others. Without employed workers, or when all or none of them are
/// on the register, everybody has `rate`.
pub fn targeted_rates(
    rate: f64,
    share: f64,
    (ever_poor, employed): (f64, f64),
    ceiling: f64,
) -> (f64, f64) {
    if employed <= 0.0 || ever_poor <= 0.0 || ever_poor >= employed {
        return (rate, rate);
    }
    let registered = ever_poor / employed;
    let on_register = (rate * share / registered).min(ceiling.max(rate));
    let others = (rate - registered * on_register).max(0.0) / (1.0 - registered);
    (others, on_register)
}

/// The year's mobility rates per tick.
#[derive(Debug, Clone, Default)]
pub struct Mobility {
    /// Per-tick probability of spontaneous migration, per home region (`migration_rate` ×
    /// the region's `migration_propensity`).
    pub migration: Vec<f64>,
    /// Per-tick probability of returning home.
    pub return_home: f64,
    /// Migration cost share (spontaneous).
    pub migration_cost: f64,
    /// Per-tick organised placement probability, per region, of a worker not on the poverty
    /// register.
    pub placement: Vec<f64>,
    /// The same for a worker on the register ([`EVER_POOR`]).
    pub placement_ever_poor: Vec<f64>,
    /// Share of placements that are additional (`policy.labour.placement_additionality`).
    pub additionality: f64,
}

impl Mobility {
    /// Sets the per-tick rates of the year: spontaneous migration by home region (from each
    /// region's `migration_propensity`), return, and the plan's placements.
    pub fn set_year(
        &mut self,
        economy: &EconomySpec,
        regions: &[Region],
        plan: &YearPlan,
        additionality: f64,
        ticks: f64,
    ) {
        self.additionality = additionality;
        self.migration.clear();
        self.migration.extend(
            regions
                .iter()
                .map(|r| per_tick(economy.migration_rate * r.migration_propensity, ticks)),
        );
        self.return_home = per_tick(economy.migration_return_rate, ticks);
        self.migration_cost = economy.migration_cost;
        self.placement.clear();
        self.placement.extend(
            plan.regions
                .iter()
                .map(|r| per_tick(r.placement_rate, ticks)),
        );
        self.placement_ever_poor.clear();
        self.placement_ever_poor.extend(
            plan.regions
                .iter()
                .map(|r| per_tick(r.placement_rate_ever_poor, ticks)),
        );
    }
}

/// One household's move in one tick, from two uniforms `u_move` and `u_where`. A worker away
/// returns home with probability `return_home` (and loses its placement). An employed rural
/// resident at home moves with probability m + a · q, with m its region's migration
/// probability, q its placement probability (higher on the poverty register, [`EVER_POOR`])
/// and a the placements' additionality: without
/// placements m of them would move, and placements add only a · q. Of the movers, min(q, m +
/// a · q) are placed in a donor region (the programme cannot place more than move), the rest
/// leave on their own (destination by eastern urban population). It goes only where earnings
/// away net of the move's cost beat its rural wage at home. Everybody else stays where they
/// are. Updates the [`AWAY`] and [`ORGANISED`] bits of `status` and the `destination`.
#[inline]
pub fn migrate(
    resident: &Resident,
    status: &mut u8,
    destination: &mut u16,
    (u_move, u_where): (f64, f64),
    plan: &YearPlan,
    rates: &Mobility,
    wages: &Wages,
) {
    let home = resident.home;
    if *status & AWAY != 0 {
        if u_move < rates.return_home {
            *status &= !(AWAY | ORGANISED);
        }
        return;
    }
    if resident.sector != RURAL || *status & EMPLOYED == 0 {
        return;
    }
    let placement = if *status & EVER_POOR != 0 {
        rates.placement_ever_poor[home]
    } else {
        rates.placement[home]
    };
    let moving = rates.migration[home] + rates.additionality * placement;
    let choice = if u_move < placement.min(moving) {
        let (start, end) = plan.regions[home].placement_range;
        pick(
            &plan.placement_destinations[start as usize..end as usize],
            u_where,
        )
        .map(|d| (d, plan.placement_cost, ORGANISED))
    } else if u_move < moving {
        pick(&plan.spontaneous_destinations, u_where).map(|d| (d, rates.migration_cost, 0))
    } else {
        None
    };
    if let Some((to, cost, organised)) = choice {
        if to as usize != home && wages.away(to as usize, home, cost) > wages.at_home[home][RURAL] {
            *status |= AWAY | organised;
            *destination = to;
        }
    }
}

/// A worker away's earnings in one tick at earnings factor `factor`, net of its move's cost
/// (the placement cost if organised), yuan per person.
#[inline]
pub fn earnings_away(
    resident: &Resident,
    status: u8,
    destination: u16,
    factor: f64,
    plan: &YearPlan,
    rates: &Mobility,
    wages: &Wages,
) -> f64 {
    let to = destination as usize;
    let cost = if status & ORGANISED != 0 {
        plan.placement_cost
    } else {
        rates.migration_cost
    };
    wages.away(to, resident.home, cost) * factor
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::URBAN;

    /// Region 0 pays 100 a tick in its cities, region 1 (home) 50 in its villages; both have
    /// `H^θ` = 1. Placements from region 1 go to region 0, and so does spontaneous migration.
    fn setting(placement: f64, migration: f64) -> (YearPlan, Mobility, Wages) {
        let mut plan = YearPlan::idle(2);
        plan.placement_destinations = vec![(1.0, 0)];
        plan.regions[1].placement_range = (0, 1);
        plan.spontaneous_destinations = vec![(1.0, 0)];
        plan.placement_cost = 0.1;
        plan.remittance_share = 0.3;
        let mobility = Mobility {
            migration: vec![0.0, migration],
            return_home: 0.05,
            migration_cost: 0.4,
            placement: vec![0.0, placement],
            placement_ever_poor: vec![0.0, placement],
            additionality: 1.0,
        };
        let wages = Wages {
            at_home: vec![[100.0, 60.0], [80.0, 50.0]],
            human_capital_factor: vec![1.0, 1.0],
            migrant_wage: vec![100.0, 80.0],
        };
        (plan, mobility, wages)
    }

    fn rural_at_home() -> Resident {
        Resident {
            home: 1,
            sector: RURAL,
            weight: 10.0,
        }
    }

    /// Status and destination after one `migrate` from `status` and destination 9.
    fn after(
        resident: &Resident,
        status: u8,
        u_move: f64,
        (plan, mobility, wages): &(YearPlan, Mobility, Wages),
    ) -> (u8, u16) {
        let (mut status, mut destination) = (status, 9);
        let draws = (u_move, 0.5);
        migrate(
            resident,
            &mut status,
            &mut destination,
            draws,
            plan,
            mobility,
            wages,
        );
        (status, destination)
    }

    #[test]
    fn a_placement_comes_first_and_is_organised() {
        let world = setting(0.2, 0.3);
        let resident = rural_at_home();
        let placed = after(&resident, EMPLOYED, 0.1, &world);
        assert_eq!(placed, (EMPLOYED | AWAY | ORGANISED, 0));
        // Between the placement and placement + migration probabilities: spontaneous.
        assert_eq!(
            after(&resident, EMPLOYED, 0.4, &world),
            (EMPLOYED | AWAY, 0)
        );
        // Above both: stays.
        assert_eq!(after(&resident, EMPLOYED, 0.6, &world), (EMPLOYED, 9));
    }

    #[test]
    fn placements_add_only_their_additional_share() {
        // q = 0.2, m = 0.3, a = 0.25: m + a · q = 0.35 move, the first 0.2 of them placed.
        let mut world = setting(0.2, 0.3);
        world.1.additionality = 0.25;
        let resident = rural_at_home();
        assert_eq!(
            after(&resident, EMPLOYED, 0.19, &world),
            (EMPLOYED | AWAY | ORGANISED, 0)
        );
        assert_eq!(
            after(&resident, EMPLOYED, 0.34, &world),
            (EMPLOYED | AWAY, 0)
        );
        assert_eq!(after(&resident, EMPLOYED, 0.36, &world), (EMPLOYED, 9));
        // q = 0.2 above m + a · q = 0.05 + 0.05: only 0.1 move, all of them placed.
        world.1.migration[1] = 0.05;
        assert_eq!(
            after(&resident, EMPLOYED, 0.09, &world),
            (EMPLOYED | AWAY | ORGANISED, 0)
        );
        assert_eq!(after(&resident, EMPLOYED, 0.11, &world), (EMPLOYED, 9));
    }

    #[test]
    fn the_register_gets_its_share_of_placements_up_to_its_ceiling() {
        // 10 % of 1,000 workers on the register, 65 % of a 1 % rate: the register's rate is
        // 0.01 · 0.65 / 0.1 = 0.065, the others' (0.01 − 0.1 · 0.065) / 0.9 = 0.0035/0.9.
        let (others, register) = targeted_rates(0.01, 0.65, (100.0, 1000.0), 1.0);
        assert!((register - 0.065).abs() < 1e-15);
        assert!((others - 0.0035 / 0.9).abs() < 1e-15);
        assert!(
            (0.1 * register + 0.9 * others - 0.01).abs() < 1e-15,
            "same total"
        );
        // A ceiling of 0.03: the register takes 0.03, the others the rest, 0.007 / 0.9.
        let (others, register) = targeted_rates(0.01, 0.65, (100.0, 1000.0), 0.03);
        assert_eq!(register, 0.03);
        assert!((others - 0.007 / 0.9).abs() < 1e-15);
        // A ceiling below the rate never leaves the register worse off than the rate.
        assert_eq!(targeted_rates(0.01, 0.65, (100.0, 1000.0), 0.005).1, 0.01);
        // No register, a register of everybody, or no workers: one rate for all.
        for counts in [(0.0, 1000.0), (1000.0, 1000.0), (0.0, 0.0)] {
            assert_eq!(targeted_rates(0.01, 0.65, counts, 1.0), (0.01, 0.01));
        }
        // A share of 0 places nobody from the register.
        assert_eq!(targeted_rates(0.01, 0.0, (100.0, 1000.0), 1.0).1, 0.0);
    }

    #[test]
    fn a_worker_on_the_register_moves_at_the_register_s_rate() {
        let mut world = setting(0.2, 0.3);
        world.1.placement_ever_poor[1] = 0.25;
        let resident = rural_at_home();
        // u = 0.22: above the others' placement rate, below the register's.
        assert_eq!(
            after(&resident, EMPLOYED, 0.22, &world),
            (EMPLOYED | AWAY, 0)
        );
        assert_eq!(
            after(&resident, EMPLOYED | EVER_POOR, 0.22, &world),
            (EMPLOYED | EVER_POOR | AWAY | ORGANISED, 0)
        );
    }

    #[test]
    fn nobody_leaves_for_less_than_home_nor_out_of_work_nor_from_a_city() {
        let mut world = setting(0.2, 0.3);
        // Out of work, or urban: never leaves.
        assert_eq!(after(&rural_at_home(), 0, 0.0, &world), (0, 9));
        let urban = Resident {
            sector: URBAN,
            ..rural_at_home()
        };
        assert_eq!(after(&urban, EMPLOYED, 0.0, &world), (EMPLOYED, 9));
        // The placement pays 100 · (1 − 0.1) = 90 against 50 at home; at a home wage of 95 it
        // no longer pays, and the household stays.
        world.2.at_home[1][RURAL] = 95.0;
        assert_eq!(
            after(&rural_at_home(), EMPLOYED, 0.1, &world),
            (EMPLOYED, 9)
        );
    }

    #[test]
    fn workers_away_return_and_earn() {
        let (plan, mobility, wages) = setting(0.2, 0.3);
        let resident = rural_at_home();
        let mut status = EMPLOYED | AWAY | ORGANISED;
        let mut destination = 0;
        migrate(
            &resident,
            &mut status,
            &mut destination,
            (0.06, 0.5),
            &plan,
            &mobility,
            &wages,
        );
        assert_eq!(
            status,
            EMPLOYED | AWAY | ORGANISED,
            "0.06 ≥ the return probability"
        );
        // Earnings away: 100 · 1 · 1.5 · (1 − 0.1) = 135, a placement's cost.
        let earned = earnings_away(&resident, status, 0, 1.5, &plan, &mobility, &wages);
        assert!((earned - 135.0).abs() < 1e-12);
        // Spontaneous: the cost is 0.4.
        let earned = earnings_away(&resident, EMPLOYED | AWAY, 0, 1.5, &plan, &mobility, &wages);
        assert!((earned - 90.0).abs() < 1e-12);
        migrate(
            &resident,
            &mut status,
            &mut destination,
            (0.04, 0.5),
            &plan,
            &mobility,
            &wages,
        );
        assert_eq!(status, EMPLOYED, "returns and loses the placement");
    }
}
