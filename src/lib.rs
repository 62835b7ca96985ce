//! ewsim: an agent-based simulator of China's East–West collaboration (东西部协作) and
//! pairing assistance (对口支援).
//!
//! A scenario (TOML) describes regions, pairings, policy levers and variants; the engine
//! simulates households, enterprises, governments, talents and social organisations year by
//! year under seeded randomness, and the metrics module measures regional, urban–rural and
//! group gaps. See `ARCHITECTURE.md` for the map and `docs/MODEL.md` for the model.
#![deny(missing_docs)]

pub mod engine;
pub mod experiment;
pub mod metrics;
pub mod output;
pub mod plot;
pub mod policy;
pub mod scenario;
pub mod signals;
pub mod study;
pub mod synthesis;
pub mod world;
