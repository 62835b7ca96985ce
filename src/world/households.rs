//! Household agents in a structure-of-arrays layout: one vector per attribute, indexed by
//! household, so the per-tick loop streams through compact arrays. [`Households::par_blocks_mut`]
//! hands the engine one [`HouseholdBlock`] of slices per fixed-size block.

use rayon::prelude::*;

/// Bit set in [`Households::status`]: employed (otherwise living on home production).
pub const EMPLOYED: u8 = 1;
/// Bit: works away in another region (labour migration).
pub const AWAY: u8 = 2;
/// Bit: below the absolute poverty line in the last completed year.
pub const POOR: u8 = 4;
/// Bit: working away through an organised placement (labour cooperation).
pub const ORGANISED: u8 = 8;
/// Bit: registered for targeted support — own income (market income net of tax, before any
/// transfer) below the absolute poverty line in the last completed year.
pub const TARGETED: u8 = 16;
/// Bit: on the poverty register (建档立卡) — own income below the absolute poverty line at some
/// year end since the start year (set with [`TARGETED`], never cleared). Organised placements
/// favour these workers (docs/MODEL.md 7.7).
pub const EVER_POOR: u8 = 32;

/// Fixed number of households per block: the unit of parallel work and of random streams.
/// A constant, never derived from the thread count, so results do not depend on it.
pub const BLOCK: usize = 1024;

/// All households, structure of arrays.
#[derive(Debug, Clone, Default)]
pub struct Households {
    /// Home region index.
    pub region: Vec<u16>,
    /// Sector: 0 urban, 1 rural.
    pub sector: Vec<u8>,
    /// Persons represented.
    pub weight: Vec<f64>,
    /// Own human capital (multiplies the region's level).
    pub human_capital: Vec<f32>,
    /// Earning power `h^θ`, derived from `human_capital` at synthesis and kept because the
    /// hot loop needs it every tick and θ is fixed for a run (a `powf` per household per tick
    /// was a quarter of a run's time).
    pub earning_power: Vec<f64>,
    /// Wealth weight `(h^θ)^κ` (κ = `economy.wealth_concentration`): the household's share of
    /// its cell's property income is its weight × this over the cell's `wealth_norm`.
    pub wealth_weight: Vec<f32>,
    /// Persistent log income shock `z`.
    pub shock: Vec<f32>,
    /// Status bits ([`EMPLOYED`], [`AWAY`], [`POOR`], [`ORGANISED`], [`TARGETED`], [`EVER_POOR`]).
    pub status: Vec<u8>,
    /// Destination region while working away.
    pub destination: Vec<u16>,
    /// Per-capita disposable income accumulated in the current year (yuan).
    pub income_accrued: Vec<f64>,
    /// Per-capita disposable income of the last completed year (yuan).
    pub income: Vec<f64>,
    /// Per-capita own income (market income net of income tax, before dibao and every targeted
    /// or planned support) accumulated in the current year (yuan).
    pub own_accrued: Vec<f64>,
    /// Per-capita own income of the last completed year (yuan): the registration for targeted
    /// support looks at it, so transfers do not take households off the register.
    pub own_income: Vec<f64>,
    /// Recent per-capita own income at a yearly rate (yuan): an exponential average over ticks
    /// with time constant `policy.redistribution.means_test_window`; the dibao means test.
    pub own_recent: Vec<f64>,
}

impl Households {
    /// Number of households.
    pub fn len(&self) -> usize {
        self.region.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.region.is_empty()
    }

    /// Number of blocks of [`BLOCK`] households.
    pub fn blocks(&self) -> usize {
        self.len().div_ceil(BLOCK)
    }

