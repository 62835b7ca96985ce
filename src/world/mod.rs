//! World state: region agents, households (structure of arrays), enterprises, and the charity
//! pool; and the synthesis of the initial population from a scenario.
//!
//! The world holds state only. What agents decide lives in `policy/`, the order in `engine/`.

pub mod enterprises;
pub mod households;
pub mod region;
pub mod synthesis;

pub use enterprises::Enterprises;
pub use households::Households;
pub use region::{Flows, RURAL, Region, TalentStock, URBAN};

/// The state of one simulated world (one variant × replicate).
#[derive(Debug, Clone)]
pub struct World {
    /// Region agents, in scenario order.
    pub regions: Vec<Region>,
    /// Household agents.
    pub households: Households,
    /// Enterprise agents.
    pub enterprises: Enterprises,
    /// Donations collected in the last year, to be distributed in the current one (yuan).
    pub charity_pool: f64,
    /// Donations distributed this year: (to households, to venture philanthropy, overhead) in yuan.
    pub charity_spent: [f64; 3],
    /// The year most recently completed (or the start year).
    pub year: i32,
}
