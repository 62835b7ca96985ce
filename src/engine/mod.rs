//! The simulation engine: the schedule of a year and its ticks, random streams, the parallel
//! household step with ordered reductions, and region dynamics.

pub mod households;
pub mod regions;
pub mod rng;
pub mod schedule;

pub use schedule::Simulation;
