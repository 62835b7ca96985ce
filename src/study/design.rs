//! Study designs in the unit cube and their values: the distributions of uncertain keys, the
//! Saltelli design from an Owen-scrambled Sobol sequence, and Morris trajectories.
//!
//! A design is a list of points in `[0, 1]^k`; [`Distribution::quantile`] turns each
//! coordinate into a value of its key. Every design is a pure function of its size and seed,
//! so each shard of a study computes the same design.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::{DistributionKind, UncertaintySpec};

/// The distribution of one uncertain key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// Uniform on `min..max`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Uniform in the logarithm on `min..max` (0 < min).
    LogUniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal with `mean` and `sd`, truncated to the probabilities `low..high` of the
    /// untruncated normal (0 and 1 when it is not truncated).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Φ((min − mean) / sd), or 0.
        low: f64,
        /// Φ((max − mean) / sd), or 1.
        high: f64,
    },
}

impl Distribution {
    /// The distribution an `[[uncertainty]]` entry describes (already validated).
    pub fn from_spec(spec: &UncertaintySpec) -> Distribution {
        let (min, max) = (spec.min.unwrap_or(0.0), spec.max.unwrap_or(1.0));
        match spec.distribution {
            DistributionKind::Uniform => Distribution::Uniform { min, max },
            DistributionKind::Loguniform => Distribution::LogUniform { min, max },
            DistributionKind::Normal => {
                let (mean, sd) = (spec.mean.unwrap_or(0.0), spec.sd.unwrap_or(1.0));
                Distribution::Normal {
                    mean,
                    sd,
                    low: spec.min.map_or(0.0, |m| normal_cdf((m - mean) / sd)),
                    high: spec.max.map_or(1.0, |m| normal_cdf((m - mean) / sd)),
                }
            }
        }
    }

    /// The value at probability `u` (0 ≤ u ≤ 1): `u = 0` and `u = 1` give the bounds of a
    /// bounded distribution; an unbounded normal takes `u` within (2^-25, 1 − 2^-25).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Distribution::Uniform { min, max } => min + u * (max - min),
            Distribution::LogUniform { min, max } => (min.ln() + u * (max.ln() - min.ln())).exp(),
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                const EDGE: f64 = 1.0 / (1u64 << 25) as f64;
                let p = (low + u * (high - low)).clamp(EDGE, 1.0 - EDGE);
                let x = mean + sd * normal_quantile(p);
                // Φ⁻¹(Φ(a)) may miss a by rounding: keep a truncated normal within its bounds.
                let lo = if low > 0.0 {
                    mean + sd * normal_quantile(low)
                } else {
                    f64::MIN
                };
                let hi = if high < 1.0 {
                    mean + sd * normal_quantile(high)
                } else {
                    f64::MAX
                };
                x.clamp(lo, hi)
            }
        }
    }

    /// Whether both ends are finite (Morris moves keys to the ends of their range).
    pub fn is_bounded(&self) -> bool {
        match *self {
            Distribution::Normal { low, high, .. } => low > 0.0 && high < 1.0,
            _ => true,
        }
    }
}

/// The standard normal distribution function Φ.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// The standard normal quantile Φ⁻¹(p), 0 < p < 1: Acklam's rational approximation refined by
/// one Halley step (relative error near machine precision).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // One Halley step on Φ(x) − p.
    let e = normal_cdf(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// Which part of its design a point belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// Row of the Saltelli matrix A.
    A,
    /// Row of the Saltelli matrix B.
    B,
    /// Row of A with the column of key `i` (0-based) taken from B.
    AB(usize),
    /// Step `s` of a Morris trajectory (0 is its start).
    Step(usize),
}

impl std::fmt::Display for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Block::A => f.write_str("A"),
            Block::B => f.write_str("B"),
            Block::AB(i) => write!(f, "AB{}", i + 1),
            Block::Step(s) => write!(f, "step{s}"),
        }
    }
}

/// One point of a design.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPoint {
    /// The Sobol base row j, or the Morris trajectory.
    pub sample: usize,
    /// Its part of the design.
    pub block: Block,
    /// Coordinates in the unit cube, one per key.
    pub unit: Vec<f64>,
}

/// A 32-bit scrambling seed from a study seed (SplitMix64's finaliser, folded).
fn seed32(seed: u64) -> u32 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z ^ (z >> 32)) as u32
}

/// The Saltelli design of `n` base rows over `k` keys, sample-major: for each row j, A_j,
/// B_j, then A_j with column i from B_j for i = 1..k (N·(k+2) points). A and B are the first
/// and last k dimensions of one Owen-scrambled Sobol sequence (`sobol_burley`) seeded by
/// `seed`; n ≤ 2^16 and k ≤ 128.
pub fn saltelli(n: usize, k: usize, seed: u64) -> Vec<UnitPoint> {
    let scramble = seed32(seed);
    let mut points = Vec::with_capacity(n * (k + 2));
    for j in 0..n {
        let row = |offset: usize| -> Vec<f64> {
            (0..k)
                .map(|d| {
                    f64::from(sobol_burley::sample(
                        j as u32,
                        (offset + d) as u32,
                        scramble,
                    ))
                })
                .collect()
        };
        let (a, b) = (row(0), row(k));
        for i in 0..k {
            let mut ab = a.clone();
            ab[i] = b[i];
            points.push(UnitPoint {
                sample: j,
                block: Block::AB(i),
                unit: ab,
            });
        }
        points.insert(
            points.len() - k,
            UnitPoint {
                sample: j,
                block: Block::A,
                unit: a,
            },
        );
        points.insert(
            points.len() - k,
            UnitPoint {
                sample: j,
                block: Block::B,
                unit: b,
            },
        );
    }
    points
}

