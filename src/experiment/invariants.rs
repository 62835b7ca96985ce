//! What must hold of every simulated year, checked as the experiment collects it: every value
//! is finite, populations and incomes are not negative, and the year's accounts close (each
//! unit's net receipts are the change of its stock, production pays out exactly its value
//! added). A violation stops the run with the year, the region or unit and the quantity; the
//! run's output folder is then never put in place.

use std::collections::HashMap;

use crate::world::accounts::{Stocks, Unit};
use crate::world::{RURAL, URBAN, World};

/// Relative tolerance of an account's closing, against the unit's turnover: rounding, far
/// below any real imbalance.
const CLOSING_TOLERANCE: f64 = 1e-6;

/// A broken invariant: where and what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "the yearly check failed in year {year}: {place}: {quantity} is {value}, expected {expected}. \
     The run stopped and wrote nothing (a previous result is unchanged): this is a bug, or a \
     scenario beyond what the model can compute; please report it with the scenario"
)]
pub struct Violation {
    /// The simulated year.
    pub year: i32,
    /// The region (`region \`Gansu\``) or unit (`central`) concerned.
    pub place: String,
    /// The quantity, as `regions.csv` or `accounts.csv` names it.
    pub quantity: String,
    /// Its value.
    pub value: f64,
    /// What it should have been.
    pub expected: String,
}

/// The yearly checks of one run: call [`Invariants::check`] with the world of every year in
/// order, the start year first.
#[derive(Debug, Default)]
pub struct Invariants {
    /// The stocks and charity pool of the year before.
    previous: Option<(Stocks, f64)>,
}

impl Invariants {
    /// Checks the world of the year just completed (or the start year).
    pub fn check(&mut self, world: &World) -> Result<(), Violation> {
        values(world)?;
        if let Some((stocks, pool)) = &self.previous {
            accounts_close(world, stocks, *pool)?;
        }
        self.previous = Some((world.stocks.clone(), world.charity_pool));
        Ok(())
    }
}

/// A [`Violation`] of `world`'s year.
fn violation(
    world: &World,
    place: String,
    quantity: &str,
    value: f64,
    expected: &str,
) -> Violation {
    Violation {
        year: world.year,
        place,
        quantity: quantity.to_string(),
        value,
        expected: expected.to_string(),
    }
}

const FINITE: &str = "a finite number";
const NON_NEGATIVE: &str = "a finite number ≥ 0";

/// Every region's state and flows are finite; populations and incomes are not negative.
fn values(world: &World) -> Result<(), Violation> {
    for region in &world.regions {
        let place = || format!("region `{}`", region.name);
        let sectors = [("urban", URBAN), ("rural", RURAL)];
        for (sector, s) in sectors {
            for (name, value) in [
                ("population", region.population[s]),
                ("income", region.income_total[s]),
                ("poor", region.poor[s]),
            ] {
                if !(value.is_finite() && value >= 0.0) {
                    let quantity = format!("{name}_{sector}");
                    return Err(violation(world, place(), &quantity, value, NON_NEGATIVE));
                }
            }
            if !region.productivity[s].is_finite() {
                let quantity = format!("productivity_{sector}");
                return Err(violation(
                    world,
                    place(),
                    &quantity,
                    region.productivity[s],
                    FINITE,
                ));
            }
        }
        let state = [
            ("human_capital", region.human_capital),
            ("public_services", region.public_services),
            ("ecology", region.ecology),
            ("governance", region.governance),
            ("enterprise_capital", region.enterprise_capital),
            ("public_capital", region.public_capital),
            ("knowledge_capital", region.knowledge_capital),
            ("fiscal_revenue", region.fiscal_revenue),
        ];
        let flows = crate::world::Flows::REPORTED
            .into_iter()
            .zip(region.flows.reported());
        if let Some((name, value)) = state.into_iter().chain(flows).find(|(_, v)| !v.is_finite()) {
            return Err(violation(world, place(), name, value, FINITE));
        }
    }
    if !world.charity_pool.is_finite() {
        let pool = world.charity_pool;
        return Err(violation(world, "charity".into(), "pool", pool, FINITE));
    }
    Ok(())
}

