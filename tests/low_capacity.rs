//! The rural low-capacity group (docs/MODEL.md section 5, step 2): with
//! `economy.rural_low_capacity_share` s, about s of the rural households, drawn from their own
//! stream, have their earning capacity h^θ scaled by `rural_low_capacity_earnings` c; every
//! other draw is as without the group (the same shocks for every household, the same human
//! capital outside the group). With s = 0 the outputs are the pinned ones of `tests/golden.rs`.

use ewsim::engine::Simulation;
use ewsim::scenario::load_builtin;
use ewsim::world::{RURAL, URBAN};

struct Drawn {
    human_capital: Vec<f32>,
    earning_power: Vec<f64>,
    shock: Vec<f32>,
    sector: Vec<u8>,
}

fn synthesise(sets: &[&str]) -> Drawn {
    let mut all = vec!["run.households=20000".to_string()];
    all.extend(sets.iter().map(|s| s.to_string()));
    let loaded = load_builtin(&all).expect("built-in loads");
    let simulation = Simulation::new(&loaded.variants[0], 0);
    let households = &simulation.world().households;
    Drawn {
        human_capital: households.human_capital.clone(),
        earning_power: households.earning_power.clone(),
        shock: households.shock.clone(),
        sector: households.sector.clone(),
    }
}

/// Checks that the households of `group` are those of `plain` except that about a fifth of the
/// rural ones have their earning capacity scaled by 0.3 (and their h by 0.3^(1/θ)).
fn check(plain: &Drawn, group: &Drawn, theta: f64) {
    assert_eq!(group.shock, plain.shock, "the same shocks for everyone");
    let (mut rural, mut scaled) = (0usize, 0usize);
    for i in 0..plain.human_capital.len() {
        let (h0, h1) = (plain.human_capital[i], group.human_capital[i]);
        if plain.sector[i] as usize == URBAN {
            assert_eq!(h1, h0, "urban household {i} untouched");
            continue;
        }
        assert_eq!(plain.sector[i] as usize, RURAL);
        rural += 1;
        if h1 == h0 {
            assert_eq!(group.earning_power[i], plain.earning_power[i]);
            continue;
        }
        scaled += 1;
        let expected = h0 * 0.3f64.powf(1.0 / theta) as f32;
        assert_eq!(h1, expected, "rural household {i}: h × 0.3^(1/θ)");
        let ratio = group.earning_power[i] / plain.earning_power[i];
        assert!(
            (ratio - 0.3).abs() < 1e-5,
            "household {i}: capacity × {ratio}"
        );
    }
    let share = scaled as f64 / rural as f64;
    assert!(
        (share - 0.2).abs() < 0.02,
        "{scaled} of {rural} rural households: {share}"
    );
}

#[test]
fn a_share_of_rural_households_earns_the_factor_and_nothing_else_changes() {
    let group = [
        "economy.rural_low_capacity_share=0.2",
        "economy.rural_low_capacity_earnings=0.3",
    ];
    check(&synthesise(&[]), &synthesise(&group), 1.0);
    // With θ ≠ 1 h is scaled by c^(1/θ), so that the capacity h^θ is still scaled by c.
    let theta = "economy.human_capital_elasticity=0.7";
    check(
        &synthesise(&[theta]),
        &synthesise(&[group[0], group[1], theta]),
        0.7,
    );
}