/// `r` Morris trajectories over `k` keys on a grid of `levels` levels (Morris 1991), each of
/// k + 1 points: a random start on the grid, then one key at a time, in a random order, moved
/// by Δ = levels / (2 (levels − 1)) up or down (a random direction per key). Drawn from a
/// ChaCha stream seeded by `seed`.
pub fn morris(r: usize, k: usize, levels: usize, seed: u64) -> Vec<UnitPoint> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let step = morris_delta(levels);
    // Starting levels whose step up stays within [0, 1]: 0, 1/(p−1), ..., 1 − Δ.
    let starts = levels / 2;
    let mut points = Vec::with_capacity(r * (k + 1));
    for t in 0..r {
        let low: Vec<f64> = (0..k)
            .map(|_| rng.random_range(0..starts) as f64 / (levels - 1) as f64)
            .collect();
        let up: Vec<bool> = (0..k).map(|_| rng.random_bool(0.5)).collect();
        let mut order: Vec<usize> = (0..k).collect();
        order.shuffle(&mut rng);
        let mut x: Vec<f64> = (0..k)
            .map(|i| if up[i] { low[i] } else { low[i] + step })
            .collect();
        points.push(UnitPoint {
            sample: t,
            block: Block::Step(0),
            unit: x.clone(),
        });
        for (s, &i) in order.iter().enumerate() {
            x[i] = if up[i] { low[i] + step } else { low[i] };
            points.push(UnitPoint {
                sample: t,
                block: Block::Step(s + 1),
                unit: x.clone(),
            });
        }
    }
    points
}

/// The Morris step Δ = p / (2 (p − 1)) for `levels` = p.
pub fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normal_quantile_inverts_the_distribution_function() {
        for p in [1e-9, 0.001, 0.02425, 0.1, 0.5, 0.8, 0.975, 0.999_999] {
            let x = normal_quantile(p);
            assert!((normal_cdf(x) - p).abs() < 1e-14 * p.max(1e-3), "{p}: {x}");
        }
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-12);
    }

    #[test]
    fn saltelli_rows_share_their_columns() {
        let points = saltelli(8, 3, 7);
        assert_eq!(points.len(), 8 * 5);
        for row in points.chunks(5) {
            let (a, b) = (&row[0], &row[1]);
            assert_eq!((a.block, b.block), (Block::A, Block::B));
            for i in 0..3 {
                let ab = &row[2 + i];
                assert_eq!(ab.block, Block::AB(i));
                for d in 0..3 {
                    assert_eq!(ab.unit[d], if d == i { b.unit[d] } else { a.unit[d] });
                }
            }
        }
        assert_eq!(points, saltelli(8, 3, 7), "deterministic");
        assert_ne!(points, saltelli(8, 3, 8), "the seed scrambles");
    }

    #[test]
    fn morris_trajectories_move_one_key_by_delta() {
        let (k, levels) = (4, 4);
        let delta = morris_delta(levels);
        let points = morris(10, k, levels, 3);
        assert_eq!(points.len(), 10 * (k + 1));
        for trajectory in points.chunks(k + 1) {
            let mut moved = vec![0; k];
            for pair in trajectory.windows(2) {
                let changed: Vec<usize> = (0..k)
                    .filter(|&i| pair[0].unit[i] != pair[1].unit[i])
                    .collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                assert!(((pair[1].unit[i] - pair[0].unit[i]).abs() - delta).abs() < 1e-12);
                moved[i] += 1;
            }
            assert_eq!(moved, vec![1; k], "every key moves once");
        }
    }

    proptest! {
        #[test]
        fn quantiles_stay_within_bounds(u in 0.0f64..=1.0, lo in -5.0f64..5.0, width in 0.01f64..10.0) {
            let spec = |distribution, min: f64| UncertaintySpec {
                key: String::new(), distribution, min: Some(min), max: Some(min + width),
                mean: Some(lo + width / 3.0), sd: Some(width),
            };
            for (kind, min) in [
                (DistributionKind::Uniform, lo),
                (DistributionKind::Loguniform, lo.abs() + 0.01),
                (DistributionKind::Normal, lo),
            ] {
                let x = Distribution::from_spec(&spec(kind, min)).quantile(u);
                prop_assert!(x >= min - 1e-9 * width && x <= min + width + 1e-9 * width, "{kind:?} {u} {x}");
            }
        }
    }
}
