//! The simulation engine: the schedule of a year and its ticks, the parallel household step
//! with ordered reductions, and region dynamics (random streams: `world::rng`).

pub mod accounts;
pub mod households;
pub mod regions;
pub mod schedule;

pub use schedule::Simulation;
