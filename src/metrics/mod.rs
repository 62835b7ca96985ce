//! Inequality, poverty and regional-gap measures, and their yearly collection.

pub mod inequality;
