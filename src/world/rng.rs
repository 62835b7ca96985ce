//! Random streams keyed by (seed, replicate, purpose, tick, index).
//!
//! Every stream is a fresh `ChaCha8Rng` whose 256-bit key is the five numbers, so a stream never
//! depends on the thread that consumes it nor on what other streams drew. Households use one
//! stream per fixed-size block per tick; the variant is deliberately *not* part of the key, so
//! every variant of a replicate sees the same random numbers (common random numbers).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a stream is for; part of the key so that streams never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
    /// Synthesis of the initial households.
    Synthesis = 1,
    /// The household step of one tick.
    HouseholdTick = 2,
    /// Synthesis of enterprises.
    Enterprises = 3,
    /// Yearly enterprise investment choices.
    Investment = 4,
    /// Synthesis of the start-year migrant stock (who is away, and where).
    MigrantStock = 5,
    /// Yearly urbanisation: which rural households at home become urban.
    Urbanisation = 6,
    /// Synthesis of the rural low-capacity group (who belongs to it).
    LowCapacity = 7,
}

/// The stream for (seed, replicate, purpose, tick, index).
pub fn stream(seed: u64, replicate: u32, purpose: Purpose, tick: u32, index: u32) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[0..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&replicate.to_le_bytes());
    key[12] = purpose as u8;
    key[16..20].copy_from_slice(&tick.to_le_bytes());
    key[20..24].copy_from_slice(&index.to_le_bytes());
    ChaCha8Rng::from_seed(key)
}

/// A uniform in [0, 1) from 32 random bits.
#[inline]
pub fn unit(bits: u32) -> f64 {
    f64::from(bits) * (1.0 / 4_294_967_296.0)
}

/// Two uniforms in [0, 1) from one `u64` draw (high and low 32 bits).
#[inline]
pub fn two_units(rng: &mut impl Rng) -> (f64, f64) {
    let bits = rng.next_u64();
    (unit((bits >> 32) as u32), unit(bits as u32))
}

/// A standard normal variate from 32 random bits, by inversion: `Φ⁻¹((bits + ½) / 2³²)`
/// ([`normal_quantile`]). One draw gives one variate, so draw counts stay fixed, and the variate
/// is increasing in `bits`. Its range is ±6.34; the 2³² equally likely values it takes are the
/// quantiles at the midpoints of 2³² equal slices of probability.
#[inline]
pub fn normal(bits: u32) -> f64 {
    normal_quantile((f64::from(bits) + 0.5) * (1.0 / 4_294_967_296.0))
}

/// A uniform in [0, 1) and a standard normal variate from one `u64` draw: the uniform from the
/// high 32 bits ([`unit`]), the normal from the low 32 bits ([`normal`]).
#[inline]
pub fn unit_and_normal(rng: &mut impl Rng) -> (f64, f64) {
    let bits = rng.next_u64();
    (unit((bits >> 32) as u32), normal(bits as u32))
}

/// Evaluates the polynomial with coefficients `c` (constant first) at `x`, by Horner's rule.
#[inline]
fn polynomial(c: &[f64; 8], x: f64) -> f64 {
    c.iter()
        .rev()
        .fold(0.0, |sum, &coefficient| sum * x + coefficient)
}

