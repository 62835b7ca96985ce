//! Inequality, poverty and regional-gap measures, and their yearly collection.

pub mod collect;
pub mod inequality;
pub mod summary;
pub mod table;
