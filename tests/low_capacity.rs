//! The rural low-capacity group (docs/MODEL.md section 5): with `economy.rural_low_capacity_share`
//! s, about s of the rural households, drawn from their own stream, have their earning capacity
//! scaled by `rural_low_capacity_earnings`; every other draw, and so every other household, is
//! as without the group.

use ewsim::engine::Simulation;
use ewsim::scenario::load_builtin;
use ewsim::world::{RURAL, URBAN};

fn human_capital(sets: &[&str]) -> (Vec<f32>, Vec<u8>) {
    let mut all = vec!["run.households=20000".to_string()];
    all.extend(sets.iter().map(|s| s.to_string()));
    let loaded = load_builtin(&all).expect("built-in loads");
    let simulation = Simulation::new(&loaded.variants[0], 0);
    let households = &simulation.world().households;
    (households.human_capital.clone(), households.sector.clone())
}

#[test]
fn a_share_of_rural_households_earns_the_factor_and_nothing_else_changes() {
    let (plain, sector) = human_capital(&[]);
    let (group, _) = human_capital(&[
        "economy.rural_low_capacity_share=0.2",
        "economy.rural_low_capacity_earnings=0.3",
    ]);
    // θ = 1 by default, so h itself is scaled by 0.3.
    let scale = 0.3f32;
    let (mut rural, mut scaled) = (0usize, 0usize);
    for i in 0..plain.len() {
        if sector[i] as usize == URBAN {
            assert_eq!(group[i], plain[i], "urban household {i} untouched");
            continue;
        }
        assert_eq!(sector[i] as usize, RURAL);
        rural += 1;
        if group[i] == plain[i] {
            continue;
        }
        assert_eq!(
            group[i],
            plain[i] * scale,
            "rural household {i}: h × 0.3 or unchanged"
        );
        scaled += 1;
    }
    let share = scaled as f64 / rural as f64;
    assert!(
        (share - 0.2).abs() < 0.02,
        "{scaled} of {rural} rural households: {share}"
    );
}