/// The standard normal quantile `Φ⁻¹(p)` for `0 < p < 1`: Wichura's algorithm AS 241
/// (`PPND16`, Applied Statistics 37, 1988, 477–484), rational approximations with a relative
/// error of about 1e-16. The central 85 % of `p` (|p − ½| ≤ 0.425) needs no `ln`; the tails
/// need one `ln` and one `sqrt`. Returns −∞ at 0, +∞ at 1 and NaN outside [0, 1].
#[allow(
    clippy::excessive_precision,
    reason = "the coefficients are the paper's, digit for digit, so they can be checked against it"
)]
#[inline]
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        133.141_667_891_784_377_45,
        1_971.590_950_306_551_442_7,
        13_731.693_765_509_461_125,
        45_921.953_931_549_871_457,
        67_265.770_927_008_700_853,
        33_430.575_583_588_128_105,
        2_509.080_928_730_122_672_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_911_252,
        687.187_007_492_057_908_3,
        5_394.196_021_424_751_107_7,
        21_213.794_301_586_595_867,
        39_307.895_800_092_710_61,
        28_729.085_735_721_942_674,
        5_226.495_278_852_854_561,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        0.241_780_725_177_450_611_77,
        0.022_723_844_989_269_184_583_3,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        0.689_767_334_985_100_004_55,
        0.148_103_976_427_480_074_59,
        0.015_198_666_563_616_457_196_6,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        0.296_560_571_828_504_891_23,
        0.026_532_189_526_576_123_093,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_887_937_69,
        0.136_929_880_922_735_805_31,
        0.014_875_361_290_850_614_852_5,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    // No separate check for p outside [0, 1] or NaN: such p fail the central test, and the
    // tail's `ln` of a negative number or NaN gives NaN.
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * polynomial(&A, r) / polynomial(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    if tail == 0.0 {
        return if q < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let r = (-tail.ln()).sqrt();
    let magnitude = if r <= 5.0 {
        let r = r - 1.6;
        polynomial(&C, r) / polynomial(&D, r)
    } else {
        let r = r - 5.0;
        polynomial(&E, r) / polynomial(&F, r)
    };
    if q < 0.0 { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_every_key_part() {
        let base = stream(1, 0, Purpose::HouseholdTick, 5, 7).next_u64();
        assert_eq!(base, stream(1, 0, Purpose::HouseholdTick, 5, 7).next_u64());
        assert_ne!(base, stream(2, 0, Purpose::HouseholdTick, 5, 7).next_u64());
        assert_ne!(base, stream(1, 1, Purpose::HouseholdTick, 5, 7).next_u64());
        assert_ne!(base, stream(1, 0, Purpose::Synthesis, 5, 7).next_u64());
        assert_ne!(base, stream(1, 0, Purpose::HouseholdTick, 6, 7).next_u64());
        assert_ne!(base, stream(1, 0, Purpose::HouseholdTick, 5, 8).next_u64());
    }

    #[test]
    fn normal_quantile_matches_reference_values() {
        // Φ⁻¹ at probabilities whose quantiles are known to 16 digits (each central, tail and
        // far-tail branch of AS 241 once at least).
        let cases = [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.025, -1.959_963_984_540_054),
            (0.841_344_746_068_542_9, 1.0),
            (0.999, 3.090_232_306_167_813_6),
            (1e-10, -6.361_340_902_404_056),
            (1e-20, -9.262_340_089_798_408),
        ];
        for (p, z) in cases {
            let got = normal_quantile(p);
            assert!(
                (got - z).abs() <= 1e-14 * z.abs().max(1.0),
                "Φ⁻¹({p}) = {got}, not {z}"
            );
        }
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(-0.1).is_nan() && normal_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn normal_is_symmetric_increasing_and_bounded() {
        // bits and !bits are mirror slices: (bits + ½) / 2³² and 1 − that.
        let mut previous = f64::NEG_INFINITY;
        for k in 0..=65_536u64 {
            let bits = (k * 65_535) as u32;
            let z = normal(bits);
            assert!(z > previous, "not increasing at {bits}");
            assert!((z + normal(!bits)).abs() < 1e-12, "not symmetric at {bits}");
            previous = z;
        }
        // The extreme slices' midpoints, ½ / 2³² from 0 and 1.
        assert!(
            (normal(0) + 6.337_957_754_553_789).abs() < 1e-12,
            "{}",
            normal(0)
        );
        assert!((normal(u32::MAX) - 6.337_957_754_553_789).abs() < 1e-12);
    }

    #[test]
    fn normal_has_the_moments_and_tails_of_a_standard_normal() {
        // 2²⁰ draws: the standard errors of the first four raw moments (0, 1, 0, 3) are
        // 1/√n, √(2/n), √(15/n) and √(96/n): 0.001, 0.0014, 0.0038 and 0.0096. The bounds are
        // four of them.
        let mut rng = stream(9, 0, Purpose::Synthesis, 0, 0);
        let n = 1u32 << 20;
        let (mut m1, mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0, 0.0);
        let mut beyond = [0u32; 3];
        for _ in 0..n {
            let (_, x) = unit_and_normal(&mut rng);
            m1 += x;
            m2 += x * x;
            m3 += x * x * x;
            m4 += x * x * x * x;
            for (count, bound) in beyond.iter_mut().zip([1.0, 2.0, 3.0]) {
                *count += u32::from(x.abs() > bound);
            }
        }
        let n = f64::from(n);
        let (m1, m2, m3, m4) = (m1 / n, m2 / n, m3 / n, m4 / n);
        assert!(m1.abs() < 0.004, "mean {m1}");
        assert!((m2 - 1.0).abs() < 0.006, "second moment {m2}");
        assert!(m3.abs() < 0.016, "third moment {m3}");
        assert!((m4 - 3.0).abs() < 0.04, "fourth moment {m4}");
        // P(|Z| > 1, 2, 3) = 0.317311, 0.045500, 0.002700, within four standard errors.
        for (count, p) in beyond.iter().zip([0.317_310_5, 0.045_500_26, 0.002_699_8]) {
            let share = f64::from(*count) / n;
            let se = (p * (1.0 - p) / n).sqrt();
            assert!((share - p).abs() < 4.0 * se, "tail {share} against {p}");
        }
    }

    #[test]
    fn unit_and_normal_split_one_draw() {
        let mut rng = stream(3, 0, Purpose::HouseholdTick, 0, 0);
        let mut replay = rng.clone();
        let (u, z) = unit_and_normal(&mut rng);
        let bits = replay.next_u64();
        assert_eq!(u, unit((bits >> 32) as u32));
        assert_eq!(z, normal(bits as u32));
        assert_eq!(rng.next_u64(), replay.next_u64());
    }
}
