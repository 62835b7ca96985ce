//! Policy levers, one module each, over a small shared layer.
//!
//! A lever owns all of its rules: the yearly decisions it writes into the [`YearPlan`] (or into
//! region state and flows), and — where it touches households — the per-household rule that the
//! engine's household step calls every tick (`labour::migrate`, `redistribution::tax_and_dibao`,
//! `charity::donation` and `charity::payment`, `support::per_tick`).
//!
//! The shared layer is [`plan`] (the year's plan, pairs, aid allocation, a household's money of
//! a tick and the tick's tally) and [`support`] (how support is split over rural residents). A lever imports
//! the shared layer and the world, never another lever nor the engine; `engine::schedule`
//! orders the levers.

pub mod plan;
pub mod support;

pub mod assessment;
pub mod charity;
pub mod consumption;
pub mod enterprise;
pub mod labour;
pub mod redistribution;
pub mod relocation;
pub mod rural_transfers;
pub mod talent;
pub mod technology;
pub mod transfers;

pub use plan::{Allocation, Pair, RegionPlan, Tally, TickIncome, TickTotals, YearPlan};
