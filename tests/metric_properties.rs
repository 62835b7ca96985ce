//! Properties of the inequality, poverty and summary measures over random populations: ranges,
//! scale and replication invariance, weights as copies, the Theil decomposition, FGT
//! monotonicity and ordered quantiles. CI runs 2,048 cases of each; `PROPTEST_CASES=100000
//! cargo test --release --test metric_properties` runs a long campaign.

mod common;

use ewsim::metrics::inequality::{Distribution, theil_t_decomposition};
use ewsim::metrics::summary::summarise;
use proptest::prelude::*;

/// Households: a positive income (yuan) and a whole weight (persons).
fn households() -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec((1.0f64..1e6, 1u32..5), 1..60)
        .prop_map(|v| v.into_iter().map(|(y, w)| (y, f64::from(w))).collect())
}

/// Close to rounding: relative to the size of the values compared.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// The measures compared for invariance.
fn measures(d: &Distribution) -> [f64; 6] {
    [
        d.gini(),
        d.theil_t(),
        d.theil_l(),
        d.palma(),
        d.bottom_share(0.4),
        d.top_share(0.1),
    ]
}

fn all_close(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| close(*x, *y))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(2048)))]

    #[test]
    fn measures_stay_in_their_range(pairs in households()) {
        let d = Distribution::new(pairs);
        let gini = d.gini();
        prop_assert!((0.0..1.0).contains(&gini), "gini {gini}");
        prop_assert!(d.theil_t() >= -1e-12 && d.theil_l() >= -1e-12);
        let n = d.population();
        prop_assert!(d.theil_t() <= n.ln() + 1e-9, "theil_t {} above ln N", d.theil_t());
        let palma = d.palma();
        prop_assert!(palma > 0.0 && palma.is_finite(), "palma {palma}");
        for p in [0.1, 0.4, 0.9] {
            let share = d.bottom_share(p);
            prop_assert!(share >= 0.0 && share <= p + 1e-12, "bottom {p}: {share}");
            prop_assert!(d.top_share(p) >= p - 1e-12 && d.top_share(p) <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn scaling_every_income_changes_nothing(pairs in households(), scale in 1e-3f64..1e3) {
        let d = Distribution::new(pairs.clone());
        let scaled = Distribution::new(pairs.iter().map(|(y, w)| (y * scale, *w)));
        prop_assert!(all_close(&measures(&d), &measures(&scaled)));
        prop_assert!(close(d.fgt(5e5, 1.0), scaled.fgt(5e5 * scale, 1.0)));
    }

    #[test]
    fn replicating_the_population_changes_nothing(pairs in households(), copies in 2usize..4) {
        let d = Distribution::new(pairs.clone());
        let many = Distribution::new(pairs.iter().copied().cycle().take(pairs.len() * copies));
        prop_assert!(all_close(&measures(&d), &measures(&many)));
        prop_assert!(close(d.fgt(3e5, 2.0), many.fgt(3e5, 2.0)));
    }

    #[test]
    fn the_reweighted_gini_equals_the_gini_of_the_reweighted_pairs(
        pairs in prop::collection::vec(
            (prop_oneof![4 => (1u32..40).prop_map(|y| f64::from(y) * 1e3), 1 => Just(f64::NAN)],
             prop_oneof![6 => (1u32..5).prop_map(f64::from), 1 => Just(0.0)]),
            1..60,
        ),
        factors in prop::collection::vec(
            prop_oneof![6 => 0.0f64..3.0, 1 => Just(0.0), 1 => Just(f64::NAN)],
            60,
        ),
    ) {
        // The survey Gini (docs/MODEL.md 9.4) reuses the resident distribution's order: with
        // invalid pairs, tied incomes and zero or NaN factors it must still be the Gini of the
        // reweighted pairs sorted afresh.
        let source = Distribution::new(pairs.clone());
        let rebuilt = Distribution::new(
            pairs.iter().enumerate().map(|(i, (y, w))| (*y, w * factors[i])),
        );
        let (a, b) = (source.gini_reweighted(|i| factors[i]), rebuilt.gini());
        prop_assert!(a == b || (a.is_nan() && b.is_nan()), "{a} vs {b}");
    }

    #[test]
    fn a_weight_of_two_is_two_copies(pairs in households()) {
        let doubled = Distribution::new(pairs.iter().map(|(y, w)| (*y, w * 2.0)));
        let copies = Distribution::new(pairs.iter().flat_map(|p| [*p, *p]));
        prop_assert!(all_close(&measures(&doubled), &measures(&copies)));
        prop_assert!(close(doubled.median(), copies.median()));
        prop_assert!(close(doubled.fgt(2e5, 0.0), copies.fgt(2e5, 0.0)));
    }

    #[test]
    fn theil_between_and_within_add_up_to_the_total(
        obs in prop::collection::vec((1.0f64..1e6, 1u32..5, 0usize..4), 1..60)
    ) {
        let obs: Vec<(f64, f64, usize)> =
            obs.into_iter().map(|(y, w, g)| (y, f64::from(w), g)).collect();
        let t = theil_t_decomposition(&obs);
        prop_assert!(close(t.between + t.within, t.total), "{t:?}");
        prop_assert!(t.between >= -1e-12 && t.within >= -1e-12, "{t:?}");
        let whole = Distribution::new(obs.iter().map(|(y, w, _)| (*y, *w)));
        prop_assert!(close(t.total, whole.theil_t()));
    }

    #[test]
    fn fgt_indices_grow_with_the_poverty_line(
        pairs in households(), low in 1.0f64..1e6, factor in 1.0f64..3.0
    ) {
        let d = Distribution::new(pairs);
        let high = low * factor;
        for alpha in [0.0, 1.0, 2.0, 0.5] {
            let (a, b) = (d.fgt(low, alpha), d.fgt(high, alpha));
            prop_assert!(a <= b + 1e-12, "alpha {alpha}: {a} at {low} > {b} at {high}");
            prop_assert!((0.0..=1.0 + 1e-12).contains(&b));
        }
        prop_assert!(d.count_below(low) <= d.count_below(high));
    }

    #[test]
    fn summary_quantiles_are_ordered(
        values in prop::collection::vec(prop_oneof![
            8 => -1e9f64..1e9,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
        ], 0..40)
    ) {
        let s = summarise(&values);
        let finite = values.iter().filter(|v| v.is_finite()).count();
        prop_assert_eq!(s.n as usize, finite);
        if finite == 0 {
            prop_assert!(s.mean.is_nan() && s.p50.is_nan());
        } else {
            let order = [s.min, s.p05, s.p50, s.p95, s.max];
            prop_assert!(order.windows(2).all(|w| w[0] <= w[1]), "{s:?}");
            prop_assert!(s.min <= s.mean + 1e-6 && s.mean <= s.max + 1e-6, "{s:?}");
            prop_assert!(s.sd >= 0.0, "{s:?}");
        }
    }
}