/// Each unit's net receipts of the year against the change of its stock since `before` (the
/// charity's stock is its pool); production's against zero.
fn accounts_close(world: &World, before: &Stocks, pool_before: f64) -> Result<(), Violation> {
    let mut units: HashMap<Unit, (f64, f64)> = HashMap::new();
    for (flow, payer, receiver, amount) in world.accounts.iter() {
        if !amount.is_finite() {
            let place = format!(
                "{} → {}",
                payer.label(&world.regions),
                receiver.label(&world.regions)
            );
            return Err(violation(world, place, flow.name(), amount, FINITE));
        }
        let paid = units.entry(payer).or_default();
        paid.0 -= amount;
        paid.1 += amount.abs();
        let received = units.entry(receiver).or_default();
        received.0 += amount;
        received.1 += amount.abs();
    }
    let mut order: Vec<(&Unit, &(f64, f64))> = units.iter().collect();
    order.sort_by_key(|(unit, _)| **unit);
    for (unit, (net, turnover)) in order {
        let change = match unit {
            Unit::Production(_) => 0.0,
            Unit::Charity => world.charity_pool - pool_before,
            other => match (world.stocks.of(*other), before.of(*other)) {
                (Some(after), Some(before)) => after - before,
                _ => continue,
            },
        };
        let closes = (net - change).abs() <= CLOSING_TOLERANCE * (1.0 + turnover);
        if !closes {
            let expected = format!("the change of its stock, {change}");
            let place = unit.label(&world.regions);
            return Err(violation(world, place, "net receipts", *net, &expected));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Simulation;
    use crate::scenario::load_builtin;

    /// The worlds of the start year and the two years after of a small China run.
    fn worlds() -> Vec<World> {
        let loaded = load_builtin(&["run.households=2000".into(), "time.end_year=2017".into()])
            .expect("the built-in scenario loads");
        let mut simulation = Simulation::new(&loaded.variants[0], 0);
        let mut worlds = vec![simulation.world().clone()];
        while !simulation.finished() {
            simulation.step_year();
            worlds.push(simulation.world().clone());
        }
        worlds
    }

    fn check_all(worlds: &[World]) -> Result<(), Violation> {
        let mut invariants = Invariants::default();
        worlds.iter().try_for_each(|world| invariants.check(world))
    }

    #[test]
    fn a_real_run_holds_them_and_a_broken_world_is_named() {
        let worlds = worlds();
        assert_eq!(check_all(&worlds), Ok(()));

        let mut broken = worlds.clone();
        broken[2].regions[3].income_total[RURAL] = f64::NAN;
        let error = check_all(&broken).unwrap_err();
        let name = &worlds[2].regions[3].name;
        assert_eq!(
            (error.year, error.quantity.as_str()),
            (2017, "income_rural")
        );
        assert_eq!(error.place, format!("region `{name}`"));
        let message = error.to_string();
        assert!(message.contains("in year 2017"), "{message}");
        assert!(
            message.contains("income_rural is NaN, expected a finite number ≥ 0"),
            "{message}"
        );

        let mut broken = worlds.clone();
        broken[1].regions[0].population[URBAN] = -1.0;
        assert_eq!(check_all(&broken).unwrap_err().quantity, "population_urban");

        let mut broken = worlds.clone();
        broken[1].regions[5].flows.dibao = f64::INFINITY;
        assert_eq!(check_all(&broken).unwrap_err().quantity, "dibao");
    }

    #[test]
    fn accounts_that_do_not_close_are_named() {
        let mut worlds = worlds();
        // A government whose stock moved without a flow.
        worlds[2].stocks.governments[4] += 1e9;
        let error = check_all(&worlds).unwrap_err();
        assert_eq!(error.year, 2017);
        assert_eq!(error.quantity, "net receipts");
        let name = &worlds[2].regions[4].name;
        assert_eq!(error.place, format!("government:{name}"));
    }
}