    /// The remittance norm of each of `regions` regions: Σ weight × wealth weight over its
    /// rural households at home. The remittances a region's migrants send are shared among
    /// those households in proportion to their wealth weights (docs/MODEL.md 7.16).
    pub fn remittance_norms(&self, regions: usize) -> Vec<f64> {
        let mut norm = vec![0.0; regions];
        for i in 0..self.len() {
            if self.sector[i] as usize == super::RURAL && self.status[i] & AWAY == 0 {
                norm[self.region[i] as usize] += self.weight[i] * f64::from(self.wealth_weight[i]);
            }
        }
        norm
    }
}

/// A span of households (one or more blocks of [`BLOCK`]; fewer in the last span): the slices of
/// every attribute the household step reads or writes, indexed by position in the span.
#[derive(Debug)]
pub struct HouseholdBlock<'a> {
    /// Home region index.
    pub region: &'a [u16],
    /// Sector: 0 urban, 1 rural.
    pub sector: &'a [u8],
    /// Persons represented.
    pub weight: &'a [f64],
    /// Earning power `h^θ`.
    pub earning_power: &'a [f64],
    /// Persistent log income shock.
    pub shock: &'a mut [f32],
    /// Status bits.
    pub status: &'a mut [u8],
    /// Destination region while working away.
    pub destination: &'a mut [u16],
    /// Per-capita disposable income accumulated in the current year.
    pub income_accrued: &'a mut [f64],
    /// Per-capita disposable income of the last completed year.
    pub income: &'a [f64],
    /// Per-capita own income accumulated in the current year.
    pub own_accrued: &'a mut [f64],
    /// Recent per-capita own income at a yearly rate (the dibao means test).
    pub own_recent: &'a mut [f64],
}

/// One household as the levers' per-household rules see it during a tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resident {
    /// Home region index.
    pub home: usize,
    /// Sector index ([`super::URBAN`] or [`super::RURAL`]).
    pub sector: usize,
    /// Persons represented.
    pub weight: f64,
}

/// The cell a household lives in (region, sector), by the NBS rule for residents: a household
/// working away ([`AWAY`]) lives in its destination's cities, everybody else at home.
#[inline]
pub fn residence(home: usize, sector: usize, status: u8, destination: u16) -> (usize, usize) {
    if status & AWAY != 0 {
        (destination as usize, super::URBAN)
    } else {
        (home, sector)
    }
}

impl HouseholdBlock<'_> {
    /// Household `i` of the block as a [`Resident`].
    #[inline]
    pub fn resident(&self, i: usize) -> Resident {
        Resident {
            home: self.region[i] as usize,
            sector: self.sector[i] as usize,
            weight: self.weight[i],
        }
    }

    /// Number of households in the block.
    pub fn len(&self) -> usize {
        self.region.len()
    }

    /// Whether the block is empty.
    pub fn is_empty(&self) -> bool {
        self.region.is_empty()
    }
}

/// The spans of `$households`: each `field: chunks` pair takes the field's chunks of `$span`
/// with `par_chunks` or `par_chunks_mut`, zipped into one [`HouseholdBlock`] each.
macro_rules! blocks {
    ($households:expr, $span:expr, $($field:ident: $chunks:ident),+ $(,)?) => {
        ($($households.$field.$chunks($span),)+)
            .into_par_iter()
            .map(|($($field,)+)| HouseholdBlock { $($field,)+ })
    };
}

impl Households {
    /// The households in spans of `span` (a multiple of [`BLOCK`]), in order, as a parallel
    /// iterator (span `k` holds households `k · span ..`).
    pub fn par_spans_mut(
        &mut self,
        span: usize,
    ) -> impl IndexedParallelIterator<Item = HouseholdBlock<'_>> {
        blocks!(
            self, span,
            region: par_chunks,
            sector: par_chunks,
            weight: par_chunks,
            earning_power: par_chunks,
            shock: par_chunks_mut,
            status: par_chunks_mut,
            destination: par_chunks_mut,
            income_accrued: par_chunks_mut,
            income: par_chunks,
            own_accrued: par_chunks_mut,
            own_recent: par_chunks_mut,
        )
    }
}
