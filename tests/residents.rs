//! Residents by the NBS rule (docs/MODEL.md 7.16): a household working away is a resident of its
//! destination's cities. The start year's residents are the data; every year each person is
//! counted once, where they live; migrants' earnings are paid in their destination's cities and
//! the remittances they send reach their home's rural households.

use ewsim::engine::Simulation;
use ewsim::scenario::load_builtin;
use ewsim::world::accounts::{Flow, Unit};
use ewsim::world::households::AWAY;
use ewsim::world::{RURAL, URBAN, World};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Persons of the households of `world` living in each region's cities and villages at the
/// year's end.
fn living(world: &World) -> Vec<[f64; 2]> {
    let hh = &world.households;
    let mut cells = vec![[0.0; 2]; world.regions.len()];
    for i in 0..hh.len() {
        let (region, sector) = if hh.status[i] & AWAY != 0 {
            (hh.destination[i] as usize, URBAN)
        } else {
            (hh.region[i] as usize, hh.sector[i] as usize)
        };
        cells[region][sector] += hh.weight[i];
    }
    cells
}

#[test]
fn migrants_count_where_they_live_and_send_remittances_home() {
    let loaded = load_builtin(&["run.households=20000".into(), "time.end_year=2018".into()])
        .expect("the built-in scenario loads");
    let variant = &loaded.variants[0];
    let share = variant.scenario.policy.labour.remittance_share;
    let mut simulation = Simulation::new(variant, 0);

    // The start year: residents are the data, and some of them are migrants from elsewhere.
    let world = simulation.world();
    let cells = living(world);
    for ((region, spec), persons) in world
        .regions
        .iter()
        .zip(&variant.scenario.region)
        .zip(&cells)
    {
        assert!(
            close(persons[URBAN], spec.population_urban),
            "{}",
            region.name
        );
        assert!(
            close(persons[RURAL], spec.population_rural),
            "{}",
            region.name
        );
        assert!(close(region.population[URBAN], spec.population_urban));
        assert!(close(region.population[RURAL], spec.population_rural));
    }
    let guangdong = world.regions.iter().position(|r| r.name == "Guangdong");
    let guangdong = guangdong.expect("Guangdong");
    assert!(world.regions[guangdong].flows.migrants_in > 1e6);

    let registered: f64 = world.households.weight.iter().sum();
    while !simulation.finished() {
        simulation.step_year();
        let world = simulation.world();
        let year = world.year;
        // Every person is a resident of exactly one cell: resident person-years add up to the
        // households' weights.
        let residents: f64 = world.regions.iter().map(|r| r.population_total()).sum();
        assert!(
            close(residents, registered),
            "{year}: {residents} residents"
        );
        // The register counts every household at home, wherever it lives.
        let register: f64 = world
            .regions
            .iter()
            .map(|r| r.registered[URBAN] + r.registered[RURAL])
            .sum();
        assert!(close(register, registered), "{year}: register {register}");
        // Earnings away are paid to the destination's urban households; the remittances go
        // from them to the home's rural households, the remittance share of each pair's
        // earnings.
        let accounts = &world.accounts;
        let mut pairs = 0;
        for (flow, payer, receiver, amount) in accounts.iter() {
            if flow != Flow::EarningsAway {
                continue;
            }
            let Unit::HouseholdsUrban(d) = receiver else {
                panic!("{year}: earnings away paid to {receiver:?}");
            };
            assert_eq!(payer, Unit::Production(d), "{year}: paid where earned");
            let sent: f64 = accounts
                .iter()
                .filter(|(f, p, ..)| *f == Flow::Remittances && *p == receiver)
                .map(|(.., a)| a)
                .sum();
            assert!(sent > 0.0, "{year}: migrants in {d} remit");
            pairs += usize::from(amount > 0.0);
        }
        assert!(
            pairs >= 8,
            "{year}: {pairs} eastern destinations pay migrants"
        );
        let earned = accounts.total(Flow::EarningsAway);
        let remitted = accounts.total(Flow::Remittances);
        assert!(close(remitted, share * earned), "{year}: remittances");
        let received =
            accounts.received(Flow::Remittances, |u| matches!(u, Unit::HouseholdsRural(_)));
        assert!(close(received, remitted), "{year}: received at home");
        // And every year some households are away.
        let hh = &world.households;
        assert!((0..hh.len()).any(|i| hh.status[i] & AWAY != 0), "{year}");
    }
}
