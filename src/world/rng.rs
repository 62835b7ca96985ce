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

/// A standard normal variate from two uniforms (Box–Muller, cosine branch). Always consumes
/// exactly the two uniforms it is given, so draw counts stay fixed.
#[inline]
pub fn normal(u1: f64, u2: f64) -> f64 {
    let radius = (-2.0 * (1.0 - u1).ln()).sqrt();
    radius * (std::f64::consts::TAU * u2).cos()
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
    fn normal_has_unit_moments() {
        let mut rng = stream(9, 0, Purpose::Synthesis, 0, 0);
        let n = 200_000;
        let (mut sum, mut sum_sq) = (0.0, 0.0);
        for _ in 0..n {
            let (a, b) = two_units(&mut rng);
            let x = normal(a, b);
            sum += x;
            sum_sq += x * x;
        }
        let mean = sum / f64::from(n);
        let variance = sum_sq / f64::from(n) - mean * mean;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((variance - 1.0).abs() < 0.01, "variance {variance}");
    }
}
