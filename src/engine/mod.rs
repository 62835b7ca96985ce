//! The simulation engine: the schedule of a year and its ticks, the parallel household step
//! with ordered reductions, region dynamics and urbanisation (random streams: `world::rng`).

pub mod accounts;
pub mod households;
pub mod regions;
pub mod schedule;
pub mod urbanisation;

pub use schedule::Simulation;
