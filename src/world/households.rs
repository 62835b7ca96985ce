//! Household agents in a structure-of-arrays layout: one vector per attribute, indexed by
//! household, so the per-tick loop streams through compact arrays.

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
    /// Persistent log income shock `z`.
    pub shock: Vec<f32>,
    /// Status bits ([`EMPLOYED`], [`AWAY`], [`POOR`], [`ORGANISED`], [`TARGETED`]).
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
}
